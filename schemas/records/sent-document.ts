/**
 * An outbound document as its partner's acknowledgment sees it (README, "Partners'
 * acknowledgments"): sent with its ISA13/GS06/ST02, then accepted, accepted with errors, rejected
 * (by the partner's 997/999 or TA1) or overdue (no acknowledgment within the partner's `ackDueHours`).
 */
import { z } from 'zod';
import { SubjectZ } from '../messages/common.ts';
import { RECORD_SCHEMA_VERSION } from './records.ts';

export const SENT_DOCUMENT_STATES = ['sent', 'accepted', 'accepted-with-errors', 'rejected', 'overdue'] as const;
export const SentDocumentStateZ = z.enum(SENT_DOCUMENT_STATES);
export type SentDocumentState = z.infer<typeof SentDocumentStateZ>;

export const SentDocumentZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string().min(1),
  /** ST01 of what we sent (855, 856, 865, 810). */
  kind: z.string(),
  /** The outbound message's idempotency key (`856/ACME/PO-1/S-1`). */
  idempotencyKey: z.string().min(1),
  /** Whose history it belongs to (the order). */
  subject: SubjectZ,
  /** The PO or shipment the document is about, for people. */
  documentKey: z.string(),
  interchangeControlNumber: z.string(),
  groupControlNumber: z.string(),
  setControlNumber: z.string(),
  sentAt: z.string(),
  /** `sentAt` + the partner's `ackDueHours`. */
  dueAt: z.string(),
  state: SentDocumentStateZ,
  /** Set with every change of state: which acknowledgment said so and when. */
  acknowledgment: z
    .object({
      kind: z.enum(['997', '999', 'TA1']),
      receivedAt: z.string(),
      /** The acknowledgment's own envelope: ISA13 of the partner's interchange, and its archive key. */
      interchangeControlNumber: z.string().optional(),
      archiveKey: z.string().optional(),
      /** SHA-256 of the partner's file as archived (and in the interchange ledger): verify re-hashes the archived bytes against it. */
      sha256: z.string().optional(),
      /** AK3/AK4 (IK3/IK4) and AK5/AK9 findings in plain English. */
      findings: z.array(z.string()),
    })
    .optional(),
  /** Bumped on every write (conditional update). */
  version: z.number().int().nonnegative(),
  /**
   * Tamper evidence (README, "Verification"): `documentHash` is the hash of the order's document
   * record this tracks (which the order's chain covers), `earlierHashes` the hashes of this
   * record's earlier versions, oldest first, and `hash` the SHA-256 of this version's canonical
   * JSON without `hash` — so every version names the one before it, back to the document.
   */
  documentHash: z.string().optional(),
  earlierHashes: z.array(z.string()).optional(),
  hash: z.string().optional(),
});
export type SentDocument = z.infer<typeof SentDocumentZ>;
