/**
 * Mail stage: notify queue → SES. Each recipient gets their own copy (a partner never sees our
 * internal addresses), and each copy is sent once per idempotency key + address:
 * 1. claim it with a conditional put of `EMAIL#<key>` (status `sending`, attempt 1);
 * 2. send through SES; 3. mark it `sent` with the SES message id.
 * A redelivery finds `sent` and does nothing. It finds `sending` when an earlier attempt is in
 * flight or crashed between 1 and 3: younger than the lease it is retried later; older, it is
 * taken over (conditional on the attempt number, so only one taker) and sent again.
 * Residual window (SES has no idempotency key): a crash after SES accepted the email and
 * before step 3 makes the take-over send it a second time. Skipping instead would risk losing
 * it; an alert delivered twice is the lesser harm.
 */
import type { SQSRecord } from 'aws-lambda';
import type { Clock } from '#functions/ports/clock.ts';
import type { MailLog } from '#functions/ports/mail-log.ts';
import type { Mailer } from '#functions/ports/mailer.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { NotifyMessageZ, PLANNING_TEMPLATES, type NotifyMessage, type RecipientRole } from '#schemas/messages/notify-message.ts';
import type { PlanningStore } from '#functions/ports/planning-store.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import { renderPlanningEmail } from './planning-templates.ts';
import { RECORD_SCHEMA_VERSION, type EmailRecord } from '#schemas/records/records.ts';
import { PIPELINE_SETTINGS } from '#functions/shared/config.ts';
import { lazyHandler, liveMailDeps } from '#functions/shared/live-deps.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { renderEmail, type RenderedEmail } from './templates.ts';

export interface MailDeps {
  partners: PartnerDirectory;
  mailLog: MailLog;
  mailer: Mailer;
  from: string;
  operations: readonly string[];
  clock: Clock;
  observability: Observability;
  leaseSeconds?: number;
  /** Item master and escalation state, for the planning templates. */
  planning?: PlanningStore;
  /** Order heads: the hold-escalation timer checks the line is still held, then records the step. */
  orders?: Pick<OrderStore, 'get' | 'commit'>;
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

export function mailRecord(deps: MailDeps): (record: SQSRecord) => Promise<void> {
  const { observability: obs } = deps;
  const lease = deps.leaseSeconds ?? PIPELINE_SETTINGS.mailClaimLeaseSeconds;

  /** Claims, sends and records one copy; a copy already sent is skipped. */
  async function sendOnce(message: NotifyMessage, address: string, email: Pick<RenderedEmail, 'subject' | 'text' | 'html'>): Promise<void> {
    const now = deps.clock.now();
    const claim: EmailRecord = {
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
    };
    let current = claim;
    const result = await deps.mailLog.claim(claim);
    if (!result.claimed) {
      const existing = result.existing;
      if (existing.status === 'sent') {
        obs.count('EmailsSuppressedDuplicate');
        return;
      }
      const age = (now.getTime() - Date.parse(existing.claimedAt)) / 1000;
      if (age < lease) throw new EmailInFlightError(`email ${claim.idempotencyKey} is being sent (claimed ${Math.round(age)}s ago)`);
      const taken = await deps.mailLog.reclaim(existing, now.toISOString());
      if (!taken) throw new EmailInFlightError(`email ${claim.idempotencyKey} was taken over by another attempt`);
      current = taken;
      obs.count('EmailsResent');
    }
    const sent = await deps.mailer.send({ from: deps.from, to: [address], subject: email.subject, text: email.text, html: email.html });
    await deps.mailLog.markSent({ ...current, status: 'sent', sentAt: deps.clock.now().toISOString(), providerMessageId: sent.messageId });
    obs.count('EmailsSent');
  }

  return async (record) => {
    const message = NotifyMessageZ.parse(JSON.parse(record.body));
    await withCorrelation(obs.logger, { partner: message.partner, messageId: record.messageId }, async () => {
      if (PLANNING_TEMPLATES.has(message.template)) {
        if (!deps.planning) throw new NoRecipientsError(`${message.template} needs the planning store`);
        const rendered = await renderPlanningEmail(message, { partners: deps.partners, planning: deps.planning, ...(deps.orders ? { orders: deps.orders } : {}) });
        if (rendered.kind === 'suppressed') {
          obs.count('EmailsSuppressedSettled');
          obs.logger.info('planning email not sent', { template: message.template, reason: rendered.reason });
          return;
        }
        const to = [...new Set([...rendered.email.to, ...rendered.email.cc])];
        if (to.length === 0) throw new NoRecipientsError(`${message.template} names no recipient`);
        for (const address of to) await sendOnce(message, address, rendered.email);
        await rendered.afterSend?.();
        obs.count(`Email-${message.template}`);
        return;
      }
      const profile = await deps.partners.get(message.partner);
      const to = resolveRecipients(message.recipients, profile, deps.operations);
      if (to.length === 0) throw new NoRecipientsError(`no address for ${message.recipients.join(', ')} of partner ${message.partner}`);
      if (!profile && message.recipients.some((r) => r !== 'operations')) obs.logger.warn('partner has no profile; only operations is told', { partner: message.partner });
      const email = renderEmail(message);
      for (const address of to) await sendOnce(message, address, email);
      obs.count(`Email-${message.template}`);
    });
  };
}

export function mail(deps: MailDeps): SqsHandler {
  return sqsBatchHandler(mailRecord(deps), { fifo: false, observability: deps.observability });
}

export const handler: SqsHandler = lazyHandler(() => mail(liveMailDeps()));
