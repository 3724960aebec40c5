/**
 * The daily seal (README, "Verification"): every order's chain head and the content hash of
 * every record it owned at sealing time, with the Merkle root over them. Written once per day
 * to the archive bucket (`seals/<YYYY-MM-DD>.json`, Object Lock on AWS when enabled).
 */
import { z } from 'zod';

export const SEAL_SCHEMA_VERSION = 1;

/** One order as sealed: its chain head and its records by id (`document <key>`, `email <key>`, `error <cause>`, `archive <key>`). */
export const SealEntryZ = z.object({
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  seq: z.number().int().nonnegative(),
  lastEventHash: z.string(),
  records: z.record(z.string(), z.string()),
});
export type SealEntry = z.infer<typeof SealEntryZ>;

export const DailySealZ = z.object({
  schemaVersion: z.literal(SEAL_SCHEMA_VERSION),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sealedAt: z.string(),
  /** Merkle root over the entries' leaf hashes, entries sorted by partner then PO. */
  root: z.string(),
  orders: z.array(SealEntryZ),
});
export type DailySeal = z.infer<typeof DailySealZ>;

/** An email as sent, kept in the archive under `emails/<sha256>.json`. */
export const StoredEmailBodyZ = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export type StoredEmailBody = z.infer<typeof StoredEmailBodyZ>;
