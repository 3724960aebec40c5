/**
 * A local stand-in for Lambda's SQS event-source mapping: long-polls one stage queue, batches
 * up to `batchSize` records within `maxBatchingWindowSeconds`, invokes the stage handler with a
 * real `SQSEvent` and a Lambda-like context, honours partial batch responses, and deletes only
 * what succeeded. Failed records reappear after the visibility timeout; after `maxReceiveCount`
 * receives the queue's RedrivePolicy moves them to the DLQ (local-aws-sqs implements it; the
 * poller only guards against a message received beyond the limit).
 *
 * FIFO queues: local-aws-sqs hands out messages of a group while an earlier one is in flight,
 * so the poller enforces SQS's rule itself: it never gives messages of one group to concurrent
 * invocations, and after a failure it holds later messages of that group (keeping them invisible)
 * until the failed one has come back and been processed, or has gone to the DLQ.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { Stage } from '../topology.ts';
import { runInvocation } from './invocation-deadline.ts';

/** A Lambda SQS handler as the stages export it. */
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | undefined> | SQSBatchResponse | void | undefined;

export interface PollerLogger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

/** Writes to the console, prefixed with the stage. */
export const consoleLogger: PollerLogger = {
  info: (message, detail) => (detail === undefined ? console.info(message) : console.info(message, detail)),
  warn: (message, detail) => (detail === undefined ? console.warn(message) : console.warn(message, detail)),
  error: (message, detail) => (detail === undefined ? console.error(message) : console.error(message, detail)),
};

export const silentLogger: PollerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface StagePollerOptions {
  stage: Stage;
  queue: { url: string; arn: string; dlqUrl: string };
  handler: SqsHandler;
  /** The poller's own client; count its requests apart from the handlers' (see {@link countRequests}). */
  sqs: SQSClient;
  region: string;
  /** Lambda function name in the context; defaults to the stage name. */
  functionName?: string;
  /**
   * Visibility timeout applied on receive; defaults to the queue's. `startLocalStack` scales it for
   * fast local retries. Never less than `maxBatchingWindowSeconds + 1`.
   */
  visibilityTimeoutSeconds?: number;
  /** Invocation time limit, as Lambda's function timeout; defaults to `stage.timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Concurrent invocations; defaults to `stage.reservedConcurrency ?? 4`. */
  concurrency?: number;
  /** FIFO: received messages held back while their group is busy, before receiving pauses. Default 100. */
  maxHeldMessages?: number;
  logger?: PollerLogger;
}

export interface PollerStats {
  invocations: number;
  recordsSucceeded: number;
  recordsFailed: number;
  /** Invocations that threw or timed out (whole batch failed). */
  invocationErrors: number;
  /** Messages the poller itself moved to the DLQ (received beyond maxReceiveCount). */
  movedToDlq: number;
  /** Wall-clock milliseconds spent inside the handler, summed over invocations (Lambda's billed duration). */
  handlerMilliseconds: number;
}

interface Tracked {
  message: Message;
  id: string;
  receiptHandle: string;
  group: string | undefined;
  /** Receive order, for FIFO ordering of redeliveries before later messages. */
  ordinal: number;
  visibleAt: number;
  state: 'held' | 'running';
}

interface GroupState {
  running: boolean;
  /** Failed messages expected back, by id → time after which the poller stops waiting for them. */
  awaiting: Map<string, number>;
}

const LONG_POLL_SECONDS = 20;
/** Shortest visibility a FIFO poller applies (see the constructor). */
const FIFO_MIN_VISIBILITY_SECONDS = 3;
/** How long past its visibility a failed DLQ-bound FIFO message still blocks its group. */
const DLQ_GRACE_MS = 1_000;
/** How long past its visibility a failed FIFO message is waited for at most. */
const REDELIVERY_GRACE_MS = 60_000;

/** Loads a handler module (path relative to `rootDir` or absolute) and returns its exported `handler`. */
export async function loadHandler(modulePath: string, rootDir: string): Promise<SqsHandler> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(rootDir, modulePath);
  let mod: { handler?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  } catch (error) {
    throw new Error(`cannot load handler module ${modulePath}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof mod.handler !== 'function') throw new Error(`${modulePath} does not export a handler function`);
  return mod.handler as SqsHandler;
}

/**
 * Counts the requests a client sends, by command name (`ReceiveMessage`, `DeleteMessageBatch`…).
 * Returns the live counter object.
 */
export function countRequests(client: { middlewareStack: SQSClient['middlewareStack'] }, name = 'countRequests'): Record<string, number> {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return counts;
}

/** Converts received SQS messages to the `Records` of a Lambda SQS event. */
export function toSqsRecord(message: Message, eventSourceARN: string, awsRegion: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
    SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
    SenderId: attrs.SenderId ?? 'LOCAL',
    ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const key of ['AWSTraceHeader', 'SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'DeadLetterQueueSourceArn'] as const) {
    const value = attrs[key];
    if (value !== undefined) attributes[key] = value;
  }
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = toRecordAttribute(value);
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion,
  };
}

function toRecordAttribute(value: MessageAttributeValue): SQSMessageAttributes[string] {
  const base64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
  return {
    dataType: value.DataType ?? 'String',
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
  };
}

/**
 * Which records failed, per Lambda's partial batch response rules: an empty/absent response is a
 * full success; an item identifier that is empty or not in the batch fails the whole batch.
 */
export function failedMessageIds(response: unknown, batchIds: readonly string[]): Set<string> {
  if (response === undefined || response === null || typeof response !== 'object') return new Set();
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return new Set(batchIds);
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !batchIds.includes(id)) return new Set(batchIds);
    ids.add(id);
  }
  return ids;
}

/** A fake Lambda context for one invocation. */
export function createLambdaContext(options: { functionName: string; region: string; accountId: string; memoryMb: number; timeoutMs: number }): Context {
  const deadline = Date.now() + options.timeoutMs;
  const awsRequestId = randomUUID();
  const unsupported = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** The event-source mapping of one stage. Call {@link StagePoller.start}, later {@link StagePoller.stop}. */
export class StagePoller {
  readonly stage: Stage;
  readonly #options: StagePollerOptions;
  readonly #logger: PollerLogger;
  readonly #fifo: boolean;
  readonly #visibilitySeconds: number;
  readonly #concurrency: number;
  readonly #maxHeld: number;
  readonly #tracked = new Map<string, Tracked>();
  readonly #held: Tracked[] = [];
  readonly #groups = new Map<string, GroupState>();
  readonly #ordinals = new Map<string, number>();
  readonly #running = new Set<Promise<void>>();
  /**
   * Times each message was handed to the handler. local-aws-sqs counts a ChangeMessageVisibility
   * (the poller's extensions, a handler's back-off) as a receive, so its ApproximateReceiveCount
   * overstates; the records carry this count instead, as Lambda's do, and the receive limit is
   * applied on it (the local queues' RedrivePolicy is set out of reach, see resources.ts).
   */
  readonly #deliveries = new Map<string, number>();
  readonly #stats: PollerStats = { invocations: 0, recordsSucceeded: 0, recordsFailed: 0, invocationErrors: 0, movedToDlq: 0, handlerMilliseconds: 0 };
  #nextOrdinal = 0;
  #receiving = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #abort = new AbortController();
  #heartbeat: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #extending = false;

  constructor(options: StagePollerOptions) {
    this.#options = options;
    this.stage = options.stage;
    this.#logger = options.logger ?? consoleLogger;
    this.#fifo = options.stage.queue.fifo;
    // A message received at the start of the batching window must not become visible again before
    // the batch is complete (local-aws-sqs would then return it twice in one response).
    // FIFO: at least FIFO_MIN_VISIBILITY_SECONDS. A held message whose visibility lapses under
    // load is received again, and local-aws-sqs counts that receive: enough lapses and the
    // queue's RedrivePolicy moves a message its handler never failed to the DLQ, without a cause.
    this.#visibilitySeconds = Math.max(
      options.stage.maxBatchingWindowSeconds + 1,
      this.#fifo ? FIFO_MIN_VISIBILITY_SECONDS : 1,
      Math.round(options.visibilityTimeoutSeconds ?? options.stage.queue.visibilityTimeoutSeconds),
    );
    this.#concurrency = Math.max(1, options.concurrency ?? options.stage.reservedConcurrency ?? 4);
    this.#maxHeld = options.maxHeldMessages ?? 100;
  }

  /** Starts polling. */
  start(): void {
    if (this.#loop) return;
    const tickMs = Math.min(1_000, Math.max(100, (this.#visibilitySeconds * 1_000) / 4));
    this.#heartbeat = setInterval(() => this.#tick(), tickMs);
    this.#heartbeat.unref();
    this.#loop = this.#run();
  }

  /**
   * Stops receiving, waits for running invocations (at most `graceMs`), and stops the timers.
   * Held or failed messages stay in the queue and reappear after their visibility timeout.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    this.#signal();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#loop;
    if (this.#running.size) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
      await Promise.race([Promise.allSettled([...this.#running]), timeout]);
      clearTimeout(timer);
    }
  }

  /** True when no invocation runs and no received message waits in the poller. */
  isIdle(): boolean {
    return this.#running.size === 0 && this.#tracked.size === 0 && !this.#hasAwaiting();
  }

  /** A description of what the poller still holds, for diagnostics. */
  describe(): string {
    return `${this.stage.name}: ${this.#running.size} running, ${this.#held.length} held, ${this.#tracked.size} tracked${this.#receiving ? ', receiving' : ''}`;
  }

  stats(): PollerStats {
    return { ...this.#stats };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      await this.#waitForCapacity();
      if (this.#stopping) break;
      let messages: Message[];
      this.#receiving = true;
      try {
        messages = await this.#receiveBatch();
      } catch (error) {
        if (this.#stopping) break;
        this.#logger.error(`[poller:${this.stage.name}] ReceiveMessage failed`, error);
        await sleep(500);
        continue;
      } finally {
        this.#receiving = false;
      }
      messages = await this.#redriveBeyondLimit(messages);
      if (!messages.length) continue;
      if (this.#fifo) {
        this.#hold(messages);
        this.#dispatchFifo();
      } else {
        this.#invoke(messages.map((m) => this.#track(m, 'running')));
      }
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #hasCapacity(): boolean {
    if (this.#running.size >= this.#concurrency) return false;
    // A FIFO poller keeps receiving while a failed message is awaited, so it can come back.
    return !this.#fifo || this.#held.length < this.#maxHeld || this.#hasAwaiting();
  }

  async #waitForCapacity(): Promise<void> {
    while (!this.#stopping && !this.#hasCapacity()) {
      await new Promise<void>((r) => (this.#wake = r));
    }
  }

  /**
   * Lambda-style batching: a long poll for the first message, then receives within the batching
   * window until the batch is full. (local-aws-sqs answers a long poll only when it can fill
   * MaxNumberOfMessages or the wait ends, so the first receive asks for one message.)
   */
  async #receiveBatch(): Promise<Message[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.stage;
    const first = await this.#receive(1, LONG_POLL_SECONDS);
    if (!first.length || batchSize <= 1) return first;
    const batch = [...first];
    const windowEnds = Date.now() + maxBatchingWindowSeconds * 1_000;
    do {
      const waitSeconds = Math.max(0, Math.ceil((windowEnds - Date.now()) / 1_000));
      const more = await this.#receive(Math.min(10, batchSize - batch.length), waitSeconds);
      batch.push(...more);
      if (!more.length) break;
    } while (batch.length < batchSize && Date.now() < windowEnds && !this.#stopping);
    // Guard: one record per message, the latest receive winning (its receipt handle is the valid one).
    const byId = new Map<string, Message>();
    for (const message of batch) byId.set(message.MessageId ?? randomUUID(), message);
    return [...byId.values()];
  }

  async #receive(max: number, waitSeconds: number): Promise<Message[]> {
    const response = await this.#options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#options.queue.url,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: this.#visibilitySeconds,
        MessageSystemAttributeNames: ['All'],
        // local-aws-sqs reads only the older parameter name.
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.#abort.signal },
    );
    return response.Messages ?? [];
  }

  /** The queue's redrive, on the poller's own count: a message handed to the handler maxReceiveCount times and back again goes to the DLQ. */
  async #redriveBeyondLimit(messages: Message[]): Promise<Message[]> {
    const keep: Message[] = [];
    for (const message of messages) {
      const count = this.#deliveries.get(message.MessageId ?? '') ?? 0;
      if (count < this.stage.queue.maxReceiveCount || this.#tracked.has(message.MessageId ?? '')) {
        keep.push(message);
        continue;
      }
      try {
        await this.#options.sqs.send(
          new SendMessageCommand({
            QueueUrl: this.#options.queue.dlqUrl,
            MessageBody: message.Body ?? '',
            MessageAttributes: {
              ...message.MessageAttributes,
              cause: message.MessageAttributes?.cause ?? { DataType: 'String', StringValue: `${this.stage.name}: moved after ${count} receives; the handler kept failing (see its log)` },
            },
            MessageGroupId: message.Attributes?.MessageGroupId,
            MessageDeduplicationId: message.Attributes?.MessageDeduplicationId,
          }),
        );
        await this.#options.sqs.send(new DeleteMessageCommand({ QueueUrl: this.#options.queue.url, ReceiptHandle: message.ReceiptHandle }));
        this.#deliveries.delete(message.MessageId ?? '');
        this.#stats.movedToDlq += 1;
      } catch (error) {
        this.#logger.error(`[poller:${this.stage.name}] moving ${message.MessageId} to the DLQ failed`, error);
      }
    }
    return keep;
  }

  #track(message: Message, state: Tracked['state']): Tracked {
    const id = message.MessageId ?? randomUUID();
    const existing = this.#tracked.get(id);
    const visibleAt = Date.now() + this.#visibilitySeconds * 1_000;
    if (existing) {
      // Received again while we still hold it (our extension came too late): keep the newest handle.
      existing.message = message;
      existing.receiptHandle = message.ReceiptHandle ?? '';
      existing.visibleAt = visibleAt;
      return existing;
    }
    let ordinal = this.#ordinals.get(id);
    if (ordinal === undefined) {
      ordinal = this.#nextOrdinal++;
      if (this.#fifo) this.#ordinals.set(id, ordinal);
    }
    const tracked: Tracked = {
      message,
      id,
      receiptHandle: message.ReceiptHandle ?? '',
      group: this.#fifo ? message.Attributes?.MessageGroupId : undefined,
      ordinal,
      visibleAt,
      state,
    };
    this.#tracked.set(id, tracked);
    return tracked;
  }

  #group(group: string): GroupState {
    let state = this.#groups.get(group);
    if (!state) {
      state = { running: false, awaiting: new Map() };
      this.#groups.set(group, state);
    }
    return state;
  }

  #hold(messages: Message[]): void {
    for (const message of messages) {
      const wasTracked = message.MessageId !== undefined && this.#tracked.has(message.MessageId);
      const tracked = this.#track(message, 'held');
      if (tracked.group !== undefined) this.#group(tracked.group).awaiting.delete(tracked.id);
      if (!wasTracked) this.#held.push(tracked);
    }
    this.#held.sort((a, b) => a.ordinal - b.ordinal);
  }

  #groupBlocked(group: string | undefined, now: number): boolean {
    if (group === undefined) return false;
    const state = this.#groups.get(group);
    if (!state) return false;
    for (const [id, until] of state.awaiting) {
      if (until <= now) {
        state.awaiting.delete(id);
        this.#ordinals.delete(id);
      }
    }
    return state.running || state.awaiting.size > 0;
  }

  #hasAwaiting(): boolean {
    const now = Date.now();
    for (const [group, state] of this.#groups) {
      if (this.#groupBlocked(group, now)) {
        if (state.awaiting.size) return true;
      }
    }
    return false;
  }

  /** Builds batches from held FIFO messages of idle groups, in order, one invocation per group at a time. */
  #dispatchFifo(): void {
    while (this.#running.size < this.#concurrency && this.#held.length) {
      const now = Date.now();
      const batch: Tracked[] = [];
      const taken = new Set<string | undefined>();
      const blocked = new Set<string | undefined>();
      for (const tracked of this.#held) {
        if (batch.length >= this.stage.batchSize) break;
        if (blocked.has(tracked.group)) continue;
        if (!taken.has(tracked.group) && this.#groupBlocked(tracked.group, now)) {
          blocked.add(tracked.group);
          continue;
        }
        taken.add(tracked.group);
        batch.push(tracked);
      }
      if (!batch.length) return;
      for (const tracked of batch) {
        this.#held.splice(this.#held.indexOf(tracked), 1);
        tracked.state = 'running';
        if (tracked.group !== undefined) this.#group(tracked.group).running = true;
      }
      this.#invoke(batch);
    }
  }

  #invoke(batch: Tracked[]): void {
    const promise = this.#execute(batch).finally(() => {
      this.#running.delete(promise);
      if (this.#fifo) {
        for (const tracked of batch) if (tracked.group !== undefined) this.#group(tracked.group).running = false;
        this.#dispatchFifo();
      }
      this.#signal();
    });
    this.#running.add(promise);
  }

  async #execute(batch: Tracked[]): Promise<void> {
    const { stage, queue, region } = this.#options;
    const timeoutMs = (this.#options.timeoutSeconds ?? stage.timeoutSeconds) * 1_000;
    const event: SQSEvent = {
      Records: batch.map((t) => {
        const record = toSqsRecord(t.message, queue.arn, region);
        const count = (this.#deliveries.get(t.id) ?? 0) + 1;
        this.#deliveries.set(t.id, count);
        record.attributes.ApproximateReceiveCount = String(count);
        return record;
      }),
    };
    const context = createLambdaContext({
      functionName: this.#options.functionName ?? stage.name,
      region,
      accountId: queue.arn.split(':')[4] ?? '000000000000',
      memoryMb: stage.memoryMb,
      timeoutMs,
    });
    const ids = batch.map((t) => t.id);
    this.#stats.invocations += 1;
    let failed: Set<string>;
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    try {
      // As Lambda stops a handler at its timeout, a timed-out invocation's AWS calls are cut off
      // (invocation-deadline.ts): nothing it still does lands after its records went back.
      const invocation = runInvocation(() => this.#options.handler(event, context));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`Task timed out after ${timeoutMs / 1_000} seconds`);
          invocation.expire(error);
          reject(error);
        }, timeoutMs);
      });
      // The abandoned handler's own rejection, once cut off, is expected: not an unhandled one.
      invocation.result.catch(() => undefined);
      const response = await Promise.race([invocation.result, timeout]);
      failed = failedMessageIds(response, ids);
    } catch (error) {
      this.#stats.invocationErrors += 1;
      this.#logger.error(`[poller:${stage.name}] invocation ${context.awsRequestId} failed; its ${batch.length} record(s) will be retried`, error);
      failed = new Set(ids);
    } finally {
      clearTimeout(timer);
      this.#stats.handlerMilliseconds += performance.now() - started;
    }

    const succeeded = batch.filter((t) => !failed.has(t.id));
    const now = Date.now();
    for (const tracked of batch) {
      this.#tracked.delete(tracked.id);
      if (!failed.has(tracked.id)) {
        this.#ordinals.delete(tracked.id);
        this.#deliveries.delete(tracked.id);
        continue;
      }
      if (tracked.group === undefined) continue;
      const receives = this.#deliveries.get(tracked.id) ?? 1;
      const dlqBound = receives >= stage.queue.maxReceiveCount;
      this.#group(tracked.group).awaiting.set(tracked.id, Math.max(now, tracked.visibleAt) + (dlqBound ? DLQ_GRACE_MS : REDELIVERY_GRACE_MS));
    }
    this.#stats.recordsFailed += failed.size;
    this.#stats.recordsSucceeded += succeeded.length;
    await this.#delete(succeeded);
  }

  async #delete(records: Tracked[]): Promise<void> {
    for (let i = 0; i < records.length; i += 10) {
      const chunk = records.slice(i, i + 10);
      try {
        const result = await this.#options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.#options.queue.url,
            Entries: chunk.map((t, n) => ({ Id: String(n), ReceiptHandle: t.receiptHandle })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          this.#logger.warn(`[poller:${this.stage.name}] DeleteMessageBatch entry failed: ${failure.Code} ${failure.Message ?? ''}`);
        }
      } catch (error) {
        this.#logger.error(`[poller:${this.stage.name}] DeleteMessageBatch failed`, error);
      }
    }
  }

  /**
   * Periodic work: keep held and running messages invisible (a scaled-down visibility timeout
   * must not expire under a handler that is still running), and release FIFO groups whose
   * failed message went to the DLQ.
   */
  #tick(): void {
    if (this.#fifo) this.#dispatchFifo();
    if (this.#hasCapacity()) this.#signal();
    if (this.#extending || this.#stopping) return;
    const now = Date.now();
    const halfMs = (this.#visibilitySeconds * 1_000) / 2;
    const due = [...this.#tracked.values()].filter((t) => t.visibleAt - now < halfMs);
    if (!due.length) return;
    this.#extending = true;
    void this.#extend(due).finally(() => (this.#extending = false));
  }

  async #extend(records: Tracked[]): Promise<void> {
    const chunks: Tracked[][] = [];
    for (let i = 0; i < records.length; i += 10) chunks.push(records.slice(i, i + 10));
    // In parallel: a long hold list extended one request after another could outlast the visibility.
    await Promise.all(chunks.map((chunk) => this.#extendChunk(chunk)));
  }

  async #extendChunk(chunk: Tracked[]): Promise<void> {
    try {
      const result = await this.#options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.#options.queue.url,
          Entries: chunk.map((t, n) => ({ Id: String(n), ReceiptHandle: t.receiptHandle, VisibilityTimeout: this.#visibilitySeconds })),
        }),
      );
      const failedIds = new Set((result.Failed ?? []).map((f) => f.Id));
      const visibleAt = Date.now() + this.#visibilitySeconds * 1_000;
      chunk.forEach((t, n) => {
        if (!failedIds.has(String(n))) t.visibleAt = visibleAt;
      });
    } catch (error) {
      if (!this.#stopping) this.#logger.warn(`[poller:${this.stage.name}] ChangeMessageVisibilityBatch failed`, error);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
