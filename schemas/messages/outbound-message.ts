/**
 * Outbound queue message (ingest/process → deliver): one document to render and send to a
 * partner. Deliver allocates the control numbers, so the message carries none; the
 * idempotency key names the document so a redelivery reuses the numbers recorded for it.
 */
import { z } from 'zod';
import { SENT_DOCUMENTS } from '../documents/set-documents.ts';
import { SENT_SETS } from '../x12/registry.ts';
import { ClaimCheckZ, SubjectZ } from './common.ts';

export const OUTBOUND_MESSAGE_SCHEMA_VERSION = 1;

/** TA1 interchange acknowledgment: it has no GS/ST, so it is not a typed transaction set. */
export const InterchangeAcknowledgmentZ = z.object({
  type: z.literal('TA1'),
  /** TA101 the acknowledged ISA13, TA102/TA103 its ISA09 (YYMMDD) and ISA10 (HHMM). */
  interchangeControlNumber: z.string(),
  interchangeDate: z.string().regex(/^\d{6}$/),
  interchangeTime: z.string().regex(/^\d{4}$/),
  /** TA104: `A` accepted, `E` accepted with errors, `R` rejected. */
  acknowledgmentCode: z.enum(['A', 'E', 'R']),
  /** TA105 interchange note code (I18), `000` no error. */
  noteCode: z.string().regex(/^\d{3}$/),
});
export type InterchangeAcknowledgment = z.infer<typeof InterchangeAcknowledgmentZ>;

/** The documents of the sets we send (the set registry's `sent`/`both` sets), and the TA1. */
export const OutboundDocumentZ = z.discriminatedUnion('type', [...SENT_DOCUMENTS, InterchangeAcknowledgmentZ]);
export type OutboundDocument = z.infer<typeof OutboundDocumentZ>;
export const OutboundKindZ = z.enum([...SENT_SETS, 'TA1']);
export type OutboundKind = z.infer<typeof OutboundKindZ>;

export const OutboundMessageZ = z.object({
  schemaVersion: z.literal(OUTBOUND_MESSAGE_SCHEMA_VERSION),
  partner: z.string().min(1),
  kind: OutboundKindZ,
  /** Deterministic name of this document, e.g. `997/ZZ:ACME/000000123/1001`, `855/ACME/PO-1/v1`. */
  idempotencyKey: z.string().min(1).max(400),
  /** Where the delivery is recorded (the order's or the interchange's timeline). */
  subject: SubjectZ,
  /** Hash of the timeline event that decided this document, linking the delivery record into the chain. */
  causeEventHash: z.string().optional(),
  /** When the deciding stage produced it (ISO 8601); the envelope date/time are taken from it, so a retry renders the same bytes. */
  createdAt: z.string(),
  payload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('inline'), document: OutboundDocumentZ }),
    z.object({ kind: z.literal('claim'), claim: ClaimCheckZ }),
  ]),
});
export type OutboundMessage = z.infer<typeof OutboundMessageZ>;
