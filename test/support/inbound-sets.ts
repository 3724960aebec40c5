/**
 * An inbound X12 set as the process stage hands it to a use case: the partner profile, the set's
 * cause (sender + ISA13 + GS06 + ST02, as processRecord builds it) and the typed document.
 */
import type { InboundSet } from '#functions/use-cases/review-order.ts';
import type { OrderChange, PlanningSchedule, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { causeOfInboundSet } from '#schemas/records/records.ts';
import { documentMessageOf } from './document-messages.ts';

function setOf(x12: string, partner: PartnerProfile, receivedAt?: string) {
  const message = documentMessageOf(x12, partner.id, receivedAt);
  if (message.payload.kind !== 'inline') throw new Error('expected an inline document');
  const cause = causeOfInboundSet(message);
  return { set: { partner, cause, receivedAt: message.source.receivedAt } satisfies InboundSet, document: message.payload.document, message };
}

/** The 850 of `x12` for reviewOrder. */
export function orderSet(x12: string, partner: PartnerProfile, receivedAt?: string): InboundSet & { purchaseOrder: PurchaseOrder } {
  const { set, document } = setOf(x12, partner, receivedAt);
  if (document.type !== '850') throw new Error(`expected an 850, got ${document.type}`);
  return { ...set, purchaseOrder: document };
}

/** The 860 of `x12` for applyOrderChange. */
export function changeSet(x12: string, partner: PartnerProfile, receivedAt?: string): InboundSet & { change: OrderChange } {
  const { set, document } = setOf(x12, partner, receivedAt);
  if (document.type !== '860') throw new Error(`expected an 860, got ${document.type}`);
  return { ...set, change: document };
}

/** The 830 of `x12` for recordForecast, with the schedule reference ingest gives it (BFR02, else BFR03). */
export function forecastSet(x12: string, partner: PartnerProfile, receivedAt?: string): InboundSet & { schedule: PlanningSchedule; reference?: string } {
  const { set, document } = setOf(x12, partner, receivedAt);
  if (document.type !== '830') throw new Error(`expected an 830, got ${document.type}`);
  const reference = document.referenceId ?? document.releaseNumber;
  return { ...set, schedule: document, ...(reference ? { reference } : {}) };
}

/** The documents-queue message of `x12` with its cause, for the use cases that take the message itself. */
export function messageSet(x12: string, partner: PartnerProfile, receivedAt?: string) {
  const { set, message } = setOf(x12, partner, receivedAt);
  return { message, cause: set.cause };
}
