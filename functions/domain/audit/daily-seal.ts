/**
 * The daily seal, pure: what an order contributes to it (its chain head and the content hash
 * of each of its records), the Merkle root over all orders, and the check of a seal against
 * what the store holds now. Records only ever get added after a seal (emails move from
 * `sending` to `sent`, which their content hash leaves out), so everything a seal names must
 * still be there, unchanged (a partner-acknowledgment record may have moved on, naming the
 * version sealed among its earlier ones); an order the seal names and the store lacks was removed.
 */
import { DailySealZ, SEAL_SCHEMA_VERSION, type DailySeal, type SealEntry } from '#schemas/records/audit-records.ts';
import { canonicalJson } from '../orders/canonical-json.ts';
import { leafHash, merkleRoot } from './merkle.ts';
import { emailContentHash, hashRecord } from './record-hashes.ts';
import type { AuditFinding, OrderRecords } from './verify-order.ts';

const ACK_PREFIX = 'partner ack ';

/** The records of an order by id, each with its content hash (emails without their delivery progress). */
export function recordHashesOf(r: Pick<OrderRecords, 'documents' | 'emails' | 'errors' | 'acknowledgments' | 'archived'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of r.documents) out[`document ${d.idempotencyKey}`] = hashRecord(d);
  for (const m of r.emails) out[`email ${m.idempotencyKey}`] = emailContentHash(m);
  for (const e of r.errors) out[`error ${e.cause.id}`] = hashRecord(e);
  for (const a of r.acknowledgments) out[`${ACK_PREFIX}${a.idempotencyKey}`] = hashRecord(a);
  for (const a of r.archived) if (!a.byAckRecord) out[`archive ${a.key}`] = a.expected;
  return out;
}

/** What one order contributes to the seal, or undefined when it has no chain yet. */
export function sealEntryOf(r: OrderRecords): SealEntry | undefined {
  if (!r.head) return undefined;
  return { partner: r.partner, purchaseOrderNumber: r.purchaseOrderNumber, seq: r.head.order.lastEventSeq, lastEventHash: r.head.order.lastEventHash, records: recordHashesOf(r) };
}

const byOrder = (a: SealEntry, b: SealEntry): number => a.partner.localeCompare(b.partner) || a.purchaseOrderNumber.localeCompare(b.purchaseOrderNumber);

export function sealRoot(entries: readonly SealEntry[]): string {
  return merkleRoot([...entries].sort(byOrder).map((e) => leafHash(canonicalJson(e))));
}

export function buildDailySeal(day: string, sealedAt: string, entries: readonly SealEntry[]): DailySeal {
  const orders = [...entries].sort(byOrder);
  return DailySealZ.parse({ schemaVersion: SEAL_SCHEMA_VERSION, day, sealedAt, root: sealRoot(orders), orders });
}

/** The seal's own integrity: its root recomputes from its entries. */
export function verifySealRoot(seal: DailySeal): AuditFinding | undefined {
  const root = sealRoot(seal.orders);
  return root === seal.root ? undefined : { link: `seal ${seal.day}`, reason: `the entries hash to root ${root}, the seal says ${seal.root}` };
}

/** Checks one sealed order against its records now (undefined: the store has nothing of it). */
export function verifySealEntry(seal: Pick<DailySeal, 'day'>, entry: SealEntry, now: OrderRecords | undefined): AuditFinding[] {
  const link = `seal ${seal.day}`;
  const po = `${entry.partner}/${entry.purchaseOrderNumber}`;
  if (!now || (!now.head && now.events.length === 0)) return [{ link, reason: `order ${po} was sealed with ${entry.seq} event(s) and is gone from the store` }];
  const findings: AuditFinding[] = [];
  const event = now.events.find((e) => e.seq === entry.seq);
  if (!event) findings.push({ link, reason: `order ${po}: sealed event #${entry.seq} is gone` });
  else if (event.hash !== entry.lastEventHash) findings.push({ link, reason: `order ${po}: event #${entry.seq} hashes to ${event.hash}, the seal names ${entry.lastEventHash} (the chain was rewritten)` });
  const current = recordHashesOf(now);
  // A partner-acknowledgment record moves on after a seal (sent → accepted, overdue …): the version sealed is then among its earlier ones.
  const earlier = new Map(now.acknowledgments.map((a) => [`${ACK_PREFIX}${a.idempotencyKey}`, new Set(a.earlierHashes ?? [])]));
  for (const [id, hash] of Object.entries(entry.records)) {
    if (current[id] === undefined) findings.push({ link, reason: `order ${po}: ${id} was sealed and is gone` });
    else if (current[id] !== hash && !earlier.get(id)?.has(hash)) findings.push({ link, reason: `order ${po}: ${id} changed since it was sealed` });
  }
  return findings;
}
