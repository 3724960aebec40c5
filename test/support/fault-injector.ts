/**
 * A seeded, replayable fault injector for the local stack (README "Guarantees"). It wraps the
 * live handlers' AWS SDK clients through their one request middleware (`observeAwsRequests` in
 * functions/shared/aws-clients.ts) and each stage's handler, and injects:
 * - transient request faults: throttling and 5xx before a request goes out (nothing applied),
 *   timeouts after it was applied (the caller sees an error for a write that happened), and
 *   conditional conflicts (an identical twin of a conditional `PutItem` wins the race first, so
 *   the real request fails its condition for real);
 * - a crash after the Nth write of a handler invocation, sweeping N over every write point of
 *   every stage: nothing more goes out from that invocation and the whole batch fails, as a
 *   Lambda runtime that dies does;
 * - duplicate delivery (a batch handed to the handler twice — concurrently on standard queues,
 *   one after the other on FIFO ones, as SQS can) and out-of-order delivery (a standard queue's
 *   batch shuffled, sends to standard queues delayed by 0–1 s; a FIFO batch reordered across
 *   groups only, as FIFO allows);
 * - poison: DynamoDB refusing the order writes of chosen PO numbers as items over 400 KB, until
 *   `clearPoison()` — the faults that must end in a DLQ with their cause.
 *
 * Decisions are drawn from the seed and the request's identity (its keys, its attempt number),
 * not from one stream in arrival order, so a seed injects the same faults into the same requests
 * however the concurrent invocations interleave. Transient faults stop at a message's third
 * receive, so they never exhaust a queue's receive count (a transient fault is retried, not
 * dead-lettered: that is what the ledger check holds).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { PutItemCommand, type DynamoDBClient, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { observeAwsRequests } from '#functions/shared/aws-clients.ts';
import { LIVE_STAGE_HANDLERS } from '#functions/composition/stage-handlers.ts';
import type { SqsHandler } from '#infra/local/poller.ts';
import { STAGES, type Stage } from '#infra/topology.ts';
import { seededRandom } from './seeded-random.ts';

type StageName = Stage['name'];

export type TransientFault = 'throttle' | 'server-error' | 'timeout' | 'conditional-conflict';

export interface FaultPlan {
  seed: number;
  /** Probability that one request of a handler gets a transient fault (each kind in `transient` alike). Default 0. */
  requestFaultRate?: number;
  transient?: readonly TransientFault[];
  /** Crash each stage's fresh invocations after their 1st, 2nd, … write until every write point was hit. Default false. */
  crashSweep?: boolean;
  /** Probability that a batch is delivered twice. Default 0. */
  duplicateRate?: number;
  /** Shuffle batches and delay sends to standard queues. Default false. */
  reorder?: boolean;
  /** PO numbers whose order writes DynamoDB refuses as too large, until `clearPoison()`. */
  poisonPurchaseOrders?: readonly string[];
  /** The stack's own DynamoDB client (not observed): the conditional conflict's twin writes with it. */
  dynamodb?: DynamoDBClient;
}

export interface FaultCounts {
  transient: Record<string, number>;
  crashes: Record<string, number>;
  duplicates: number;
  /**
   * Emails SES accepted in an invocation that then failed (a crash right after the send, a timeout
   * of it, a refused mark-sent): the one window in which a copy can go twice
   * (functions/use-cases/send-email.ts).
   */
  emailsAcceptedThenFailed: number;
  reordered: number;
  delayed: number;
  poisoned: number;
}

interface Invocation {
  stage: StageName;
  /** The lowest receive count of the batch: transient faults stop at 3. */
  receive: number;
  crashAt?: number;
  writes: number;
  dead: boolean;
  /** A transient fault hit it: its retries inside may write more than a clean invocation. */
  faulted?: boolean;
  /** Emails SES accepted in this invocation. */
  emailsSent: number;
}

const WRITES = new Set([
  'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems',
  'PutObject', 'CopyObject', 'DeleteObject', 'DeleteObjects', 'CompleteMultipartUpload', 'UploadPart',
  'SendMessage', 'SendMessageBatch',
  'SendEmail', 'SendRawEmail',
  'CreateSchedule', 'DeleteSchedule', 'UpdateSchedule',
]);

/** Stable [0, 1) from the seed and any parts. */
function draw(seed: number, ...parts: (string | number)[]): number {
  const h = createHash('sha256').update(`${seed}|${parts.join('|')}`).digest();
  return seededRandom(h.readUInt32BE(0) ^ seed)();
}

/** What identifies a request across runs: its target and keys, never a timestamp of the attempt. */
function identity(service: string, command: string, input: Record<string, unknown>): string {
  const strip = (s: string) => s.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
  if (service === 'DynamoDB') {
    const item = (input.Item ?? input.Key) as Record<string, { S?: string }> | undefined;
    const batch = input.RequestItems ? Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, { S?: string }> }; DeleteRequest?: { Key: Record<string, { S?: string }> } }[]>).flat().map((r) => `${(r.PutRequest?.Item ?? r.DeleteRequest?.Key)?.pk?.S}/${(r.PutRequest?.Item ?? r.DeleteRequest?.Key)?.sk?.S}`).join(',') : '';
    return `${command}:${item?.pk?.S ?? ''}/${item?.sk?.S ?? ''}${batch}`;
  }
  if (service === 'S3') return `${command}:${String(input.Bucket)}/${String(input.Key ?? input.Prefix ?? '')}`;
  if (service === 'SQS') {
    const bodies = input.Entries ? (input.Entries as { MessageBody?: string }[]).map((e) => e.MessageBody ?? '') : [String(input.MessageBody ?? '')];
    return `${command}:${String(input.QueueUrl)}:${createHash('sha256').update(strip(bodies.join('\n'))).digest('hex')}`;
  }
  return `${command}:${createHash('sha256').update(strip(JSON.stringify(input))).digest('hex')}`;
}

function fault(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`injected: ${message}`), { name, $fault: 'server', $metadata: { httpStatusCode: 500 }, injected: true, ...extra });
}

function throttled(service: string): Error {
  const name = service === 'DynamoDB' ? 'ProvisionedThroughputExceededException' : service === 'S3' ? 'SlowDown' : 'ThrottlingException';
  return fault(name, 'Rate exceeded', { $metadata: { httpStatusCode: service === 'S3' ? 503 : 400 }, $retryable: { throttling: true } });
}

/** The error a crashed invocation's pending requests see: nothing after the crash point goes out. */
export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

export interface FaultInjector {
  /** The stage handlers to give `startLocalStack({ handlers })`: the live ones, wrapped. */
  handlers: Record<StageName, SqsHandler>;
  counts: FaultCounts;
  /** Per stage: the write points crashed at (1-based) and the most writes a completed invocation made without a transient fault. */
  crashCoverage(): Record<StageName, { crashedAt: number[]; maxWrites: number; reached: number[] }>;
  /** Stops every fault (the poison included): what is left to do is the redrive's. */
  clearPoison(): void;
  /** Stops every fault and removes the middleware hook. */
  remove(): void;
}

export function createFaultInjector(plan: FaultPlan, stages: readonly Stage[] = STAGES): FaultInjector {
  const rate = plan.requestFaultRate ?? 0;
  const kinds = plan.transient ?? ['throttle', 'server-error', 'timeout', 'conditional-conflict'];
  const poison = new Set(plan.poisonPurchaseOrders ?? []);
  let active = true;
  const counts: FaultCounts = { transient: {}, crashes: {}, duplicates: 0, emailsAcceptedThenFailed: 0, reordered: 0, delayed: 0, poisoned: 0 };
  const attempts = new Map<string, number>();
  const als = new AsyncLocalStorage<Invocation>();
  // Per stage: the next write point not handed out yet, and points handed out whose invocation had
  // fewer writes (to hand out again). Each fresh invocation takes its own point, so concurrent
  // invocations sweep different points.
  const nextCrash = new Map<StageName, number>(stages.map((s) => [s.name, 1]));
  const retryCrash = new Map<StageName, number[]>(stages.map((s) => [s.name, []]));
  const takeCrashPoint = (stage: StageName): number => {
    const again = retryCrash.get(stage)!;
    if (again.length) return again.shift()!;
    const n = nextCrash.get(stage)!;
    nextCrash.set(stage, n + 1);
    return n;
  };
  // `reached`: the write count of each fresh invocation that completed (how often each point was there to crash at).
  const coverage = Object.fromEntries(stages.map((s) => [s.name, { crashedAt: [] as number[], maxWrites: 0, reached: [] as number[] }])) as Record<StageName, { crashedAt: number[]; maxWrites: number; reached: number[] }>;
  const batchCount = new Map<StageName, number>();
  const bump = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);

  /** The order head's conditional put: what DynamoDB refuses for an item over 400 KB. */
  const poisoned = (service: string, command: string, input: Record<string, unknown>): boolean => {
    if (!active || poison.size === 0 || service !== 'DynamoDB' || command !== 'PutItem') return false;
    const item = input.Item as Record<string, { S?: string }> | undefined;
    if (item?.sk?.S !== 'HEAD' || !item.pk?.S?.startsWith('ORDER#')) return false;
    return [...poison].some((po) => item.pk!.S!.endsWith(`#${po}`));
  };

  const unobserve = observeAwsRequests({
    async prepare(service, command, input) {
      const inv = als.getStore();
      if (inv?.dead) throw new InjectedCrash(`${inv.stage}: crashed after write ${inv.crashAt}; ${command} not sent`);
      if (poisoned(service, command, input)) {
        counts.poisoned++;
        throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
      }
      if (!active || !inv) return;
      if (plan.reorder && service === 'SQS' && (command === 'SendMessage' || command === 'SendMessageBatch') && !String(input.QueueUrl).endsWith('.fifo')) {
        // Standard queues promise no order: some messages arrive a second later than their neighbours.
        const entries = (input.Entries as { DelaySeconds?: number; MessageBody?: string }[] | undefined) ?? [input as { DelaySeconds?: number; MessageBody?: string }];
        for (const e of entries) {
          if (draw(plan.seed, 'delay', identity(service, command, { MessageBody: e.MessageBody })) < 0.3) {
            e.DelaySeconds = 1;
            counts.delayed++;
          }
        }
      }
      if (rate <= 0 || inv.receive >= 3) return;
      const id = identity(service, command, input);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (draw(plan.seed, 'fault', id, attempt) >= rate) return;
      const kind = kinds[Math.floor(draw(plan.seed, 'kind', id, attempt) * kinds.length)]!;
      inv.faulted = true;
      if (kind === 'throttle') {
        bump(counts.transient, kind);
        throw throttled(service);
      }
      if (kind === 'server-error') {
        bump(counts.transient, kind);
        throw fault(service === 'DynamoDB' ? 'InternalServerError' : 'InternalError', 'We encountered an internal error. Please try again.');
      }
      if (kind === 'timeout' && WRITES.has(command)) {
        // Applied, then lost on the way back: `observe` throws once the service answered.
        (input as { __injectTimeout?: boolean }).__injectTimeout = true;
        return;
      }
      if (kind === 'conditional-conflict' && service === 'DynamoDB' && command === 'PutItem' && input.ConditionExpression && plan.dynamodb) {
        const twin = { ...(input as unknown as PutItemCommandInput) };
        delete (twin as { __injectTimeout?: boolean }).__injectTimeout;
        await plan.dynamodb.send(new PutItemCommand(twin)).then(
          () => bump(counts.transient, kind),
          () => undefined,
        );
      }
    },
    observe(request) {
      const input = request.input as { __injectTimeout?: boolean };
      const timedOut = input.__injectTimeout === true;
      delete input.__injectTimeout;
      const inv = als.getStore();
      const email = request.command === 'SendEmail' || request.command === 'SendRawEmail';
      // A send that failed on its way back (aborted at the local handler's deadline, say) may have been accepted.
      if (request.error && inv && email && !(request.error as { injected?: boolean }).injected && !(request.error instanceof InjectedCrash)) inv.emailsSent++;
      if (request.error || !inv || !WRITES.has(request.command)) return;
      inv.writes++;
      if (email) inv.emailsSent++;
      if (active && inv.crashAt === inv.writes) {
        inv.dead = true;
        bump(counts.crashes, `${inv.stage}@${inv.writes}:${request.command}`);
        coverage[inv.stage].crashedAt.push(inv.writes);
        throw new InjectedCrash(`${inv.stage}: crashed after write ${inv.writes} (${request.service} ${request.command})`);
      }
      if (timedOut && active) {
        bump(counts.transient, 'timeout');
        throw fault('TimeoutError', `${request.service} ${request.command} timed out after it was applied`, { $metadata: {} });
      }
    },
  });

  const wrap = (stage: Stage): SqsHandler => {
    let inner: SqsHandler | undefined;
    const run = async (event: SQSEvent, context: Context, crashAt?: number): Promise<SQSBatchResponse | void | undefined> => {
      inner ??= LIVE_STAGE_HANDLERS[stage.name]();
      const receive = Math.min(...event.Records.map((r) => Number(r.attributes.ApproximateReceiveCount ?? '1')));
      const inv: Invocation = { stage: stage.name, receive, writes: 0, dead: false, emailsSent: 0, ...(crashAt !== undefined ? { crashAt } : {}) };
      const result = await als.run(inv, async () => {
        try {
          return { ok: true as const, value: await inner!(event, context) };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      // An email SES took in an invocation that then failed (crashed, timed out, its mark-sent
      // refused) is the one copy a retry may send again.
      const failed = inv.dead || !result.ok || (result.value?.batchItemFailures?.length ?? 0) > 0;
      if (failed) counts.emailsAcceptedThenFailed += inv.emailsSent;
      if (inv.dead) throw new InjectedCrash(`${stage.name}: invocation crashed after write ${inv.crashAt}`);
      if (crashAt !== undefined && active && inv.writes < crashAt) {
        // This invocation had no such write point: another fresh one gets it.
        const again = retryCrash.get(stage.name)!;
        again.push(crashAt);
        again.sort((a, b) => a - b);
      }
      if (!inv.dead && !inv.faulted && result.ok) {
        coverage[stage.name].maxWrites = Math.max(coverage[stage.name].maxWrites, inv.writes);
        coverage[stage.name].reached.push(inv.writes);
      }
      if (!result.ok) throw result.error;
      return result.value;
    };
    return async (event, context) => {
      const n = (batchCount.get(stage.name) ?? 0) + 1;
      batchCount.set(stage.name, n);
      const key = `${stage.name}:${event.Records.map((r) => r.messageId).join(',')}`;
      let records = event.Records;
      if (active && plan.reorder && records.length > 1) {
        const rank = new Map<string, number>();
        const groupOf = (r: (typeof records)[number]) => (stage.queue.fifo ? (r.attributes.MessageGroupId ?? '') : r.messageId);
        for (const r of records) if (!rank.has(groupOf(r))) rank.set(groupOf(r), draw(plan.seed, 'order', stage.name, r.body.length, groupOf(r).length, n));
        // A stable sort on the group's rank: a FIFO group keeps its own order.
        records = [...records].sort((a, b) => rank.get(groupOf(a))! - rank.get(groupOf(b))!);
        if (records.some((r, i) => r !== event.Records[i])) counts.reordered++;
      }
      const shown: SQSEvent = { Records: records };
      const fresh = records.every((r) => r.attributes.ApproximateReceiveCount === '1');
      const crashAt = active && plan.crashSweep && fresh ? takeCrashPoint(stage.name) : undefined;
      // Not on a late receive: two deliveries of a message on its last receive, one losing the
      // other's claim, dead-letter it with that cause by design (unsure is a DLQ, never a drop).
      const late = records.some((r) => Number(r.attributes.ApproximateReceiveCount ?? '1') >= 3);
      const duplicate = active && !late && (plan.duplicateRate ?? 0) > 0 && draw(plan.seed, 'duplicate', key) < plan.duplicateRate!;
      if (!duplicate) return run(shown, context, crashAt);
      counts.duplicates++;
      if (stage.queue.fifo) {
        const first = await run(shown, context, crashAt).catch((error: unknown) => ({ error }));
        const second = await run(shown, context);
        if (first && 'error' in first) return second;
        return merge(first, second);
      }
      const [first, second] = await Promise.allSettled([run(shown, context, crashAt), run(shown, context)]);
      if (first.status === 'rejected' && second.status === 'rejected') throw first.reason;
      if (first.status === 'rejected') return second.status === 'fulfilled' ? second.value : undefined;
      if (second.status === 'rejected') return first.value;
      return merge(first.value, second.value);
    };
  };

  return {
    handlers: Object.fromEntries(stages.map((s) => [s.name, wrap(s)])) as Record<StageName, SqsHandler>,
    counts,
    crashCoverage: () => structuredClone(coverage),
    clearPoison() {
      active = false;
      poison.clear();
    },
    remove() {
      active = false;
      poison.clear();
      unobserve();
    },
  };
}

/** Two deliveries of one message: whichever succeeds deletes it, so it failed only if both did. */
function merge(a: SQSBatchResponse | void | undefined, b: SQSBatchResponse | void | undefined): SQSBatchResponse | undefined {
  const second = new Set((b?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  const failures = (a?.batchItemFailures ?? []).filter((f) => second.has(f.itemIdentifier));
  return failures.length ? { batchItemFailures: failures } : undefined;
}
