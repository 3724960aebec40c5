import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';

/**
 * Trading-partner profiles. A partner is identified by the channel its file arrived on: the
 * first path segment of the inbound object key is the partner id (`ACME/2025/po-1.edi`).
 */
export interface PartnerDirectory {
  /** The profile of partner `id`, or undefined when there is none. */
  get(id: string): Promise<PartnerProfile | undefined>;
}

/** Partner profiles, written by the master-data loader. */
export interface PartnerProfiles extends PartnerDirectory {
  put(profile: PartnerProfile): Promise<void>;
}
