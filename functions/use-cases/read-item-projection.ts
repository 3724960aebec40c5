/**
 * An item's weekly projection in the history API's shape (README, "History API"): the planner's
 * projection (show-item-projection.ts, the one `edi pab` prints — the same PAB the delay levels are
 * decided on), week by week: the forecast counted, the booked (open order) demand, the supply
 * (MPS + receipts), PAB, ATP of the MPS periods and the safety stock. Reads only.
 */
import { showItemProjection, type ShowItemProjectionDeps } from './show-item-projection.ts';

export type ReadItemProjectionDeps = ShowItemProjectionDeps;

export interface ProjectionWeek {
  /** Monday of the ISO week. */
  week: string;
  /** Forecast counted in PAB this week (partners whose profile includes it). */
  forecast: number;
  /** Open order quantity due this week. */
  booked: number;
  /** MPS + receipts. */
  supply: number;
  pab: number;
  /** Available to promise, in the weeks that start an MPS period. */
  atp?: number;
  safetyStock: number;
  maxStock?: number;
}

export interface ItemProjectionWeeks {
  item: string;
  description: string;
  unitOfMeasure: string;
  asOf: string;
  onHand: number;
  weeks: ProjectionWeek[];
}

/** Throws RequestRefusedError when the item is not in the master or has no supply plan. */
export async function readItemProjection(deps: ReadItemProjectionDeps, vendorPart: string): Promise<ItemProjectionWeeks> {
  const view = await showItemProjection(deps, vendorPart);
  return {
    item: view.item,
    description: view.description,
    unitOfMeasure: view.unitOfMeasure,
    asOf: view.asOf,
    onHand: view.onHand,
    weeks: view.weeks.map((r) => ({
      week: r.weekStart,
      forecast: r.forecast,
      booked: r.orders,
      supply: r.supply,
      pab: r.pab,
      ...(r.atp === undefined ? {} : { atp: r.atp }),
      safetyStock: r.safetyStock,
      ...(r.maxStock === undefined ? {} : { maxStock: r.maxStock }),
    })),
  };
}
