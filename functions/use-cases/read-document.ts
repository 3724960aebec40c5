/**
 * The history API's document view: the bytes of one document received or sent, by the store it
 * is in and its key — but only a key a record names (README, "History API"): the interchange
 * ledger names what was received (`sourceKey` in the inbound bucket, `archiveKey` in the archive),
 * an outbound record names what was sent (bucket and key). A key no record names is refused as
 * not found, so the route reads no other object of the buckets (email bodies, claims, seals).
 *
 * Steps: 1 parse the key for the partner (and day, ISA13) its record is filed under; 2 find the
 * record; 3 read the bytes and their SHA-256.
 */
import type { RawDocuments } from '#functions/ports/audit-archive.ts';
import type { DeliveryLog } from '#functions/ports/delivery-log.ts';
import type { OutboundRecord } from '#schemas/records/records.ts';
import type { InterchangeLedger } from '#functions/ports/interchange-ledger.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { Timeline } from '#functions/ports/timeline.ts';
import { translateText } from '#domain/x12/translate.ts';
import { NotX12Error } from '#domain/x12/types.ts';
import { channelPartnerOf } from './receive-interchange.ts';

export const DOCUMENT_STORES = ['inbound', 'outbound', 'archive'] as const;
export type DocumentStore = (typeof DOCUMENT_STORES)[number];

export interface ReadDocumentDeps {
  ledger: Pick<InterchangeLedger, 'receivedSince'>;
  timeline: Pick<Timeline, 'order' | 'interchange'>;
  sentDocuments: Pick<SentDocuments, 'byInterchange'>;
  deliveries: Pick<DeliveryLog, 'acknowledgmentsSentIn'>;
  raw: RawDocuments;
  /** Bucket names of the stores other than the archive (the raw port's default). */
  buckets: { inbound?: string | undefined; outbound?: string | undefined };
}

/**
 * Whose records may name an outbound key: an order, or for a 997/999/TA1 we sent the interchange
 * it answered. Neither is needed: the documents tracked for the partner's acknowledgment (855,
 * 856, 865, 810) and the acknowledgments we sent are found by the ISA13 in the key.
 */
export interface DocumentHint {
  purchaseOrderNumber?: string | undefined;
  interchange?: { sender: { qualifier: string; id: string }; interchangeControlNumber: string } | undefined;
}

export type DocumentResult =
  | { found: false; reason: string }
  | {
      found: true;
      store: DocumentStore;
      key: string;
      /** Which record names the key. */
      namedBy: string;
      /** SHA-256 the record holds (the ledger's, at receipt), when it holds one. */
      recordedSha256?: string | undefined;
      /** The bytes as stored now, and their SHA-256; absent when the object is gone. */
      bytes?: Uint8Array | undefined;
      sha256?: string | undefined;
    };

const ARCHIVE_KEY = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\/[0-9a-f]{64}$/;
const OUTBOUND_KEY = /^([^/]+)\/([^/]+)\/\d{8}-(\d{9})\.x12$/;

async function read(deps: ReadDocumentDeps, store: DocumentStore, key: string, namedBy: string, recordedSha256?: string): Promise<DocumentResult> {
  const bucket = store === 'archive' ? undefined : deps.buckets[store];
  if (store !== 'archive' && !bucket) return { found: false, reason: `the ${store} bucket is not configured` };
  const object = await deps.raw.readRaw(bucket, key);
  return { found: true, store, key, namedBy, ...(recordedSha256 ? { recordedSha256 } : {}), ...(object ? { bytes: object.bytes, sha256: object.sha256 } : {}) };
}

export async function readDocument(deps: ReadDocumentDeps, store: DocumentStore, key: string, hint: DocumentHint = {}): Promise<DocumentResult> {
  const none = { found: false as const, reason: `no record names ${store} key ${key}` };
  if (store === 'archive') {
    const m = ARCHIVE_KEY.exec(key);
    if (!m) return none;
    const found = await deps.ledger.receivedSince(m[1]!, m[2]!);
    const ix = found.interchanges.find((i) => i.archiveKey === key);
    if (ix) return read(deps, store, key, `interchange ISA13 ${ix.interchangeControlNumber} from ${ix.sender.qualifier.trim()}/${ix.sender.id.trim()}`, ix.sha256);
    const refused = found.refused.find((r) => r.archiveKey === key);
    if (refused) return read(deps, store, key, `refused file ${refused.sourceKey} (${refused.reason})`, refused.sha256);
    return none;
  }
  if (store === 'inbound') {
    const partner = channelPartnerOf(key);
    if (!partner) return none;
    const found = await deps.ledger.receivedSince(partner, '0000-01-01');
    const ix = found.interchanges.find((i) => i.sourceKey === key);
    if (ix) return read(deps, store, key, `interchange ISA13 ${ix.interchangeControlNumber} from ${ix.sender.qualifier.trim()}/${ix.sender.id.trim()}`, ix.sha256);
    const refused = found.refused.find((r) => r.sourceKey === key);
    if (refused) return read(deps, store, key, `refused file ${refused.sourceKey} (${refused.reason})`, refused.sha256);
    return none;
  }
  const m = OUTBOUND_KEY.exec(key);
  if (!m) return none;
  const partner = m[1]!;
  const orders = new Set<string>();
  if (hint.purchaseOrderNumber) orders.add(hint.purchaseOrderNumber);
  // The sent-document record keeps ISA13 as allocated (a number, unpadded); the file name pads it to 9 digits.
  for (const isa13 of new Set([m[3]!, String(Number(m[3]!))])) {
    for (const d of await deps.sentDocuments.byInterchange(partner, isa13)) if (d.subject.kind === 'order') orders.add(d.subject.purchaseOrderNumber);
  }
  for (const po of orders) {
    const record = (await deps.timeline.order(partner, po)).documents.find((d) => d.key === key && (!deps.buckets.outbound || d.bucket === deps.buckets.outbound));
    if (record) return read(deps, store, key, `${record.kind} of ${partner} PO ${po} (${record.idempotencyKey})`);
  }
  if (hint.interchange) {
    const record = (await deps.timeline.interchange(hint.interchange.sender, hint.interchange.interchangeControlNumber)).documents.find((d) => d.key === key && d.partner === partner);
    if (record) return read(deps, store, key, `${record.kind} answering ISA13 ${hint.interchange.interchangeControlNumber} (${record.idempotencyKey})`);
  }
  const record = (await deps.deliveries.acknowledgmentsSentIn(partner, Number(m[3]!))).find((r) => r.key === key);
  return record ? readSentRecord(deps, record) : none;
}

/** The bytes of an acknowledgment we sent, as its delivery record names them (its bucket, its key). */
function readSentRecord(deps: ReadDocumentDeps, record: OutboundRecord): Promise<DocumentResult> | DocumentResult {
  if (record.subject.kind !== 'interchange' || (deps.buckets.outbound && record.bucket !== deps.buckets.outbound)) return { found: false, reason: `no record names outbound key ${record.key}` };
  const answered = record.subject;
  return read(deps, 'outbound', record.key, `${record.kind} answering ISA13 ${answered.interchangeControlNumber} from ${answered.sender.qualifier.trim()}/${answered.sender.id.trim()} (${record.idempotencyKey})`);
}

/**
 * A 997/999/TA1 we sent `partner`, by our own ISA13 (the number the partner quotes back), read as
 * {@link readDocument} reads its key. One interchange is one file, so its records share the key.
 */
export async function readSentAcknowledgment(deps: ReadDocumentDeps, partner: string, interchangeControlNumber: number): Promise<DocumentResult> {
  const [record] = await deps.deliveries.acknowledgmentsSentIn(partner, interchangeControlNumber);
  if (!record) return { found: false, reason: `no 997, 999 or TA1 of ours to ${partner} in ISA13 ${String(interchangeControlNumber).padStart(9, '0')}` };
  return readSentRecord(deps, record);
}

/** What an auditor reads beside a document's raw X12: each set as our reader translates it. */
export interface DocumentTranslation {
  documents: { type: string; controlNumber: string; accepted: boolean; document?: unknown; diagnostics: { severity: string; code: string; message: string; segmentPosition?: number }[] }[];
  diagnosticCounts: { errors: number; warnings: number };
}

/**
 * The document's sets as `edi translate` reads them (typed documents and their findings), for the
 * console's "Translated JSON" beside the named raw segments. Undefined when the bytes are not X12.
 */
export function translationOf(text: string): DocumentTranslation | undefined {
  try {
    const result = translateText(text);
    return {
      documents: result.documents.map((d) => ({
        type: d.type,
        controlNumber: d.controlNumber,
        accepted: d.accepted,
        ...(d.document ? { document: d.document } : {}),
        diagnostics: d.diagnostics.map((x) => ({ severity: x.severity, code: x.code, message: x.message, ...(x.segmentPosition !== undefined ? { segmentPosition: x.segmentPosition } : {}) })),
      })),
      diagnosticCounts: { errors: result.diagnosticCounts.errors, warnings: result.diagnosticCounts.warnings },
    };
  } catch (error) {
    if (error instanceof NotX12Error) return undefined;
    throw error;
  }
}
