/**
 * Deterministic names: the same input always yields the same key, so a retried stage writes
 * the same records and sends the same documents, and the receiving side can tell a repeat.
 */
import type { PurchaseOrderLine, ProductId } from '#schemas/documents/x12-documents.ts';
import { lineNumberOf } from '../planning/order-lines.ts';
import { sha256Hex } from './sha256.ts';

/** Idempotency key of an order acknowledgment for an order version (855). */
export function orderAckKey(partner: string, purchaseOrderNumber: string, version: number): string {
  return `855/${partner}/${purchaseOrderNumber}/v${version}`;
}

/** Idempotency key of a change acknowledgment (865) for the change that produced `version`. */
export function changeAckKey(partner: string, purchaseOrderNumber: string, version: number): string {
  return `865/${partner}/${purchaseOrderNumber}/v${version}`;
}

/** Idempotency key of the 856 for one shipment of an order. */
export function shipNoticeKey(partner: string, purchaseOrderNumber: string, shipmentId: string): string {
  return `856/${partner}/${purchaseOrderNumber}/${shipmentId}`;
}

/** Idempotency key of the 810 invoicing one shipment of an order. */
export function invoiceKey(partner: string, purchaseOrderNumber: string, shipmentId: string): string {
  return `810/${partner}/${purchaseOrderNumber}/${shipmentId}`;
}

/**
 * Idempotency key of the planner's anomaly email about one inbound set: from the set's natural
 * key (sender + ISA13 + GS06 + ST02), so an 850 and an 860 of one PO never share it.
 */
export function anomalyEmailKey(partner: string, subjectId: string, causeId: string): string {
  return `anomaly/${partner}/${subjectId}/${sha256Hex(causeId).slice(0, 32)}`;
}

/** Idempotency key of the operations alert about a re-sent 850. */
export function duplicateAlertKey(partner: string, purchaseOrderNumber: string, causeId: string): string {
  return `duplicate-po/${partner}/${purchaseOrderNumber}/${sha256Hex(causeId).slice(0, 16)}`;
}

/** Idempotency key of the 997 for one inbound functional group. */
export function functionalAckKey(senderQualifier: string, senderId: string, interchange: string, group: string): string {
  return `997/${senderQualifier}:${senderId}/${interchange}/${group}`;
}

/** Idempotency key of the TA1 for one inbound interchange. */
export function interchangeAckKey(senderQualifier: string, senderId: string, interchange: string): string {
  return `TA1/${senderQualifier}:${senderId}/${interchange}`;
}

/** Product id qualifiers in the order we prefer them as the item key: vendor part, buyer part, buyer item, UPC. */
const ITEM_QUALIFIERS = ['VP', 'BP', 'IN', 'UP', 'SK', 'VN'];

/** The item a line is for: the first id by {@link ITEM_QUALIFIERS} preference, else the first id given. */
export function itemOf(productIds: readonly ProductId[]): string | undefined {
  for (const q of ITEM_QUALIFIERS) {
    const hit = productIds.find((p) => p.qualifier.trim().toUpperCase() === q && p.value.trim() !== '');
    if (hit) return hit.value.trim();
  }
  const first = productIds.find((p) => p.value.trim() !== '');
  return first?.value.trim();
}

/** PO101 as sent, else the 1-based position of the line. */
export function lineKeyOf(line: Pick<PurchaseOrderLine, 'lineNumber'>, index: number): string {
  return lineNumberOf(line, index);
}
