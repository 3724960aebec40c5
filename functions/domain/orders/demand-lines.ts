/**
 * Open demand by item (access pattern 5): one record per order line, open while the order is
 * open and the line exists; a line deleted or an order cancelled is written back closed.
 */
import type { DemandLine, Order } from '#schemas/records/records.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { itemOf, lineKeyOf } from './order-keys.ts';

const DUE_QUALIFIERS = ['002', '010', '037', '038', '063', '064', '074', '106', '118'];

/** The demand lines of `order`, plus closed records for lines of `previous` that are gone. */
export function demandLinesOf(order: Order, previous?: Order): DemandLine[] {
  const open = order.status !== 'cancelled';
  const current = order.purchaseOrder.lines.flatMap((line, i): DemandLine[] => {
    const item = itemOf(line.productIds);
    if (item === undefined) return [];
    const due = DUE_QUALIFIERS.map((q) => [...line.dates, ...order.purchaseOrder.dates].find((d) => d.qualifier === q)?.date).find(Boolean);
    return [
      {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: order.partner,
        purchaseOrderNumber: order.purchaseOrderNumber,
        lineNumber: lineKeyOf(line, i),
        item,
        quantity: line.quantity ?? 0,
        ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
        ...(due ? { dueDate: due } : {}),
        orderVersion: order.version,
        open,
      },
    ];
  });
  const kept = new Set(current.map((d) => d.lineNumber));
  const closed = (previous ? demandLinesOf(previous) : [])
    .filter((d) => !kept.has(d.lineNumber))
    .map((d) => ({ ...d, orderVersion: order.version, open: false }));
  return [...current, ...closed];
}
