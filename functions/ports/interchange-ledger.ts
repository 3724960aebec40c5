import type { Sender } from '#schemas/messages/common.ts';
import type { DuplicateRecord, InterchangeRecord, RejectedFileRecord } from '#schemas/records/records.ts';

export type ClaimResult = { outcome: 'new' } | { outcome: 'existing'; record: InterchangeRecord };

/** Which interchanges we have seen, by sender + ISA13 (access patterns 6 and 8). */
export interface InterchangeLedger {
  /** Records the interchange unless sender + ISA13 is already there (conditional write). */
  claim(record: InterchangeRecord): Promise<ClaimResult>;
  /**
   * Marks the interchange's documents as all queued. `claimed` is the record as claimed (or as
   * found when resuming), so no read is needed; an interchange already queued is left as is.
   */
  markQueued(claimed: InterchangeRecord, documentsQueued: number): Promise<void>;
  /** Records a re-sent interchange next to the original. */
  recordDuplicate(record: DuplicateRecord): Promise<void>;
  /** Records a refused file; false when this file (partner + SHA-256) was already recorded. */
  recordRejectedFile(record: RejectedFileRecord): Promise<boolean>;
  get(sender: Sender, interchangeControlNumber: string): Promise<InterchangeRecord | undefined>;
  /** What arrived on a partner's channel since `since` (ISO): interchanges claimed and files refused (access pattern 3's ledger twin). */
  receivedSince(partner: string, since: string): Promise<{ interchanges: InterchangeRecord[]; refused: RejectedFileRecord[] }>;
}
