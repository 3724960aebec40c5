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
   * {@link FlagStatus} as {@link pageOfFlaggedOrders} pages it (each order once, by partner then PO).
   */
  byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage>;
  /** The flags themselves (sparse index `gsi2`, `STATUS#<flag>`), optionally of one partner. */
  flagged(status: FlagStatus, partner: string | undefined, page: PageRequest): Promise<OrderFlagPage>;
}

/** A page cursor the index did not give out (answered as a bad request). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export interface OrderRef {
  partner: string;
  purchaseOrderNumber: string;
}

const compareRefs = (a: OrderRef, b: OrderRef) => (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : a.purchaseOrderNumber < b.purchaseOrderNumber ? -1 : a.purchaseOrderNumber > b.purchaseOrderNumber ? 1 : 0);

function lastOrderOf(cursor: string | undefined): OrderRef | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const ref = parsed as Partial<Record<'p' | 'po', unknown>>;
    if (typeof ref.p === 'string' && typeof ref.po === 'string') return { partner: ref.p, purchaseOrderNumber: ref.po };
  } catch {
    // answered below
  }
  throw new InvalidCursorError('the page cursor is not one this index gave out');
}

const FLAG_READ_PAGE = 200;

/**
 * One page of the orders carrying a flag. Flags are kept per line, per item (a delay state names
 * lines of many orders) or per document, so an order has several and they are not sorted by order:
 * a page of flags cut mid-order would repeat the order on the next page, or (when its flags are
 * spread over the index) list it on pages far apart. The flags are read whole (work lists are
 * small: what is short, in P1 or overdue now), folded to their orders, sorted by partner then PO,
 * and paged by the last order returned, so each order comes exactly once across the pages.
 */
export async function pageOfFlaggedOrders(flagged: (page: PageRequest) => Promise<OrderFlagPage>, page: PageRequest): Promise<{ refs: OrderRef[]; next?: string }> {
  const after = lastOrderOf(page.cursor);
  const orders = new Map<string, OrderRef>();
  let cursor: string | undefined;
  do {
    const flags = await flagged({ limit: FLAG_READ_PAGE, cursor });
    for (const f of flags.flags) orders.set(JSON.stringify([f.partner, f.purchaseOrderNumber]), { partner: f.partner, purchaseOrderNumber: f.purchaseOrderNumber });
    cursor = flags.next;
  } while (cursor);
  const rest = [...orders.values()].sort(compareRefs).filter((r) => after === undefined || compareRefs(r, after) > 0);
  const refs = rest.slice(0, Math.max(1, page.limit));
  const last = refs[refs.length - 1];
  return { refs, ...(rest.length > refs.length && last ? { next: Buffer.from(JSON.stringify({ p: last.partner, po: last.purchaseOrderNumber }), 'utf8').toString('base64url') } : {}) };
}
