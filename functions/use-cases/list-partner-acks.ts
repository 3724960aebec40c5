/**
 * Our documents to a partner and what its acknowledgments said (`edi acks`, and the history API):
 * newest first, optionally only those in one state (`overdue`, `rejected` …).
 */
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { SentDocument, SentDocumentState } from '#schemas/records/sent-document.ts';

export interface ListPartnerAcksDeps {
  sentDocuments: Pick<SentDocuments, 'list'>;
}

export async function listPartnerAcks(deps: ListPartnerAcksDeps, input: { partner: string; state?: SentDocumentState }): Promise<SentDocument[]> {
  return deps.sentDocuments.list(input.partner, input.state);
}
