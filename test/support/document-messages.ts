import { translateText } from '#domain/x12/translate.ts';
import { DocumentMessageZ, documentGroupId, type DocumentMessage } from '#schemas/messages/document-message.ts';

/** The documents-queue message ingest would send for the first set of `x12`. */
export function documentMessageOf(x12: string, partner = 'ACME', receivedAt = '2025-01-02T03:04:05.000Z'): DocumentMessage {
  const result = translateText(x12);
  const d = result.documents[0];
  const ix = result.interchanges[0];
  if (!d?.document || !ix) throw new Error('no document');
  const doc = d.document;
  if (doc.type !== '850' && doc.type !== '860' && doc.type !== '830') throw new Error(`unexpected ${doc.type}`);
  return DocumentMessageZ.parse({
    schemaVersion: 1,
    partner,
    type: doc.type,
    source: {
      sender: { qualifier: ix.senderQualifier.trim(), id: ix.senderId.trim() },
      interchangeControlNumber: d.interchangeControlNumber,
      groupControlNumber: d.groupControlNumber,
      setControlNumber: d.controlNumber,
      version: d.version,
      archiveKey: `${partner}/2025-01-02/abc`,
      receivedAt,
    },
    ...(doc.type !== '830' ? { purchaseOrderNumber: doc.purchaseOrderNumber } : {}),
    payload: { kind: 'inline', document: doc },
  });
}

export function groupOf(m: DocumentMessage): string {
  return documentGroupId(m);
}
