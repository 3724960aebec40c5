import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';

/** One message for a stage's queue; FIFO queues need the group and deduplication ids. */
export interface QueuedMessage<T> {
  body: T;
  /** FIFO message group (order is kept within it). */
  groupId?: string;
  /** FIFO deduplication id (a repeat within 5 minutes is dropped by SQS). */
  deduplicationId?: string;
}

/** Hands messages to the next stage. Implementations batch (SQS: 10 per request). */
export interface StageQueue<T> {
  send(messages: readonly QueuedMessage<T>[]): Promise<void>;
}

/** Postpones a received message (back-off) by extending its visibility. */
export interface Postponer {
  postpone(receiptHandle: string, seconds: number): Promise<void>;
}

/**
 * A stage's own dead-letter queue: a message that can never be processed goes there at once,
 * with its cause as the `cause` message attribute, instead of being retried until SQS moves it.
 */
export interface DeadLetters {
  /** `record` is the message as received (body, attributes, FIFO group). */
  send(record: { messageId: string; body: string; messageGroupId?: string }, cause: string): Promise<void>;
}

export type DocumentQueue = StageQueue<DocumentMessage>;
export type OutboundQueue = StageQueue<OutboundMessage>;
export type NotifyQueue = StageQueue<NotifyMessage>;
