import type { IndexedOrderSummary } from './order-audit-source.ts';

export type { IndexedOrderSummary };

/** One page of an index query; `next` is an opaque cursor for the following page. */
export interface OrderSummaryPage {
  orders: IndexedOrderSummary[];
  next?: string | undefined;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** The work-list indexes of orders (access pattern 3): by partner and order date, and by status. */
export interface OrderIndex {
  /** Orders of `partner` with an order date in [from, to] (YYYY-MM-DD, inclusive; open ends when undefined), oldest first. */
  byPartnerAndDate(partner: string, from: string | undefined, to: string | undefined, page: PageRequest): Promise<OrderSummaryPage>;
  /** Orders in `status`, optionally of one partner, by partner then date. */
  byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage>;
}
