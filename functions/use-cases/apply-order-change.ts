/**
 * An inbound 860 (process stage): 1 load the order, the item master and the forecast; 2 the
 * domain applies the change (next version, checks of the changed lines, the 865); 3 commit once;
 * 4 follow up (hold timers, expedite, delay risk). An 860 whose 850 has not arrived is reported
 * as `order-not-found`: the process stage makes it wait (order per PO), then records it.
 */
import * as Order from '#domain/orders/transitions.ts';
import type { OrderChange } from '#schemas/documents/x12-documents.ts';
import { commitOrder } from './commit-order.ts';
import { followUpOrder } from './follow-up-order.ts';
import { planningContext, replayIfLast, type InboundSet, type ReviewOrderDeps } from './review-order.ts';

export type ApplyOrderChangeDeps = ReviewOrderDeps;

export type ChangeOutcome = { outcome: 'order-not-found' } | { outcome: 'replayed' } | { outcome: 'applied'; cancelled: boolean; held: boolean; documents: string[] };

export async function applyOrderChange(deps: ApplyOrderChangeDeps, input: InboundSet & { change: OrderChange }): Promise<ChangeOutcome> {
  const { partner, cause, change } = input;
  const head = await deps.orders.get(partner.id, change.purchaseOrderNumber);
  if (!head) return { outcome: 'order-not-found' };
  if (Order.hasApplied(head, cause.id)) {
    await replayIfLast(deps, head, cause, partner);
    return { outcome: 'replayed' };
  }
  const context = await planningContext(deps, partner.id);
  const transition = Order.changeOrder(head, { change, cause, receivedAt: input.receivedAt, partner, context }, deps.clock.now().toISOString());
  const stored = await commitOrder(deps, head, transition, partner.transitDays);
  await followUpOrder(deps, stored, partner);
  return { outcome: 'applied', cancelled: transition.cancelled, held: stored.order.status === 'held', documents: stored.outbox.outbound.map((m) => m.idempotencyKey) };
}
