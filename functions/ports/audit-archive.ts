import type { DailySeal, StoredEmailBody } from '#schemas/records/audit-records.ts';

/** Email bodies as sent, in the archive bucket by their SHA-256 (`emails/<sha256>.json`). */
export interface EmailBodies {
  /** Stores the body under `sha256` (storing the same body twice is harmless). */
  storeBody(sha256: string, body: StoredEmailBody): Promise<void>;
  /** The body stored under `sha256`, undefined when there is none. */
  readBody(sha256: string): Promise<StoredEmailBody | undefined>;
}

/** SHA-256 of archived objects, computed over their bytes as stored. */
export interface ArchiveFingerprints {
  /** Hex SHA-256 of the object under `key` in the archive bucket, undefined when it is gone. */
  sha256Of(key: string): Promise<string | undefined>;
}

/** The daily seals, in the archive bucket (`seals/<YYYY-MM-DD>.json`; Object Lock retention on AWS when enabled). */
export interface SealArchive {
  /** Writes the day's seal; false when that day is already sealed (a seal is never replaced). */
  putSeal(seal: DailySeal): Promise<boolean>;
  getSeal(day: string): Promise<DailySeal | undefined>;
  /** Days sealed on or after `since` (YYYY-MM-DD; all when undefined), oldest first. */
  sealedDays(since?: string): Promise<string[]>;
}

/** Raw bytes of documents as received (archive bucket) or sent (the bucket their delivery record names). */
export interface RawDocuments {
  /** The object's bytes and their SHA-256, undefined when it is gone (`bucket` default: the archive). */
  readRaw(bucket: string | undefined, key: string): Promise<{ bytes: Uint8Array; sha256: string } | undefined>;
}
