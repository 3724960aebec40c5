/**
 * `npm run bench:load`: purchase orders from 50 partners through a fresh local stack with the
 * real handlers, with seeded transient faults: a fraction of the process and deliver
 * invocations fail before they run (as a throttled or timed-out Lambda would), so their records
 * are retried. Prints one JSON object: the exact-once check (every order once, every group's
 * 997 and every PO's 855 once), DLQ depths (must be 0: the faults are transient), throughput,
 * per-file latency p50/p99 (object put → last order of the file created) and peak RSS.
 *
 * Options: `--orders N` (default 1000), `--partners N` (default 50), `--per-file N` (default 10),
 * `--lines N` (default 20), `--fault-rate R` (default 0.01), `--seed N` (default 1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { scanTable } from '#functions/adapters/dynamo-inventory.ts';
import { listKeys, readText } from '#functions/adapters/s3-files.ts';
import { outboundKindOf } from '#functions/cli/start/summary.ts';
import { mapLimit } from '#functions/shared/map-limit.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { REPO_ROOT, startLocalStack } from '#infra/local/stack.ts';
import { loadHandler, silentLogger, type SqsHandler } from '#infra/local/poller.ts';
import { ENV, STAGES, type Stage } from '#infra/topology.ts';
import { testPartner } from '../support/partners.ts';
import { checkExactlyOnce } from './exact-once.ts';
import { purchaseOrder850 } from './generate-850s.ts';
import { seededRandom } from '../support/seeded-random.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string' }, partners: { type: 'string' }, 'per-file': { type: 'string' }, lines: { type: 'string' }, 'fault-rate': { type: 'string' }, seed: { type: 'string' } },
});
const ORDERS = Number(values.orders ?? 1000);
const PARTNERS = Number(values.partners ?? 50);
const PER_FILE = Number(values['per-file'] ?? 10);
const LINES = Number(values.lines ?? 20);
const FAULT_RATE = Number(values['fault-rate'] ?? 0.01);
const SEED = Number(values.seed ?? 1);

const pad = (n: number, width: number): string => String(n).padStart(width, '0');


function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const random = seededRandom(SEED);
  const injected: Record<string, number> = {};
  const dataDir = await mkdtemp(join(tmpdir(), 'edi-load-'));
  const handlers: Partial<Record<Stage['name'], SqsHandler>> = {};
  for (const stage of STAGES) {
    const handler = await loadHandler(stage.handler, REPO_ROOT);
    if (stage.name !== 'process' && stage.name !== 'deliver') {
      handlers[stage.name] = handler;
      continue;
    }
    handlers[stage.name] = async (event, context) => {
      if (random() < FAULT_RATE) {
        injected[stage.name] = (injected[stage.name] ?? 0) + 1;
        throw Object.assign(new Error('injected: Rate exceeded'), { name: 'ThrottlingException' });
      }
      return handler(event, context);
    };
  }
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const stack = await startLocalStack({ dataDir, fresh: true, logger: silentLogger, handlers, visibilityScale: 0.02 });
  try {
    const directory = new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!);
    const off = Object.fromEntries(RULE_IDS.map((r) => [r, 'off']));
    const partners = Array.from({ length: PARTNERS }, (_, i) => ({ id: `P${pad(i + 1, 3)}`, isaId: `LOADBUYER${pad(i + 1, 3)}` }));
    for (const p of partners) await directory.put(testPartner({ id: p.id, isa: { qualifier: 'ZZ', id: p.isaId }, gsId: p.isaId, ruleSeverity: off }));

    const files: { key: string; text: string; purchaseOrders: string[] }[] = [];
    const expectedOrders: string[] = [];
    const expectedGroups: string[] = [];
    for (let first = 1, f = 1; first <= ORDERS; first += PER_FILE, f++) {
      const p = partners[(f - 1) % PARTNERS]!;
      const count = Math.min(PER_FILE, ORDERS - first + 1);
      const sets: string[] = [];
      const purchaseOrders: string[] = [];
      for (let i = first; i < first + count; i++) {
        sets.push(purchaseOrder850(i, LINES));
        purchaseOrders.push(`45${pad(i, 8)}`);
      }
      const text = [
        `ISA*00*          *00*          *ZZ*${p.isaId.padEnd(15)}*ZZ*OURSUPPLIER    *261123*0617*U*00401*${pad(f, 9)}*0*P*>~\n`,
        `GS*PO*${p.isaId}*OURSUPPLIER*20261123*0617*${f}*X*004010~\n`,
        ...sets,
        `GE*${count}*${f}~\n`,
        `IEA*1*${pad(f, 9)}~\n`,
      ].join('');
      files.push({ key: `${p.id}/load/po-${pad(f, 5)}.edi`, text, purchaseOrders });
      expectedOrders.push(...purchaseOrders);
      expectedGroups.push(String(f));
    }

    const putAt = new Map<string, number>();
    const started = Date.now();
    await mapLimit(files, 8, async (file) => {
      putAt.set(file.key, Date.now());
      await stack.putInbound(file.key, file.text);
    });
    await stack.drain({ timeoutMs: 30 * 60_000 });
    const seconds = (Date.now() - started) / 1000;

    const items = await scanTable(stack.clients.dynamodb, stack.resources.tableName);
    const orders = items.filter((i) => i.kind === 'order').map((i) => String((i.data.order as { purchaseOrderNumber?: string } | undefined)?.purchaseOrderNumber));
    const createdEvents = items.filter((i) => i.kind === 'event' && i.data.type === 'order.created');
    const createdAt = new Map(createdEvents.map((i) => [String(i.data.purchaseOrderNumber), Date.parse(String(i.data.at))]));
    const outboundKeys = await listKeys(stack.clients.s3, stack.resources.buckets.outbound);
    const read = (kind: string): Promise<string[]> =>
      mapLimit(
        outboundKeys.filter((k) => outboundKindOf(k) === kind),
        16,
        (k) => readText(stack.clients.s3, stack.resources.buckets.outbound, k),
      );
    const exactlyOnce = checkExactlyOnce({
      expectedOrders,
      expectedGroups,
      orders,
      orderCreatedEvents: createdEvents.map((i) => String(i.data.purchaseOrderNumber)),
      acks997: await read('997'),
      acks855: await read('855'),
    });
    const latencies = files
      .map((f) => Math.max(...f.purchaseOrders.map((po) => createdAt.get(po) ?? Number.NaN)) - putAt.get(f.key)!)
      .filter((ms) => Number.isFinite(ms))
      .sort((a, b) => a - b);
    const dlq = await stack.dlqDepths();
    clearInterval(sampler);
    const result = {
      benchmark: 'load',
      orders: ORDERS,
      lines: ORDERS * LINES,
      partners: PARTNERS,
      files: files.length,
      faults: { rate: FAULT_RATE, seed: SEED, injectedInvocationFailures: injected },
      exactlyOnce,
      deadLetters: dlq,
      ok: exactlyOnce.ok && Object.values(dlq).every((n) => n === 0),
      seconds: Math.round(seconds * 10) / 10,
      ordersPerSecond: Math.round((ORDERS / seconds) * 10) / 10,
      linesPerSecond: Math.round((ORDERS * LINES) / seconds),
      fileLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, measured: latencies.length },
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
