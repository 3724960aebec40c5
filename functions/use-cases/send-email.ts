/**
 * One notify message becomes email (mail stage): 1 render it (the message carries everything
 * the template needs); 2 address it — the template names its people, an alert goes to its roles
 * (`operations` from configuration, `partner:<role>` from the partner's profile); 3 send each
 * recipient their own copy (a partner never sees our internal addresses), once per
 * idempotency key + address:
 *   a. claim the copy with a conditional put of `EMAIL#<key>` (status `sending`, attempt 1);
 *   b. send through the mail provider; c. mark it `sent` with the provider's message id.
 * A redelivery finds `sent` and does nothing. It finds `sending` when an earlier attempt is in
 * flight or crashed between a and c: younger than the lease it is retried later; older, it is
 * taken over (conditional on the attempt number, so only one taker) and sent again. On the
 * queue's last receive it is taken over whatever its age: the retries may all fall within the
 * lease (a local stack's scaled visibility, a crash right after the claim), and giving up would
 * dead-letter an email no attempt will send.
 * Residual window (SES has no idempotency key): a crash after SES accepted the email and before
 * c makes the take-over send it a second time. Skipping instead would risk losing it; an alert
 * delivered twice is the lesser harm.
 */
import { emailBodyHash, stampEmail } from '#domain/audit/record-hashes.ts';
import { renderNotification } from '#domain/emails/render-notification.ts';
import type { EmailBodies } from '#functions/ports/audit-archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { MailLog } from '#functions/ports/mail-log.ts';
import type { Mailer } from '#functions/ports/mailer.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { Telemetry } from '#functions/ports/telemetry.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { NotifyMessage, RecipientRole } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION, type EmailRecord } from '#schemas/records/records.ts';

export interface SendEmailDeps {
  partners: PartnerDirectory;
  mailLog: MailLog;
  /** Where the body of every email sent is kept, by its SHA-256 (README, "Verification"). */
  bodies: Pick<EmailBodies, 'storeBody'>;
  mailer: Mailer;
  from: string;
  operations: readonly string[];
  clock: Clock;
  telemetry: Telemetry;
  /** An email claim older than this (seconds) is taken to be a crashed send and is retried. */
  leaseSeconds: number;
}

/** The same email is being sent by another attempt right now: retried later. */
export class EmailInFlightError extends Error {
  override name = 'EmailInFlightError';
}

export class NoRecipientsError extends Error {
  override name = 'NoRecipientsError';
}

/** Addresses for the roles: `operations` from config, `partner:<role>` from the partner profile's contacts. */
export function resolveRecipients(roles: readonly RecipientRole[], profile: PartnerProfile | undefined, operations: readonly string[]): string[] {
  const out = new Set<string>();
  for (const role of roles) {
    if (role === 'operations') operations.forEach((a) => out.add(a));
    else if (role === 'template') continue;
    else if (profile) out.add(profile.contacts[role.slice('partner:'.length) as 'edi' | 'planner' | 'customerService' | 'buyer'].email);
  }
  return [...out];
}

/** Idempotency key of the copy of an email that goes to one address. */
export function emailCopyKey(idempotencyKey: string, address: string): string {
  return `${idempotencyKey}/to/${address.toLowerCase()}`;
}

/** `lastAttempt`: the message's last receive before its queue gives up on it. */
export function emailSender(deps: SendEmailDeps): (message: NotifyMessage, options?: { lastAttempt?: boolean }) => Promise<void> {
  const obs = deps.telemetry;

  /** Claims, sends and records one copy; a copy already sent is skipped. */
  async function sendOnce(message: NotifyMessage, address: string, email: { subject: string; text: string; html: string }, lastAttempt: boolean): Promise<void> {
    const now = deps.clock.now();
    const body = { subject: email.subject, text: email.text, html: email.html };
    const bodySha256 = emailBodyHash(body);
    // The body is kept before the claim, so a record never names a body the archive lacks.
    await deps.bodies.storeBody(bodySha256, body);
    const claim: EmailRecord = stampEmail({
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: message.partner,
      idempotencyKey: emailCopyKey(message.idempotencyKey, address),
      template: message.template,
      subject: message.subject,
      recipients: [address],
      title: email.subject,
      status: 'sending',
      attempt: 1,
      claimedAt: now.toISOString(),
      ...(message.causeEventHash ? { causeEventHash: message.causeEventHash } : {}),
      bodySha256,
    });
    let current = claim;
    const result = await deps.mailLog.claim(claim);
    if (!result.claimed) {
      const existing = result.existing;
      if (existing.status === 'sent') {
        obs.count('EmailsSuppressedDuplicate');
        return;
      }
      const age = (now.getTime() - Date.parse(existing.claimedAt)) / 1000;
      if (age < deps.leaseSeconds && !lastAttempt) throw new EmailInFlightError(`email ${claim.idempotencyKey} is being sent (claimed ${Math.round(age)}s ago)`);
      const taken = await deps.mailLog.reclaim(existing, now.toISOString());
      if (!taken) throw new EmailInFlightError(`email ${claim.idempotencyKey} was taken over by another attempt`);
      current = taken;
      obs.count('EmailsResent');
    }
    const sent = await deps.mailer.send({ from: deps.from, to: [address], subject: email.subject, text: email.text, html: email.html });
    await deps.mailLog.markSent(stampEmail({ ...current, status: 'sent', sentAt: deps.clock.now().toISOString(), providerMessageId: sent.messageId }));
    obs.count('EmailsSent');
  }

  return async (message, options = {}) => {
    const rendered = renderNotification(message);
    if (rendered.kind === 'nothing') {
      obs.count('EmailsSuppressedEmpty');
      obs.info('email not sent', { template: message.template, reason: rendered.reason });
      return;
    }
    let to: string[];
    if (rendered.kind === 'addressed') to = [...new Set([...rendered.email.to, ...rendered.email.cc])];
    else {
      const profile = await deps.partners.get(message.partner);
      to = resolveRecipients(message.recipients, profile, deps.operations);
      if (!profile && message.recipients.some((r) => r !== 'operations')) obs.warn('partner has no profile; only operations is told', { partner: message.partner });
    }
    if (to.length === 0) throw new NoRecipientsError(`no address for ${message.template} (${message.recipients.join(', ')}) of partner ${message.partner}`);
    for (const address of to) await sendOnce(message, address, rendered.email, options.lastAttempt ?? false);
    obs.count(`Email-${message.template}`);
  };
}
