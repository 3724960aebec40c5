/**
 * An inbound 830 (process stage):
 * 1 store its forecast per partner + ship-to + item + period, replacing what an earlier 830
 *   said inside the horizon it covers (access pattern 4);
 * 2 with an item master loaded: resolve it to our vendor parts, check the swing against the
 *   partner's previous 830 inside the firm horizon (the planner's email), and keep it as the
 *   partner's forecast the order checks compare with.
 * 3 put the change on each changed item's history, and recompute PAB and the delay levels of
 *   every item whose forecast changed, as a supply load
 *   does (README, "Planning intelligence"): forecast counts in PAB for partners who include it.
 * A redelivered 830 (same cause) changes nothing; it recomputes its items again (idempotent), in
 * case the first delivery stopped between storing the forecast and recomputing.
 */
import { forecastReplacementsOf } from '#domain/orders/forecast-periods.ts';
import { anomalyEmail, internalSubject } from '#domain/orders/order-messages.ts';
import { anomalyEmailKey } from '#domain/orders/order-keys.ts';
import { buildItemIndex, detectForecastSwings, forecastsFromPlanningSchedule, type ForecastEntry, type LineAssessment } from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ForecastStore } from '#functions/ports/forecast-store.ts';
import type { ItemMaster, PartnerForecasts } from '#functions/ports/planning-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { PlanningSchedule } from '#schemas/documents/x12-documents.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';
import { recordForecastChange } from './record-item-event.ts';
import type { InboundSet } from './review-order.ts';

export type RecordForecastDeps = Omit<RecomputeDelayRiskDeps, 'forecasts' | 'items' | 'notify' | 'clock'> & {
  forecastPeriods: Pick<ForecastStore, 'replace'>;
  items: Pick<ItemMaster, 'listItems'>;
  forecasts: PartnerForecasts;
  notify: NotifyQueue;
  clock: Clock;
};

/** Vendor parts whose entries differ between two forecasts of one partner. */
function changedItems(previous: readonly ForecastEntry[], current: readonly ForecastEntry[]): string[] {
  const signature = (entries: readonly ForecastEntry[], item: string): string =>
    entries
      .filter((e) => e.item === item)
      .map((e) => `${e.shipTo ?? ''}|${e.periodStart}|${e.periodEnd}|${e.quantity}`)
      .sort()
      .join(';');
  const items = new Set([...previous, ...current].map((e) => e.item));
  return [...items].filter((item) => signature(previous, item) !== signature(current, item)).sort();
}

export async function recordForecast(deps: RecordForecastDeps, input: InboundSet & { schedule: PlanningSchedule; reference?: string }): Promise<{ periods: number; swings: number; recomputed: string[] }> {
  const { partner, schedule, cause } = input;
  const replacements = forecastReplacementsOf(partner.id, schedule, cause, input.reference);
  await deps.forecastPeriods.replace(partner.id, replacements);
  const periods = replacements.reduce((n, r) => n + r.periods.length, 0);
  const items = await deps.items.listItems();
  if (items.length === 0) return { periods, swings: 0, recomputed: [] };
  const previous = await deps.forecasts.getPartnerForecast(partner.id);
  if (previous?.causeId === cause.id) {
    const again = [...new Set(previous.entries.map((e) => e.item))].sort();
    return { periods, swings: 0, recomputed: (await recomputeDelayRisk(deps, again)).map((r) => r.item) };
  }
  const now = deps.clock.now().toISOString();
  const { entries } = forecastsFromPlanningSchedule(schedule, partner.id, buildItemIndex(items));
  const swings = previous ? detectForecastSwings({ previous: previous.entries, current: entries, partner, now }) : [];
  if (swings.length) {
    const assessments: LineAssessment[] = swings.map((s) => ({ lineNumber: s.item ?? '?', ...(s.item ? { item: s.item } : {}), productIds: [], anomalies: [s] }));
    const parts = new Set(swings.map((s) => s.item));
    await deps.notify.send([
      {
        body: anomalyEmail({
          key: anomalyEmailKey(partner.id, '830', cause.id),
          partner,
          subject: internalSubject(partner.id, cause.id),
          order: { purchaseOrderNumber: `830 ${input.reference ?? schedule.controlNumber}`, orderType: 'forecast' },
          assessments,
          items: items.filter((i) => parts.has(i.vendorPart)),
          now,
        }),
      },
    ]);
  }
  await deps.forecasts.putPartnerForecast({ schemaVersion: RECORD_SCHEMA_VERSION, partnerId: partner.id, entries, causeId: cause.id, at: now });
  const changed = changedItems(previous?.entries ?? [], entries);
  await recordForecastChange(deps, { partnerId: partner.id, causeId: cause.id, reference: input.reference, at: now, items: changed, previous: previous?.entries ?? [], current: entries });
  const recomputed = (await recomputeDelayRisk(deps, changed)).map((r) => r.item);
  return { periods, swings: swings.length, recomputed };
}
