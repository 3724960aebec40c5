import type { SentDocument, SentDocumentState } from '#schemas/records/sent-document.ts';

/** Our outbound documents by partner + GS06 + ST02, waiting for (or settled by) the partner's acknowledgment. */
export interface SentDocuments {
  /** Records a sent document; one already recorded under the same partner + GS06 + ST02 is left as is. */
  record(document: SentDocument): Promise<void>;
  /** The documents of one of our groups (AK102 names its GS06). */
  byGroup(partner: string, groupControlNumber: string): Promise<SentDocument[]>;
  /** The documents of one of our interchanges (TA101 names its ISA13). */
  byInterchange(partner: string, interchangeControlNumber: string): Promise<SentDocument[]>;
  /** Writes `next` if the stored version is still `next.version - 1`; false when it changed meanwhile. */
  update(next: SentDocument): Promise<boolean>;
  /** A partner's documents, newest first, optionally in one state. */
  list(partner: string, state?: SentDocumentState): Promise<SentDocument[]>;
}
