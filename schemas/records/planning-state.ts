/**
 * The planning core's state and findings as data: line states and planner decisions, anomaly
 * findings with their evidence, expedite reasons and P1 escalation state, per-item delay state,
 * the PAB table and the delay notifications decided from it. They are stored in the table and
 * carried in notify messages, so each shape is a zod schema here; the planning core
 * (functions/domain/planning) takes its types from these.
 */
import { z } from 'zod';
import { ProductIdZ } from '../documents/x12-documents.ts';
import { EscalationStepZ, P1StepZ } from '../master-data/common.ts';
import { RuleIdZ } from '../master-data/partner-profile.ts';

export const PLANNING_STATE_SCHEMA_VERSION = 1;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when the text is a real `YYYY-MM-DD` calendar date. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// ---- decisions and line states ---------------------------------------------------------------

export const DecisionActionZ = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({ kind: z.literal('reject') }),
  z.object({ kind: z.literal('quantity'), quantity: z.number().positive().finite() }),
  z.object({ kind: z.literal('date'), date: z.string().refine(isIsoDate, 'expected YYYY-MM-DD') }),
  z.object({ kind: z.literal('price'), unitPrice: z.number().nonnegative().finite() }),
  /**
   * Confirm the line in another unit (X12 element 355), e.g. `uom=CA quantity=4`: the quantity is
   * in that unit, and so is the price (the ordered unit price when none is given).
   */
  z.object({
    kind: z.literal('uom'),
    unitOfMeasure: z.string().regex(/^[A-Z0-9]{2}$/, 'uom: a 2-character X12 unit code (element 355), e.g. CA'),
    quantity: z.number().positive().finite(),
    unitPrice: z.number().nonnegative().finite().optional(),
  }),
]);
export type DecisionAction = z.infer<typeof DecisionActionZ>;

/** A planner's decision on one line: an append-only event in the order's history. */
export const DecisionEventZ = z.object({
  schemaVersion: z.literal(PLANNING_STATE_SCHEMA_VERSION).default(PLANNING_STATE_SCHEMA_VERSION),
  type: z.literal('line-decided'),
  partnerId: z.string(),
  purchaseOrderNumber: z.string(),
  lineNumber: z.string(),
  action: DecisionActionZ,
  by: z.string().min(1),
  reason: z.string().min(1),
  at: z.string(),
});
export type DecisionEvent = z.infer<typeof DecisionEventZ>;

export const LineStatusZ = z.enum(['received', 'held', 'accepted', 'rejected']);
export type LineStatus = z.infer<typeof LineStatusZ>;

/** Where one order line stands; stored with the order. */
export const LineStateZ = z.object({
  schemaVersion: z.literal(PLANNING_STATE_SCHEMA_VERSION).default(PLANNING_STATE_SCHEMA_VERSION),
  lineNumber: z.string(),
  status: LineStatusZ,
  /** Rules whose findings set the status (hold or reject). */
  reasons: z.array(RuleIdZ),
  decidedBy: z.enum(['rules', 'planner']).optional(),
  heldSince: z.string().optional(),
  /** Hold-SLA escalation steps already sent. */
  escalationsSent: z.number().int().nonnegative().default(0),
  /** Acknowledged values that differ from the order (set by decisions). */
  quantity: z.number().optional(),
  date: z.string().optional(),
  unitPrice: z.number().optional(),
  /** The confirmed unit when a decision changed it (`quantity` and `unitPrice` are then in this unit). */
  unitOfMeasure: z.string().optional(),
  /** Accepted but the supply plan cannot ship it on time (ACK `IB`). */
  backOrdered: z.boolean().default(false),
});
export type LineState = z.infer<typeof LineStateZ>;

/** A held line as the hold-SLA timer sees it. */
export const HeldLineZ = z.object({ partnerId: z.string(), purchaseOrderNumber: z.string(), lineNumber: z.string(), heldSince: z.string(), escalationsSent: z.number().int().nonnegative() });
export type HeldLine = z.infer<typeof HeldLineZ>;

/** One person of a hold's escalation chain, with the step they hold. */
export const ChainPersonZ = z.object({ role: EscalationStepZ, name: z.string(), email: z.string() });
export type ChainPerson = z.infer<typeof ChainPersonZ>;

/**
 * The chain a held line escalates along: the item master's (`item`), or the partner profile's
 * (`partner`) when the line resolved to no item.
 */
export const HoldChainZ = z.object({ source: z.enum(['item', 'partner']), people: z.array(ChainPersonZ) });
export type HoldChain = z.infer<typeof HoldChainZ>;

/** One due step of the hold-SLA escalation of a held line. */
export const HoldEscalationZ = z.object({
  hold: HeldLineZ,
  /** 0-based position in `chain`. */
  stepIndex: z.number().int().nonnegative(),
  role: EscalationStepZ,
  contact: z.object({ name: z.string(), email: z.string() }),
  dueAt: z.string(),
  /** The chain the step belongs to (absent on escalations recorded before item chains: the partner's). */
  chain: HoldChainZ.optional(),
});
export type HoldEscalation = z.infer<typeof HoldEscalationZ>;

// ---- anomaly findings ------------------------------------------------------------------------

/** Severity of a finding that runs (`off` rules produce no finding). */
export const SeverityZ = z.enum(['hold', 'warn', 'reject']);
export type Severity = z.infer<typeof SeverityZ>;

const anomalyBase = {
  severity: SeverityZ,
  /** Line number as sent (PO101/POC01), or the position; absent for 830 findings. */
  lineNumber: z.string().optional(),
  /** Vendor part, when the line resolved to an item. */
  item: z.string().optional(),
  /** One plain-English sentence; EDI values in it must still be escaped by whoever renders it. */
  message: z.string(),
};

const forecastPeriod = { periodStart: z.string(), periodEnd: z.string(), shipTo: z.string().optional() };

export const AnomalyZ = z.discriminatedUnion('rule', [
  z.object({
    rule: z.literal('decimal-shift'),
    ...anomalyBase,
    evidence: z.object({ ordered: z.number(), forecast: z.number(), ratio: z.number(), k: z.number(), ...forecastPeriod }),
    suggestion: z.object({ quantity: z.number() }),
  }),
  z.object({
    rule: z.literal('forecast-deviation'),
    ...anomalyBase,
    evidence: z.object({
      ordered: z.number(),
      forecast: z.number(),
      /** Open orders of the same partner and item due in the forecast's period (other POs): they consumed this much of it. */
      otherOrders: z.number().optional(),
      /** forecast − otherOrders (never below 0): what the line is compared with. */
      forecastLeft: z.number().optional(),
      ratio: z.number(),
      deviationPercent: z.number(),
      tolerancePercent: z.number(),
      ...forecastPeriod,
    }),
  }),
  z.object({ rule: z.literal('never-forecast'), ...anomalyBase, evidence: z.object({ partnerId: z.string(), item: z.string() }) }),
  z.object({
    rule: z.literal('unknown-item'),
    ...anomalyBase,
    evidence: z.object({ productIds: z.array(ProductIdZ), reason: z.enum(['no-match', 'conflicting-ids']), candidates: z.array(z.string()).optional() }),
  }),
  z.object({
    rule: z.literal('pack-multiple'),
    ...anomalyBase,
    evidence: z.object({ ordered: z.number(), packSize: z.number() }),
    /** `quantity` is the nearest multiple (ties round up); `alternatives` the multiples either side. */
    suggestion: z.object({ quantity: z.number(), alternatives: z.array(z.number()) }),
  }),
  z.object({ rule: z.literal('below-moq'), ...anomalyBase, evidence: z.object({ ordered: z.number(), moq: z.number() }), suggestion: z.object({ quantity: z.number() }) }),
  z.object({
    rule: z.literal('price-mismatch'),
    ...anomalyBase,
    evidence: z.object({ unitPrice: z.number(), contractPrice: z.number(), deviationPercent: z.number(), tolerancePercent: z.number(), currency: z.string().optional() }),
    suggestion: z.object({ unitPrice: z.number() }),
  }),
  z.object({ rule: z.literal('uom-mismatch'), ...anomalyBase, evidence: z.object({ ordered: z.string(), expected: z.string() }), suggestion: z.object({ unitOfMeasure: z.string() }) }),
  z.object({
    rule: z.literal('inside-lead-time'),
    ...anomalyBase,
    evidence: z.object({ requestedShipDate: z.string(), earliestShipDate: z.string(), leadTimeDays: z.number(), today: z.string() }),
    suggestion: z.object({ date: z.string() }),
  }),
  z.object({
    rule: z.literal('duplicate-po'),
    ...anomalyBase,
    evidence: z.object({ purchaseOrderNumber: z.string(), previousControlNumber: z.string(), differences: z.array(z.string()) }),
  }),
  z.object({
    rule: z.literal('forecast-swing'),
    ...anomalyBase,
    evidence: z.object({
      periodStart: z.string(),
      periodEnd: z.string(),
      shipTo: z.string().optional(),
      previous: z.number(),
      current: z.number(),
      swingPercent: z.number().nullable(),
      tolerancePercent: z.number(),
      firmHorizonEnd: z.string(),
    }),
  }),
  z.object({
    rule: z.literal('pull-in-inside-lead-time'),
    ...anomalyBase,
    evidence: z.object({ previousShipDate: z.string(), newShipDate: z.string(), earliestShipDate: z.string(), leadTimeDays: z.number(), today: z.string() }),
    suggestion: z.object({ date: z.string() }),
  }),
  z.object({
    rule: z.literal('cut-below-shipped'),
    ...anomalyBase,
    evidence: z.object({ newQuantity: z.number(), shipped: z.number(), built: z.number() }),
    suggestion: z.object({ quantity: z.number() }),
  }),
  /** PO102 of zero or below: the line cannot be acknowledged as ordered, only with a quantity or rejected. */
  z.object({ rule: z.literal('quantity-not-positive'), ...anomalyBase, evidence: z.object({ ordered: z.number() }) }),
  /** PO101 sent on more than one line of the 850: which line a later 860 or 856 means is ambiguous. */
  z.object({ rule: z.literal('duplicate-line-number'), ...anomalyBase, evidence: z.object({ positions: z.array(z.number().int().positive()) }) }),
]);
export type Anomaly = z.infer<typeof AnomalyZ>;

/** The result of checking one order line (850 PO1, 860 POC, or an 830 item for swings). */
export const LineAssessmentZ = z.object({
  lineNumber: z.string(),
  /** Vendor part, when resolved. */
  item: z.string().optional(),
  /** The buyer's product ids as sent (for display). */
  productIds: z.array(ProductIdZ),
  ordered: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  forecast: z.number().optional(),
  requestedShipDate: z.string().optional(),
  /** Earliest date the line can ship in full from ATP (README, "Planning intelligence"); null: not inside the projected horizon. */
  fullShipFrom: z.string().nullable().optional(),
  anomalies: z.array(AnomalyZ),
});
export type LineAssessment = z.infer<typeof LineAssessmentZ>;

// ---- expedite --------------------------------------------------------------------------------

export const ExpediteTierZ = z.enum(['P1', 'P2', 'P3']);
export type ExpediteTier = z.infer<typeof ExpediteTierZ>;

export const ExpediteReasonZ = z.discriminatedUnion('code', [
  z.object({ code: z.literal('rush-order-type'), orderType: z.string() }),
  z.object({ code: z.literal('line-down-code'), value: z.string(), segment: z.enum(['REF', 'NTE']), level: z.enum(['header', 'line']) }),
  z.object({ code: z.literal('planner-flag'), by: z.string() }),
  z.object({ code: z.literal('inside-lead-time'), requestedShipDate: z.string(), earliestShipDate: z.string() }),
  z.object({ code: z.literal('pab-shortage'), weekStart: z.string(), pab: z.number() }),
  /** `quantity`: forecast the plan does not cover in that week (−PAB). */
  z.object({ code: z.literal('forecast-not-covered'), weekStart: z.string(), pab: z.number(), quantity: z.number().optional() }),
  /** `quantity`: how far below safety stock PAB is in that week. */
  z.object({ code: z.literal('safety-stock-not-covered'), weekStart: z.string(), pab: z.number(), safetyStock: z.number(), quantity: z.number().optional() }),
]);
export type ExpediteReason = z.infer<typeof ExpediteReasonZ>;

/** One order line in expedite. */
export const ExpediteCaseZ = z.object({ partnerId: z.string(), purchaseOrderNumber: z.string(), lineNumber: z.string(), item: z.string() });
export type ExpediteCase = z.infer<typeof ExpediteCaseZ>;

const PersonRefZ = z.object({ name: z.string(), email: z.string() });

export const PlannedStepZ = z.object({ step: P1StepZ, dueAt: z.string(), contact: PersonRefZ });
export type PlannedStep = z.infer<typeof PlannedStepZ>;

/** A P1 case's escalation timer; stored one per case. */
export const EscalationStateZ = z.object({
  schemaVersion: z.literal(PLANNING_STATE_SCHEMA_VERSION).default(PLANNING_STATE_SCHEMA_VERSION),
  case: ExpediteCaseZ,
  createdAt: z.string(),
  /** The supplier's date confirmation is due by then. */
  confirmDueAt: z.string(),
  steps: z.array(PlannedStepZ),
  sent: z.array(z.object({ step: P1StepZ, at: z.string() })),
  confirmation: z.object({ date: z.string(), by: z.string(), at: z.string() }).optional(),
});
export type EscalationState = z.infer<typeof EscalationStateZ>;

// ---- PAB and delay ---------------------------------------------------------------------------

/** One open order line as demand: the quantity still to ship and the date it must ship. */
export const PabDemandLineZ = z.object({
  partnerId: z.string(),
  purchaseOrderNumber: z.string(),
  lineNumber: z.string(),
  /** Vendor part. */
  item: z.string(),
  quantity: z.number(),
  /** Ship date the line is due (requested ship date, or delivery date minus transit). */
  dueDate: z.string(),
});
export type PabDemandLine = z.infer<typeof PabDemandLineZ>;

/** One week of the projected available balance of an item. */
export const PabRowZ = z.object({
  weekStart: z.string(),
  /** Open order quantity due this week. */
  orders: z.number(),
  /** Forecast counted in PAB this week (partners whose profile includes it). */
  forecast: z.number().default(0),
  /** Forecast the same partner's orders consumed this week: min(forecast, orders) per partner. */
  consumedForecast: z.number().default(0),
  /** Forecast not consumed by the same partner's orders this week. */
  unconsumedForecast: z.number(),
  /** orders + unconsumedForecast. */
  demand: z.number(),
  mps: z.number(),
  receipts: z.number(),
  /** mps + receipts. */
  supply: z.number(),
  pab: z.number(),
  safetyStock: z.number(),
  belowSafetyStock: z.boolean(),
  /** Available to promise of an MPS period (the first week, and each week with supply); absent elsewhere. */
  atp: z.number().optional(),
  /** The item's maximum stock, when it has one. */
  maxStock: z.number().optional(),
  /** PAB above the maximum stock: an over-stock warning to the planner's supervisor. */
  aboveMax: z.boolean().default(false),
  /** PAB < 0 with an order line due this week. */
  shortage: z.boolean(),
  /** The open order lines due this week. */
  linesDue: z.array(PabDemandLineZ),
});
export type PabRow = z.infer<typeof PabRowZ>;

export const LineRefZ = z.object({ partnerId: z.string(), purchaseOrderNumber: z.string(), lineNumber: z.string() });
export type LineRef = z.infer<typeof LineRefZ>;

/** A short order line: when it is due and how far PAB is below zero that week. */
export const AffectedLineZ = z.object({ line: PabDemandLineZ, weekStart: z.string(), pab: z.number() });
export type AffectedLine = z.infer<typeof AffectedLineZ>;

/**
 * Where the customer-facing cause and countermeasures of a notice came from: the planner wrote them
 * for this notice (`planner`), the item's delay note holds them (`note`), or none was written and
 * the notice says a plain neutral text (`neutral`) — never the internal note or a PAB figure.
 */
export const CustomerTextSourceZ = z.enum(['planner', 'note', 'neutral']);
export type CustomerTextSource = z.infer<typeof CustomerTextSourceZ>;

/** What a level-2 notice tells the customer about one line (DOMAIN, delay level 2). */
export const LineOutlookZ = z.object({
  lineNumber: z.string(),
  quantity: z.number(),
  /** What can ship on the requested ship date (ATP up to its week, the line taken out). */
  available: z.number(),
  requestedShipDate: z.string(),
  /** Requested ship date + the partner's transit days. */
  requestedDeliveryDate: z.string(),
  /** First week the line can ship in full from ATP; null when not inside the projected horizon. */
  newShipDate: z.string().nullable(),
  /** newShipDate + transit days. */
  newDeliveryDate: z.string().nullable(),
});
export type LineOutlook = z.infer<typeof LineOutlookZ>;

export const DelayNotificationZ = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay-alert'), level: z.literal(1), id: z.string(), item: z.string(), lines: z.array(AffectedLineZ), rows: z.array(PabRowZ), partnerIds: z.array(z.string()) }),
  z.object({
    kind: z.literal('all-clear'),
    id: z.string(),
    item: z.string(),
    lines: z.array(LineRefZ),
    rows: z.array(PabRowZ),
    partnerIds: z.array(z.string()),
    /** Lines among them whose customer had a level-2 notice this episode: they get a customer all-clear. */
    customerNotified: z.array(LineRefZ).default([]),
  }),
  z.object({
    kind: z.literal('risk-notice'),
    level: z.literal(2),
    id: z.string(),
    item: z.string(),
    partnerId: z.string(),
    purchaseOrderNumber: z.string(),
    lines: z.array(AffectedLineZ),
    cause: z.string(),
    countermeasures: z.array(z.string()),
    automatic: z.boolean(),
    enteredBy: z.string().optional(),
    customerText: CustomerTextSourceZ.default('planner'),
    outlook: z.array(LineOutlookZ).default([]),
  }),
  z.object({
    kind: z.literal('confirmed-delay'),
    level: z.literal(3),
    id: z.string(),
    item: z.string(),
    partnerId: z.string(),
    purchaseOrderNumber: z.string(),
    lineNumber: z.string(),
    newDate: z.string(),
    originalDate: z.string().optional(),
    /** Written for the customer (the item's delay note, or the neutral text); never the decision's internal reason. */
    cause: z.string().optional(),
    countermeasures: z.array(z.string()).default([]),
    customerText: CustomerTextSourceZ.default('planner'),
    /** newDate + the partner's transit days. */
    newDeliveryDate: z.string().optional(),
    by: z.string(),
    /** A replacing 855 (BAK01 `05`) with ACK `DR` and this date goes with it. */
    revisedAcknowledgment: z.literal(true),
  }),
  /** The customer had a level-2 notice for these lines and the shortage is resolved: they are told so. */
  z.object({ kind: z.literal('customer-all-clear'), id: z.string(), item: z.string(), partnerId: z.string(), purchaseOrderNumber: z.string(), lines: z.array(LineRefZ) }),
  /** A customer notice went with the neutral text: the item's planner is asked to record the customer texts. */
  z.object({ kind: z.literal('notice-text-missing'), id: z.string(), item: z.string(), noticeId: z.string(), partnerId: z.string(), purchaseOrderNumber: z.string(), lines: z.array(z.string()) }),
  z.object({
    kind: z.literal('over-stock'),
    id: z.string(),
    item: z.string(),
    maxStock: z.number(),
    /** The weeks PAB is projected above the maximum stock. */
    weeks: z.array(z.object({ weekStart: z.string(), pab: z.number() })),
    rows: z.array(PabRowZ),
    partnerIds: z.array(z.string()),
  }),
]);
export type DelayNotification = z.infer<typeof DelayNotificationZ>;

export const DelayLineRecordZ = z.object({
  /** Instant the current (or last) episode began. */
  episodeStart: z.string(),
  /** In shortage as of the last run. */
  active: z.boolean(),
  level1At: z.string().optional(),
  level2At: z.string().optional(),
  level3At: z.string().optional(),
  /** The new date the level-3 notice confirmed. */
  level3Date: z.string().optional(),
  allClearAt: z.string().optional(),
});
export type DelayLineRecord = z.infer<typeof DelayLineRecordZ>;

export const DelayStateZ = z.object({
  schemaVersion: z.literal(PLANNING_STATE_SCHEMA_VERSION).default(PLANNING_STATE_SCHEMA_VERSION),
  /** Vendor part. */
  item: z.string(),
  /** By `lineKey`. */
  lines: z.record(z.string(), DelayLineRecordZ),
  /** Instant an over-stock warning went out for the current episode (PAB above max); cleared when it ends. */
  overStockSince: z.string().optional(),
  /** Last all-clear of any line of the item: a delay note older than it was about a resolved shortage. */
  lastAllClearAt: z.string().optional(),
});
export type DelayState = z.infer<typeof DelayStateZ>;
