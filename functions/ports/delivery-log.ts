import type { Subject } from '#schemas/messages/common.ts';
import type { ErrorRecord, OutboundRecord } from '#schemas/records/records.ts';

export type RecordResult = { recorded: true } | { recorded: false; existing: OutboundRecord };

/** Outbound documents as delivered, with their control numbers, under their subject's timeline. */
export interface DeliveryLog {
  find(subject: Subject, idempotencyKey: string): Promise<OutboundRecord | undefined>;
  /** Records the document unless one with this idempotency key exists (then returns that one). */
  record(record: OutboundRecord): Promise<RecordResult>;
  /** Records a document that can never be delivered (e.g. it does not render), once per idempotency key; false if already recorded. */
  recordError(subject: Subject, idempotencyKey: string, record: ErrorRecord): Promise<boolean>;
  /**
   * The acknowledgments we sent (997, 999, TA1: documents whose subject is the interchange they
   * answer) in our interchange `interchangeControlNumber` to `partner` — found by our own ISA13,
   * without knowing the interchange answered.
   */
  acknowledgmentsSentIn(partner: string, interchangeControlNumber: number): Promise<OutboundRecord[]>;
}
