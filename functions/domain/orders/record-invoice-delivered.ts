/**
 * Invoiced when delivered (README, "The order cycle"): the 810 of a shipment is queued with the
 * shipment, but the order is invoiced only once the deliver stage has written it for the partner
 * with its control numbers. {@link recordInvoiceDelivered} marks the shipment's 810 delivered
 * (`order.invoice-delivered`), which is what moves the order to `invoiced` — and, shipped in full,
 * `closed` — with their order-step events. The version does not move: what the order says and
 * what we agreed to are unchanged.
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { AllocatedNumbers, OrderHead } from '#schemas/records/records.ts';
import { advance, hasApplied, refuse, type Refusal, type Transition } from './transition.ts';

export interface DeliveredInvoice {
  /** The 810's idempotency key, as the shipment recorded it (`invoiceKey`). */
  invoiceKey: string;
  /** When the deliver stage recorded it (its outbound record's `recordedAt`). */
  deliveredAt: string;
  numbers: Pick<AllocatedNumbers, 'interchange' | 'group' | 'firstSet'>;
  outboundKey: string;
}

/** The cause of the step: one per 810, so a redelivered 810 records nothing twice. */
export function invoiceDeliveredCauseId(invoiceKey: string): string {
  return `invoice-delivered/${invoiceKey}`;
}

/** Already recorded for this 810 (a redelivery of the message, a retried batch). */
export function isInvoiceRecorded(head: OrderHead, invoiceKey: string): boolean {
  return hasApplied(head, invoiceDeliveredCauseId(invoiceKey));
}

export function recordInvoiceDelivered(head: OrderHead, input: { partner: Pick<PartnerProfile, 'id' | 'acks'>; invoice: DeliveredInvoice }, now: string): Transition | Refusal {
  const { invoice } = input;
  const shipments = head.planning?.shipments ?? [];
  const shipment = shipments.find((s) => s.invoiceKey === invoice.invoiceKey);
  if (!head.planning || !shipment) return refuse(`PO ${head.order.purchaseOrderNumber} has no shipment whose 810 is ${invoice.invoiceKey}`);
  if (shipment.invoiceDeliveredAt || isInvoiceRecorded(head, invoice.invoiceKey)) return refuse(`the 810 ${invoice.invoiceKey} is recorded as delivered already`);
  const planning = { ...head.planning, shipments: shipments.map((s) => (s === shipment ? { ...s, invoiceDeliveredAt: invoice.deliveredAt } : s)) };
  const n = invoice.numbers;
  return advance(
    head,
    input.partner,
    {
      type: 'order.invoice-delivered',
      cause: { partner: head.order.partner, type: 'invoice-delivered', id: invoiceDeliveredCauseId(invoice.invoiceKey), interchangeControlNumber: String(n.interchange), groupControlNumber: String(n.group), setControlNumber: String(n.firstSet) },
      actor: 'system:deliver',
      summary: `810 for shipment ${shipment.id} delivered (ISA13 ${n.interchange}, GS06 ${n.group}, ST02 ${n.firstSet})`,
      details: { shipmentId: shipment.id, invoiceKey: invoice.invoiceKey, interchangeControlNumber: String(n.interchange), groupControlNumber: String(n.group), setControlNumber: String(n.firstSet), outboundKey: invoice.outboundKey },
      at: invoice.deliveredAt,
      planning,
    },
    now,
  );
}
