/**
 * Forecast buckets from 830 planning schedules, and the lookup the order checks use:
 * the forecast for the same partner, ship-to, item and period as an order line.
 */
import type { PlanningSchedule } from '#schemas/documents/x12-documents.ts';
import { addDays, endOfMonth, normaliseDate } from './dates.ts';
import { resolveItem, type ItemIndex } from './item-index.ts';
import { shipToOf } from './order-lines.ts';

/** One forecast quantity for a period, resolved to our item. Stored by partner + item + period. */
export interface ForecastEntry {
  partnerId: string;
  /** Ship-to id; undefined applies to every ship-to of the partner. */
  shipTo?: string;
  /** Vendor part. */
  item: string;
  periodStart: string;
  /** Inclusive. */
  periodEnd: string;
  quantity: number;
  /** FST02: `C` firm, `D` planning, … */
  forecastQualifier: string;
  /** FST03: `D`, `W`, `M`, `F`, `Q`, … */
  timingQualifier: string;
}

function periodEndOf(timing: string, start: string, end: string | undefined): string {
  const explicit = normaliseDate(end);
  if (explicit) return explicit;
  switch (timing.trim().toUpperCase()) {
    case 'W':
      return addDays(start, 6);
    case 'M':
      return endOfMonth(start);
    case 'Q':
      return addDays(start, 90);
    default:
      return start;
  }
}

/**
 * Turn an 830 into forecast entries (FST per LIN loop). Items that resolve to nothing are
 * returned separately: the shell reports them; they never become forecast for another item.
 */
export function forecastsFromPlanningSchedule(schedule: PlanningSchedule, partnerId: string, index: ItemIndex): { entries: ForecastEntry[]; unresolved: PlanningSchedule['items'] } {
  const entries: ForecastEntry[] = [];
  const unresolved: PlanningSchedule['items'] = [];
  for (const planningItem of schedule.items) {
    const resolution = resolveItem(index, partnerId, planningItem.productIds);
    if (resolution.kind !== 'found') {
      unresolved.push(planningItem);
      continue;
    }
    const shipTo = shipToOf(schedule.parties, planningItem);
    for (const fst of planningItem.forecasts) {
      const start = normaliseDate(fst.startDate);
      if (!start) continue;
      entries.push({
        partnerId,
        ...(shipTo !== undefined ? { shipTo } : {}),
        item: resolution.item.vendorPart,
        periodStart: start,
        periodEnd: periodEndOf(fst.timingQualifier, start, fst.endDate),
        quantity: fst.quantity,
        forecastQualifier: fst.forecastQualifier,
        timingQualifier: fst.timingQualifier,
      });
    }
  }
  return { entries, unresolved };
}

export interface ForecastMatch {
  quantity: number;
  periodStart: string;
  periodEnd: string;
}

function sameShipTo(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The forecast covering `date` for this partner, ship-to and item (summed over matching buckets). */
export function forecastFor(forecasts: readonly ForecastEntry[], key: { partnerId: string; shipTo?: string; item: string; date: string }): ForecastMatch | undefined {
  const matches = forecasts.filter(
    (entry) => entry.partnerId === key.partnerId && entry.item === key.item && sameShipTo(entry.shipTo, key.shipTo) && entry.periodStart <= key.date && key.date <= entry.periodEnd,
  );
  if (matches.length === 0) return undefined;
  return {
    quantity: matches.reduce((sum, entry) => sum + entry.quantity, 0),
    periodStart: matches.map((m) => m.periodStart).sort()[0] as string,
    periodEnd: matches.map((m) => m.periodEnd).sort().at(-1) as string,
  };
}

/** True when the partner has ever forecast the item (any ship-to, any period). */
export function hasForecast(forecasts: readonly ForecastEntry[], partnerId: string, item: string): boolean {
  return forecasts.some((entry) => entry.partnerId === partnerId && entry.item === item);
}
