/**
 * Building blocks shared by the inter-stage message contracts.
 */
import { z } from 'zod';

/** A pointer into S3 used instead of an inline payload when it would not fit an SQS message. */
export const ClaimCheckZ = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  /** SHA-256 of the stored JSON, so the reader can prove it read what was written. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ClaimCheck = z.infer<typeof ClaimCheckZ>;

/** Payloads larger than this (UTF-8 bytes of the JSON) travel as a claim check; SQS allows 256 KiB per message. */
export const INLINE_PAYLOAD_LIMIT_BYTES = 200 * 1024;

/** The interchange sender as read from ISA05/ISA06. */
export const SenderZ = z.object({ qualifier: z.string(), id: z.string().min(1) });
export type Sender = z.infer<typeof SenderZ>;

/** Where a transaction set came from: enough to find it in the archive and to name it in a 997. */
export const SourceSetZ = z.object({
  sender: SenderZ,
  interchangeControlNumber: z.string().min(1),
  groupControlNumber: z.string().min(1),
  setControlNumber: z.string().min(1),
  /** GS08, e.g. `004010`. */
  version: z.string(),
  /** Archive key of the raw interchange bytes. */
  archiveKey: z.string(),
  /** When the file arrived (S3 event time, ISO 8601): the stage's notion of "now" for this document, stable across retries. */
  receivedAt: z.string(),
});
export type SourceSet = z.infer<typeof SourceSetZ>;

/**
 * What a record in the timeline is about: an order (partner + PO) or an interchange (sender + ISA13).
 * Outbound documents and emails are recorded under their subject.
 */
export const SubjectZ = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order'), partner: z.string().min(1), purchaseOrderNumber: z.string().min(1) }),
  z.object({ kind: z.literal('interchange'), partner: z.string().min(1), sender: SenderZ, interchangeControlNumber: z.string().min(1) }),
  z.object({ kind: z.literal('file'), partner: z.string().min(1), sha256: z.string() }),
]);
export type Subject = z.infer<typeof SubjectZ>;
