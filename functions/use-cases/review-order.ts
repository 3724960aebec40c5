/**
 * An inbound 850 (process stage):
 * 1 load the item master and the partner's forecast;
 * 2 the domain decides a new order (checked, maybe held, its 855 and the planner's email) and it
 *   is committed (commit-order.ts: a conditional create, which hands the messages on); only when
 *   the PO number exists is the stored order read: a re-sent 850 is recorded on it;
 * 4 follow up: hold timers, expedite cases, delay risk of its items.
 * A redelivered 850 finds its cause applied and replays the same commit and follow-up.
 */
import { findingsOfEvent, planningContextOf } from '#domain/orders/order-checks.ts';
import * as Order from '#domain/orders/transitions.ts';
import { buildItemIndex, resolveItem, type BookedLine } from '#domain/planning/index.ts';
import type { ItemMaster, PartnerForecasts } from '#functions/ports/planning-store.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Cause, OrderHead } from '#schemas/records/records.ts';
import { commitOrder, replayOrder } from './commit-order.ts';
import { OrderConflictError } from './errors.ts';
import { followUpOrder, type FollowUpOrderDeps } from './follow-up-order.ts';
import { projectItem } from './recompute-delay-risk.ts';

export type ReviewOrderDeps = FollowUpOrderDeps & {
  items: Pick<ItemMaster, 'listItems'>;
  forecasts: Pick<PartnerForecasts, 'getPartnerForecast'>;
};

/** One inbound transaction set as the process stage hands it to a use case. */
export interface InboundSet {
  partner: PartnerProfile;
  /** The set's natural key (sender + ISA13 + GS06 + ST02) and where it is archived. */
  cause: Cause;
  /** When the file arrived: stable across retries. */
  receivedAt: string;
}

export interface OrderReviewOutcome {
  outcome: 'created' | 'duplicate' | 'replayed';
  held: boolean;
  findings: number;
  /** Idempotency keys of the documents queued (855 …). */
  documents: string[];
}

/**
 * The item master and the partner's forecast, or undefined while no item master is loaded (checks
 * off). With `order`, also the partner's open lines of the items it names, so the off-forecast
 * check compares each line with the forecast the other orders left (consumed forecast).
 */
export async function planningContext(deps: Pick<ReviewOrderDeps, 'items' | 'forecasts'> & Partial<ReviewOrderDeps>, partner: string, order?: PurchaseOrder) {
  const items = await deps.items.listItems();
  if (!items.length) return undefined;
  const forecasts = (await deps.forecasts.getPartnerForecast(partner))?.entries ?? [];
  const { demand, supply, partners, clock } = deps;
  if (!order || !demand || !supply || !partners || !clock) return planningContextOf(items, forecasts);
  const index = buildItemIndex(items);
  const parts = new Set(order.lines.flatMap((line) => {
    const found = resolveItem(index, partner, line.productIds);
    return found.kind === 'found' ? [found.item.vendorPart] : [];
  }));
  const booked: BookedLine[] = [];
  for (const part of [...parts].sort()) {
    for (const d of await demand.openDemand(part)) {
      if (d.partner === partner && d.dueDate !== undefined) booked.push({ purchaseOrderNumber: d.purchaseOrderNumber, item: d.item, quantity: d.quantity, dueDate: d.dueDate });
    }
  }
  const context = planningContextOf(items, forecasts, booked);
  if (!context) return undefined;
  const now = clock.now().toISOString();
  const availability: Record<string, { onHand: number; weeks: { weekStart: string; booked: number; supply: number }[] }> = {};
  for (const item of items.filter((i) => parts.has(i.vendorPart))) {
    const projection = await projectItem({ demand, supply, partners, forecasts: deps.forecasts }, item, now);
    if (projection) availability[item.vendorPart] = { onHand: projection.onHand, weeks: projection.rows.map((r) => ({ weekStart: r.weekStart, booked: r.orders, supply: r.supply })) };
  }
  return { ...context, availability };
}

/** A redelivery of the document that made `head`'s last transition: the same commit again, and its follow-up. */
export async function replayIfLast(deps: FollowUpOrderDeps, head: OrderHead, cause: Cause, partner: PartnerProfile): Promise<void> {
  if (head.lastEvent.cause.id !== cause.id) return;
  await replayOrder(deps, head, partner.transitDays);
  await followUpOrder(deps, head, partner);
}

export async function reviewOrder(deps: ReviewOrderDeps, input: InboundSet & { purchaseOrder: PurchaseOrder }): Promise<OrderReviewOutcome> {
  const { partner, cause, purchaseOrder: po } = input;
  const context = await planningContext(deps, partner.id, po);
  const received = { purchaseOrder: po, cause, receivedAt: input.receivedAt, partner, context };
  // Most 850s are new: create first (a conditional put), and read the stored order only when one exists.
  try {
    const created = Order.receiveOrder(undefined, received, deps.clock.now().toISOString());
    const stored = await commitOrder(deps, undefined, created, partner.transitDays);
    await followUpOrder(deps, stored, partner);
    return { outcome: 'created', held: stored.order.status === 'held', findings: findingsOfEvent(created.events[0]!).length, documents: stored.outbox.outbound.map((m) => m.idempotencyKey) };
  } catch (error) {
    if (!(error instanceof OrderConflictError)) throw error;
  }
  const head = await deps.orders.get(partner.id, po.purchaseOrderNumber);
  if (!head) throw new OrderConflictError(`PO ${po.purchaseOrderNumber} exists but could not be read; retried`);
  if (Order.hasApplied(head, cause.id)) {
    await replayIfLast(deps, head, cause, partner);
    return { outcome: 'replayed', held: head.order.status === 'held', findings: 0, documents: [] };
  }
  const resent = Order.receiveOrder(head, received, deps.clock.now().toISOString());
  const stored = await commitOrder(deps, head, resent, partner.transitDays);
  if (stored.planning !== head.planning) await followUpOrder(deps, stored, partner);
  return { outcome: 'duplicate', held: stored.order.status === 'held', findings: findingsOfEvent(resent.events[0]!).length, documents: [] };
}
