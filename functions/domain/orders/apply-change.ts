/**
 * An 860 applied to the stored order gives the next version. BCH01 `01` cancels the order;
 * otherwise each POC line is applied by its change type (POC02): `AI` add item, `DI` delete
 * item, `QI`/`QD` quantity increase/decrease (POC03 is the new quantity ordered), `PC` price
 * change (POC06), and any other code (`CA`, `CT`, `RZ`, …) replaces the values the line sends.
 * Header DTMs replace the order's dates of the same qualifier. A line that cannot be applied
 * is reported (it becomes an `IR` in the 865), never silently skipped.
 */
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { DateRef, OrderChange, OrderChangeLine, PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import type { Cause, LineOutcome, Order, OrderEvent, OrderHead, OrderPlanning } from '#schemas/records/records.ts';
import type { ReviewDetails } from './create-order.ts';
import { itemOf, lineKeyOf } from './order-keys.ts';
import type { StageAcks } from './order-stage.ts';
import { advance, type Transition } from './transition.ts';

export type { LineOutcome };

/** The purchase order an 860 leaves, and how each of its POC lines applied. */
export interface AmendedOrder {
  purchaseOrder: PurchaseOrder;
  outcomes: LineOutcome[];
  cancelled: boolean;
}

export interface AppliedChange extends Transition {
  order: Order;
  event: OrderEvent;
  outcomes: LineOutcome[];
  cancelled: boolean;
}

function mergeDates(current: readonly DateRef[], changes: readonly DateRef[]): DateRef[] {
  const replaced = new Set(changes.map((d) => d.qualifier));
  return [...current.filter((d) => !replaced.has(d.qualifier)), ...changes];
}

function findLine(lines: readonly PurchaseOrderLine[], change: OrderChangeLine): number {
  const number = change.lineNumber?.trim();
  if (number) return lines.findIndex((l, i) => lineKeyOf(l, i) === number);
  const item = itemOf(change.productIds);
  return item === undefined ? -1 : lines.findIndex((l) => itemOf(l.productIds) === item);
}

function newLineFrom(change: OrderChangeLine, lineNumber: string): PurchaseOrderLine {
  const { changeType: _c, quantityLeftToReceive: _q, ...line } = change;
  return { ...line, lineNumber };
}

/** Values a general change (`CA`, `RZ`, …) replaces: every value the POC line sends. */
function overlay(line: PurchaseOrderLine, change: OrderChangeLine): PurchaseOrderLine {
  return {
    ...line,
    ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
    ...(change.unitOfMeasure ? { unitOfMeasure: change.unitOfMeasure } : {}),
    ...(change.unitPrice !== undefined ? { unitPrice: change.unitPrice } : {}),
    ...(change.priceBasis ? { priceBasis: change.priceBasis } : {}),
    ...(change.productIds.length ? { productIds: change.productIds } : {}),
    ...(change.description ? { description: change.description } : {}),
    dates: mergeDates(line.dates, change.dates),
    ...(change.schedules.length ? { schedules: change.schedules } : {}),
    ...(change.parties.length ? { parties: change.parties } : {}),
  };
}

function snapshot(line: PurchaseOrderLine): NonNullable<LineOutcome['before']> {
  return {
    ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
    ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
    ...(line.dates.length ? { dates: line.dates } : {}),
  };
}

/** What one 860 does to the purchase order: line by line (POC02), plus the header dates it replaces. */
export function amendOrder(order: Pick<Order, 'purchaseOrder'>, change: OrderChange): AmendedOrder {
  const lines = [...order.purchaseOrder.lines];
  const outcomes: LineOutcome[] = [];
  const cancelled = change.purpose.trim() === '01';
  if (!cancelled) {
    for (const [i, poc] of change.lines.entries()) {
      const type = poc.changeType.trim().toUpperCase();
      const lineNumber = lineKeyOf(poc, i);
      const at = findLine(lines, poc);
      const existing = at >= 0 ? lines[at] : undefined;
      if (type === 'AI') {
        if (existing) {
          outcomes.push({ lineNumber, changeType: type, applied: false, reason: `line ${lineNumber} already exists` });
          continue;
        }
        const added = newLineFrom(poc, lineNumber);
        lines.push(added);
        outcomes.push({ lineNumber, changeType: type, applied: true, after: snapshot(added) });
        continue;
      }
      if (!existing) {
        outcomes.push({ lineNumber, changeType: type, applied: false, reason: `no line ${lineNumber} on the order` });
        continue;
      }
      if (type === 'DI') {
        lines.splice(at, 1);
        outcomes.push({ lineNumber, changeType: type, applied: true, before: snapshot(existing) });
        continue;
      }
      let updated: PurchaseOrderLine;
      if (type === 'QI' || type === 'QD') {
        if (poc.quantity === undefined) {
          outcomes.push({ lineNumber, changeType: type, applied: false, reason: 'quantity change without a quantity (POC03)' });
          continue;
        }
        updated = { ...existing, quantity: poc.quantity, ...(poc.unitOfMeasure ? { unitOfMeasure: poc.unitOfMeasure } : {}), dates: mergeDates(existing.dates, poc.dates) };
      } else if (type === 'PC') {
        if (poc.unitPrice === undefined) {
          outcomes.push({ lineNumber, changeType: type, applied: false, reason: 'price change without a unit price (POC06)' });
          continue;
        }
        updated = { ...existing, unitPrice: poc.unitPrice, ...(poc.priceBasis ? { priceBasis: poc.priceBasis } : {}), dates: mergeDates(existing.dates, poc.dates) };
      } else {
        updated = overlay(existing, poc);
      }
      lines[at] = updated;
      outcomes.push({ lineNumber, changeType: type, applied: true, before: snapshot(existing), after: snapshot(updated) });
    }
  }

  return { purchaseOrder: { ...order.purchaseOrder, lines, dates: mergeDates(order.purchaseOrder.dates, change.dates) }, outcomes, cancelled };
}

/** Applies one 860 to the order, producing its `order.changed` / `order.cancelled` event (the next version). */
export function applyChange(input: {
  order: Order;
  planning?: OrderPlanning;
  change: OrderChange;
  /** The change already worked out ({@link amendOrder}), when the caller has it. */
  amended?: AmendedOrder;
  cause: Cause;
  at: string;
  /** What the planning checks found (recorded with the event). */
  details?: ReviewDetails;
  outbound?: readonly OutboundMessage[];
  notify?: readonly NotifyMessage[];
  /** The partner profile's acknowledgments, for the order's stage (the profile's defaults when absent). */
  acks?: StageAcks;
}): AppliedChange {
  const { change } = input;
  const amended = input.amended ?? amendOrder(input.order, change);
  const applied = amended.outcomes.filter((o) => o.applied).length;
  const head: Pick<OrderHead, 'order' | 'planning'> = { order: input.order, ...(input.planning ? { planning: input.planning } : {}) };
  const result = advance(
    head,
    { id: input.order.partner, acks: input.acks },
    {
      type: amended.cancelled ? 'order.cancelled' : 'order.changed',
      cause: input.cause,
      actor: `partner:${input.order.partner}`,
      at: input.at,
      summary: amended.cancelled
        ? `860 cancelled the order${change.changeSequence ? ` (change ${change.changeSequence})` : ''}`
        : `860 applied: ${applied} of ${amended.outcomes.length} line change(s)${change.changeSequence ? ` (change ${change.changeSequence})` : ''}`,
      details: { purpose: change.purpose, ...(change.changeSequence ? { changeSequence: change.changeSequence } : {}), outcomes: amended.outcomes, ...input.details },
      purchaseOrder: amended.purchaseOrder,
      cancels: amended.cancelled,
      ...(input.outbound ? { outbound: input.outbound } : {}),
      ...(input.notify ? { notify: input.notify } : {}),
    },
    input.at,
  );
  return { ...result, order: result.next.order, event: result.next.lastEvent, outcomes: amended.outcomes, cancelled: amended.cancelled };
}
