/**
 * What the pipeline stores in its table, one zod schema per record kind. The storage
 * adapters write `data` as JSON and parse it back with these schemas at every read.
 */
import { z } from 'zod';
import { PurchaseOrderZ } from '../documents/x12-documents.ts';
import { SenderZ, SubjectZ } from '../messages/common.ts';

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

export const EventTypeZ = z.enum([
  'order.created',
  'order.changed',
  'order.cancelled',
  'order.duplicate-received',
  'change.rejected',
  'change.unmatched',
  'line.decided',
  'line.hold-escalated',
  'expedite.confirmed',
  'order.shipped',
]);
export type EventType = z.infer<typeof EventTypeZ>;

/** One append-only event of an order; `hash` = SHA-256 of its canonical JSON without `hash`, chained by `prevHash`. */
export const OrderEventZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  seq: z.number().int().positive(),
  type: EventTypeZ,
  at: z.string(),
  /** What caused it (the inbound document), and who: `partner:<id>` or `system:<stage>` or a person. */
  cause: CauseZ,
  actor: z.string(),
  /** Order version after the event. */
  version: z.number().int().nonnegative(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  /** Idempotency keys of the documents and emails this event decided to send. */
  effects: z.array(z.string()),
  prevHash: z.string(),
  hash: z.string(),
});
export type OrderEvent = z.infer<typeof OrderEventZ>;

/** Control numbers recorded with an outbound document. */
export const AllocatedNumbersZ = z.object({ interchange: z.number().int(), group: z.number().int(), firstSet: z.number().int() });

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
});
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
});
export type ErrorRecord = z.infer<typeof ErrorRecordZ>;
