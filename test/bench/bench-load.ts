/**
 * `npm run bench:load`: purchase orders from 50 partners through a fresh local stack with the
 * real handlers, under the seeded fault injector (test/support/fault-injector.ts): 1 % of the
 * handlers' AWS requests fail (throttling, 5xx, a timeout after the write applied, a conditional
 * conflict with an identical twin), 1 % of batches are delivered twice, batches are shuffled and
 * sends to standard queues delayed. Prints one JSON object: the ledger check (every order once,
 * every group's 997 and every PO's 855 once, no email twice — test/support/ledger.ts), DLQ
 * depths (must be 0: the faults are transient), throughput, per-file latency p50/p99 (object put
 * → last order of the file created) and peak RSS while the pipeline ran.
 *
 * Options: `--pos N` (default 10000; `--orders` is the same), `--partners N` (default 50),
 * `--per-file N` (default 10), `--lines N` (default 20), `--fault-rate R` (default 0.01),
 * `--seed N` (default 1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { mapLimit } from '#functions/shared/map-limit.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { ENV } from '#infra/topology.ts';
import { testPartner } from '../support/partners.ts';
import { createFaultInjector } from '../support/fault-injector.ts';
import { checkLedger } from '../support/ledger.ts';
import { partnerInterchange } from './generate-850s.ts';

const { values } = parseArgs({
  options: { pos: { type: 'string' }, orders: { type: 'string' }, partners: { type: 'string' }, 'per-file': { type: 'string' }, lines: { type: 'string' }, 'fault-rate': { type: 'string' }, seed: { type: 'string' } },
});
const ORDERS = Number(values.pos ?? values.orders ?? 10_000);
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
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const dataDir = await mkdtemp(join(tmpdir(), 'edi-load-'));
  let stackRef: LocalStack | undefined;
  const injector = createFaultInjector({
    seed: SEED,
    requestFaultRate: FAULT_RATE,
    duplicateRate: FAULT_RATE,
    reorder: true,
    get dynamodb() {
      return stackRef?.clients.dynamodb;
    },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const stack = (stackRef = await startLocalStack({ dataDir, fresh: true, logger: silentLogger, handlers: injector.handlers, visibilityScale: 0.02 }));
  try {
    const directory = new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!);
    const off = Object.fromEntries(RULE_IDS.map((r) => [r, 'off']));
    const partners = Array.from({ length: PARTNERS }, (_, i) => ({ id: `P${pad(i + 1, 3)}`, isaId: `LOADBUYER${pad(i + 1, 3)}` }));
    for (const p of partners) await directory.put(testPartner({ id: p.id, isa: { qualifier: 'ZZ', id: p.isaId }, gsId: p.isaId, ruleSeverity: off }));

    const files: { key: string; text: string; purchaseOrders: string[] }[] = [];
    for (let first = 1, f = 1; first <= ORDERS; first += PER_FILE, f++) {
      const p = partners[(f - 1) % PARTNERS]!;
      const { text, purchaseOrders } = partnerInterchange(p.isaId, f, first, Math.min(PER_FILE, ORDERS - first + 1), LINES);
      files.push({ key: `${p.id}/load/po-${pad(f, 5)}.edi`, text, purchaseOrders });
    }

    const putAt = new Map<string, number>();
    const started = Date.now();
    await mapLimit(files, 8, async (file) => {
      putAt.set(file.key, Date.now());
      await stack.putInbound(file.key, file.text);
    });
    // Progress on stderr (stdout is the JSON): orders processed so far, every 30 s.
    const progress = setInterval(() => {
      const done = stack.pollerStats().process?.recordsSucceeded ?? 0;
      process.stderr.write(`[bench:load] ${Math.round((Date.now() - started) / 1000)} s: ${done} of ${ORDERS} document records processed, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`);
    }, 30_000);
    progress.unref();
    await stack.drain({ timeoutMs: 60 * 60_000 }).finally(() => clearInterval(progress));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const pipelinePeakRss = peakRss;

    const ledger = await checkLedger(stack, { purchaseOrders: files.flatMap((f) => f.purchaseOrders), groups: files.map((_, i) => String(i + 1)) });
    const latencies = files
      .map((f) => Math.max(...f.purchaseOrders.map((po) => ledger.createdAt.get(po) ?? Number.NaN)) - putAt.get(f.key)!)
      .filter((ms) => Number.isFinite(ms))
      .sort((a, b) => a - b);
    const dlq = await stack.dlqDepths();
    const { exactlyOnce } = ledger;
    const duplicates = exactlyOnce.orders.duplicated.length + exactlyOnce.orderCreatedEvents.duplicated.length + exactlyOnce.acks997.duplicated.length + exactlyOnce.acks855.duplicated.length + ledger.duplicateEmails.length;
    const result = {
      benchmark: 'load',
      at: new Date().toISOString(),
      orders: ORDERS,
      lines: ORDERS * LINES,
      partners: PARTNERS,
      files: files.length,
      faults: { seed: SEED, requestFaultRate: FAULT_RATE, duplicateDeliveryRate: FAULT_RATE, injected: injector.counts },
      counts: {
        orders: exactlyOnce.orders.found,
        orderCreatedEvents: exactlyOnce.orderCreatedEvents.found,
        acks997: exactlyOnce.acks997.found,
        acks855: exactlyOnce.acks855.found,
        emails: ledger.emails.length,
      },
      duplicates,
      exactlyOnce,
      duplicateEmails: ledger.duplicateEmails.slice(0, 10),
      deadLetters: dlq,
      ok: exactlyOnce.ok && duplicates === 0 && Object.values(dlq).every((n) => n === 0),
      seconds: Math.round(seconds * 10) / 10,
      ordersPerSecond: Math.round((ORDERS / seconds) * 10) / 10,
      linesPerSecond: Math.round((ORDERS * LINES) / seconds),
      fileLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, measured: latencies.length },
      peakRssMb: Math.round(pipelinePeakRss / 1024 / 1024),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    injector.remove();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
