/**
 * The default acknowledgments, used until planning rules say otherwise:
 * an 855 "accepted, no change" (BAK02 `AD`, every line ACK01 `IA` with its quantity and
 * requested date) and an 865 that reports each POC line as applied (`IA`) or rejected (`IR`).
 */
import type { ChangeAcknowledgment, DateRef, LineAck, OrderAcknowledgment, OrderChange, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import type { Order } from '#schemas/records/records.ts';
import type { LineOutcome } from '#schemas/records/records.ts';
import type { LineState } from '#schemas/records/planning-state.ts';
import { lineKeyOf } from './order-keys.ts';

/** DTM/SCH qualifiers that state a requested ship (010, 037, 038, 118) or delivery (002, 063, 064, 074, 106) date. */
const REQUESTED_DATE_QUALIFIERS = ['010', '037', '038', '118', '002', '063', '064', '074', '106'];
const SHIP_QUALIFIERS = new Set(['010', '037', '038', '118']);

function requestedDate(line: PurchaseOrderLine, header: readonly DateRef[]): { qualifier: string; date: string } | undefined {
  const candidates = [...line.dates, ...line.schedules.map((s) => ({ qualifier: s.dateQualifier ?? '', date: s.date ?? '' })), ...header];
  for (const q of REQUESTED_DATE_QUALIFIERS) {
    const hit = candidates.find((d) => d.qualifier === q && d.date);
    if (hit) return { qualifier: q, date: hit.date };
  }
  return undefined;
}

function acceptedAsOrdered(line: PurchaseOrderLine, header: readonly DateRef[]): LineAck {
  const date = requestedDate(line, header);
  return {
    status: 'IA',
    ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
    ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
    ...(date ? { dateQualifier: SHIP_QUALIFIERS.has(date.qualifier) ? '068' : '067', date: date.date } : {}),
  };
}

/** 855 accepting `order` as ordered: BAK01 `00`, BAK02 `AD`, one ACK `IA` per PO1. `ackDate` is ISO `YYYY-MM-DD`. */
export function acknowledgeOrder(order: Pick<Order, 'purchaseOrder'>, ackDate: string): OrderAcknowledgment {
  const po = order.purchaseOrder;
  return {
    type: '855',
    controlNumber: '0001',
    purpose: '00',
    acknowledgmentType: 'AD',
    purchaseOrderNumber: po.purchaseOrderNumber,
    ...(po.orderDate ? { orderDate: po.orderDate } : {}),
    ...(po.releaseNumber ? { releaseNumber: po.releaseNumber } : {}),
    acknowledgmentDate: ackDate,
    ...(po.currency ? { currency: po.currency } : {}),
    references: [],
    dates: [],
    parties: po.parties.filter((p) => p.role.trim().toUpperCase() === 'ST'),
    contacts: [],
    notes: [],
    lines: po.lines.map((line, i) => ({ ...line, lineNumber: lineKeyOf(line, i), acks: [acceptedAsOrdered(line, po.dates)] })),
  };
}

/**
 * 865 answering an 860: BCA02 `AT` (accepted) when every line change applied, `AC` (with
 * changes) when some were rejected, `RJ` when none could be; ACK `IA`/`IR` per POC line.
 */
export function acknowledgeChange(order: Pick<Order, 'purchaseOrderNumber' | 'purchaseOrder'>, change: OrderChange, outcomes: readonly LineOutcome[], ackDate: string): ChangeAcknowledgment {
  const rejected = outcomes.filter((o) => !o.applied).length;
  const type = rejected === 0 ? 'AT' : rejected === outcomes.length ? 'RJ' : 'AC';
  return {
    type: '865',
    controlNumber: '0001',
    purpose: '00',
    acknowledgmentType: type,
    purchaseOrderNumber: order.purchaseOrderNumber,
    ...(change.releaseNumber ? { releaseNumber: change.releaseNumber } : {}),
    ...(change.changeSequence ? { changeSequence: change.changeSequence } : {}),
    ...(order.purchaseOrder.orderDate ? { orderDate: order.purchaseOrder.orderDate } : {}),
    acknowledgmentDate: ackDate,
    references: [],
    dates: [],
    parties: [],
    contacts: [],
    notes: [],
    lines: change.lines.map((poc, i) => {
      const outcome = outcomes[i];
      const applied = outcome?.applied ?? false;
      return {
        ...poc,
        lineNumber: lineKeyOf(poc, i),
        acks: [{ status: applied ? 'IA' : 'IR', ...(poc.quantity !== undefined ? { quantity: poc.quantity } : {}), ...(poc.unitOfMeasure ? { unitOfMeasure: poc.unitOfMeasure } : {}) }],
      };
    }),
  };
}

/**
 * The 865 of an 860 whose changed lines waited for a planner, once decided: each POC line that
 * applied is answered by its line's decision — `IR` rejected, `DR` with the decided ship date
 * (ACK04 `068`), `IQ` with the decided quantity, `IP` with the decided price (POC06), else `IA`;
 * a POC line that could not apply stays `IR`. BCA02 as {@link acknowledgeChange}.
 */
export function acknowledgeDecidedChange(
  order: Pick<Order, 'purchaseOrderNumber' | 'purchaseOrder'>,
  pending: { change: OrderChange; outcomes: readonly LineOutcome[] },
  lineStates: readonly LineState[],
  ackDate: string,
): ChangeAcknowledgment {
  const outcomes = pending.outcomes.map((o) => (o.applied && lineStates.find((s) => s.lineNumber === o.lineNumber)?.status === 'rejected' ? { ...o, applied: false } : o));
  const base = acknowledgeChange(order, pending.change, outcomes, ackDate);
  return {
    ...base,
    lines: base.lines.map((line, i) => {
      const state = lineStates.find((s) => s.lineNumber === line.lineNumber);
      if (!outcomes[i]?.applied || !state) return line;
      const quantity = state.quantity ?? line.quantity;
      const unit = state.unitOfMeasure ?? line.unitOfMeasure;
      const ack = (status: string): LineAck => ({
        status,
        ...(quantity !== undefined ? { quantity } : {}),
        ...(unit ? { unitOfMeasure: unit } : {}),
        ...(state.date ? { dateQualifier: '068', date: state.date } : {}),
      });
      const acks: LineAck[] = [];
      if (state.quantity !== undefined && state.quantity !== line.quantity) acks.push(ack('IQ'));
      if (state.date !== undefined) acks.push(ack('DR'));
      if (state.unitPrice !== undefined && state.unitPrice !== line.unitPrice) acks.push(ack('IP'));
      return { ...line, ...(state.unitPrice !== undefined ? { unitPrice: state.unitPrice } : {}), acks: acks.length > 0 ? acks : [ack('IA')] };
    }),
  };
}
