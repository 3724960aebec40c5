/**
 * The order's tamper-evident history: every event carries the SHA-256 of the previous event
 * of the same order (`prevHash`) and its own hash over its canonical JSON. Editing, removing
 * or reordering an event breaks the chain at that point.
 */
import type { OrderEvent } from '#schemas/records/records.ts';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './sha256.ts';

/** `prevHash` of an order's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event before it is chained: everything but its place and hashes. */
export type UnsealedEvent = OrderEvent extends infer E ? (E extends OrderEvent ? Omit<E, 'hash' | 'prevHash' | 'seq'> : never) : never;

/** Hash of any record: SHA-256 of its canonical JSON without its `hash` member. */
export function hashRecord(record: Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/** Appends `event` after the chain head (`seq`, `hash` of the last event, or 0 and {@link GENESIS_HASH}). */
export function sealEvent(event: UnsealedEvent, head: { seq: number; hash: string }): OrderEvent {
  const unsealed = { ...event, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsealed, hash: hashRecord(unsealed) } as OrderEvent;
}

export type ChainVerdict = { valid: true } | { valid: false; brokenAtSeq: number; reason: string };

/** Checks an order's events, oldest first: consecutive seqs from 1, each hash correct, each linked to the previous. */
export function verifyChain(events: readonly OrderEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    if (event.seq !== i + 1) return { valid: false, brokenAtSeq: event.seq, reason: `expected seq ${i + 1}` };
    if (event.prevHash !== prev) return { valid: false, brokenAtSeq: event.seq, reason: 'prevHash does not match the previous event' };
    if (hashRecord(event) !== event.hash) return { valid: false, brokenAtSeq: event.seq, reason: 'hash does not match the content' };
    prev = event.hash;
  }
  return { valid: true };
}
