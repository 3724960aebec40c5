/**
 * An 860 applied to the stored order gives the next version. BCH01 `01` cancels the order;
 * otherwise each POC line is applied by its change type (POC02): `AI` add item, `DI` delete
 * item, `QI`/`QD` quantity increase/decrease (POC03 is the new quantity ordered), `PC` price
 * change (POC06), and any other code (`CA`, `CT`, `RZ`, …) replaces the values the line sends.
 * Header DTMs replace the order's dates of the same qualifier. A line that cannot be applied
 * is reported (it becomes an `IR` in the 865), never silently skipped.
 */
import type { DateRef, OrderChange, OrderChangeLine, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import type { Cause, Order, OrderEvent } from '#schemas/records/records.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { sealEvent } from './order-events.ts';
import { itemOf, lineKeyOf } from './order-keys.ts';

export interface LineOutcome {
  lineNumber: string;
  changeType: string;
  applied: boolean;
  reason?: string;
  before?: { quantity?: number; unitPrice?: number; dates?: DateRef[] };
  after?: { quantity?: number; unitPrice?: number; dates?: DateRef[] };
}

export interface AppliedChange {
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

/** Applies one 860 to `order`, producing version + 1 and its `order.changed` / `order.cancelled` event. */
export function applyChange(input: { order: Order; change: OrderChange; cause: Cause; at: string; effects: string[]; /** Recorded with the event (e.g. the planning findings). */ details?: Record<string, unknown> }): AppliedChange {
  const { order, change } = input;
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

  const version = order.version + 1;
  const purchaseOrder = {
    ...order.purchaseOrder,
    lines,
    dates: mergeDates(order.purchaseOrder.dates, change.dates),
  };
  const applied = outcomes.filter((o) => o.applied).length;
  const event = sealEvent(
    {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: order.partner,
      purchaseOrderNumber: order.purchaseOrderNumber,
      type: cancelled ? 'order.cancelled' : 'order.changed',
      at: input.at,
      cause: input.cause,
      actor: `partner:${order.partner}`,
      version,
      summary: cancelled
        ? `860 cancelled the order${change.changeSequence ? ` (change ${change.changeSequence})` : ''}`
        : `860 applied: ${applied} of ${outcomes.length} line change(s)${change.changeSequence ? ` (change ${change.changeSequence})` : ''}`,
      details: { purpose: change.purpose, ...(change.changeSequence ? { changeSequence: change.changeSequence } : {}), outcomes, ...input.details },
      effects: input.effects,
    },
    { seq: order.lastEventSeq, hash: order.lastEventHash },
  );
  const next: Order = {
    ...order,
    version,
    status: cancelled ? 'cancelled' : order.status,
    purchaseOrder,
    updatedAt: input.at,
    appliedCauses: [...order.appliedCauses, input.cause.id],
    lastEventSeq: event.seq,
    lastEventHash: event.hash,
  };
  return { order: next, event, outcomes, cancelled };
}
