/**
 * Supply plan for one item: on hand now and planned supply per ISO week (MPS plus receipts).
 * Loading one recomputes the item's projected available balance.
 */
import { z } from 'zod';
import { NonNegativeZ, SchemaVersionZ, WeekStartZ } from './common.ts';

export const SupplyWeekZ = z.object({
  weekStart: WeekStartZ,
  /** Master production schedule quantity finishing that week. */
  mps: NonNegativeZ.default(0),
  /** Purchased or transferred receipts that week. */
  receipts: NonNegativeZ.default(0),
});
export type SupplyWeek = z.infer<typeof SupplyWeekZ>;

/** Where on-hand stock is when the plan does not say: the plant that ships (README, "Planning intelligence"). */
export const DEFAULT_STOCK_LOCATION = 'PLANT';

/** On hand at one stock location (plant, warehouse, consignment …). */
export const LocationStockZ = z.object({ location: z.string().trim().min(1), onHand: z.number().finite() });
export type LocationStock = z.infer<typeof LocationStockZ>;

export const SupplyPlanZ = z
  .object({
    schemaVersion: SchemaVersionZ,
    /** Vendor part (item master key). */
    item: z.string().trim().min(1),
    /** On hand now, every location together (what PAB starts from). */
    onHand: z.number().finite(),
    /** On hand per location, when the plan names them; they add up to `onHand`. Absent: all at {@link DEFAULT_STOCK_LOCATION}. */
    locations: z.array(LocationStockZ).optional(),
    weeks: z.array(SupplyWeekZ).default([]),
  })
  .superRefine((plan, ctx) => {
    if (plan.locations) {
      const names = new Set<string>();
      plan.locations.forEach((l, index) => {
        if (names.has(l.location)) ctx.addIssue({ code: 'custom', path: ['locations', index, 'location'], message: `location ${l.location} appears twice` });
        names.add(l.location);
      });
      const sum = plan.locations.reduce((total, l) => total + l.onHand, 0);
      if (Math.abs(sum - plan.onHand) > 1e-9) ctx.addIssue({ code: 'custom', path: ['locations'], message: `on hand per location adds up to ${sum}, not onHand ${plan.onHand}` });
    }
    const seen = new Set<string>();
    plan.weeks.forEach((week, index) => {
      if (seen.has(week.weekStart)) ctx.addIssue({ code: 'custom', path: ['weeks', index, 'weekStart'], message: `week ${week.weekStart} appears twice` });
      seen.add(week.weekStart);
    });
  });
export type SupplyPlan = z.infer<typeof SupplyPlanZ>;

/** On hand per location of a plan: its locations, or everything at {@link DEFAULT_STOCK_LOCATION}. */
export function onHandByLocation(plan: Pick<SupplyPlan, 'onHand' | 'locations'>): LocationStock[] {
  return plan.locations?.length ? plan.locations : [{ location: DEFAULT_STOCK_LOCATION, onHand: plan.onHand }];
}

/** One CSV row of a supply plan: the loader groups rows by item (and on hand by location). */
export const SupplyPlanRowZ = z.object({
  schemaVersion: SchemaVersionZ,
  item: z.string().trim().min(1),
  /** The stock location of this row's `onHand` (optional column; absent: {@link DEFAULT_STOCK_LOCATION}). */
  location: z.string().trim().min(1).optional(),
  onHand: z.number().finite().optional(),
  weekStart: WeekStartZ.optional(),
  mps: NonNegativeZ.default(0),
  receipts: NonNegativeZ.default(0),
});
export type SupplyPlanRow = z.infer<typeof SupplyPlanRowZ>;
