/**
 * Content hashes of the records an order owns (README, "Verification"). Each is SHA-256 over
 * canonical JSON, so the same content always hashes the same, wherever the bytes are stored.
 */
import { OrderPlanningZ, OrderZ, type EmailRecord, type Order, type OrderPlanning } from '#schemas/records/records.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { canonicalJson } from '../orders/canonical-json.ts';
import { hashRecord } from '../orders/order-events.ts';
import { sha256Hex } from '../orders/sha256.ts';

export { hashRecord };

/** The order state an event produced: the order without its chain anchor (which names the event itself), and its planning state. */
export type OrderState = { order: Omit<Order, 'lastEventSeq' | 'lastEventHash'> & Partial<Pick<Order, 'lastEventSeq' | 'lastEventHash'>>; planning?: OrderPlanning | undefined };

const OrderStateZ = OrderZ.omit({ lastEventSeq: true, lastEventHash: true });

/**
 * SHA-256 of an order state; the event that produced it carries it as `stateHash`. Hashed in
 * the form the store gives back (parsed by the record schemas: defaults filled, unknown members
 * dropped), so the state as computed and the state as read hash the same.
 */
export function orderStateHash(state: OrderState): string {
  const order = OrderStateZ.parse(state.order);
  const planning = state.planning === undefined ? null : OrderPlanningZ.parse(state.planning);
  return sha256Hex(canonicalJson({ order, planning }));
}

/** An email as sent: what the recipient saw. */
export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

/** SHA-256 of an email body (the archive keeps the body under it). */
export function emailBodyHash(body: EmailBody): string {
  return sha256Hex(canonicalJson({ subject: body.subject, text: body.text, html: body.html }));
}

/**
 * Hash of what an email record says for good: everything but the delivery progress (status,
 * attempt, claim and send times, provider id), which moves from `sending` to `sent` after a seal
 * may already have been taken.
 */
export function emailContentHash(email: EmailRecord): string {
  const { status: _s, attempt: _a, claimedAt: _c, sentAt: _t, providerMessageId: _p, hash: _h, ...content } = email;
  return sha256Hex(canonicalJson(content));
}

/** An email record with its `hash` stamped over its current content. */
export function stampEmail(email: EmailRecord): EmailRecord {
  const { hash: _old, ...rest } = email;
  return { ...rest, hash: hashRecord(rest) };
}

/** Any record with its `hash` stamped. */
export function stampRecord<T extends Record<string, unknown>>(record: T): T & { hash: string } {
  const { hash: _old, ...rest } = record;
  return { ...(rest as T), hash: hashRecord(rest) };
}

/**
 * A sent-document record as first written, stamped: it names the hash of the order's document
 * record it tracks (`documentHash`), so the order's chain, which covers that record, anchors it.
 */
export function stampSentDocument(document: SentDocument, documentHash: string): SentDocument {
  const { hash: _old, earlierHashes: _e, ...rest } = document;
  return stampRecord({ ...rest, documentHash, earlierHashes: [] });
}

/**
 * The next version of a sent-document record (a partner's acknowledgment or the overdue timer
 * moved it on): the changes applied, the version bumped, the current version's hash kept among
 * the earlier ones — so a seal taken before the move still finds the hash it sealed — and stamped.
 */
export function advanceSentDocument(current: SentDocument, changes: Partial<Pick<SentDocument, 'state' | 'acknowledgment'>>): SentDocument {
  const { hash, ...rest } = current;
  return stampRecord({ ...rest, ...changes, version: current.version + 1, earlierHashes: [...(current.earlierHashes ?? []), ...(hash ? [hash] : [])] });
}
