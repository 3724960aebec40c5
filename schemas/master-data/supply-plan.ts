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

export const SupplyPlanZ = z
  .object({
    schemaVersion: SchemaVersionZ,
    /** Vendor part (item master key). */
    item: z.string().trim().min(1),
    onHand: z.number().finite(),
    weeks: z.array(SupplyWeekZ).default([]),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.weeks.forEach((week, index) => {
      if (seen.has(week.weekStart)) ctx.addIssue({ code: 'custom', path: ['weeks', index, 'weekStart'], message: `week ${week.weekStart} appears twice` });
      seen.add(week.weekStart);
    });
  });
export type SupplyPlan = z.infer<typeof SupplyPlanZ>;

/** One CSV row of a supply plan: the loader groups rows by item. */
export const SupplyPlanRowZ = z.object({
  schemaVersion: SchemaVersionZ,
  item: z.string().trim().min(1),
  onHand: z.number().finite().optional(),
  weekStart: WeekStartZ.optional(),
  mps: NonNegativeZ.default(0),
  receipts: NonNegativeZ.default(0),
});
export type SupplyPlanRow = z.infer<typeof SupplyPlanRowZ>;
