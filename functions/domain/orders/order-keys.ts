/**
 * Deterministic names: the same input always yields the same key, so a retried stage writes
 * the same records and sends the same documents, and the receiving side can tell a repeat.
 */
import type { PurchaseOrderLine, ProductId } from '#schemas/documents/x12-documents.ts';

/** Idempotency key of an order acknowledgment for an order version (855). */
export function orderAckKey(partner: string, purchaseOrderNumber: string, version: number): string {
  return `855/${partner}/${purchaseOrderNumber}/v${version}`;
}

/** Idempotency key of a change acknowledgment (865) for the change that produced `version`. */
export function changeAckKey(partner: string, purchaseOrderNumber: string, version: number): string {
  return `865/${partner}/${purchaseOrderNumber}/v${version}`;
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
  const sent = line.lineNumber?.trim();
  return sent ? sent : String(index + 1);
}
