/**
 * Every notify message as the email it stands for: the planning templates name their own
 * recipients; an operational alert is addressed by role (resolved by the mail stage).
 */
import { isAlert, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { renderAlertEmail, type AlertEmail } from './alert-email.ts';
import { renderAnomalyEmail } from './anomaly-email.ts';
import { isCustomerNotice } from './customer-delay-emails.ts';
import { renderDelayEmail } from './delay-emails.ts';
import { renderP3Digest } from './digest-email.ts';
import { renderEscalationStep, renderP1Alert, renderP1StandDown, renderP2Alert } from './expedite-emails.ts';
import { renderHoldEscalationEmail } from './hold-escalation-email.ts';
import type { RenderedEmail } from './rendered-email.ts';

export type Rendered =
  /** Addressed by the template itself. */
  | { kind: 'addressed'; email: RenderedEmail }
  /** Addressed by the message's recipient roles. */
  | { kind: 'by-role'; email: AlertEmail }
  /** Nothing to say (no finding, nothing for the digest). */
  | { kind: 'nothing'; reason: string };

export function renderNotification(message: NotifyMessage): Rendered {
  if (isAlert(message)) return { kind: 'by-role', email: renderAlertEmail(message) };
  const addressed = (email: RenderedEmail | undefined, reason: string): Rendered => (email ? { kind: 'addressed', email } : { kind: 'nothing', reason });
  switch (message.template) {
    case 'planning-anomaly':
      return addressed(renderAnomalyEmail({ ...message.data, heldAt: message.createdAt }), 'no findings');
    case 'planning-delay': {
      const partners = Object.fromEntries(message.data.partners.map((p) => [p.id, p]));
      return addressed(renderDelayEmail(message.data.notification, message.data.item, partners, (message.data.more ?? []).flatMap((m) => (isCustomerNotice(m.notification) ? [{ notification: m.notification, item: m.item }] : []))), '');
    }
    case 'planning-p1-alert':
      return addressed(renderP1Alert(message.data.line, message.data.reasons, message.data.state, message.data.supply, message.data.more), '');
    case 'planning-p1-escalation':
      return addressed(renderEscalationStep(message.data.line, message.data.step, message.data.state, message.data.more), '');
    case 'planning-p1-stand-down':
      return addressed(renderP1StandDown(message.data.line, message.data.step, message.data.state, message.data.confirmation, message.data.more), '');
    case 'planning-p2-alert':
      return addressed(renderP2Alert(message.data.line, message.data.reasons, message.data.dueAt, message.data.more), '');
    case 'planning-p3-digest':
      return addressed(renderP3Digest(message.data.planner, message.data.entries, message.data.date), 'nothing to report');
    case 'planning-hold-escalation':
      return addressed(renderHoldEscalationEmail(message.data), '');
  }
}
