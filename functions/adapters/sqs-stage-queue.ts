import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import type { DeadLetters, Postponer, QueuedMessage, SendReport, StageQueue } from '#functions/ports/stage-queue.ts';

/** SQS allows 10 entries per SendMessageBatch; we also keep each request under 256 KiB. */
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 250 * 1024;

/** SQS's rule for a FIFO MessageGroupId / MessageDeduplicationId: 1–128 characters of `A-Za-z0-9` and ASCII punctuation. */
const FIFO_ID = /^[!-~]{1,128}$/;

/**
 * A FIFO group or deduplication id SQS accepts, for any value: one that already follows SQS's
 * rule is kept (readable in the console); any other (a PO number with a space, a non-ASCII
 * character or over ~120 characters — all legal X12) is `%H` + its SHA-256. An id that itself
 * begins with `%H` is hashed too, so two different values never share a group.
 */
export function fifoId(value: string): string {
  if (FIFO_ID.test(value) && !value.startsWith('%H')) return value;
  return `%H${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

export class QueueSendError extends Error {
  override name = 'QueueSendError';
}

/**
 * Sends to one stage queue with SendMessageBatch (up to 10 per request, split by size), with
 * the FIFO message group and deduplication ids when the queue is FIFO. Entries SQS reports as
 * failed are retried once; any still failing make `send` throw (the caller retries) and are
 * reported by `sendEach`.
 */
export class SqsStageQueue<T> implements StageQueue<T> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly fifo: boolean = queueUrl.endsWith('.fifo'),
  ) {}

  async send(messages: readonly QueuedMessage<T>[]): Promise<void> {
    const { failed, error } = await this.sendEach(messages);
    if (failed.length > 0) throw new QueueSendError(`${failed.length} message(s) not accepted by ${this.queueUrl}`, error ? { cause: error } : undefined);
  }

  /**
   * SendMessageBatch of up to 10 entries (split by size); an entry SQS reports as failed is
   * retried once, a request that throws (after the SDK's own retries) fails its entries. The
   * indexes of the messages not accepted are returned.
   */
  async sendEach(messages: readonly QueuedMessage<T>[]): Promise<SendReport> {
    const failed: number[] = [];
    const refused: number[] = [];
    let error: unknown;
    const flush = async (entries: SendMessageBatchRequestEntry[]): Promise<void> => {
      const out = await this.flush(entries);
      failed.push(...out.failed);
      refused.push(...out.refused);
      error ??= out.error;
    };
    let batch: SendMessageBatchRequestEntry[] = [];
    let bytes = 0;
    for (const [i, m] of messages.entries()) {
      const body = JSON.stringify(m.body);
      const size = Buffer.byteLength(body, 'utf8');
      if (batch.length === MAX_ENTRIES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
        await flush(batch);
        batch = [];
        bytes = 0;
      }
      if (this.fifo && (!m.groupId || !m.deduplicationId)) throw new QueueSendError('a FIFO message needs a group id and a deduplication id');
      batch.push({
        Id: String(i),
        MessageBody: body,
        ...(this.fifo ? { MessageGroupId: fifoId(m.groupId!), MessageDeduplicationId: fifoId(m.deduplicationId!) } : {}),
      });
      bytes += size;
    }
    if (batch.length > 0) await flush(batch);
    return { failed, ...(refused.length ? { refused } : {}), ...(error !== undefined ? { error } : {}) };
  }

  /** Sends one request's entries; returns the indexes of those still not accepted. */
  private async flush(entries: SendMessageBatchRequestEntry[]): Promise<{ failed: number[]; refused: number[]; error?: unknown }> {
    let pending = entries;
    const refused = new Set<string>();
    let error: unknown;
    try {
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        for (const f of out.Failed ?? []) if (f.SenderFault && f.Id) refused.add(f.Id);
        pending = pending.filter((e) => failed.has(e.Id));
        if (pending.length > 0 && out.Failed?.some((f) => f.SenderFault)) break;
      }
    } catch (thrown) {
      // The request itself failed. Refused as invalid (a client fault), one bad entry may have
      // refused its neighbours: each is sent alone so only the bad one is reported refused.
      if (isClientFault(thrown) && pending.length > 1) return this.flushOneByOne(pending);
      if (isClientFault(thrown)) pending.forEach((e) => refused.add(e.Id ?? ''));
      error = thrown;
    }
    const left = pending.map((e) => Number(e.Id));
    return { failed: left, refused: left.filter((i) => refused.has(String(i))), ...(error !== undefined ? { error } : {}) };
  }

  private async flushOneByOne(entries: SendMessageBatchRequestEntry[]): Promise<{ failed: number[]; refused: number[]; error?: unknown }> {
    const out = { failed: [] as number[], refused: [] as number[], error: undefined as unknown };
    for (const entry of entries) {
      const one = await this.flush([entry]);
      out.failed.push(...one.failed);
      out.refused.push(...one.refused);
      out.error ??= one.error;
    }
    return out.error === undefined ? { failed: out.failed, refused: out.refused } : out;
  }
}

/** SQS refused the request as the sender's fault (invalid parameter): a retry gets the same answer. */
function isClientFault(error: unknown): boolean {
  const e = error as { $fault?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.$fault === 'client' && (e.$metadata?.httpStatusCode ?? 400) < 500 && e.$metadata?.httpStatusCode !== 429 && !/Throttl|OverLimit|RequestThrottled/.test((error as Error).name ?? '');
}

/** Back-off for a received message: extends its visibility timeout. */
export class SqsPostponer implements Postponer {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async postpone(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.min(Math.max(0, Math.round(seconds)), 43_200) }),
    );
  }
}

/** SQS message attributes allow 256 KiB in all; a cause is one explanatory line, kept short. */
const MAX_CAUSE_CHARS = 1_000;

/** The stage's own DLQ; the message keeps its body, and its cause travels as the `cause` attribute. */
export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly fifo: boolean = queueUrl.endsWith('.fifo'),
  ) {}

  async send(record: { messageId: string; body: string; messageGroupId?: string }, cause: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: record.body,
        MessageAttributes: { cause: { DataType: 'String', StringValue: cause.slice(0, MAX_CAUSE_CHARS) || 'unknown' } },
        ...(this.fifo ? { MessageGroupId: fifoId(record.messageGroupId ?? record.messageId), MessageDeduplicationId: fifoId(record.messageId) } : {}),
      }),
    );
  }
}

/** A dead-lettered message: the cause its stage gave, or that SQS moved it after too many receives. */
export interface DeadLetterSample {
  cause: string;
  body: string;
}

/**
 * Reads up to 10 messages of a DLQ without consuming them (visibility timeout 0) and returns
 * their `cause` attribute — set by a stage that dead-lettered the message itself — or says that
 * SQS moved it after too many receives.
 */
export async function peekDeadLetters(sqs: SQSClient, queueUrl: string): Promise<DeadLetterSample[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
  );
  const seen = new Map<string, DeadLetterSample>();
  for (const m of out.Messages ?? []) {
    const cause = m.MessageAttributes?.cause?.StringValue ?? `moved by SQS after ${m.Attributes?.ApproximateReceiveCount ?? 'too many'} receives (the handler kept failing; see its log)`;
    if (m.MessageId && !seen.has(m.MessageId)) seen.set(m.MessageId, { cause, body: (m.Body ?? '').slice(0, 160) });
  }
  return [...seen.values()];
}

/** Where a dead-lettered message goes back to, read from its body. */
export interface RedriveTarget {
  queueUrl: string;
  /** FIFO: the group, recomputed from the body (so a corrected encoding applies to the replay). */
  groupId?: string;
  /** FIFO: the replay's deduplication id (per DLQ message: replaying one twice queues it once). */
  deduplicationId?: string;
}

export interface RedriveReport {
  redriven: number;
  /** Messages no target was found for: left in the DLQ, with why. */
  kept: { messageId: string; why: string }[];
}

/**
 * Moves the messages of a DLQ back to where they came from: each is sent (without its `cause`)
 * to the target `targetOf` names, then deleted from the DLQ. A crash between the two leaves the
 * message in the DLQ; replaying it again is harmless because every consumer is idempotent on the
 * message's key (README "Guarantees"). Messages received during this run are not read twice.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  dlqUrl: string,
  targetOf: (body: string, messageId: string) => RedriveTarget | string,
  options: { max?: number } = {},
): Promise<RedriveReport> {
  const report: RedriveReport = { redriven: 0, kept: [] };
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  while (report.redriven + report.kept.length < max) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    const messages = (out.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (!messages.length) break;
    for (const m of messages) {
      const id = m.MessageId!;
      seen.add(id);
      if (report.redriven + report.kept.length >= max) break;
      const target = targetOf(m.Body ?? '', id);
      if (typeof target === 'string') {
        report.kept.push({ messageId: id, why: target });
        continue;
      }
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: target.queueUrl,
          MessageBody: m.Body ?? '',
          ...(target.groupId ? { MessageGroupId: target.groupId, MessageDeduplicationId: target.deduplicationId ?? id } : {}),
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: m.ReceiptHandle }));
      report.redriven += 1;
    }
  }
  return report;
}
