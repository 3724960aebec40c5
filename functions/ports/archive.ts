import type { ClaimCheck } from '#schemas/messages/common.ts';

/** A file copied to local disk while its SHA-256 was computed (constant memory). */
export interface SpooledFile {
  path: string;
  size: number;
  sha256: string;
  /** Removes the local copy. */
  dispose(): Promise<void>;
}

/** Files partners drop into the inbound bucket. */
export interface InboundFiles {
  /** Copies `bucket/key` to local disk, hashing it on the way. */
  spool(bucket: string, key: string): Promise<SpooledFile>;
}

/** Claim checks: payloads too large for a queue message, stored in the archive bucket. */
export interface ClaimStore {
  /** Stores a JSON payload under a deterministic `key` and returns the claim check pointing to it. */
  storeClaim(key: string, json: string): Promise<ClaimCheck>;
  /** Reads a claim check back; throws when the content's hash differs. */
  readClaim(claim: ClaimCheck): Promise<string>;
}

/**
 * The archive: raw interchanges exactly as received (the proof of what a partner sent), and
 * claim checks for payloads too large for a queue message.
 */
export interface Archive extends ClaimStore {
  /** Stores the raw bytes under `key` (`<partner>/<YYYY-MM-DD>/<sha256>`); storing the same bytes twice is harmless. */
  storeRaw(key: string, file: SpooledFile): Promise<{ bucket: string; key: string }>;
  /** Raw bytes of an archived interchange, for the history view. */
  readRaw(key: string): Promise<string>;
}

/** Where rendered documents for partners are written (`<partner>/<type>/…`). */
export interface OutboundFiles {
  readonly bucket: string;
  put(key: string, body: string): Promise<void>;
}
