/**
 * Open demand by item (access pattern 5): one record per order line, open while the order is
 * open and the line is promised; a line deleted, rejected or an order cancelled is written back
 * closed, so it drops out of the item's demand.
 *
 * With the planning checks, demand is the *accepted* lines (a held line is not promised yet, a
 * rejected one never), keyed by our vendor part, due on the ship date (the decision's date when
 * a planner set one), with the decided quantity less what has shipped: a shipment closes its
 * demand (the line stays open for the rest, or closes when it shipped in full), so an on-hand
 * reload after the goods left does not count them twice. Without the checks, every line counts as
 * ordered, keyed by its first product id and due on its requested date.
 */
import type { DemandLine, Order, OrderHead, OrderPlanning } from '#schemas/records/records.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { lineNumberOf, orderedQuantityOf, requestedDateOf } from '../planning/order-lines.ts';
import { itemOf } from './order-keys.ts';

const DUE_QUALIFIERS = ['002', '010', '037', '038', '063', '064', '074', '106', '118'];

/** The demand lines of `order` as ordered (no planning state), plus closed records for lines of `previous` that are gone. */
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
        lineNumber: lineNumberOf(line, i),
        item,
        quantity: line.quantity ?? 0,
        ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
        ...(due ? { dueDate: due } : {}),
        orderVersion: order.version,
        open,
      },
    ];
  });
  return [...current, ...closedLines(order, current, previous ? demandLinesOf(previous) : [])];
}

/** Demand lines of an order with planning state (see the module comment). */
export function plannedDemandOf(order: Order, planning: OrderPlanning, transitDays: number, previous?: Order): DemandLine[] {
  const po = order.purchaseOrder;
  const open = order.status !== 'cancelled';
  const itemOfLine = (lineNumber: string, productIds: Parameters<typeof itemOf>[0]): string => planning.items[lineNumber] ?? itemOf(productIds) ?? `?${lineNumber}`;
  const lines = po.lines.map((line, i): DemandLine => {
    const lineNumber = lineNumberOf(line, i);
    const state = planning.lineStates.find((s) => s.lineNumber === lineNumber);
    const due = state?.date ?? requestedDateOf(po, line, transitDays)?.shipDate;
    const promised = state?.quantity ?? orderedQuantityOf(line) ?? 0;
    const remaining = Math.max(0, promised - (planning.shipped?.[lineNumber] ?? 0));
    return {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: order.partner,
      purchaseOrderNumber: order.purchaseOrderNumber,
      lineNumber,
      item: itemOfLine(lineNumber, line.productIds),
      quantity: remaining,
      ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
      ...(due ? { dueDate: due } : {}),
      orderVersion: order.version,
      open: open && state?.status === 'accepted' && remaining > 0,
    };
  });
  const gone = (previous?.purchaseOrder.lines ?? []).map((line, i): DemandLine => {
    const lineNumber = lineNumberOf(line, i);
    return { schemaVersion: RECORD_SCHEMA_VERSION, partner: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lineNumber, item: itemOfLine(lineNumber, line.productIds), quantity: 0, orderVersion: order.version, open: false };
  });
  return [...lines, ...closedLines(order, lines, gone)];
}

/** Lines of `previous` no longer on the order, written back closed at the order's version. */
function closedLines(order: Order, current: readonly DemandLine[], previous: readonly DemandLine[]): DemandLine[] {
  const kept = new Set(current.map((d) => d.lineNumber));
  return previous.filter((d) => !kept.has(d.lineNumber)).map((d) => ({ ...d, orderVersion: order.version, open: false }));
}

/** The demand lines a head stands for, whichever way it was checked. */
export function demandOfHead(head: Pick<OrderHead, 'order' | 'planning'>, transitDays: number, previous?: Order): DemandLine[] {
  return head.planning ? plannedDemandOf(head.order, head.planning, transitDays, previous) : demandLinesOf(head.order, previous);
}
