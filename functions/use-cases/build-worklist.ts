/**
 * The planner's work list (README, "History API" and "Planning intelligence"): every held line,
 * every open P1 case, every order line at delay risk and every document whose acknowledgment is
 * overdue, each with its expedite tier, its partner's priority class and its value (quantity ×
 * unit price of the order line), in priority order (`comparePriority`: tier, P1 first and
 * untiered last, then priority class, then value, largest first).
 *
 * Steps: 1 read the held orders and the three flag indexes, a page of each; 2 load each order
 * and partner profile named once; 3 price each line from the order (the planner's decided
 * quantity and price when there is one); 4 rank.
 */
import { comparePriority, pricedLineOf, valueOf } from '#domain/planning/allocation.ts';
import { lineNumberOf } from '#domain/planning/order-lines.ts';
import type { FlagStatus, OrderIndex } from '#functions/ports/order-index.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { PartnerPriorityClass } from '#schemas/master-data/partner-profile.ts';
import type { OrderHead } from '#schemas/records/records.ts';

export interface BuildWorklistDeps {
  orderIndex: Pick<OrderIndex, 'byStatus' | 'flagged'>;
  orders: Pick<OrderStore, 'get'>;
  partners: Pick<PartnerDirectory, 'get'>;
}

export type WorkKind = 'held' | FlagStatus;

export interface WorkItem {
  kind: WorkKind;
  partner: string;
  purchaseOrderNumber: string;
  lineNumber?: string | undefined;
  item?: string | undefined;
  /** The line's expedite tier (P1 line-down, P2 inside lead time, P3); a P1 case is P1. */
  tier?: 'P1' | 'P2' | 'P3' | undefined;
  /** The partner's priority class (profile `priorityClass`); undefined without a profile (ranks as C). */
  priorityClass?: PartnerPriorityClass | undefined;
  quantity?: number | undefined;
  unitPrice?: number | undefined;
  /** quantity × unitPrice (the whole order's for an overdue acknowledgment); undefined when unpriced. */
  value?: number | undefined;
  since?: string | undefined;
  detail: string;
}

export interface Worklist {
  items: WorkItem[];
  /** True when an index had more than one page: the list shows the first `limit` of each kind. */
  truncated: boolean;
}

function orderValue(head: OrderHead | undefined): number | undefined {
  if (!head) return undefined;
  let total = 0;
  for (const [i, l] of head.order.purchaseOrder.lines.entries()) {
    const v = pricedLineOf(head, lineNumberOf(l, i));
    const value = valueOf(v.quantity, v.unitPrice);
    if (value === undefined) return undefined;
    total += value;
  }
  return Math.round(total * 100) / 100;
}

export async function buildWorklist(deps: BuildWorklistDeps, q: { partner?: string | undefined; limit: number }): Promise<Worklist> {
  const page = { limit: q.limit };
  const [held, ...flags] = await Promise.all([
    deps.orderIndex.byStatus('held', q.partner, page),
    deps.orderIndex.flagged('p1-open', q.partner, page),
    deps.orderIndex.flagged('at-risk', q.partner, page),
    deps.orderIndex.flagged('ack-overdue', q.partner, page),
  ]);
  const heads = new Map<string, Promise<OrderHead | undefined>>();
  const headOf = (partner: string, po: string) => {
    const key = `${partner}\u0000${po}`;
    let found = heads.get(key);
    if (!found) heads.set(key, (found = deps.orders.get(partner, po)));
    return found;
  };
  const items: WorkItem[] = [];
  for (const o of held.orders) {
    const head = await headOf(o.partner, o.purchaseOrderNumber);
    for (const lineNumber of o.heldLines) {
      const p = pricedLineOf(head, lineNumber);
      const state = head?.planning?.lineStates.find((s) => s.lineNumber === lineNumber);
      items.push({ kind: 'held', partner: o.partner, purchaseOrderNumber: o.purchaseOrderNumber, lineNumber, ...p, value: valueOf(p.quantity, p.unitPrice), since: state?.heldSince, detail: `held: ${(state?.reasons ?? []).join(', ') || 'planner review'}` });
    }
  }
  for (const f of flags.flatMap((x) => x.flags)) {
    const head = await headOf(f.partner, f.purchaseOrderNumber);
    if (f.lineNumber === undefined) {
      items.push({ kind: f.status, partner: f.partner, purchaseOrderNumber: f.purchaseOrderNumber, value: orderValue(head), since: f.since, detail: f.detail ?? f.status });
      continue;
    }
    const p = pricedLineOf(head, f.lineNumber);
    const quantity = f.quantity ?? p.quantity;
    items.push({
      kind: f.status,
      partner: f.partner,
      purchaseOrderNumber: f.purchaseOrderNumber,
      lineNumber: f.lineNumber,
      item: f.item ?? p.item,
      tier: f.status === 'p1-open' ? 'P1' : p.tier,
      quantity,
      unitPrice: p.unitPrice,
      value: valueOf(quantity, p.unitPrice),
      since: f.since,
      detail: f.detail ?? f.status,
    });
  }
  const classes = new Map<string, PartnerPriorityClass | undefined>();
  for (const partner of new Set(items.map((i) => i.partner))) classes.set(partner, (await deps.partners.get(partner))?.priorityClass);
  for (const item of items) item.priorityClass = classes.get(item.partner);
  items.sort((a, b) => comparePriority(a, b) || a.partner.localeCompare(b.partner) || a.purchaseOrderNumber.localeCompare(b.purchaseOrderNumber));
  return { items, truncated: held.next !== undefined || flags.some((x) => x.next !== undefined) };
}
