/**
 * We sent a partner an 855/856/865/810 (deliver stage): record it as `sent` with its control
 * numbers, so the partner's 997/999 or TA1 can find it; then one timer per partner for a batch's
 * documents, at their due time (`ackDueHours` of the partner's profile), raises the overdue alert
 * for each that nothing acknowledged by then. One timer per batch rather than per document keeps
 * the scheduler out of the per-order request count (README, "Figures").
 */
import { stampSentDocument } from '#domain/audit/record-hashes.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { ACK_TIMER_MAX_DOCUMENTS, TIMER_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/timer-message.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { RECORD_SCHEMA_VERSION, type AllocatedNumbersZ } from '#schemas/records/records.ts';
import type { z } from 'zod';
import { controlKey, TRACKED_KINDS } from '#domain/x12/partner-acks.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';

export { TRACKED_KINDS };

export interface TrackSentDocumentDeps {
  sentDocuments: Pick<SentDocuments, 'record'>;
  /** Absent where no scheduler is configured: the state is kept, the overdue alert is not set. */
  scheduler: Scheduler | undefined;
}

export interface SentDocumentInput {
  profile: Pick<PartnerProfile, 'id' | 'ackDueHours'>;
  kind: string;
  idempotencyKey: string;
  subject: Subject;
  numbers: z.infer<typeof AllocatedNumbersZ>;
  sentAt: string;
  /** The hash of the document record (deliver stage) the sent document tracks: the record's anchor in the order's chain. */
  documentHash: string;
}

/**
 * The name of the acknowledgment timer of some of one partner's sent documents (EventBridge
 * Scheduler names: at most 64 characters): the same documents always name the same timer, so a
 * retried batch sets it once.
 */
export function ackTimerName(partner: string, documents: readonly Pick<SentDocument, 'groupControlNumber' | 'setControlNumber'>[]): string {
  const refs = documents.map((d) => `${d.groupControlNumber}/${d.setControlNumber}`).sort();
  return `ack-${sha256Hex(`${partner}/${refs.join(',')}`).slice(0, 40)}`;
}

export function documentKeyOf(subject: Subject, idempotencyKey: string): string {
  return subject.kind === 'order' ? `PO ${subject.purchaseOrderNumber}` : idempotencyKey;
}

/** Records a sent document and sets its timer alone (a batch uses {@link recordSentDocument} and {@link scheduleAckTimers}). */
export async function trackSentDocument(deps: TrackSentDocumentDeps, input: SentDocumentInput): Promise<SentDocument | undefined> {
  const document = await recordSentDocument(deps, input);
  if (document) await scheduleAckTimers(deps, [document]);
  return document;
}

/** Records a sent document as `sent` (once: a redelivery leaves the record as it is); undefined for kinds not tracked. */
export async function recordSentDocument(deps: Pick<TrackSentDocumentDeps, 'sentDocuments'>, input: SentDocumentInput): Promise<SentDocument | undefined> {
  if (!TRACKED_KINDS.has(input.kind)) return undefined;
  const dueAt = new Date(new Date(input.sentAt).getTime() + input.profile.ackDueHours * 3_600_000).toISOString();
  const document: SentDocument = stampSentDocument({
    schemaVersion: RECORD_SCHEMA_VERSION,
    partner: input.profile.id,
    kind: input.kind,
    idempotencyKey: input.idempotencyKey,
    subject: input.subject,
    documentKey: documentKeyOf(input.subject, input.idempotencyKey),
    interchangeControlNumber: controlKey(input.numbers.interchange),
    groupControlNumber: controlKey(input.numbers.group),
    setControlNumber: controlKey(input.numbers.firstSet),
    sentAt: input.sentAt,
    dueAt,
    state: 'sent',
    version: 0,
  }, input.documentHash);
  await deps.sentDocuments.record(document);
  return document;
}

/**
 * One acknowledgment timer per partner for `documents`, at the latest of their due times (a
 * batch's documents were sent within seconds of each other), in chunks of at most
 * {@link ACK_TIMER_MAX_DOCUMENTS}.
 */
export async function scheduleAckTimers(deps: Pick<TrackSentDocumentDeps, 'scheduler'>, documents: readonly SentDocument[]): Promise<void> {
  if (!deps.scheduler) return;
  const byPartner = new Map<string, SentDocument[]>();
  for (const d of documents) byPartner.set(d.partner, [...(byPartner.get(d.partner) ?? []), d]);
  for (const [partner, all] of byPartner) {
    for (let i = 0; i < all.length; i += ACK_TIMER_MAX_DOCUMENTS) {
      const chunk = all.slice(i, i + ACK_TIMER_MAX_DOCUMENTS);
      const dueAt = chunk.map((d) => d.dueAt).reduce((a, b) => (a > b ? a : b));
      await deps.scheduler.scheduleAt(ackTimerName(partner, chunk), new Date(dueAt), {
        schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION,
        kind: 'ack-overdue',
        documents: chunk.map((d) => ({ partner: d.partner, groupControlNumber: d.groupControlNumber, setControlNumber: d.setControlNumber, idempotencyKey: d.idempotencyKey })),
        dueAt,
      });
    }
  }
}
