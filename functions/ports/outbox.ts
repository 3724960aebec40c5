import type { Outbox } from '#schemas/records/records.ts';

/**
 * Hands a committed order transition's messages on: 855/865/856/810 to the deliver stage, emails to
 * the mail stage, order-step events to the bus. The process stage batches the outboxes of a whole batch; elsewhere they go at once.
 */
export interface OutboxSender {
  send(outbox: Outbox): Promise<void>;
}
