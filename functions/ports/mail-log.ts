import type { EmailRecord } from '#schemas/records/records.ts';

export type MailClaim = { claimed: true } | { claimed: false; existing: EmailRecord };

/**
 * The emails we sent, under their subject's timeline. A send is claimed (`sending`) before the
 * mail provider is called and marked `sent` after, so a retry can tell what happened.
 */
export interface MailLog {
  claim(record: EmailRecord): Promise<MailClaim>;
  /** Takes over the `sending` claim `existing` (left by a crashed send) as the next attempt; false if someone else did. */
  reclaim(existing: EmailRecord, at: string): Promise<EmailRecord | undefined>;
  /** Stores `sent` (status `sent`, with the provider's message id). */
  markSent(sent: EmailRecord): Promise<void>;
}
