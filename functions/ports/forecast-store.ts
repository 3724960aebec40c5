import type { ForecastReplacement } from '#domain/orders/forecast-periods.ts';
import type { ForecastPeriod } from '#schemas/records/records.ts';

/** Forecasts per partner + ship-to + item + period (access pattern 4). */
export interface ForecastStore {
  /** Replaces, per ship-to + item, every stored period inside the horizon with the new ones. */
  replace(partner: string, replacements: readonly ForecastReplacement[]): Promise<void>;
  /** The forecast periods of partner + item starting in [from, to] (every ship-to), and which 830 set each. */
  find(partner: string, item: string, from: string, to: string): Promise<ForecastPeriod[]>;
}
