/**
 * Projected available balance per item and ISO week (README, "Planning intelligence"):
 * `PAB(t) = PAB(t−1) − demand due in t + planned supply in t`, opening with on-hand.
 * Demand is the open order lines (plus, for partners whose profile says so, the forecast their
 * orders have not consumed yet); supply is MPS plus receipts.
 * A week with PAB < 0 and an order line due is a shortage; PAB below safety stock is the early signal.
 */
import type { SupplyWeek } from '#schemas/master-data/supply-plan.ts';
import { availableToPromise, consumeForecast } from './atp.ts';
import { addDays, daysBetween, weekStartOf } from './dates.ts';
import type { ForecastEntry } from './forecast.ts';
import type { PabDemandLine as DemandLine, PabRow } from '#schemas/records/planning-state.ts';

export type { PabDemandLine as DemandLine, PabRow } from '#schemas/records/planning-state.ts';

/** Forecast quantity of one partner in one week. */
export interface WeeklyForecast {
  partnerId: string;
  weekStart: string;
  quantity: number;
}

export interface PabInput {
  onHand: number;
  /** Monday of the first projected week (normally the week of `now`). Earlier demand and supply land in it (past due). */
  startWeek: string;
  supply: readonly SupplyWeek[];
  demand: readonly DemandLine[];
  /** Forecast of the partners whose profile sets `includeUnconsumedForecastInPab`. */
  forecast?: readonly WeeklyForecast[];
  safetyStock: number;
  /** The item's maximum stock (over-stock above it). */
  maxStock?: number;
  /** Project at least this many weeks (default: up to the last week with supply or demand). */
  horizonWeeks?: number;
}

/** Project the weekly PAB table for one item. */
export function projectAvailableBalance(input: PabInput): PabRow[] {
  const start = weekStartOf(input.startWeek);
  const bucket = (date: string): string => {
    const week = weekStartOf(date);
    return week < start ? start : week;
  };
  const lastWeeks = [
    ...input.supply.map((s) => bucket(s.weekStart)),
    ...input.demand.map((d) => bucket(d.dueDate)),
    ...(input.forecast ?? []).map((f) => bucket(f.weekStart)),
  ];
  let last = lastWeeks.reduce((max, week) => (week > max ? week : max), start);
  if (input.horizonWeeks !== undefined) {
    const horizonLast = addDays(start, (input.horizonWeeks - 1) * 7);
    if (horizonLast > last) last = horizonLast;
  }
  const rows: PabRow[] = [];
  let pab = input.onHand;
  for (let week = start; week <= last; week = addDays(week, 7)) {
    const linesDue = input.demand.filter((d) => bucket(d.dueDate) === week);
    const orders = linesDue.reduce((sum, d) => sum + d.quantity, 0);
    const forecastPartners = new Set((input.forecast ?? []).filter((f) => bucket(f.weekStart) === week).map((f) => f.partnerId));
    let unconsumedForecast = 0;
    let forecastTotal = 0;
    let consumedForecast = 0;
    for (const partner of forecastPartners) {
      const forecast = (input.forecast ?? []).filter((f) => f.partnerId === partner && bucket(f.weekStart) === week).reduce((sum, f) => sum + f.quantity, 0);
      const booked = linesDue.filter((d) => d.partnerId === partner).reduce((sum, d) => sum + d.quantity, 0);
      const consumption = consumeForecast(forecast, booked);
      forecastTotal += forecast;
      consumedForecast += consumption.consumed;
      unconsumedForecast += consumption.remaining;
    }
    const supplyWeeks = input.supply.filter((s) => bucket(s.weekStart) === week);
    const mps = supplyWeeks.reduce((sum, s) => sum + s.mps, 0);
    const receipts = supplyWeeks.reduce((sum, s) => sum + s.receipts, 0);
    const demand = orders + unconsumedForecast;
    pab = pab - demand + mps + receipts;
    rows.push({
      weekStart: week,
      orders,
      forecast: forecastTotal,
      consumedForecast,
      unconsumedForecast,
      demand,
      mps,
      receipts,
      supply: mps + receipts,
      pab,
      safetyStock: input.safetyStock,
      belowSafetyStock: pab < input.safetyStock,
      ...(input.maxStock !== undefined ? { maxStock: input.maxStock } : {}),
      aboveMax: input.maxStock !== undefined && pab > input.maxStock,
      shortage: pab < 0 && linesDue.length > 0,
      linesDue,
    });
  }
  const atp = availableToPromise(input.onHand, rows.map((r) => ({ booked: r.orders, supply: r.supply })));
  return rows.map((row, i) => (atp[i] === undefined ? row : { ...row, atp: atp[i] }));
}

/**
 * Spread forecast entries of one item over ISO weeks by calendar-day overlap (a monthly bucket of
 * 31 days puts 7/31 of its quantity in each full week). Only `partners` listed are included.
 */
export function forecastByWeek(entries: readonly ForecastEntry[], item: string, partners: ReadonlySet<string>): WeeklyForecast[] {
  const result = new Map<string, WeeklyForecast>();
  for (const entry of entries) {
    if (entry.item !== item || !partners.has(entry.partnerId)) continue;
    const days = daysBetween(entry.periodStart, entry.periodEnd) + 1;
    if (days <= 0) continue;
    for (let day = 0; day < days; day++) {
      const week = weekStartOf(addDays(entry.periodStart, day));
      const key = `${entry.partnerId}\u0000${week}`;
      const existing = result.get(key) ?? { partnerId: entry.partnerId, weekStart: week, quantity: 0 };
      existing.quantity += entry.quantity / days;
      result.set(key, existing);
    }
  }
  return [...result.values()]
    .map((f) => ({ ...f, quantity: Math.round(f.quantity * 1000) / 1000 }))
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.partnerId.localeCompare(b.partnerId));
}

/** First week with PAB below zero or below safety stock, for summaries. */
export function firstShortWeek(rows: readonly PabRow[]): PabRow | undefined {
  return rows.find((row) => row.shortage) ?? rows.find((row) => row.pab < 0);
}
