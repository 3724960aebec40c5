/**
 * We sent a partner an 855/856/865/810 (deliver stage): record it as `sent` with its control
 * numbers, so the partner's 997/999 or TA1 can find it, and set one timer for its due time
 * (`ackDueHours` of the partner's profile) that raises the overdue alert if nothing came by then.
 */
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { TIMER_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/timer-message.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { RECORD_SCHEMA_VERSION, type AllocatedNumbersZ } from '#schemas/records/records.ts';
import type { z } from 'zod';
import { controlKey } from '#domain/x12/partner-acks.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';

/** The documents whose acknowledgment we track: what the partner acts on (not the 997s and TA1s we send). */
export const TRACKED_KINDS: ReadonlySet<string> = new Set(['855', '856', '865', '810']);

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
}

/** The name of a sent document's overdue timer (EventBridge Scheduler names: at most 64 characters). */
export function ackTimerName(partner: string, groupControlNumber: string, setControlNumber: string): string {
  return `ack-${sha256Hex(`${partner}/${groupControlNumber}/${setControlNumber}`).slice(0, 40)}`;
}

export function documentKeyOf(subject: Subject, idempotencyKey: string): string {
  return subject.kind === 'order' ? `PO ${subject.purchaseOrderNumber}` : idempotencyKey;
}

export async function trackSentDocument(deps: TrackSentDocumentDeps, input: SentDocumentInput): Promise<SentDocument | undefined> {
  if (!TRACKED_KINDS.has(input.kind)) return undefined;
  const dueAt = new Date(new Date(input.sentAt).getTime() + input.profile.ackDueHours * 3_600_000).toISOString();
  const document: SentDocument = {
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
  };
  await deps.sentDocuments.record(document);
  await deps.scheduler?.scheduleAt(ackTimerName(document.partner, document.groupControlNumber, document.setControlNumber), new Date(dueAt), {
    schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION,
    kind: 'ack-overdue',
    document: { partner: document.partner, groupControlNumber: document.groupControlNumber, setControlNumber: document.setControlNumber, idempotencyKey: document.idempotencyKey },
    dueAt,
  });
  return document;
}
