/**
 * `npm run bench:pipeline`: 2,000 purchase orders of 20 lines, in 20 files of 100 POs (one
 * interchange, one group each), through a fresh local stack with the real handlers. Prints one
 * JSON object: orders per second, AWS API requests per order by service and by stage (counted
 * by the request observer every live client carries, see functions/shared/aws-clients.ts), the
 * local poller's own SQS requests apart, DynamoDB write units per order, and the exact-once
 * check (every order once in DynamoDB, every interchange's 997 and every PO's 855 once in the
 * outbound bucket).
 *
 * Latency, two ways: `backlog` — every file of the throughput run lands at once, so a PO's time
 * includes the queue of the whole run; `paced` — then `--paced N` more files of `--paced-per-file`
 * POs land one at a time, each once the previous file's 855s are written: the time a partner's
 * file takes through an idle pipeline (file landing → its 855 written).
 *
 * Options: `--orders N` (default 2000), `--per-file N` (default 100), `--lines N` (default 20),
 * `--paced N` (default 20), `--paced-per-file N` (default 5).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { observeAwsRequests, type AwsRequest } from '#functions/shared/aws-clients.ts';
import { scanTable } from '#functions/adapters/dynamo-inventory.ts';
import { listKeys, readText } from '#functions/adapters/s3-files.ts';
import { outboundKindOf } from '#functions/cli/start/summary.ts';
import { mapLimit } from '#functions/shared/map-limit.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { REPO_ROOT, startLocalStack } from '#infra/local/stack.ts';
import { loadHandler, silentLogger, type PollerStats, type SqsHandler } from '#infra/local/poller.ts';
import { ENV, STAGES, type Stage } from '#infra/topology.ts';
import { testPartner } from '../support/partners.ts';
import { costPerMillionOrders } from './cost-model.ts';
import { checkExactlyOnce } from './exact-once.ts';
import { purchaseOrder850 } from './generate-850s.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string' }, 'per-file': { type: 'string' }, lines: { type: 'string' }, paced: { type: 'string' }, 'paced-per-file': { type: 'string' } },
});
const ORDERS = Number(values.orders ?? 2000);
const PER_FILE = Number(values['per-file'] ?? 100);
const LINES = Number(values.lines ?? 20);
const PACED_FILES = Number(values.paced ?? 20);
const PACED_PER_FILE = Number(values['paced-per-file'] ?? 5);
/** Every order of the run: the throughput run's and the paced files'. */
const ALL_ORDERS = ORDERS + PACED_FILES * PACED_PER_FILE;
const GOAL_REQUESTS_PER_ORDER = 6;
const GOAL_WRITE_UNITS_PER_ORDER = 20;
const GOAL_DOLLARS_PER_MILLION = 20;

interface ConsumedCapacity {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** Milliseconds from each PO's file landing in the inbound bucket to its 855 written to the outbound bucket: p50, p99, max. */
function latencyOf(note: string, landedAt: ReadonlyMap<string, number>, acknowledgedAt: ReadonlyMap<string, number>): Record<string, unknown> {
  const samples = [...landedAt].flatMap(([po, landed]) => {
    const done = acknowledgedAt.get(po);
    return done === undefined ? [] : [done - landed];
  });
  samples.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN);
  return {
    note,
    samples: samples.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Math.round(samples.at(-1) ?? NaN),
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** One interchange of `count` 850s from the test partner (ZZ/ACMEBUYER), GS06 = ISA13 = `file`. */
export function benchFile(file: number, first: number, count: number, lines: number): { text: string; purchaseOrders: string[] } {
  const sets: string[] = [];
  const purchaseOrders: string[] = [];
  for (let i = first; i < first + count; i++) {
    sets.push(purchaseOrder850(i, lines));
    purchaseOrders.push(`45${pad(i, 8)}`);
  }
  const text = [
    `ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *261123*0617*U*00401*${pad(file, 9)}*0*P*>~\n`,
    `GS*PO*ACMEBUYER*OURSUPPLIER*20261123*0617*${file}*X*004010~\n`,
    ...sets,
    `GE*${count}*${file}~\n`,
    `IEA*1*${pad(file, 9)}~\n`,
  ].join('');
  return { text, purchaseOrders };
}

/** DynamoDB item size as AWS bills it: attribute names plus values (strings/binaries in bytes, numbers ≈ digits/2 + 1). */
export function itemSize(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S, 'utf8');
    if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\./g, '').length / 2) + 1;
    if (v.B !== undefined) return v.B.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((n, x) => n + 1 + value(x), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + Buffer.byteLength(k) + 1 + value(x), 0);
    if (v.SS) return v.SS.reduce((n, x) => n + Buffer.byteLength(x), 0);
    if (v.NS) return v.NS.reduce((n, x) => n + x.length, 0);
    return 0;
  };
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + value(v), 0);
}

const writeUnits = (item: Record<string, AttributeValue>): number => Math.max(1, Math.ceil(itemSize(item) / 1024));

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

  const stageOf = new AsyncLocalStorage<Stage['name']>();
  const byService: Record<string, number> = {};
  const byCommand: Record<string, number> = {};
  const byStage: Record<string, Record<string, number>> = {};
  const failures: Record<string, number> = {};
  const wcu = { reported: 0, table: 0, tableComputed: 0, indexesReported: 0, indexesComputed: 0, failedConditionalWrites: 0 };
  /** When each PO's 855 was written to the outbound bucket (the observer sees the PutObject answered). */
  const acknowledgedAt = new Map<string, number>();
  const bump = (o: Record<string, number>, k: string, n = 1): void => void (o[k] = (o[k] ?? 0) + n);
  const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

  const stopObserving = observeAwsRequests({
    prepare(service, command, input) {
      // INDEXES: AWS (and DynamoDB Local) answer the table's and every index's units apart, and the total with both.
      if (service === 'DynamoDB' && WRITES.has(command)) input.ReturnConsumedCapacity ??= 'INDEXES';
    },
    observe(request: AwsRequest) {
      const stage = stageOf.getStore() ?? 'other';
      bump(byService, request.service);
      bump(byCommand, `${request.service}:${request.command}`);
      bump((byStage[stage] ??= {}), request.service);
      if (request.error) {
        const name = (request.error as Error).name ?? 'Error';
        bump(failures, `${request.service}:${request.command}:${name}`);
        if (name === 'ConditionalCheckFailedException') wcu.failedConditionalWrites += 1;
        return;
      }
      if (request.service === 'S3' && request.command === 'PutObject' && stage === 'deliver') {
        const body = String(request.input.Body ?? '');
        const po = /BAK\*\d\d\*\w\w\*([^*~]+)/.exec(body)?.[1];
        if (po && !acknowledgedAt.has(po)) acknowledgedAt.set(po, performance.now());
      }
      if (request.service !== 'DynamoDB' || !WRITES.has(request.command)) return;
      const consumed = request.output?.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined;
      let reportsIndexes = false;
      for (const c of [consumed ?? []].flat()) {
        const table = c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
        const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, i) => n + (i.CapacityUnits ?? 0), 0);
        wcu.table += table;
        wcu.indexesReported += indexes;
        // AWS's total already includes the index units: take it as is, never add them again.
        wcu.reported += c.CapacityUnits ?? table + indexes;
        if (c.GlobalSecondaryIndexes) reportsIndexes = true;
      }
      // dynalite reports the table's units only; there every GSI an item is written to costs its size again (projection ALL), computed here.
      const items: Record<string, AttributeValue>[] = [];
      if (request.command === 'PutItem') items.push(request.input.Item as Record<string, AttributeValue>);
      if (request.command === 'BatchWriteItem') {
        for (const writes of Object.values(request.input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, AttributeValue> } }[]>)) {
          for (const w of writes) if (w.PutRequest) items.push(w.PutRequest.Item);
        }
      }
      for (const item of items) {
        wcu.tableComputed += writeUnits(item);
        if (reportsIndexes) continue;
        if (item.gsi1pk) wcu.indexesComputed += writeUnits(item);
        if (item.gsi2pk) wcu.indexesComputed += writeUnits(item);
      }
    },
  });

  const dataDir = await mkdtemp(join(tmpdir(), 'edi-bench-'));
  const handlers: Partial<Record<Stage['name'], SqsHandler>> = {};
  for (const stage of STAGES) {
    const handler = await loadHandler(stage.handler, REPO_ROOT);
    handlers[stage.name] = (event, context) => stageOf.run(stage.name, () => handler(event, context));
  }
  const stack = await startLocalStack({ dataDir, fresh: true, logger: silentLogger, handlers });
  try {
    // Every planning rule off: the bench measures the pipeline's plumbing, and every PO gets its 855.
    const profile = testPartner({ ruleSeverity: Object.fromEntries(RULE_IDS.map((r) => [r, 'off'])) });
    await new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!).put(profile);

    const files = Math.ceil(ORDERS / PER_FILE);
    const expectedOrders: string[] = [];
    const expectedGroups: string[] = [];
    const bodies: { key: string; text: string }[] = [];
    const filePurchaseOrders: string[][] = [];
    for (let f = 0; f < files; f++) {
      const first = f * PER_FILE + 1;
      const { text, purchaseOrders } = benchFile(f + 1, first, Math.min(PER_FILE, ORDERS - f * PER_FILE), LINES);
      expectedOrders.push(...purchaseOrders);
      filePurchaseOrders.push(purchaseOrders);
      expectedGroups.push(String(f + 1));
      bodies.push({ key: `${profile.id}/bench/po-${pad(f + 1, 3)}.edi`, text });
    }

    const started = performance.now();
    const landedAt = new Map<string, number>();
    for (const [f, body] of bodies.entries()) {
      await stack.putInbound(body.key, body.text);
      const landed = performance.now();
      for (const po of filePurchaseOrders[f]!) landedAt.set(po, landed);
    }
    await stack.drain({ timeoutMs: 15 * 60_000 });
    const seconds = (performance.now() - started) / 1000;

    // Paced: one file at a time into the idle pipeline, the next once this one's 855s are written.
    const pacedLandedAt = new Map<string, number>();
    for (let p = 0; p < PACED_FILES; p++) {
      const file = files + p + 1;
      const { text, purchaseOrders } = benchFile(file, ORDERS + p * PACED_PER_FILE + 1, PACED_PER_FILE, LINES);
      expectedOrders.push(...purchaseOrders);
      expectedGroups.push(String(file));
      await stack.putInbound(`${profile.id}/bench/paced-${pad(file, 3)}.edi`, text);
      const landed = performance.now();
      for (const po of purchaseOrders) pacedLandedAt.set(po, landed);
      const deadline = landed + 120_000;
      while (purchaseOrders.some((po) => !acknowledgedAt.has(po)) && performance.now() < deadline) await sleep(5);
    }
    await stack.drain({ timeoutMs: 5 * 60_000 });
    stopObserving();

    const items = await scanTable(stack.clients.dynamodb, stack.resources.tableName);
    const orders = items.filter((i) => i.kind === 'order').map((i) => String((i.data.order as { purchaseOrderNumber?: string } | undefined)?.purchaseOrderNumber));
    const created = items.filter((i) => i.kind === 'event' && i.data.type === 'order.created').map((i) => String(i.data.purchaseOrderNumber));
    const outboundKeys = await listKeys(stack.clients.s3, stack.resources.buckets.outbound);
    const read = (kind: string): Promise<string[]> =>
      mapLimit(
        outboundKeys.filter((k) => outboundKindOf(k) === kind),
        16,
        (k) => readText(stack.clients.s3, stack.resources.buckets.outbound, k),
      );
    const exactlyOnce = checkExactlyOnce({ expectedOrders, expectedGroups, orders, orderCreatedEvents: created, acks997: await read('997'), acks855: await read('855') });

    const handlerRequests = Object.values(byService).reduce((a, b) => a + b, 0);
    const poller = stack.requestCounts().poller;
    const pollerRequests = Object.values(poller).reduce((a, b) => a + b, 0);
    // Requests, write units and Lambda use cover the paced files too: per order of the whole run.
    const perOrder = (n: number): number => Math.round((n / ALL_ORDERS) * 1000) / 1000;
    const perOrderOf = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, perOrder(v)]));
    const result = {
      benchmark: 'pipeline',
      // Every order of the run; requests, write units, Lambda use and cost are per one of these.
      orders: ALL_ORDERS,
      linesPerOrder: LINES,
      throughput: {
        note: 'the first part of the run: every file lands at once, the pipeline drains them',
        orders: ORDERS,
        files,
        ordersPerFile: PER_FILE,
        seconds: Math.round(seconds * 10) / 10,
        ordersPerSecond: Math.round((ORDERS / seconds) * 10) / 10,
      },
      paced: { files: PACED_FILES, ordersPerFile: PACED_PER_FILE },
      requests: {
        note: 'billable AWS requests the handlers sent (a batch request counts once); the local poller (Lambda event-source mapping stand-in) is counted apart',
        perOrder: perOrder(handlerRequests),
        perOrderByService: perOrderOf(byService),
        perOrderByStage: Object.fromEntries(Object.entries(byStage).map(([stage, o]) => [stage, perOrderOf(o)])),
        total: handlerRequests,
        byCommand,
        failed: failures,
        goal: { maxPerOrder: GOAL_REQUESTS_PER_ORDER, met: handlerRequests / ALL_ORDERS <= GOAL_REQUESTS_PER_ORDER },
      },
      poller: {
        note: 'SQS requests of the local event-source-mapping emulator (on AWS, Lambda polls; its receives and deletes are billed SQS requests too)',
        perOrder: perOrder(pollerRequests),
        byCommand: poller,
        withHandlersPerOrder: perOrder(handlerRequests + pollerRequests),
      },
      dynamodbWriteUnits: {
        perOrder: perOrder(wcu.reported + wcu.indexesComputed),
        tablePerOrder: perOrder(wcu.table),
        indexesPerOrder: perOrder(wcu.indexesReported + wcu.indexesComputed),
        indexUnits: wcu.indexesReported > 0 ? 'reported by the endpoint (ReturnConsumedCapacity INDEXES, inside its total)' : 'computed from item sizes (the endpoint reports table units only)',
        note: 'ReturnConsumedCapacity INDEXES on every write: the reported total (table + indexes, as AWS bills) is taken as is; only where the endpoint reports no index units (dynalite) are they computed from the item sizes (projection ALL). Failed conditional writes not included.',
        tableComputedPerOrder: perOrder(wcu.tableComputed),
        failedConditionalWrites: wcu.failedConditionalWrites,
        goal: { maxPerOrder: GOAL_WRITE_UNITS_PER_ORDER, met: (wcu.reported + wcu.indexesComputed) / ALL_ORDERS <= GOAL_WRITE_UNITS_PER_ORDER },
      },
      latency: {
        backlog: latencyOf(
          `per PO of the ${ORDERS} above, milliseconds from its file landing in the inbound bucket (PutObject answered) to its 855 written to the outbound bucket; every file lands at once, so the tail includes the queue of the whole run`,
          landedAt,
          acknowledgedAt,
        ),
        paced: latencyOf(
          `per PO of ${PACED_FILES} more files of ${PACED_PER_FILE} POs landing one at a time (the next once the previous file's 855s are written): the time through an idle pipeline, local poller included`,
          pacedLandedAt,
          acknowledgedAt,
        ),
      },
      lambda: lambdaUsage(stack.pollerStats(), ALL_ORDERS),
      deadLetters: await stack.dlqDepths(),
      exactlyOnce,
    };
    const cost = costPerMillionOrders(result);
    const withCost = { ...result, costPerMillionOrders: { ...cost.perMillionOrders, goal: { max: GOAL_DOLLARS_PER_MILLION, met: cost.perMillionOrders.total <= GOAL_DOLLARS_PER_MILLION }, model: 'test/bench/cost-model.ts' } };
    process.stdout.write(`${JSON.stringify(withCost, null, 2)}\n`);
    process.exitCode = exactlyOnce.ok ? 0 : 1;
  } finally {
    stopObserving();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Lambda use per stage: invocations and handler time as the local poller measured them (all
 * stages share two cores here, so durations are on the high side of what Lambda would bill),
 * and GB-seconds per order at the topology's memory size.
 */
function lambdaUsage(stats: Partial<Record<string, PollerStats>>, orders: number): Record<string, { invocations: number; invocationsPerOrder: number; handlerMilliseconds: number; memoryMb: number; gbSecondsPerOrder: number } | string> {
  const out: ReturnType<typeof lambdaUsage> = {
    note: 'handler wall time measured by the local poller; GB-seconds at the memory size in infra/topology.ts',
  };
  for (const stage of STAGES) {
    const s = stats[stage.name];
    if (!s) continue;
    out[stage.name] = {
      invocations: s.invocations,
      invocationsPerOrder: Math.round((s.invocations / orders) * 1000) / 1000,
      handlerMilliseconds: Math.round(s.handlerMilliseconds),
      memoryMb: stage.memoryMb,
      gbSecondsPerOrder: Number(((s.handlerMilliseconds / 1000) * (stage.memoryMb / 1024) / orders).toPrecision(3)),
    };
  }
  return out;
}

await main();
