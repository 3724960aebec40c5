import type { Subject } from '#schemas/messages/common.ts';
import type { ErrorRecord, OutboundRecord } from '#schemas/records/records.ts';

/**
 * Where a document we sent in answer to a partner's interchange (a 997, 999 or TA1: its subject is
 * that interchange) is recorded, filed under the partner by our own ISA13 — so it is found by its
 * own envelope, not only by the interchange it answered.
 */
export interface SentAnswer {
  partner: string;
  kind: string;
  /** Our ISA13, as allocated (unpadded). */
  interchangeControlNumber: string;
  /** The partner's interchange it answered (the record's subject). */
  answers: { sender: { qualifier: string; id: string }; interchangeControlNumber: string };
  idempotencyKey: string;
  bucket: string;
  key: string;
}

/** The pointer of a record whose subject is an interchange (none for an order's or a file's document). */
export function sentAnswerOf(record: OutboundRecord): SentAnswer | undefined {
  if (record.subject.kind !== 'interchange') return undefined;
  return {
    partner: record.partner,
    kind: record.kind,
    interchangeControlNumber: String(record.numbers.interchange),
    answers: { sender: record.subject.sender, interchangeControlNumber: record.subject.interchangeControlNumber },
    idempotencyKey: record.idempotencyKey,
    bucket: record.bucket,
    key: record.key,
  };
}

export type RecordResult = { recorded: true } | { recorded: false; existing: OutboundRecord };

/** Outbound documents as delivered, with their control numbers, under their subject's timeline. */
export interface DeliveryLog {
  find(subject: Subject, idempotencyKey: string): Promise<OutboundRecord | undefined>;
  /**
   * Records the document unless one with this idempotency key exists (then returns that one); a
   * document answering an interchange also gets its {@link SentAnswer} pointer.
   */
  record(record: OutboundRecord): Promise<RecordResult>;
  /** The pointer to what we sent `partner` in interchange `interchangeControlNumber` (ours), when that answered an interchange. */
  answerOf(partner: string, interchangeControlNumber: string): Promise<SentAnswer | undefined>;
  /** Records a document that can never be delivered (e.g. it does not render), once per idempotency key; false if already recorded. */
  recordError(subject: Subject, idempotencyKey: string, record: ErrorRecord): Promise<boolean>;
}
