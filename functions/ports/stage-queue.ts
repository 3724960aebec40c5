import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { TimerMessage } from '#schemas/messages/timer-message.ts';

/** One message for a stage's queue; FIFO queues need the group and deduplication ids. */
export interface QueuedMessage<T> {
  body: T;
  /** FIFO message group (order is kept within it). */
  groupId?: string;
  /** FIFO deduplication id (a repeat within 5 minutes is dropped by SQS). */
  deduplicationId?: string;
}

/** What a reporting send did not hand over: indexes into the messages given. */
export interface SendReport {
  failed: number[];
  /**
   * Of `failed`, the messages the queue refused as invalid (SQS: a sender fault, e.g. a FIFO
   * group id it does not take): sending them again gets the same answer.
   */
  refused?: number[];
  /** The first error behind a failure, when a request failed as a whole. */
  error?: unknown;
}

/** Hands messages to the next stage. Implementations batch (SQS: 10 per request). */
export interface StageQueue<T> {
  /** Sends every message; throws when any was not accepted (the caller retries them all). */
  send(messages: readonly QueuedMessage<T>[]): Promise<void>;
  /**
   * Sends every message and reports, instead of throwing, the ones not accepted, so a caller
   * that batches messages of several owners (the process stage's outboxes) retries only theirs.
   */
  sendEach(messages: readonly QueuedMessage<T>[]): Promise<SendReport>;
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
export type TimerQueue = StageQueue<TimerMessage>;
