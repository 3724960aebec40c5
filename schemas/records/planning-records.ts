/**
 * Planning state the pipeline stores in its table: the order lines' planning state (kept in the
 * order head, so it commits with the order), item master and supply plans, each partner's
 * latest resolved forecast, delay state per item, P1 escalation state per order line, and
 * master-data load errors. The planning core owns the state shapes (LineStateZ, DelayStateZ,
 * EscalationStateZ, DecisionEventZ); these schemas wrap them with what storage needs.
 */
import { z } from 'zod';
import { DecisionEventZ, LineStateZ } from '#domain/planning/decisions.ts';
import { DelayStateZ } from '#domain/planning/delay-risks.ts';
import { EscalationStateZ } from '#domain/planning/expedite.ts';
import { ItemZ } from '../master-data/item.ts';
import { SupplyPlanZ } from '../master-data/supply-plan.ts';
import { RECORD_SCHEMA_VERSION } from './records.ts';

/** One shipment of an order (`edi ship`): what went on the truck and its SSCC-18 labels. */
export const ShipmentRecordZ = z.object({
  id: z.string(),
  /** 1, 2, … on the order (the SSCCs derive from it). */
  sequence: z.number().int().positive(),
  at: z.string(),
  shipDate: z.string(),
  lines: z.array(z.object({ lineNumber: z.string(), quantity: z.number() })),
  carrier: z.string(),
  tracking: z.string().optional(),
  billOfLading: z.string().optional(),
  sscc: z.array(z.string()),
  by: z.string(),
  /** Idempotency key of the 856 queued for it, when the partner takes 856s. */
  shipNoticeKey: z.string().optional(),
});
export type ShipmentRecord = z.infer<typeof ShipmentRecordZ>;

/** The planning state of one order, stored in its head. */
export const OrderPlanningZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION),
  lineStates: z.array(LineStateZ),
  /** Every planner decision, history order (also an event each on the order chain). */
  decisions: z.array(DecisionEventZ).default([]),
  /** Vendor part per line number, for lines whose item resolved. */
  items: z.record(z.string(), z.string()).default({}),
  /** Expedite tier per line number (P1 line-down, P2 inside lead time) as classified when the line was checked. */
  tiers: z.record(z.string(), z.object({ tier: z.enum(['P1', 'P2', 'P3']), reasons: z.array(z.record(z.string(), z.unknown())) })).default({}),
  /** How many 855s went out for this order (0: none yet; later ones replace, BAK01 `05`). */
  acknowledgmentsSent: z.number().int().nonnegative().default(0),
  /** Quantity shipped so far per line number (`edi ship`); the 860 checks refuse a cut below it. */
  shipped: z.record(z.string(), z.number()).optional(),
  /** Every shipment recorded on the order (also an `order.shipped` event each), in order. */
  shipments: z.array(ShipmentRecordZ).optional(),
});
export type OrderPlanning = z.infer<typeof OrderPlanningZ>;

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
  reasons: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Names of the EventBridge schedules created for the later steps. */
  schedules: z.array(z.string()).default([]),
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
