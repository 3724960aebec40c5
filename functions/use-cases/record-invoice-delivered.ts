/**
 * The deliver stage wrote a shipment's 810 (README, "The order cycle"): record it on the order —
 * `order.invoice-delivered`, which moves the order to `invoiced` (and `closed` when shipped in
 * full), with those order-step events on the bus through the transition's outbox — so the cycle
 * says invoiced when the partner could have the invoice, not when it was queued.
 * 1 load the partner and the order; 2 already recorded for this 810 (a redelivery): re-send the
 * outbox when it is still the order's last event, else nothing; 3 the domain records it;
 * 4 commit once, reading again on a concurrent change.
 */
import * as Order from '#domain/orders/transitions.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import { commitOrder, replayOrder, type CommitDeps } from './commit-order.ts';
import { OrderConflictError } from './errors.ts';

export type RecordInvoiceDeliveredDeps = CommitDeps & { orders: Pick<OrderStore, 'get'>; partners: PartnerDirectory; clock: Clock };

export type InvoiceDeliveredOutcome = { recorded: true; steps: string[] } | { recorded: false; reason: string };

export async function recordInvoiceDelivered(deps: RecordInvoiceDeliveredDeps, input: { partner: string; purchaseOrderNumber: string; invoice: Order.DeliveredInvoice }): Promise<InvoiceDeliveredOutcome> {
  const profile = await deps.partners.get(input.partner);
  if (!profile) return { recorded: false, reason: `no partner ${input.partner}` };
  for (let attempt = 0; attempt < 5; attempt++) {
    const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
    if (!head) return { recorded: false, reason: `no order ${input.partner} PO ${input.purchaseOrderNumber}` };
    if (Order.isInvoiceRecorded(head, input.invoice.invoiceKey)) {
      // A crash after the commit, before the outbox went: the retry sends it again (consumers dedupe).
      if (head.lastEvent.cause.id === Order.invoiceDeliveredCauseId(input.invoice.invoiceKey)) await replayOrder(deps, head, profile.transitDays);
      return { recorded: false, reason: 'recorded already' };
    }
    const transition = Order.recordInvoiceDelivered(head, { partner: profile, invoice: input.invoice }, deps.clock.now().toISOString());
    if (Order.isRefusal(transition)) return { recorded: false, reason: transition.reason };
    try {
      const stored = await commitOrder(deps, head, transition, profile.transitDays);
      return { recorded: true, steps: stored.lastEvent.steps ?? [] };
    } catch (error) {
      if (!(error instanceof OrderConflictError)) throw error;
    }
  }
  throw new OrderConflictError(`PO ${input.purchaseOrderNumber} kept changing while its 810 was recorded as delivered`);
}
