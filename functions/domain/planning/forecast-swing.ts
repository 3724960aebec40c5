/**
 * 830 against the previous 830: a quantity swing beyond the partner's tolerance
 * for a period that starts inside the firm horizon (today + firmHorizonWeeks).
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { ForecastSwingAnomaly } from './anomaly.ts';
import { withSeverity } from './anomaly-rules.ts';
import { addDays, dateOfInstant } from './dates.ts';
import type { ForecastEntry } from './forecast.ts';

const key = (entry: ForecastEntry): string => `${entry.shipTo ?? ''}\u0000${entry.item}\u0000${entry.periodStart}`;

/**
 * Compare the new forecast entries of a partner with the previous ones. Periods inside the firm
 * horizon that moved more than `forecastSwingPercent` are findings; a period the new 830 drops is
 * a swing to 0; a period new to an item the previous 830 already covered is a swing from 0
 * (`swingPercent: null`). Items the previous 830 did not cover at all are not swings.
 */
export function detectForecastSwings(input: { previous: readonly ForecastEntry[]; current: readonly ForecastEntry[]; partner: PartnerProfile; now: string }): ForecastSwingAnomaly[] {
  const { partner } = input;
  const today = dateOfInstant(input.now);
  const horizonEnd = addDays(today, partner.tolerances.firmHorizonWeeks * 7);
  const tolerance = partner.tolerances.forecastSwingPercent;
  const sum = (entries: readonly ForecastEntry[]): Map<string, ForecastEntry> => {
    const map = new Map<string, ForecastEntry>();
    for (const entry of entries) {
      if (entry.partnerId !== partner.id) continue;
      const existing = map.get(key(entry));
      map.set(key(entry), existing ? { ...existing, quantity: existing.quantity + entry.quantity } : { ...entry });
    }
    return map;
  };
  const before = sum(input.previous);
  const after = sum(input.current);
  const coveredItems = new Set([...before.values()].map((e) => e.item));
  const findings: ForecastSwingAnomaly[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const k of keys) {
    const old = before.get(k);
    const now = after.get(k);
    const ref = (now ?? old) as ForecastEntry;
    if (!coveredItems.has(ref.item)) continue;
    if (!(ref.periodStart < horizonEnd && ref.periodEnd >= today)) continue;
    const previous = old?.quantity ?? 0;
    const current = now?.quantity ?? 0;
    if (previous === current) continue;
    const swingPercent = previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10;
    if (swingPercent !== null && Math.abs(swingPercent) <= tolerance) continue;
    const anomaly = withSeverity(partner, {
      rule: 'forecast-swing',
      item: ref.item,
      message: `Forecast for ${ref.item}, period from ${ref.periodStart}, moved from ${previous} to ${current} inside the ${partner.tolerances.firmHorizonWeeks}-week firm horizon.`,
      evidence: {
        periodStart: ref.periodStart,
        periodEnd: ref.periodEnd,
        ...(ref.shipTo !== undefined ? { shipTo: ref.shipTo } : {}),
        previous,
        current,
        swingPercent,
        tolerancePercent: tolerance,
        firmHorizonEnd: horizonEnd,
      },
    });
    if (anomaly) findings.push(anomaly as ForecastSwingAnomaly);
  }
  return findings;
}
