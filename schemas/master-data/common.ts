/**
 * Building blocks shared by the master-data contracts (partner profiles, item master, supply plan).
 * Master data is data, not code: the shell loads it from JSON or CSV, parses it with these schemas,
 * and hands the typed records to the pure planning core.
 */
import { z } from 'zod';

/** Version of the master-data record shapes; every record and file carries it. */
export const MASTER_DATA_SCHEMA_VERSION = 1;

export const SchemaVersionZ = z.literal(MASTER_DATA_SCHEMA_VERSION).default(MASTER_DATA_SCHEMA_VERSION);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2025-02-30 is refused). */
export const IsoDateZ = z.string().regex(ISO_DATE, 'expected a date YYYY-MM-DD').refine((value) => {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}, 'not a real calendar date');

/** The Monday that starts an ISO week, `YYYY-MM-DD`. Planning buckets are ISO weeks. */
export const WeekStartZ = IsoDateZ.refine((value) => {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 1;
}, 'weekStart must be a Monday (ISO week start)');

/** A person we can e-mail: name for the salutation, address for the envelope. */
export const PersonZ = z.object({
  name: z.string().trim().min(1),
  email: z.email(),
});
export type Person = z.infer<typeof PersonZ>;

/** Steps of an escalation chain, lowest first (the order desk's practice: owner → manager → director → VP). */
export const ESCALATION_STEPS = ['owner', 'manager', 'director', 'vp'] as const;
export const EscalationStepZ = z.enum(ESCALATION_STEPS);
export type EscalationStep = z.infer<typeof EscalationStepZ>;

/**
 * Steps of a bought-in part's P1: its supplier is asked at once, then, unanswered, purchasing's
 * manager → director → VP (README, "Planning intelligence").
 */
export const PURCHASING_STEPS = ['supplier', 'purchasing-manager', 'purchasing-director', 'purchasing-vp'] as const;
/** Every step a P1 case can have: the item's internal chain and, for a bought-in part, the purchasing chain. */
export const P1StepZ = z.enum([...ESCALATION_STEPS, ...PURCHASING_STEPS]);
export type P1Step = z.infer<typeof P1StepZ>;

export const NonNegativeZ = z.number().finite().nonnegative();
