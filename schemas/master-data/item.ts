/**
 * Item master: one record per vendor part (our id), with the partner's names for it, the
 * planning parameters every check uses (UOM, pack, MOQ, lead time, safety stock, contract
 * price) and the one responsible person at each escalation step.
 */
import { z } from 'zod';
import { NonNegativeZ, PersonZ, SchemaVersionZ } from './common.ts';

export const ItemZ = z.object({
  schemaVersion: SchemaVersionZ,
  /** Our part number (X12 qualifier `VP`). */
  vendorPart: z.string().trim().min(1),
  /** Buyer part number (`BP`/`IN`) per partner id. */
  buyerParts: z.record(z.string(), z.string().trim().min(1)).default({}),
  /** UPC/GTIN (`UP`, `UK`, `EN`), 8 to 14 digits. */
  upc: z.string().regex(/^\d{8,14}$/, 'upc: 8 to 14 digits').optional(),
  description: z.string().trim().min(1),
  /** X12 unit of measure code (element 355), e.g. `EA`, `CA`. */
  unitOfMeasure: z.string().regex(/^[A-Z0-9]{2}$/, 'unitOfMeasure: a 2-character X12 code'),
  packSize: z.number().int().positive().default(1),
  moq: NonNegativeZ.default(0),
  leadTimeDays: z.number().int().nonnegative(),
  safetyStock: NonNegativeZ.default(0),
  /** Maximum stock: a projected balance above it is an over-stock warning (README, "Planning intelligence"). */
  maxStock: NonNegativeZ.optional(),
  /** Contract unit price per partner id. */
  contractPrice: z.record(z.string(), NonNegativeZ).default({}),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency: ISO 4217 code').default('USD'),
  /** Gross weight of one unit of measure, packed (the 856's TD1 shipment weight is the sum over the shipped lines). */
  grossWeight: z.number().positive().optional(),
  /** Unit of `grossWeight` (X12 element 355): `LB` pounds or `KG` kilograms. */
  weightUnit: z.enum(['LB', 'KG']).default('LB'),
  planner: PersonZ,
  /** One person per step (the order desk's practice: "each product has exactly one responsible person at each step"). */
  escalation: z.object({ owner: PersonZ, manager: PersonZ, director: PersonZ, vp: PersonZ }),
  /** `make`: we produce it (MPS); `buy`: a bought-in part, whose P1 also asks its supplier (README, "Planning intelligence"). */
  source: z.enum(['make', 'buy']).default('make'),
  /** A bought-in part's supplier contact: asked to confirm a date within the P1 interval. */
  supplier: PersonZ.optional(),
  /** A bought-in part's purchasing chain: an unanswered supplier escalates manager → director → VP. */
  purchasing: z.object({ manager: PersonZ, director: PersonZ, vp: PersonZ }).optional(),
});
export type Item = z.infer<typeof ItemZ>;
