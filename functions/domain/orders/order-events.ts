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

/**
 * Checks an order's events, oldest first: consecutive seqs from 1, each hash correct, each linked
 * to the previous; and, given the order head's anchor (its last event's seq and hash), that the
 * history ends exactly there — so removing the last events breaks the chain too.
 */
export function verifyChain(events: readonly OrderEvent[], anchor?: { lastEventSeq: number; lastEventHash: string }): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    if (event.seq !== i + 1) return { valid: false, brokenAtSeq: event.seq, reason: `expected seq ${i + 1}` };
    if (event.prevHash !== prev) return { valid: false, brokenAtSeq: event.seq, reason: 'prevHash does not match the previous event' };
    if (hashRecord(event) !== event.hash) return { valid: false, brokenAtSeq: event.seq, reason: 'hash does not match the content' };
    prev = event.hash;
  }
  if (anchor && anchor.lastEventSeq !== events.length) {
    return { valid: false, brokenAtSeq: Math.min(anchor.lastEventSeq, events.length + 1), reason: `the order head names event ${anchor.lastEventSeq} as its last, the history holds ${events.length}` };
  }
  if (anchor && events.length > 0 && anchor.lastEventHash !== prev) return { valid: false, brokenAtSeq: events.length, reason: "the last event's hash is not the one the order head names" };
  return { valid: true };
}
