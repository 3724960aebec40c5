/**
 * Everything an order owns, read through the ports for verification and sealing (README,
 * "Verification"): the head, the timeline (events, documents, emails, errors), the records
 * derived from the head (summary, demand index), the partner-acknowledgment records of its
 * documents, and what the archive holds for each hash a
 * record names — email bodies, the raw interchanges that carried the order's documents, and the
 * partner's 997/999/TA1 files that acknowledged the documents we sent.
 */
import { emailBodyHash } from '#domain/audit/record-hashes.ts';
import type { ArchivedContent, OrderRecords } from '#domain/audit/verify-order.ts';
import type { ArchiveFingerprints, EmailBodies } from '#functions/ports/audit-archive.ts';
import type { OrderAuditSource } from '#functions/ports/order-audit-source.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { Timeline } from '#functions/ports/timeline.ts';

export interface ReadOrderRecordsDeps {
  orders: Pick<OrderStore, 'get'>;
  timeline: Pick<Timeline, 'order' | 'interchange'>;
  audit: Pick<OrderAuditSource, 'derived'>;
  partners: PartnerDirectory;
  bodies: Pick<EmailBodies, 'readBody'>;
  fingerprints: ArchiveFingerprints;
}

/**
 * Inbound files are archived as `<partner>/<date>/<sha256>` (receive-interchange.ts): the SHA-256
 * an acknowledgment record written before it named the hash itself is read from its key.
 */
function sha256InArchiveKey(key: string): string | undefined {
  const last = key.split('/').at(-1) ?? '';
  return /^[0-9a-f]{64}$/.test(last) ? last : undefined;
}

/** Transit days when the partner has no profile (demand due dates then are the requested dates). */
const NO_TRANSIT = 0;

export async function readOrderRecords(deps: ReadOrderRecordsDeps, partner: string, purchaseOrderNumber: string): Promise<OrderRecords> {
  const [head, t, derived, profile] = await Promise.all([
    deps.orders.get(partner, purchaseOrderNumber),
    deps.timeline.order(partner, purchaseOrderNumber),
    deps.audit.derived(partner, purchaseOrderNumber),
    deps.partners.get(partner),
  ]);
  const archived: ArchivedContent[] = [];
  for (const m of t.emails) {
    if (!m.bodySha256) continue;
    const body = await deps.bodies.readBody(m.bodySha256);
    archived.push({ key: `emails/${m.bodySha256}.json`, expected: m.bodySha256, actual: body ? emailBodyHash(body) : undefined, namedBy: `email ${m.idempotencyKey}` });
  }
  const interchanges = new Map<string, { qualifier: string; id: string; isa13: string; type: string }>();
  for (const c of [...t.events.map((e) => e.cause), ...t.errors.map((e) => e.cause)]) {
    if (c.sender && c.interchangeControlNumber) interchanges.set(`${c.sender.qualifier}:${c.sender.id}/${c.interchangeControlNumber}`, { ...c.sender, isa13: c.interchangeControlNumber, type: c.type });
  }
  for (const ix of interchanges.values()) {
    const ledger = (await deps.timeline.interchange({ qualifier: ix.qualifier, id: ix.id }, ix.isa13)).interchange;
    const namedBy = `the interchange ledger (ISA13 ${ix.isa13} from ${ix.qualifier.trim()}/${ix.id.trim()}, ${ix.type})`;
    if (!ledger) archived.push({ key: `ledger ${ix.qualifier.trim()}:${ix.id.trim()}/${ix.isa13}`, expected: 'a ledger entry', actual: undefined, namedBy: `an event of the order (ISA13 ${ix.isa13}, ${ix.type})` });
    else archived.push({ key: ledger.archiveKey, expected: ledger.sha256, actual: await deps.fingerprints.sha256Of(ledger.archiveKey), namedBy });
  }
  // The partner's own 997/999/TA1 files that set an acknowledgment state: the record names the
  // archived file and its SHA-256 (README, "Verification", step 6), once per file.
  const ackFiles = new Map<string, ArchivedContent>();
  for (const a of t.acknowledgments ?? []) {
    const ack = a.acknowledgment;
    const expected = ack?.archiveKey ? (ack.sha256 ?? sha256InArchiveKey(ack.archiveKey)) : undefined;
    if (!ack?.archiveKey || !expected || ackFiles.has(ack.archiveKey)) continue;
    const namedBy = `the partner-ack record ${a.idempotencyKey} (${a.partner}'s ${ack.kind}${ack.interchangeControlNumber ? ` in ISA13 ${ack.interchangeControlNumber}` : ''}, which made it ${a.state})`;
    ackFiles.set(ack.archiveKey, { key: ack.archiveKey, expected, actual: await deps.fingerprints.sha256Of(ack.archiveKey), namedBy, byAckRecord: true });
  }
  archived.push(...ackFiles.values());
  return {
    partner,
    purchaseOrderNumber,
    head,
    events: t.events,
    documents: t.documents,
    emails: t.emails,
    errors: t.errors,
    acknowledgments: t.acknowledgments ?? [],
    summary: derived.summary,
    demand: derived.demand,
    transitDays: profile?.transitDays ?? NO_TRANSIT,
    archived,
  };
}
