/**
 * An item's projection as the planner reads it (`edi pab`, the HTTP API): per ISO week the
 * forecast counted, booked orders, consumed forecast, supply, PAB, ATP of the MPS periods,
 * safety stock and maximum stock — the same projection the delay levels are decided on
 * (README, "Planning intelligence"). Reads only; sends nothing.
 */
import { dateOfInstant } from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ItemMaster } from '#functions/ports/planning-store.ts';
import type { PabRow } from '#schemas/records/planning-state.ts';
import { RequestRefusedError } from './errors.ts';
import { projectItem, type ProjectItemDeps } from './recompute-delay-risk.ts';

export type ShowItemProjectionDeps = ProjectItemDeps & { items: Pick<ItemMaster, 'listItems'>; clock: Clock };

export interface ItemProjectionView {
  item: string;
  description: string;
  unitOfMeasure: string;
  /** The date the projection starts from (today, in UTC). */
  asOf: string;
  onHand: number;
  safetyStock: number;
  maxStock?: number;
  weeks: PabRow[];
}

export async function showItemProjection(deps: ShowItemProjectionDeps, vendorPart: string): Promise<ItemProjectionView> {
  const item = (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart);
  if (!item) throw new RequestRefusedError(`no item ${vendorPart} in the item master`);
  const now = deps.clock.now().toISOString();
  const projection = await projectItem(deps, item, now);
  if (!projection) throw new RequestRefusedError(`no supply plan for ${vendorPart}: load one (edi load supply-plan.csv) to project it`);
  return {
    item: item.vendorPart,
    description: item.description,
    unitOfMeasure: item.unitOfMeasure,
    asOf: dateOfInstant(now),
    onHand: projection.onHand,
    safetyStock: item.safetyStock,
    ...(item.maxStock !== undefined ? { maxStock: item.maxStock } : {}),
    weeks: projection.rows,
  };
}
