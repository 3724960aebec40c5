/**
 * Available to promise and forecast consumption, as in the standard master-schedule record
 * (README, "Planning intelligence"; e.g. Stevenson, *Operations Management*, "Aggregate planning
 * and master scheduling": the industrial-pump record).
 *
 * - Consumption: booked orders consume the forecast of their week; the week's demand is the
 *   larger of the two, and what is left of the forecast is `forecast − booked` (never below 0).
 * - Discrete ATP, per MPS period: the first week's is on hand plus its supply minus the booked
 *   orders up to (not including) the next week with supply; every later week with supply has
 *   its supply minus the booked orders up to the next supply. Weeks without supply have none.
 *   A negative ATP is taken from the earlier MPS periods (latest first), so what is shown can
 *   be promised without breaking a later booked order.
 */

/** What a week's booked orders leave of its forecast. */
export interface Consumption {
  /** Forecast the orders consumed: min(forecast, booked). */
  consumed: number;
  /** Forecast still expected on top of the orders: max(0, forecast − booked). */
  remaining: number;
  /** What the week draws from the balance: max(forecast, booked). */
  demand: number;
}

export function consumeForecast(forecast: number, booked: number): Consumption {
  const f = Math.max(0, forecast);
  const b = Math.max(0, booked);
  return { consumed: Math.min(f, b), remaining: Math.max(0, f - b), demand: Math.max(f, b) };
}

/** One week as ATP needs it. */
export interface AtpWeek {
  /** Booked (open order) quantity due that week. */
  booked: number;
  /** Supply finishing or arriving that week (MPS + receipts). */
  supply: number;
}

/** ATP per week (undefined where the week is not an MPS period; the first week always is). */
export function availableToPromise(onHand: number, weeks: readonly AtpWeek[]): (number | undefined)[] {
  const result: (number | undefined)[] = weeks.map(() => undefined);
  const periods = weeks.flatMap((w, i) => (i === 0 || w.supply > 0 ? [i] : []));
  periods.forEach((start, p) => {
    const end = periods[p + 1] ?? weeks.length;
    let booked = 0;
    for (let i = start; i < end; i++) booked += weeks[i]!.booked;
    result[start] = (start === 0 ? onHand : 0) + weeks[start]!.supply - booked;
  });
  for (let p = periods.length - 1; p > 0; p--) {
    const here = periods[p]!;
    const value = result[here]!;
    if (value < 0) {
      const before = periods[p - 1]!;
      result[before] = result[before]! + value;
      result[here] = 0;
    }
  }
  return result;
}

/**
 * Cumulative ATP: what can be promised for delivery by each week (the ATP of every MPS period up
 * to it). Undefined ATP weeks carry the running total.
 */
export function cumulativeAtp(atp: readonly (number | undefined)[]): number[] {
  let total = 0;
  return atp.map((value) => (total += value ?? 0));
}

/**
 * The first week from which `quantity` can ship in full out of ATP, or undefined inside the
 * horizon. `weeks` must not already count the line (for a booked line, take it out first).
 */
export function earliestFullWeek(onHand: number, weeks: readonly (AtpWeek & { weekStart: string })[], quantity: number): string | undefined {
  const cumulative = cumulativeAtp(availableToPromise(onHand, weeks));
  // A later week's negative ATP was already netted backwards, so a cumulative total that covers
  // the line at week i stays covered at every later week.
  const index = cumulative.findIndex((c) => c >= quantity);
  return index < 0 ? undefined : weeks[index]!.weekStart;
}
