/**
 * Verifies everything an order owns against its event chain (README, "Verification"), pure:
 * 1. the chain itself, anchored by the head (count and last hash: a deleted event breaks it);
 * 2. the head's state against the `stateHash` its last event carries (quantities, line states,
 *    decisions, shipments: the head is only a cache of what the chain says);
 * 3. records derived from the head (its summary, its demand-index items) against the head;
 * 4. every document, email and error record against its own hash, every document and email
 *    against the event that caused it (`causeEventHash` in the chain, its key among the event's
 *    effects), and every effect of an event against a record (a deleted record is missing);
 * 5. every email body in the archive against the SHA-256 its record names;
 * 6. every raw interchange that carried a document of the order against the ledger's SHA-256, and
 *    every partner 997/999/TA1 file that set an acknowledgment state against the SHA-256 its
 *    partner-acknowledgment record names;
 * 7. every partner-acknowledgment record (what the partner's 997/999/TA1 or the overdue timer
 *    said of a document we sent) against its own hash and the document record it names, and
 *    every document whose acknowledgment we track against such a record (a deleted one is missing).
 * The findings come in that order; the first is "the first broken link".
 */
import type { DemandLine, EmailRecord, ErrorRecord, OrderEvent, OrderHead, OutboundRecord } from '#schemas/records/records.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { controlKey, TRACKED_KINDS } from '../x12/partner-acks.ts';
import { canonicalJson } from '../orders/canonical-json.ts';
import { demandOfHead } from '../orders/demand-lines.ts';
import { verifyChain } from '../orders/order-events.ts';
import { hashRecord, orderStateHash } from './record-hashes.ts';

/** What the work lists index of an order (its summary item). */
export interface IndexedSummary {
  status: string;
  version: number;
  lines: number;
  heldLines: readonly string[];
  orderDate?: string | undefined;
}

/** What the archive holds for a hash a record names: the hash of the bytes found, or undefined when nothing is there. */
export interface ArchivedContent {
  /** Where it is (archive key). */
  key: string;
  /** The SHA-256 a record names. */
  expected: string;
  /** The SHA-256 of the bytes found, undefined when the object is gone. */
  actual: string | undefined;
  /** Who names it, for the finding (`email …`, `raw 850 interchange …`). */
  namedBy: string;
  /**
   * Named by a partner-acknowledgment record, which moves on after a seal (a later 999 or TA1 may
   * name another file): the seal covers the record (its hash names this SHA-256), not the file apart.
   */
  byAckRecord?: boolean;
}

/** Everything read about one order, through the ports. */
export interface OrderRecords {
  partner: string;
  purchaseOrderNumber: string;
  head?: OrderHead | undefined;
  events: readonly OrderEvent[];
  documents: readonly OutboundRecord[];
  emails: readonly EmailRecord[];
  errors: readonly ErrorRecord[];
  /** The partner-acknowledgment records of the order's documents (855/856/865/810 we sent). */
  acknowledgments: readonly SentDocument[];
  summary?: IndexedSummary | undefined;
  demand: readonly DemandLine[];
  /** The partner's transit days, which the demand lines' due dates derive from. */
  transitDays: number;
  /** Email bodies and raw files, as found in the archive. */
  archived: readonly ArchivedContent[];
}

export interface AuditFinding {
  /** The broken link: `event #3`, `order head`, `summary`, `demand line 2`, `document <key>`, `email <key>`, `partner ack <key>`, `archive <key>`, `seal <day>`. */
  link: string;
  reason: string;
}

export interface OrderVerdict {
  partner: string;
  purchaseOrderNumber: string;
  valid: boolean;
  findings: AuditFinding[];
  /** Event effects with no record yet, on events younger than the grace period (in flight, not broken). */
  pending: string[];
  checked: { events: number; documents: number; emails: number; errors: number; acknowledgments: number; demandLines: number; archived: number };
}

const withoutVersion = ({ orderVersion: _v, ...rest }: DemandLine): string => canonicalJson(rest);

function checkDerived(r: OrderRecords, head: OrderHead, findings: AuditFinding[]): void {
  const o = head.order;
  const held = (head.planning?.lineStates ?? []).filter((l) => l.status === 'held').map((l) => l.lineNumber);
  if (!r.summary) findings.push({ link: 'summary', reason: 'the order has no index entry (summary item)' });
  else {
    const s = r.summary;
    const differs = [
      s.status !== o.status && `status ${s.status} ≠ ${o.status}`,
      s.version !== o.version && `version ${s.version} ≠ ${o.version}`,
      s.lines !== o.purchaseOrder.lines.length && `lines ${s.lines} ≠ ${o.purchaseOrder.lines.length}`,
      canonicalJson([...s.heldLines]) !== canonicalJson(held) && `held lines [${s.heldLines.join(', ')}] ≠ [${held.join(', ')}]`,
      (s.orderDate ?? undefined) !== (o.orderDate ?? undefined) && `order date ${s.orderDate ?? '—'} ≠ ${o.orderDate ?? '—'}`,
    ].filter((x): x is string => typeof x === 'string');
    if (differs.length) findings.push({ link: 'summary', reason: `the index entry disagrees with the order head: ${differs.join('; ')}` });
  }
  // The store keeps open demand lines only (closed ones drop out of the index).
  const expected = new Map(demandOfHead(head, r.transitDays).filter((d) => d.open).map((d) => [d.lineNumber, d]));
  const stored = new Map(r.demand.map((d) => [d.lineNumber, d]));
  for (const [line, want] of expected) {
    const got = stored.get(line);
    if (!got) findings.push({ link: `demand line ${line}`, reason: 'the demand-index item of the line is missing' });
    else if (withoutVersion(got) !== withoutVersion(want)) findings.push({ link: `demand line ${line}`, reason: `the demand-index item says ${got.quantity} of ${got.item} due ${got.dueDate ?? '—'} (${got.open ? 'open' : 'closed'}), the order head ${want.quantity} of ${want.item} due ${want.dueDate ?? '—'} (${want.open ? 'open' : 'closed'})` });
  }
  for (const [line, got] of stored) {
    if (!expected.has(line) && got.open) findings.push({ link: `demand line ${line}`, reason: 'an open demand-index item for a line the order head does not have' });
  }
}

function hasRecordFor(r: OrderRecords, effect: string): boolean {
  return r.documents.some((d) => d.idempotencyKey === effect) || r.emails.some((m) => m.idempotencyKey.startsWith(`${effect}/to/`)) || r.errors.some((e) => e.cause.id === effect);
}

/**
 * Verifies one order's records. `pendingAfter` (ISO): effects of events at or after it may not
 * have a record yet (the deliver and mail stages run after the commit) and are listed as pending.
 */
export function verifyOrderRecords(r: OrderRecords, pendingAfter: string): OrderVerdict {
  const findings: AuditFinding[] = [];
  const pending: string[] = [];
  const head = r.head;
  if (!head && (r.events.length > 0 || r.summary || r.demand.length > 0 || r.documents.length > 0)) findings.push({ link: 'order head', reason: 'the order head is missing while records of the order remain' });

  const chain = verifyChain(r.events, head?.order);
  if (!chain.valid) findings.push({ link: `event #${chain.brokenAtSeq}`, reason: chain.reason });

  if (head) {
    const last = r.events.at(-1);
    if (head.lastEvent.hash !== head.order.lastEventHash) findings.push({ link: 'order head', reason: "the head's copy of its last event is not the event the head names" });
    const stateHash = head.lastEvent.stateHash ?? last?.stateHash;
    if (stateHash !== undefined && orderStateHash(head) !== stateHash) findings.push({ link: 'order head', reason: `the order state (lines, quantities, status, line states, decisions, shipments) does not hash to the stateHash of event #${head.order.lastEventSeq}` });
    checkDerived(r, head, findings);
  }

  const byHash = new Map(r.events.map((e) => [e.hash, e]));
  for (const d of r.documents) {
    const link = `document ${d.idempotencyKey}`;
    if (hashRecord(d) !== d.hash) findings.push({ link, reason: `the record (kind, control numbers ISA13 ${d.numbers.interchange}/GS06 ${d.numbers.group}/ST02 ${d.numbers.firstSet}, key) does not match its hash` });
    else checkCause(d.causeEventHash, d.idempotencyKey, byHash, link, findings);
  }
  for (const m of r.emails) {
    const link = `email ${m.idempotencyKey}`;
    if (m.hash === undefined) findings.push({ link, reason: 'the email record carries no hash' });
    else if (hashRecord(m) !== m.hash) findings.push({ link, reason: `the record (subject '${m.title}', recipients, template) does not match its hash` });
    else if (m.bodySha256 === undefined && m.status === 'sent') findings.push({ link, reason: 'the email record names no body' });
    else checkCause(m.causeEventHash, m.idempotencyKey.replace(/\/to\/[^/]*$/, ''), byHash, link, findings);
  }
  for (const e of r.errors) {
    if (e.hash !== undefined && hashRecord(e) !== e.hash) findings.push({ link: `error ${e.cause.id}`, reason: 'the error record does not match its hash' });
  }
  for (const event of r.events) {
    for (const effect of event.effects) {
      if (hasRecordFor(r, effect)) continue;
      if (event.at >= pendingAfter) pending.push(effect);
      else findings.push({ link: `event #${event.seq}`, reason: `its effect ${effect} has no document, email or error record` });
    }
  }
  checkAcknowledgments(r, pendingAfter, findings, pending);
  for (const a of r.archived) {
    if (a.actual === undefined) findings.push({ link: `archive ${a.key}`, reason: `${a.namedBy} names it, the archive has no such object` });
    else if (a.actual !== a.expected) findings.push({ link: `archive ${a.key}`, reason: `${a.namedBy} names SHA-256 ${a.expected}, the archived bytes hash to ${a.actual}` });
  }
  return {
    partner: r.partner,
    purchaseOrderNumber: r.purchaseOrderNumber,
    valid: findings.length === 0,
    findings,
    pending,
    checked: { events: r.events.length, documents: r.documents.length, emails: r.emails.length, errors: r.errors.length, acknowledgments: r.acknowledgments.length, demandLines: r.demand.length, archived: r.archived.length },
  };
}

function checkCause(causeEventHash: string | undefined, effect: string, byHash: ReadonlyMap<string, OrderEvent>, link: string, findings: AuditFinding[]): void {
  if (causeEventHash === undefined) return;
  const event = byHash.get(causeEventHash);
  if (!event) findings.push({ link, reason: 'the event that caused it is not in the chain' });
  else if (!event.effects.includes(effect)) findings.push({ link, reason: `event #${event.seq}, which it names as its cause, does not list it among its effects` });
}

const numbersOf = (n: OutboundRecord['numbers']): string => `${controlKey(n.interchange)}/${controlKey(n.group)}/${controlKey(n.firstSet)}`;

function checkAcknowledgments(r: OrderRecords, pendingAfter: string, findings: AuditFinding[], pending: string[]): void {
  for (const a of r.acknowledgments) {
    const link = `partner ack ${a.idempotencyKey}`;
    const document = r.documents.find((d) => d.idempotencyKey === a.idempotencyKey);
    const named = `${a.interchangeControlNumber}/${a.groupControlNumber}/${a.setControlNumber}`;
    if (a.hash === undefined) findings.push({ link, reason: 'the record carries no hash' });
    else if (hashRecord(a) !== a.hash) findings.push({ link, reason: `the record (state ${a.state}, the acknowledgment that set it, control numbers ISA13/GS06/ST02 ${named}) does not match its hash` });
    else if (!document) findings.push({ link, reason: 'no document record of the order is the one it tracks' });
    else if (a.documentHash !== document.hash || named !== numbersOf(document.numbers) || a.kind !== document.kind) findings.push({ link, reason: `it tracks ${a.kind} ISA13/GS06/ST02 ${named}, the document record is ${document.kind} ${numbersOf(document.numbers)} (or not the record it names)` });
  }
  for (const d of r.documents) {
    if (!TRACKED_KINDS.has(d.kind) || r.acknowledgments.some((a) => a.idempotencyKey === d.idempotencyKey)) continue;
    if (d.recordedAt >= pendingAfter) pending.push(`partner ack ${d.idempotencyKey}`);
    else findings.push({ link: `document ${d.idempotencyKey}`, reason: "its partner-acknowledgment record (sent, accepted, rejected or overdue) is missing" });
  }
}
