/**
 * `edi export` (and the console's export): the orders of a partner in an order-date range with
 * their lines, line status, decisions and documents sent, for audit sampling — streamed, one
 * index page and one order at a time, never the whole range in memory.
 */
import { csvRowsOf, EXPORT_CSV_HEADER, exportedOrderOf } from '#domain/audit/audit-export.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { Timeline } from '#functions/ports/timeline.ts';
import { allOrdersMatching, type ListOrdersDeps } from './list-orders.ts';

export interface ExportOrdersDeps extends ListOrdersDeps {
  orders: Pick<OrderStore, 'get'>;
  timeline: Pick<Timeline, 'order'>;
}

export type ExportFormat = 'csv' | 'jsonl';

/** The export as lines of text (each ends with a newline): CSV with a header, or one JSON object per order. */
export async function* exportOrders(deps: ExportOrdersDeps, q: { partner: string; from?: string | undefined; to?: string | undefined }, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield `${EXPORT_CSV_HEADER.join(',')}\r\n`;
  for await (const summary of allOrdersMatching(deps, { partner: q.partner, from: q.from, to: q.to })) {
    const [head, t] = await Promise.all([deps.orders.get(summary.partner, summary.purchaseOrderNumber), deps.timeline.order(summary.partner, summary.purchaseOrderNumber)]);
    if (!head) continue;
    const e = exportedOrderOf(head, t.documents);
    if (format === 'jsonl') yield `${JSON.stringify(e)}\n`;
    else for (const row of csvRowsOf(e)) yield `${row}\r\n`;
  }
}
