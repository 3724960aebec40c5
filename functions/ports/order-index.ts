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

/** Statuses kept by the records that carry them rather than by the order head: delay state, P1 case, sent document. */
export const FLAG_STATUSES = ['at-risk', 'p1-open', 'ack-overdue'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** One flagged order line (or, for an overdue acknowledgment, the document of an order). */
export interface OrderFlag {
  status: FlagStatus;
  partner: string;
  purchaseOrderNumber: string;
  /** The line at risk or in P1 (absent for an overdue acknowledgment). */
  lineNumber?: string | undefined;
  /** The vendor part (at-risk, p1-open). */
  item?: string | undefined;
  /** Since when: the delay episode's start, the P1 case's creation, the document's due time. */
  since?: string | undefined;
  /** What is flagged, for people: `855 ISA13 000000012 due 2025-…`, the P1 confirm-by time. */
  detail?: string | undefined;
  /** Quantity the flag is about, when the record knows it (the P1 case's quantity). */
  quantity?: number | undefined;
}

export interface OrderFlagPage {
  flags: OrderFlag[];
  next?: string | undefined;
}

/** The work-list indexes of orders (access pattern 3): by partner and order date, and by status. */
export interface OrderIndex {
  /** Orders of `partner` with an order date in [from, to] (YYYY-MM-DD, inclusive; open ends when undefined), oldest first. */
  byPartnerAndDate(partner: string, from: string | undefined, to: string | undefined, page: PageRequest): Promise<OrderSummaryPage>;
  /**
   * Orders in `status`, optionally of one partner: a head status by partner then date; a
   * {@link FlagStatus} (the orders with such a flag) by partner then PO number, each order once
   * across all pages however many of its lines or documents are flagged.
   */
  byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage>;
  /** The flags themselves (sparse index `gsi2`, `STATUS#<flag>`), optionally of one partner. */
  flagged(status: FlagStatus, partner: string | undefined, page: PageRequest): Promise<OrderFlagPage>;
}

/** A page cursor the index did not give out (answered as a bad request). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}
