/**
 * A delay notice reached the customer (delay level 2, risk notice; level 3, confirmed delay; the
 * all-clear after a level-2 notice):
 * recorded on the order it is about, with the email that carries it, so the order's history
 * shows what the customer was told and when. The notification's id is the cause: a recompute
 * that decides the same notice again records nothing new.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import type { DelayNotification } from '#schemas/records/planning-state.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { orderSubject } from './order-messages.ts';
import { advance, type Transition } from './transition.ts';

export type CustomerDelayNotice = Extract<DelayNotification, { kind: 'risk-notice' | 'confirmed-delay' | 'customer-all-clear' }>;

/** The order lines a customer notice names. */
export function noticeLines(n: CustomerDelayNotice): string[] {
  return n.kind === 'risk-notice' ? n.lines.map((l) => l.line.lineNumber) : n.kind === 'customer-all-clear' ? n.lines.map((l) => l.lineNumber) : [n.lineNumber];
}

function summaryOf(n: CustomerDelayNotice, lines: readonly string[]): string {
  switch (n.kind) {
    case 'risk-notice':
      return `delay risk notice (level 2) to the customer for item ${n.item}, line ${lines.join(', ')}: ${n.cause}`;
    case 'confirmed-delay':
      return `confirmed delay (level 3) to the customer for item ${n.item}, line ${n.lineNumber}: new date ${n.newDate}`;
    case 'customer-all-clear':
      return `all-clear to the customer for item ${n.item}, line ${lines.join(', ')}: the delivery risk is resolved`;
  }
}

export function recordDelayNotice(head: OrderHead, input: { notification: CustomerDelayNotice; item: Item; partner: PartnerProfile }, now: string): Transition {
  const n = input.notification;
  const lines = noticeLines(n);
  const email = notifyMessage('planning-delay', {
    partner: n.partnerId,
    recipients: ['template'],
    idempotencyKey: n.id,
    subject: orderSubject(n.partnerId, n.purchaseOrderNumber),
    createdAt: now,
    data: { notification: n, item: input.item, partners: [input.partner] },
  });
  return advance(
    head,
    input.partner,
    {
      type: 'order.delay-notified',
      cause: { partner: n.partnerId, type: 'delay-notice', id: n.id },
      actor: n.kind === 'risk-notice' ? (n.enteredBy ? `planner:${n.enteredBy}` : 'system:delay-risk') : n.kind === 'confirmed-delay' ? `planner:${n.by}` : 'system:delay-risk',
      summary: summaryOf(n, lines),
      details: {
        notificationId: n.id,
        kind: n.kind,
        ...(n.kind === 'customer-all-clear' ? {} : { level: n.level }),
        item: n.item,
        lines,
        ...(n.kind === 'risk-notice'
          ? { cause: n.cause, countermeasures: n.countermeasures, customerText: n.customerText }
          : n.kind === 'confirmed-delay'
            ? { newDate: n.newDate, ...(n.cause ? { cause: n.cause } : {}), customerText: n.customerText }
            : {}),
      },
      notify: [email],
    },
    now,
  );
}
