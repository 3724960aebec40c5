import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
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
    let error: unknown;
    const flush = async (entries: SendMessageBatchRequestEntry[]): Promise<void> => {
      const out = await this.flush(entries);
      failed.push(...out.failed);
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
    return { failed, ...(error !== undefined ? { error } : {}) };
  }

  /** Sends one request's entries; returns the indexes of those still not accepted. */
  private async flush(entries: SendMessageBatchRequestEntry[]): Promise<{ failed: number[]; error?: unknown }> {
    let pending = entries;
    let error: unknown;
    try {
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((e) => failed.has(e.Id));
        if (pending.length > 0 && out.Failed?.some((f) => f.SenderFault)) break;
      }
    } catch (thrown) {
      // The request itself failed: none of its pending entries is known to be queued.
      error = thrown;
    }
    return { failed: pending.map((e) => Number(e.Id)), ...(error !== undefined ? { error } : {}) };
  }
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
