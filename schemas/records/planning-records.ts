/**
 * Planning records the pipeline stores in its table besides orders: item master and supply plans,
 * each partner's latest resolved forecast, delay state per item, P1 escalation state per order
 * line, and master-data load errors. The state shapes (DelayStateZ, EscalationStateZ) are in
 * planning-state.ts; these schemas wrap them with what storage needs.
 */
import { z } from 'zod';
import { DelayStateZ, EscalationStateZ, ExpediteReasonZ } from './planning-state.ts';
import { ItemZ } from '../master-data/item.ts';
import { SupplyPlanZ } from '../master-data/supply-plan.ts';
import { RECORD_SCHEMA_VERSION } from './records.ts';

export const StoredItemZ = z.object({ schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION), item: ItemZ, loadedFrom: z.string(), loadedAt: z.string() });
export type StoredItem = z.infer<typeof StoredItemZ>;

export const StoredSupplyPlanZ = z.object({ schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION), plan: SupplyPlanZ, loadedFrom: z.string(), loadedAt: z.string() });
export type StoredSupplyPlan = z.infer<typeof StoredSupplyPlanZ>;

/** A forecast entry as the planning core reads it (resolved to our vendor part). */
export const ForecastEntryZ = z.object({
  partnerId: z.string(),
  shipTo: z.string().optional(),
  item: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  quantity: z.number(),
  forecastQualifier: z.string(),
  timingQualifier: z.string(),
});

/** A partner's latest 830, resolved: what the order checks compare with and the next 830's swing check reads. */
export const PartnerForecastZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION),
  partnerId: z.string(),
  entries: z.array(ForecastEntryZ),
  /** Cause id of the 830 that set it (a redelivery of the same 830 is recognised). */
  causeId: z.string(),
  at: z.string(),
});
export type PartnerForecast = z.infer<typeof PartnerForecastZ>;

/** Delay state of one item with its optimistic-lock version. */
export const DelayStateRecordZ = z.object({ version: z.number().int().nonnegative(), state: DelayStateZ });
export type DelayStateRecord = z.infer<typeof DelayStateRecordZ>;

/** The P1 case of one order line: the core's escalation state, its version and what the emails need. */
export const EscalationRecordZ = z.object({
  version: z.number().int().nonnegative(),
  state: EscalationStateZ,
  quantity: z.number().optional(),
  requestedShipDate: z.string().optional(),
  reasons: z.array(ExpediteReasonZ).default([]),
  /** Names of the EventBridge schedules created for the later steps. */
  schedules: z.array(z.string()).default([]),
  /**
   * The key of the P1 alert that tells this line: the order's lines opened together share one
   * (one alert per order), so a replay regroups them into the same email. Absent: the line's own.
   */
  alertKey: z.string().optional(),
});
export type EscalationRecord = z.infer<typeof EscalationRecordZ>;

/** A master-data file that was refused: nothing from it was applied. */
export const MasterDataErrorRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION),
  file: z.string(),
  kind: z.string(),
  sha256: z.string(),
  at: z.string(),
  errors: z.array(z.object({ file: z.string(), row: z.number(), field: z.string(), message: z.string() })),
});
export type MasterDataErrorRecord = z.infer<typeof MasterDataErrorRecordZ>;
