/**
 * `npm run cost -- PIPELINE_JSON`: US dollars per million orders by service, from the pipeline
 * benchmark's measured request counts, write units and handler time (see `npm run bench:pipeline`)
 * and the synthesized configuration's memory sizes (infra/topology.ts), at list prices; beside
 * AWS B2B Data Interchange's per-document price for the same volume. Prints one JSON object.
 *
 * List prices, us-east-1, on-demand, as published by AWS (check the pricing pages before relying
 * on them): they are constants here so the model is reviewable.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { STAGES } from '../../infra/topology.ts';

const PRICE = {
  /** Lambda on arm64 (Graviton): per GB-second and per request. */
  lambdaGbSecondArm64: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  /** SQS per request (standard / FIFO); every 64 KB chunk of a payload is a request. */
  sqsStandardRequest: 0.4 / 1e6,
  sqsFifoRequest: 0.5 / 1e6,
  /** DynamoDB on-demand, per write / read request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** S3 Standard: PUT/COPY/POST/LIST and GET per request; storage per GB-month. */
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3StorageGbMonth: 0.023,
  /** SES outbound email, per message. */
  sesEmail: 0.1 / 1000,
  /** AWS B2B Data Interchange: per transformation step, and per active partnership per month (launch list price). */
  b2biTransformationStep: 0.01,
  b2biPartnershipMonth: 8,
} as const;

export interface PipelineBench {
  orders: number;
  requests: { byCommand: Record<string, number>; perOrder: number };
  poller: { byCommand: Record<string, number> };
  dynamodbWriteUnits: { perOrder: number };
  lambda?: Record<string, { invocations?: number; handlerMilliseconds?: number; memoryMb?: number } | string>;
}

const MILLION = 1e6;
const round2 = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write('usage: npm run cost -- PIPELINE_JSON   (the output of npm run bench:pipeline)\n');
    process.exitCode = 2;
    return;
  }
  const bench = JSON.parse(await readFile(path, 'utf8')) as PipelineBench;
  process.stdout.write(`${JSON.stringify(costPerMillionOrders(bench, path), null, 2)}\n`);
}

/** The cost model of one pipeline benchmark result (also printed by the benchmark itself). */
export function costPerMillionOrders(bench: PipelineBench, path = 'bench:pipeline') {
  const perOrder = (n: number) => n / bench.orders;
  const byCommand = bench.requests.byCommand;
  const count = (prefix: string) => Object.entries(byCommand).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

  // SQS: the handlers' sends and the event-source mapping's receives/deletes are all billed.
  // Priced at the FIFO rate throughout (only the documents queue is FIFO): an upper bound.
  const sqsHandler = count('SQS:');
  const sqsPoller = Object.values(bench.poller.byCommand).reduce((a, b) => a + b, 0);
  const sqsPerOrder = perOrder(sqsHandler + sqsPoller);
  const sqsDollars = sqsPerOrder * MILLION * PRICE.sqsFifoRequest;

  const dynamoReads = count('DynamoDB:GetItem') + count('DynamoDB:Query');
  const dynamoDollars = bench.dynamodbWriteUnits.perOrder * MILLION * PRICE.dynamoWriteUnit + perOrder(dynamoReads) * MILLION * PRICE.dynamoReadUnit;

  const s3Puts = count('S3:PutObject');
  const s3Gets = count('S3:GetObject');
  // Stored per order: the raw 850 (~2.3 KB) in the archive and the 855 (~1.6 KB) outbound; one month.
  const storedGbPerMillion = ((2.3 + 1.6) * 1024 * MILLION) / 1024 ** 3;
  const s3Dollars = perOrder(s3Puts) * MILLION * PRICE.s3Put + perOrder(s3Gets) * MILLION * PRICE.s3Get + storedGbPerMillion * PRICE.s3StorageGbMonth;

  let gbSecondsPerOrder = 0;
  let invocationsPerOrder = 0;
  const lambdaByStage: Record<string, unknown> = {};
  for (const stage of STAGES) {
    const usage = bench.lambda?.[stage.name];
    if (!usage || typeof usage === 'string') continue;
    const gbs = perOrder(((usage.handlerMilliseconds ?? 0) / 1000) * (stage.memoryMb / 1024));
    gbSecondsPerOrder += gbs;
    invocationsPerOrder += perOrder(usage.invocations ?? 0);
    lambdaByStage[stage.name] = { memoryMb: stage.memoryMb, gbSecondsPerOrder: Number(gbs.toPrecision(3)) };
  }
  const lambdaDollars = gbSecondsPerOrder * MILLION * PRICE.lambdaGbSecondArm64 + invocationsPerOrder * MILLION * PRICE.lambdaRequest;

  // The benchmark's partner has every planning rule off, so it sends no email; model SES as
  // "one email per order that needs a planner" at a 5% anomaly rate, and state the unit price.
  const emailsPerOrder = 0.05;
  const sesDollars = emailsPerOrder * MILLION * PRICE.sesEmail;

  const total = sqsDollars + dynamoDollars + s3Dollars + lambdaDollars + sesDollars;
  // B2B Data Interchange: one transformation step for the inbound 850, one for the 855 generated;
  // 997s and the planning checks, storage, history and email are not part of that service.
  const b2biSteps = 2;
  const b2biDollars = b2biSteps * MILLION * PRICE.b2biTransformationStep;

  const result = {
    model: 'cost per million orders (20-line 850 in, 997 and 855 out), USD, list prices us-east-1',
    source: { benchmark: path, orders: bench.orders, billableRequestsPerOrder: bench.requests.perOrder },
    perMillionOrders: {
      lambda: round2(lambdaDollars),
      sqs: round2(sqsDollars),
      dynamodb: round2(dynamoDollars),
      s3: round2(s3Dollars),
      ses: round2(sesDollars),
      total: round2(total),
    },
    drivers: {
      lambdaGbSecondsPerOrder: Number(gbSecondsPerOrder.toPrecision(3)),
      lambdaInvocationsPerOrder: Number(invocationsPerOrder.toPrecision(3)),
      lambdaByStage,
      sqsRequestsPerOrder: Number(sqsPerOrder.toPrecision(3)),
      dynamoWriteUnitsPerOrder: bench.dynamodbWriteUnits.perOrder,
      dynamoReadRequestsPerOrder: Number(perOrder(dynamoReads).toPrecision(3)),
      s3PutsPerOrder: Number(perOrder(s3Puts).toPrecision(3)),
      emailsPerOrderAssumed: emailsPerOrder,
    },
    b2bDataInterchange: {
      transformationStepsPerOrder: b2biSteps,
      perMillionOrders: round2(b2biDollars),
      plusPerPartnershipPerMonth: PRICE.b2biPartnershipMonth,
      ratioToThisPipeline: round2(b2biDollars / total),
    },
    notes: [
      'Lambda time is the handler wall time the local poller measured with all stages sharing two cores: an upper bound.',
      'DynamoDB reads are counted as one read unit per GetItem/Query (items under 4 KB, strongly consistent): an upper bound.',
      'Not modelled: KMS requests (S3 Bucket Keys and SQS data-key reuse keep them small), CloudWatch Logs ingestion, free tiers.',
    ],
  };
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
