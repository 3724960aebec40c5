/**
 * The emails of an order as they were sent (README, "Verification"): each email record of the
 * order's history with its body read from the audit archive by the SHA-256 the record holds, and
 * whether the body found still hashes to it.
 */
import { emailBodyHash } from '#domain/audit/record-hashes.ts';
import type { EmailBodies } from '#functions/ports/audit-archive.ts';
import type { Timeline } from '#functions/ports/timeline.ts';
import type { StoredEmailBody } from '#schemas/records/audit-records.ts';
import type { EmailRecord } from '#schemas/records/records.ts';

export interface ReadOrderEmailsDeps {
  timeline: Pick<Timeline, 'order'>;
  bodies: Pick<EmailBodies, 'readBody'>;
}

export interface OrderEmail {
  idempotencyKey: string;
  template: string;
  title: string;
  status: EmailRecord['status'];
  recipients: string[];
  at: string;
  bodySha256?: string | undefined;
  /** The body as sent; absent when the record names none (sent before bodies were kept) or it is gone. */
  body?: StoredEmailBody | undefined;
  /** `intact`: the body hashes to the record's SHA-256; `altered`: it does not; `missing`: named but gone; `not-kept`: the record names none. */
  bodyCheck: 'intact' | 'altered' | 'missing' | 'not-kept';
}

export async function readOrderEmails(deps: ReadOrderEmailsDeps, partner: string, purchaseOrderNumber: string): Promise<{ found: boolean; emails: OrderEmail[] }> {
  const t = await deps.timeline.order(partner, purchaseOrderNumber);
  const emails: OrderEmail[] = [];
  for (const m of [...t.emails].sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt))) {
    const body = m.bodySha256 ? await deps.bodies.readBody(m.bodySha256) : undefined;
    const bodyCheck = !m.bodySha256 ? 'not-kept' : !body ? 'missing' : emailBodyHash(body) === m.bodySha256 ? 'intact' : 'altered';
    emails.push({ idempotencyKey: m.idempotencyKey, template: m.template, title: m.title, status: m.status, recipients: m.recipients, at: m.sentAt ?? m.claimedAt, ...(m.bodySha256 ? { bodySha256: m.bodySha256 } : {}), ...(body ? { body } : {}), bodyCheck });
  }
  return { found: t.order !== undefined || t.events.length > 0 || emails.length > 0, emails };
}
