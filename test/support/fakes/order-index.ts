/**
 * The order index in memory, over the fakes that hold what the DynamoDB index is written from:
 * order heads (summaries: status, held lines), delay states (`at-risk`), P1 escalations
 * (`p1-open`) and sent documents (`ack-overdue`). Pages are offsets (the real index pages by key).
 */
import type { FlagStatus, OrderFlag, OrderFlagPage, OrderIndex, OrderSummaryPage, PageRequest } from '#functions/ports/order-index.ts';
import { FLAG_STATUSES, InvalidCursorError } from '#functions/ports/order-index.ts';
import type { FakeOrderStore, FakePlanningStore, FakeSentDocuments } from './index.ts';

function paged<T>(all: T[], page: PageRequest): { items: T[]; next?: string } {
  const start = page.cursor === undefined ? 0 : Number(page.cursor);
  if (!Number.isInteger(start) || start < 0) throw new InvalidCursorError('the page cursor is not one this index gave out');
  const items = all.slice(start, start + page.limit);
  return { items, ...(start + page.limit < all.length ? { next: String(start + page.limit) } : {}) };
}

export class FakeOrderIndex implements OrderIndex {
  constructor(
    private readonly orders: FakeOrderStore,
    private readonly planning?: FakePlanningStore,
    private readonly sent?: FakeSentDocuments,
  ) {}

  private summaries() {
    return [...this.orders.heads.values()].map((h) => {
      const o = h.order;
      return {
        partner: o.partner,
        purchaseOrderNumber: o.purchaseOrderNumber,
        status: o.status,
        version: o.version,
        lines: o.purchaseOrder.lines.length,
        heldLines: (h.planning?.lineStates ?? []).filter((l) => l.status === 'held').map((l) => l.lineNumber),
        orderDate: o.orderDate ?? o.createdAt.slice(0, 10),
      };
    });
  }

  async byPartnerAndDate(partner: string, from: string | undefined, to: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    const all = this.summaries()
      .filter((s) => s.partner === partner && (from === undefined || s.orderDate >= from) && (to === undefined || s.orderDate <= to))
      .sort((a, b) => a.orderDate.localeCompare(b.orderDate) || a.purchaseOrderNumber.localeCompare(b.purchaseOrderNumber));
    const p = paged(all, page);
    return { orders: p.items, ...(p.next ? { next: p.next } : {}) };
  }

  async byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    if ((FLAG_STATUSES as readonly string[]).includes(status)) {
      // As the real index: each flagged order once, by partner then PO number.
      const flags = await this.flagged(status as FlagStatus, partner, { limit: Number.MAX_SAFE_INTEGER });
      const keys = new Set(flags.flags.map((f) => `${f.partner}/${f.purchaseOrderNumber}`));
      const flaggedOrders = this.summaries()
        .filter((s) => keys.has(`${s.partner}/${s.purchaseOrderNumber}`))
        .sort((a, b) => a.partner.localeCompare(b.partner) || a.purchaseOrderNumber.localeCompare(b.purchaseOrderNumber));
      const p = paged(flaggedOrders, page);
      return { orders: p.items, ...(p.next ? { next: p.next } : {}) };
    }
    const all = this.summaries().filter((s) => s.status === status && (partner === undefined || s.partner === partner));
    const p = paged(all, page);
    return { orders: p.items, ...(p.next ? { next: p.next } : {}) };
  }

  async flagged(status: FlagStatus, partner: string | undefined, page: PageRequest): Promise<OrderFlagPage> {
    const flags: OrderFlag[] = [];
    if (status === 'p1-open') {
      for (const r of this.planning?.escalations.values() ?? []) {
        const c = r.state.case;
        if (!r.state.confirmation) flags.push({ status, partner: c.partnerId, purchaseOrderNumber: c.purchaseOrderNumber, lineNumber: c.lineNumber, item: c.item, since: r.state.createdAt, detail: `P1 on ${c.item}`, ...(r.quantity === undefined ? {} : { quantity: r.quantity }) });
      }
    } else if (status === 'at-risk') {
      for (const d of this.planning?.delays.values() ?? []) {
        for (const [key, l] of Object.entries(d.state.lines)) {
          if (!l.active) continue;
          const [p, po, line] = key.split('/').map(decodeURIComponent) as [string, string, string];
          flags.push({ status, partner: p, purchaseOrderNumber: po, lineNumber: line, item: d.state.item, since: l.episodeStart, detail: `${d.state.item} short` });
        }
      }
    } else {
      for (const d of this.sent?.documents.values() ?? []) {
        if (d.state === 'overdue' && d.subject.kind === 'order') flags.push({ status, partner: d.partner, purchaseOrderNumber: d.subject.purchaseOrderNumber, since: d.dueAt, detail: `${d.kind} not acknowledged` });
      }
    }
    const p = paged(
      flags.filter((f) => partner === undefined || f.partner === partner),
      page,
    );
    return { flags: p.items, ...(p.next ? { next: p.next } : {}) };
  }
}

