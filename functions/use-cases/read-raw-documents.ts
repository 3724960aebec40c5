/**
 * `edi raw` and the history API's raw view: the bytes of every document of an order as received
 * (the archived interchange, with the SHA-256 the ledger recorded at receipt) or as sent (the
 * outbound file its delivery record names, the 997/999/TA1 answering its interchanges included),
 * each with the SHA-256 of the bytes found.
 */
import type { RawDocuments } from '#functions/ports/audit-archive.ts';
import type { OrderTimeline, Timeline } from '#functions/ports/timeline.ts';

export interface ReadRawDocumentsDeps {
  timeline: Pick<Timeline, 'order' | 'interchange'>;
  raw: RawDocuments;
}

export interface RawDocument {
  direction: 'received' | 'sent';
  /** Transaction set (850, 860, 855, 865, 856 …). */
  type: string;
  isa13: string;
  bucket?: string | undefined;
  key: string;
  /** SHA-256 of the bytes found (undefined when the object is gone). */
  sha256?: string | undefined;
  /** What the ledger recorded at receipt (received documents). */
  ledgerSha256?: string | undefined;
  /** The bytes as text (X12 is ASCII), absent when the object is gone. */
  text?: string | undefined;
}

const textOf = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

/** Every raw document of the order; `document` keeps those whose type or ISA13 it names. */
export async function readRawDocuments(deps: ReadRawDocumentsDeps, partner: string, purchaseOrderNumber: string, document?: string): Promise<RawDocument[]> {
  const t = await deps.timeline.order(partner, purchaseOrderNumber);
  const out: RawDocument[] = [];
  const seen = new Set<string>();
  const answers: OrderTimeline['documents'] = [];
  for (const c of [...t.events.map((e) => e.cause), ...t.errors.map((e) => e.cause)]) {
    if (!c.sender || !c.interchangeControlNumber) continue;
    const id = `${c.sender.qualifier}:${c.sender.id}/${c.interchangeControlNumber}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const ix = await deps.timeline.interchange(c.sender, c.interchangeControlNumber);
    // What we sent answering it (the 997/999/TA1), filed under the interchange, not the order.
    answers.push(...ix.documents);
    const ledger = ix.interchange;
    const key = ledger?.archiveKey ?? c.archiveKey;
    if (!key) continue;
    const found = await deps.raw.readRaw(undefined, key);
    out.push({ direction: 'received', type: c.type, isa13: c.interchangeControlNumber, key, sha256: found?.sha256, ledgerSha256: ledger?.sha256, text: found ? textOf(found.bytes) : undefined });
  }
  for (const d of [...answers, ...t.documents].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))) {
    const found = await deps.raw.readRaw(d.bucket, d.key);
    out.push({ direction: 'sent', type: d.kind, isa13: String(d.numbers.interchange).padStart(9, '0'), bucket: d.bucket, key: d.key, sha256: found?.sha256, text: found ? textOf(found.bytes) : undefined });
  }
  return document === undefined ? out : out.filter((r) => r.type === document || r.isa13 === document || Number(r.isa13) === Number(document));
}
