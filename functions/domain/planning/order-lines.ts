/**
 * Reading what the planning rules need from a typed 850/860 line: its line number, ship-to,
 * requested date (ship or delivery, DTM/SCH qualifiers) and the partner's line-level codes.
 */
import type { DateRef, OrderChangeLine, Party, PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import { addDays, normaliseDate } from './dates.ts';

/** PO101/POC01 as sent, else the 1-based position of the line. */
export function lineNumberOf(line: Pick<PurchaseOrderLine | OrderChangeLine, 'lineNumber'>, index: number): string {
  const sent = line.lineNumber?.trim();
  return sent ? sent : String(index + 1);
}

/** Ship-to id (N104, else N102 name) of the line, else of the header. */
export function shipToOf(headerParties: readonly Party[], line?: { parties: readonly Party[] }): string | undefined {
  const pick = (parties: readonly Party[]): string | undefined => {
    const st = parties.find((party) => party.role.trim().toUpperCase() === 'ST');
    return st ? (st.id?.trim() || st.name?.trim() || undefined) : undefined;
  };
  return (line ? pick(line.parties) : undefined) ?? pick(headerParties);
}

/** DTM/SCH qualifiers that state a requested ship date. */
const SHIP_QUALIFIERS = new Set(['010', '037', '038', '118']);
/** DTM/SCH qualifiers that state a requested delivery date. */
const DELIVERY_QUALIFIERS = new Set(['002', '063', '064', '074', '106']);

export interface RequestedDate {
  /** The date we must ship to meet the request (delivery dates minus the partner's transit days). */
  shipDate: string;
  /** The date as the partner wrote it. */
  requested: string;
  kind: 'ship' | 'delivery';
  qualifier: string;
}

function fromDates(dates: readonly { qualifier?: string; dateQualifier?: string; date?: string }[], transitDays: number): RequestedDate | undefined {
  let best: RequestedDate | undefined;
  for (const entry of dates) {
    const qualifier = (entry.qualifier ?? entry.dateQualifier ?? '').trim();
    const date = normaliseDate(entry.date);
    if (!date) continue;
    let candidate: RequestedDate | undefined;
    if (SHIP_QUALIFIERS.has(qualifier)) candidate = { shipDate: date, requested: date, kind: 'ship', qualifier };
    else if (DELIVERY_QUALIFIERS.has(qualifier)) candidate = { shipDate: addDays(date, -transitDays), requested: date, kind: 'delivery', qualifier };
    if (candidate && (!best || candidate.shipDate < best.shipDate)) best = candidate;
  }
  return best;
}

/**
 * The earliest requested date of a line: line DTM, then line SCH, then header DTM.
 * Delivery dates (DTM 002 …) are turned into ship dates with the partner's transit days.
 */
export function requestedDateOf(
  header: { dates: readonly DateRef[] },
  line: { dates: readonly DateRef[]; schedules: readonly { dateQualifier?: string; date?: string }[] },
  transitDays: number,
): RequestedDate | undefined {
  return fromDates(line.dates, transitDays) ?? fromDates(line.schedules, transitDays) ?? fromDates(header.dates, transitDays);
}

/** The quantity the line asks for: PO102, else the sum of its SCH quantities. */
export function orderedQuantityOf(line: PurchaseOrderLine | OrderChangeLine): number | undefined {
  if (line.quantity !== undefined) return line.quantity;
  if (line.schedules.length > 0) return line.schedules.reduce((sum, schedule) => sum + schedule.quantity, 0);
  return undefined;
}

/** Find an order's line by its number. */
export function findLine(order: PurchaseOrder, lineNumber: string): { line: PurchaseOrderLine; index: number } | undefined {
  const index = order.lines.findIndex((line, i) => lineNumberOf(line, i) === lineNumber);
  const line = order.lines[index];
  return line ? { line, index } : undefined;
}
