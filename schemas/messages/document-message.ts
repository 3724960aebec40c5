/**
 * Documents queue message (ingest → process): one inbound transaction set, the typed
 * document inline or, when its JSON is over {@link INLINE_PAYLOAD_LIMIT_BYTES}, a claim check
 * into the archive bucket. FIFO: message group = {@link documentGroupId}.
 */
import { z } from 'zod';
import { FORWARDED_DOCUMENTS } from '../documents/set-documents.ts';
import { FORWARDED_SETS } from '../x12/registry.ts';
import { ClaimCheckZ, SourceSetZ } from './common.ts';

export const DOCUMENT_MESSAGE_SCHEMA_VERSION = 1;

/** The documents of the sets ingest forwards (850, 860, 830: `forwarded` in the set registry). */
export const InboundDocumentZ = z.discriminatedUnion('type', FORWARDED_DOCUMENTS);
export type InboundDocument = z.infer<typeof InboundDocumentZ>;

export const DocumentMessageZ = z.object({
  schemaVersion: z.literal(DOCUMENT_MESSAGE_SCHEMA_VERSION),
  partner: z.string().min(1),
  /** ST01. */
  type: z.enum(FORWARDED_SETS),
  source: SourceSetZ,
  /** 850/860: the PO number; 830: absent. */
  purchaseOrderNumber: z.string().min(1).optional(),
  /** 830: the schedule's reference (BFR02/BFR03) for the record of which 830 set a forecast. */
  scheduleReference: z.string().optional(),
  payload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('inline'), document: InboundDocumentZ }),
    z.object({ kind: z.literal('claim'), claim: ClaimCheckZ }),
  ]),
  /**
   * 860 only: set when the change is waiting for its 850 (moved out of the PO's message
   * group so it cannot block the 850). Counts re-queues; the receive count drives back-off.
   */
  waitingForOrder: z.object({ since: z.string() }).optional(),
});
export type DocumentMessage = z.infer<typeof DocumentMessageZ>;

/** Natural key of one inbound transaction set: sender + ISA13 + GS06 + ST02. */
export function documentCauseId(m: Pick<DocumentMessage, 'source'>): string {
  const s = m.source;
  return `${s.sender.qualifier}:${s.sender.id}/${s.interchangeControlNumber}/${s.groupControlNumber}/${s.setControlNumber}`;
}

/**
 * FIFO message group: partner + PO (an 860 never overtakes its 850), partner + `830` for
 * schedules, and a separate `…#waiting` group for a change whose order has not arrived.
 */
export function documentGroupId(m: Pick<DocumentMessage, 'partner' | 'type' | 'purchaseOrderNumber' | 'waitingForOrder'>): string {
  const base = m.type === '830' ? `${m.partner}#830` : `${m.partner}#PO#${m.purchaseOrderNumber ?? ''}`;
  return m.waitingForOrder ? `${base}#waiting` : base;
}
