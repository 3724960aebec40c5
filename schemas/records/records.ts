/**
 * What the pipeline stores in its table, one zod schema per record kind. The storage
 * adapters write `data` as JSON and parse it back with these schemas at every read.
 */
import { z } from 'zod';
import { DateRefZ, OrderChangeZ, PurchaseOrderZ } from '../documents/x12-documents.ts';
import { RuleIdZ } from '../master-data/partner-profile.ts';
import { SenderZ, SubjectZ } from '../messages/common.ts';
import { documentCauseId, type DocumentMessage } from '../messages/document-message.ts';
import { NotifyMessageZ } from '../messages/notify-message.ts';
import { OutboundMessageZ } from '../messages/outbound-message.ts';
import { OrderStepZ } from '../messages/order-step.ts';
import { OrderStepEventZ } from '../messages/order-step-event.ts';
import { AnomalyZ, DecisionEventZ, ExpediteReasonZ, ExpediteTierZ, LineStateZ, LineStatusZ } from './planning-state.ts';

export const RECORD_SCHEMA_VERSION = 1;

/** The document that caused a record: partner + sender + ISA13/GS06/ST02 and its type. */
export const CauseZ = z.object({
  partner: z.string(),
  type: z.string(),
  /** `documentCauseId` of the inbound set, or another natural key for non-EDI causes. */
  id: z.string(),
  /** ISA05/ISA06 of the interchange that carried it. */
  sender: SenderZ.optional(),
  interchangeControlNumber: z.string().optional(),
  groupControlNumber: z.string().optional(),
  setControlNumber: z.string().optional(),
  archiveKey: z.string().optional(),
});
export type Cause = z.infer<typeof CauseZ>;

/** The cause of an inbound transaction set: its natural key (sender + ISA13 + GS06 + ST02) and where it is archived. */
export function causeOfInboundSet(message: Pick<DocumentMessage, 'partner' | 'type' | 'source'>): Cause {
  const s = message.source;
  return {
    partner: message.partner,
    type: message.type,
    id: documentCauseId(message),
    sender: s.sender,
    interchangeControlNumber: s.interchangeControlNumber,
    groupControlNumber: s.groupControlNumber,
    setControlNumber: s.setControlNumber,
    archiveKey: s.archiveKey,
  };
}

export const OrderStatusZ = z.enum(['open', 'held', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatusZ>;

/** An order's current state: the purchase order as amended by every applied change. */
export const OrderZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  version: z.number().int().positive(),
  status: OrderStatusZ,
  /** The 850 as amended: header, every line, ship-to, dates, prices. */
  purchaseOrder: PurchaseOrderZ,
  /** Derived for the work lists: ship-to id, order date, first requested date. */
  shipTo: z.string().optional(),
  orderDate: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Cause ids already applied, so a redelivered document changes nothing. */
  appliedCauses: z.array(z.string()),
  /** Head of the event chain. */
  lastEventSeq: z.number().int().nonnegative(),
  lastEventHash: z.string(),
});
export type Order = z.infer<typeof OrderZ>;

/** One line state as an event records it. */
const LineStateNoteZ = z.object({ line: z.string(), status: LineStatusZ, reasons: z.array(RuleIdZ) });

/** What the planning checks found when a document was applied (absent when they did not run). */
const reviewDetails = {
  findings: z.array(AnomalyZ).optional(),
  /** True when a line waits for a planner (no 855/865 yet). */
  held: z.boolean().optional(),
  lineStates: z.array(LineStateNoteZ).optional(),
};

/** How one POC line of an 860 was applied (it becomes the 865's ACK for that line). */
export const LineOutcomeZ = z.object({
  lineNumber: z.string(),
  changeType: z.string(),
  applied: z.boolean(),
  reason: z.string().optional(),
  before: z.object({ quantity: z.number().optional(), unitPrice: z.number().optional(), dates: z.array(DateRefZ).optional() }).optional(),
  after: z.object({ quantity: z.number().optional(), unitPrice: z.number().optional(), dates: z.array(DateRefZ).optional() }).optional(),
});
export type LineOutcome = z.infer<typeof LineOutcomeZ>;

/** One shipment of an order: what went on the truck and its SSCC-18 labels. */
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
  /** Idempotency key of the 810 queued for it, when the partner takes 810s. */
  invoiceKey: z.string().optional(),
  /** When the deliver stage wrote that 810 for the partner: the order is invoiced then, not when it was queued. */
  invoiceDeliveredAt: z.string().optional(),
});
export type ShipmentRecord = z.infer<typeof ShipmentRecordZ>;

const changeDetails = z.object({ purpose: z.string(), changeSequence: z.string().optional(), outcomes: z.array(LineOutcomeZ), ...reviewDetails });

/** What each kind of order event records, by its type. */
export const EventDetailsZ = {
  'order.created': z.object({ lines: z.number().int().nonnegative(), purpose: z.string(), orderType: z.string(), shipTo: z.string().optional(), ...reviewDetails }),
  'order.changed': changeDetails,
  'order.cancelled': changeDetails,
  'order.duplicate-received': z.object({ ...reviewDetails }),
  'line.decided': z.object({ decision: DecisionEventZ, lineStatus: LineStatusZ, acknowledgment: z.enum(['ready', 'waiting', 'not-required']) }),
  'line.hold-escalated': z.object({ lineNumber: z.string(), heldSince: z.string(), step: z.number().int().positive(), role: z.string(), to: z.string(), dueAt: z.string(), chain: z.enum(['item', 'partner']).optional() }),
  'expedite.confirmed': z.object({ lines: z.array(z.string()), date: z.string(), by: z.string(), reason: z.string().optional() }),
  'order.shipped': z.object({ shipment: ShipmentRecordZ, shipped: z.record(z.string(), z.number()) }),
  /** The deliver stage wrote a shipment's 810 (README, "The order cycle": invoiced when delivered). */
  'order.invoice-delivered': z.object({
    shipmentId: z.string(),
    invoiceKey: z.string(),
    /** ISA13 / GS06 / ST02 the 810 went with, and its outbound file. */
    interchangeControlNumber: z.string(),
    groupControlNumber: z.string(),
    setControlNumber: z.string(),
    outboundKey: z.string(),
  }),
  'order.delay-notified': z.object({
    notificationId: z.string(),
    kind: z.enum(['risk-notice', 'confirmed-delay', 'customer-all-clear']),
    /** Absent for the customer all-clear. */
    level: z.number().int().positive().optional(),
    /** Where the customer text came from (planner, delay note, neutral). */
    customerText: z.enum(['planner', 'note', 'neutral']).optional(),
    /** The first item told; `items` lists every item of a notice that tells several (one email per order). */
    item: z.string(),
    lines: z.array(z.string()),
    items: z.array(z.object({ item: z.string(), notificationId: z.string(), lines: z.array(z.string()) })).optional(),
    cause: z.string().optional(),
    countermeasures: z.array(z.string()).optional(),
    newDate: z.string().optional(),
  }),
} as const;

export type EventType = keyof typeof EventDetailsZ;
export const EventTypeZ = z.enum(Object.keys(EventDetailsZ) as [EventType, ...EventType[]]);
export type EventDetails<T extends EventType> = z.infer<(typeof EventDetailsZ)[T]>;

const eventBase = {
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
  /** What caused it (the inbound document, a planner, a timer), and who: `partner:<id>`, `system:<stage>` or a person. */
  cause: CauseZ,
  actor: z.string(),
  /** Order version after the event. */
  version: z.number().int().nonnegative(),
  summary: z.string(),
  /** Idempotency keys of the documents and emails this event decided to send. */
  effects: z.array(z.string()),
  /**
   * SHA-256 of the order state the event produced (the head's order without its chain anchor,
   * and its planning state: line states, decisions, shipments), so the head is covered by the
   * chain (README, "Verification"). Absent on events recorded before it existed.
   */
  stateHash: z.string().optional(),
  /**
   * The steps of the order's cycle it stands at after the event, in cycle order (the last is its
   * stage; README, "The order cycle"), so the history tells when each step was reached. Absent on
   * events recorded before it existed.
   */
  steps: z.array(OrderStepZ).optional(),
  prevHash: z.string(),
  hash: z.string(),
};

function eventOf<T extends EventType>(type: T) {
  return z.object({ ...eventBase, type: z.literal(type), details: EventDetailsZ[type] });
}

/** One append-only event of an order; `hash` = SHA-256 of its canonical JSON without `hash`, chained by `prevHash`. */
export const OrderEventZ = z.discriminatedUnion('type', [
  eventOf('order.created'),
  eventOf('order.changed'),
  eventOf('order.cancelled'),
  eventOf('order.duplicate-received'),
  eventOf('line.decided'),
  eventOf('line.hold-escalated'),
  eventOf('expedite.confirmed'),
  eventOf('order.shipped'),
  eventOf('order.delay-notified'),
  eventOf('order.invoice-delivered'),
]);
export type OrderEvent = z.infer<typeof OrderEventZ>;

/** The planning state of one order, stored in its head. */
export const OrderPlanningZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION).default(RECORD_SCHEMA_VERSION),
  lineStates: z.array(LineStateZ),
  /** Every planner decision, history order (also an event each on the order chain). */
  decisions: z.array(DecisionEventZ).default([]),
  /** Vendor part per line number, for lines whose item resolved. */
  items: z.record(z.string(), z.string()).default({}),
  /** Expedite tier per line number (P1 line-down, P2 inside lead time) as classified when the line was checked. */
  tiers: z.record(z.string(), z.object({ tier: ExpediteTierZ, reasons: z.array(ExpediteReasonZ) })).default({}),
  /** How many 855s went out for this order (0: none yet; later ones replace, BAK01 `05`). */
  acknowledgmentsSent: z.number().int().nonnegative().default(0),
  /** Quantity shipped so far per line number; the 860 checks refuse a cut below it. */
  shipped: z.record(z.string(), z.number()).optional(),
  /** Every shipment recorded on the order (also an `order.shipped` event each), in order. */
  shipments: z.array(ShipmentRecordZ).optional(),
  /**
   * An 860 whose changed lines were held: it is answered with its 865 once the planner has decided
   * them (not with an 855), so the buyer's change request gets its change acknowledgment.
   */
  pendingChange: z.object({ change: OrderChangeZ, outcomes: z.array(LineOutcomeZ), receivedAt: z.string(), version: z.number().int().positive() }).optional(),
});
export type OrderPlanning = z.infer<typeof OrderPlanningZ>;

/**
 * What the last transition of an order queued; re-sent as is when that transition is replayed.
 * `events`: the order-step events it publishes on the bus (absent on heads written before them).
 */
export const OutboxZ = z.object({ outbound: z.array(OutboundMessageZ), notify: z.array(NotifyMessageZ), events: z.array(OrderStepEventZ).optional() });
export type Outbox = z.infer<typeof OutboxZ>;

/**
 * The order's head record: current state, the event that produced it and what it queued.
 * Writing the head is the commit point of a transition; the event and demand lines follow and
 * are re-written from the head when a retry finds them missing.
 */
export const OrderHeadZ = z.object({
  order: OrderZ,
  lastEvent: OrderEventZ,
  outbox: OutboxZ,
  /** Line states, decisions and items of the planning checks (absent when they did not run). */
  planning: OrderPlanningZ.optional(),
});
export type OrderHead = z.infer<typeof OrderHeadZ>;

/** Control numbers recorded with an outbound document. */
export const AllocatedNumbersZ = z.object({ interchange: z.number().int(), group: z.number().int(), firstSet: z.number().int() });
export type AllocatedNumbers = z.infer<typeof AllocatedNumbersZ>;

/** An outbound document as delivered: its control numbers and where it was written. */
export const OutboundRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  kind: z.string(),
  idempotencyKey: z.string(),
  subject: SubjectZ,
  numbers: AllocatedNumbersZ,
  /** Envelope date/time used (YYYYMMDD, HHMM), so a retry renders the same bytes. */
  envelopeDate: z.string(),
  envelopeTime: z.string(),
  bucket: z.string(),
  key: z.string(),
  recordedAt: z.string(),
  causeEventHash: z.string().optional(),
  /** SHA-256 of this record's canonical JSON without `hash`. */
  hash: z.string(),
});
export type OutboundRecord = z.infer<typeof OutboundRecordZ>;

export const EmailRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  idempotencyKey: z.string(),
  template: z.string(),
  subject: SubjectZ,
  recipients: z.array(z.string()),
  title: z.string(),
  /** `sending` is claimed before SES is called, `sent` after it answered. */
  status: z.enum(['sending', 'sent']),
  attempt: z.number().int().positive(),
  claimedAt: z.string(),
  sentAt: z.string().optional(),
  providerMessageId: z.string().optional(),
  causeEventHash: z.string().optional(),
  /** SHA-256 of the email as sent (subject, text, HTML), kept in the archive under that hash (README, "Verification"). */
  bodySha256: z.string().optional(),
  /** SHA-256 of this record's canonical JSON without `hash`, re-stamped at each write. */
  hash: z.string().optional(),
});
export type EmailRecord = z.infer<typeof EmailRecordZ>;

/** The interchange ledger: one item per sender + ISA13 (dedupe), or per rejected file. */
export const InterchangeRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  sender: SenderZ,
  interchangeControlNumber: z.string(),
  /** `received`: claimed, documents not yet all queued; `queued`: done; `rejected`: not processed. */
  state: z.enum(['received', 'queued', 'rejected']),
  archiveKey: z.string(),
  sha256: z.string(),
  sourceKey: z.string(),
  receivedAt: z.string(),
  groups: z.number().int().nonnegative(),
  documentsQueued: z.number().int().nonnegative().optional(),
  rejection: z.string().optional(),
  /**
   * A rejected interchange's transaction sets, recorded as refused (none of them is processed):
   * the first {@link MAX_LISTED_REFUSED_SETS} by GS06/ST02 with their PO or shipment id, and the count.
   */
  refusedSets: z
    .object({
      count: z.number().int().nonnegative(),
      listed: z.array(z.object({ type: z.string(), groupControlNumber: z.string(), setControlNumber: z.string(), key: z.string().optional() })),
    })
    .optional(),
});
/** How many of a rejected interchange's sets its ledger record names (the count covers them all). */
export const MAX_LISTED_REFUSED_SETS = 100;
export type InterchangeRecord = z.infer<typeof InterchangeRecordZ>;

/** A file that was refused before any interchange in it was processed (not X12, wrong sender, unknown channel). */
export const RejectedFileRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  sha256: z.string(),
  archiveKey: z.string(),
  sourceKey: z.string(),
  receivedAt: z.string(),
  reason: z.string(),
  interchangeControlNumbers: z.array(z.string()),
});
export type RejectedFileRecord = z.infer<typeof RejectedFileRecordZ>;

/** A re-sent interchange, recorded as an event of the original. */
export const DuplicateRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  sender: SenderZ,
  interchangeControlNumber: z.string(),
  sourceKey: z.string(),
  sha256: z.string(),
  receivedAt: z.string(),
  /**
   * True when the re-used ISA13 came with other content than the interchange first claimed under it:
   * refused with a TA1 `R` 025 and an alert, not taken for a re-send.
   */
  contentDiffers: z.boolean().optional(),
});
export type DuplicateRecord = z.infer<typeof DuplicateRecordZ>;

/** One forecast quantity per partner + ship-to + item + period, and the 830 that set it. */
export const ForecastPeriodZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  shipTo: z.string(),
  item: z.string(),
  periodStart: z.string(),
  periodEnd: z.string().optional(),
  quantity: z.number(),
  unitOfMeasure: z.string().optional(),
  forecastQualifier: z.string(),
  timingQualifier: z.string(),
  setBy: CauseZ,
  scheduleReference: z.string().optional(),
});
export type ForecastPeriod = z.infer<typeof ForecastPeriodZ>;

/** An open order line indexed by item, for PAB (access pattern 5). */
export const DemandLineZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  lineNumber: z.string(),
  item: z.string(),
  quantity: z.number(),
  unitOfMeasure: z.string().optional(),
  dueDate: z.string().optional(),
  orderVersion: z.number().int(),
  open: z.boolean(),
});
export type DemandLine = z.infer<typeof DemandLineZ>;

/** A change waiting for its order that gave up: kept as an error record (never dropped). */
export const ErrorRecordZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  kind: z.string(),
  cause: CauseZ,
  at: z.string(),
  reason: z.string(),
  /** The message as received, for a redrive. */
  message: z.string(),
  /** SHA-256 of this record's canonical JSON without `hash`. */
  hash: z.string().optional(),
});
export type ErrorRecord = z.infer<typeof ErrorRecordZ>;
