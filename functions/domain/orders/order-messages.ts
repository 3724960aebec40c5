/**
 * The messages an order transition sends, built in one place: acknowledgments and ship notices
 * for the deliver stage, and the emails about the order for the mail stage. Each carries a
 * deterministic idempotency key (order-keys.ts) and the order as its subject; the transition
 * links it to its event.
 */
import type { ChangeAcknowledgment, Invoice, OrderAcknowledgment, ShipNotice } from '#schemas/documents/x12-documents.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { notifyMessage, type AlertData, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { OUTBOUND_MESSAGE_SCHEMA_VERSION, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { LineAssessment } from '#schemas/records/planning-state.ts';
import { sha256Hex } from './sha256.ts';

export function orderSubject(partner: string, purchaseOrderNumber: string): Extract<Subject, { kind: 'order' }> {
  return { kind: 'order', partner, purchaseOrderNumber };
}

/** The subject of an email about no order (an 830's swings, an item's delay alert): its own partition, named by a hash of `key`. */
export function internalSubject(partner: string, key: string): Extract<Subject, { kind: 'file' }> {
  return { kind: 'file', partner, sha256: sha256Hex(key) };
}

/** An 855, 865, 856 or 810 for the deliver stage (inline; the commit moves one too large for a queue message to a claim check). */
export function documentMessage(partner: string, purchaseOrderNumber: string, key: string, document: OrderAcknowledgment | ChangeAcknowledgment | ShipNotice | Invoice, now: string): OutboundMessage {
  return {
    schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION,
    partner,
    kind: document.type,
    idempotencyKey: key,
    subject: orderSubject(partner, purchaseOrderNumber),
    createdAt: now,
    payload: { kind: 'inline', document },
  };
}

/** The planner's email about the findings of one inbound 850/860 (or 830). */
export function anomalyEmail(input: {
  key: string;
  partner: PartnerProfile;
  subject: Subject;
  order: { purchaseOrderNumber: string; orderType: string; orderDate?: string };
  assessments: readonly LineAssessment[];
  items: readonly Item[];
  now: string;
}): NotifyMessage {
  return notifyMessage('planning-anomaly', {
    partner: input.partner.id,
    recipients: ['template'],
    idempotencyKey: input.key,
    subject: input.subject,
    createdAt: input.now,
    data: { partner: input.partner, order: input.order, assessments: [...input.assessments], items: [...input.items] },
  });
}

/** An alert to operations about an order (a re-sent 850, an 860 that never found its 850). */
export function orderAlert(template: 'order-duplicate' | 'change-unmatched', partner: string, purchaseOrderNumber: string, key: string, data: AlertData, now: string): NotifyMessage {
  return notifyMessage(template, { partner, recipients: ['operations'], idempotencyKey: key, subject: orderSubject(partner, purchaseOrderNumber), createdAt: now, data });
}
