/**
 * Orders for the work lists, the history API and `edi orders` (access pattern 3), one index page
 * at a time: by partner and order-date range, or by status (optionally of one partner).
 */
import { FLAG_STATUSES, type OrderIndex, type OrderSummaryPage } from '#functions/ports/order-index.ts';

export interface ListOrdersDeps {
  orderIndex: OrderIndex;
}

/**
 * The statuses the index answers: the order head's (`open`, `held`, `cancelled`) and the work-list
 * flags kept on the records that decide them (`at-risk`: a line short in PAB; `p1-open`: a P1 case
 * not yet confirmed; `ack-overdue`: a document the partner has not acknowledged in time).
 */
export const INDEXED_STATUSES = ['open', 'held', 'cancelled', ...FLAG_STATUSES] as const;
export type IndexedStatus = (typeof INDEXED_STATUSES)[number];

export interface OrderQuery {
  partner?: string | undefined;
  /** Order dates, YYYY-MM-DD inclusive (with `partner`). */
  from?: string | undefined;
  to?: string | undefined;
  status?: IndexedStatus | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;

export class OrderQueryError extends Error {
  override name = 'OrderQueryError';
}

/** One page of orders matching `q`: by status through the status index (date range applied to the page), else by partner and date. */
export async function listOrders(deps: ListOrdersDeps, q: OrderQuery): Promise<OrderSummaryPage> {
  const page = { limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor };
  if (q.status) {
    const found = await deps.orderIndex.byStatus(q.status, q.partner, page);
    const inRange = (d: string | undefined) => (q.from === undefined || (d ?? '') >= q.from) && (q.to === undefined || (d ?? '') <= q.to);
    return { ...found, orders: found.orders.filter((o) => inRange(o.orderDate)) };
  }
  if (!q.partner) throw new OrderQueryError('orders are listed by partner (and date range) or by status');
  return deps.orderIndex.byPartnerAndDate(q.partner, q.from, q.to, page);
}

/** Every order matching `q`, page after page. */
export async function* allOrdersMatching(deps: ListOrdersDeps, q: Omit<OrderQuery, 'cursor'>): AsyncGenerator<OrderSummaryPage['orders'][number]> {
  let cursor: string | undefined;
  do {
    const page = await listOrders(deps, { ...q, cursor });
    yield* page.orders;
    cursor = page.next;
  } while (cursor);
}
