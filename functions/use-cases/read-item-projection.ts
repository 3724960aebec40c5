/**
 * An item's weekly projection for the history API and the console's chart (README, "Planning
 * intelligence"): the PAB table the delay checks use (projectItem), week by week — the forecast of
 * the partners with open orders of the item, the booked (open order) demand, the supply (MPS +
 * receipts), the projected available balance and the safety stock. Read only: nothing is sent or
 * written.
 */
import { forecastByWeek } from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { ItemMaster, OpenDemand, PartnerForecasts, SupplyPlans } from '#functions/ports/planning-store.ts';
import { projectItem } from './recompute-delay-risk.ts';

export interface ReadItemProjectionDeps {
  items: Pick<ItemMaster, 'listItems'>;
  supply: Pick<SupplyPlans, 'getSupplyPlan'>;
  demand: OpenDemand;
  forecasts: Pick<PartnerForecasts, 'getPartnerForecast'>;
  partners: PartnerDirectory;
  clock: Clock;
}

export interface ProjectionWeek {
  /** Monday of the ISO week. */
  week: string;
  /** Forecast of the partners with open orders of the item (whether or not their orders consumed it). */
  forecast: number;
  /** Open order quantity due this week. */
  booked: number;
  /** MPS + receipts. */
  supply: number;
  pab: number;
  /** Available to promise, when the planning core computes it (not yet: absent). */
  atp?: number;
  safetyStock: number;
}

export interface ItemProjectionView {
  item: string;
  description: string;
  /** Why there are no weeks: the item is not in the master, or has no supply plan. */
  missing?: 'item' | 'supply-plan';
  weeks: ProjectionWeek[];
}

export async function readItemProjection(deps: ReadItemProjectionDeps, vendorPart: string): Promise<ItemProjectionView> {
  const item = (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart);
  if (!item) return { item: vendorPart, description: '', missing: 'item', weeks: [] };
  const now = deps.clock.now().toISOString();
  const projection = await projectItem(deps, item, now);
  if (!projection) return { item: vendorPart, description: item.description, missing: 'supply-plan', weeks: [] };
  const partnerIds = Object.keys(projection.profiles);
  const entries = (await Promise.all(partnerIds.map(async (p) => (await deps.forecasts.getPartnerForecast(p))?.entries ?? []))).flat();
  const forecast = new Map<string, number>();
  for (const f of forecastByWeek(entries, vendorPart, new Set(partnerIds))) forecast.set(f.weekStart, (forecast.get(f.weekStart) ?? 0) + f.quantity);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    item: vendorPart,
    description: item.description,
    weeks: projection.rows.map((r) => ({ week: r.weekStart, forecast: round(forecast.get(r.weekStart) ?? 0), booked: r.orders, supply: r.supply, pab: r.pab, safetyStock: r.safetyStock })),
  };
}
