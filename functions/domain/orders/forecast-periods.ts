/**
 * An 830 as forecast records: one per partner + ship-to + item + period (FST), and for each
 * ship-to + item the horizon it covers (BFR06–BFR07, else its first and last FST dates).
 * Storing replaces what an earlier 830 said inside that horizon.
 */
import type { PlanningSchedule } from '#schemas/documents/x12-documents.ts';
import type { Cause, ForecastPeriod } from '#schemas/records/records.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { shipToOf } from './create-order.ts';
import { itemOf } from './order-keys.ts';

/** Ship-to used when neither the LIN loop nor the header names one. */
export const ANY_SHIP_TO = '*';

export interface ForecastReplacement {
  shipTo: string;
  item: string;
  horizon: { start: string; end: string };
  periods: ForecastPeriod[];
}

/** Splits an 830 into per ship-to + item replacements. Quantities for the same period are summed. */
export function forecastReplacementsOf(partner: string, schedule: PlanningSchedule, cause: Cause, reference?: string): ForecastReplacement[] {
  const headerShipTo = shipToOf(schedule);
  const byKey = new Map<string, ForecastReplacement>();
  for (const planningItem of schedule.items) {
    const item = itemOf(planningItem.productIds);
    if (item === undefined) continue;
    const shipTo = shipToOf(planningItem) ?? headerShipTo ?? ANY_SHIP_TO;
    const key = `${shipTo}\u0000${item}`;
    const entry = byKey.get(key) ?? { shipTo, item, horizon: { start: '', end: '' }, periods: [] };
    byKey.set(key, entry);
    for (const f of planningItem.forecasts) {
      const existing = entry.periods.find((p) => p.periodStart === f.startDate);
      if (existing) {
        existing.quantity += f.quantity;
        continue;
      }
      entry.periods.push({
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner,
        shipTo,
        item,
        periodStart: f.startDate,
        ...(f.endDate ? { periodEnd: f.endDate } : {}),
        quantity: f.quantity,
        ...(planningItem.unitOfMeasure ? { unitOfMeasure: planningItem.unitOfMeasure } : {}),
        forecastQualifier: f.forecastQualifier,
        timingQualifier: f.timingQualifier,
        setBy: cause,
        ...(reference ? { scheduleReference: reference } : {}),
      });
    }
  }
  for (const entry of byKey.values()) {
    entry.periods.sort((a, b) => a.periodStart.localeCompare(b.periodStart));
    const first = entry.periods[0]?.periodStart ?? schedule.horizonStart ?? '';
    const last = entry.periods.reduce((max, p) => ((p.periodEnd ?? p.periodStart) > max ? (p.periodEnd ?? p.periodStart) : max), first);
    entry.horizon = {
      start: schedule.horizonStart && schedule.horizonStart < first ? schedule.horizonStart : first,
      end: schedule.horizonEnd && schedule.horizonEnd > last ? schedule.horizonEnd : last,
    };
  }
  return [...byKey.values()];
}
