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
import { sha256Hex } from './sha256.ts';
import { advance, type Transition } from './transition.ts';

export type CustomerDelayNotice = Extract<DelayNotification, { kind: 'risk-notice' | 'confirmed-delay' | 'customer-all-clear' }>;

/** The order lines a customer notice names. */
export function noticeLines(n: CustomerDelayNotice): string[] {
  return n.kind === 'risk-notice' ? n.lines.map((l) => l.line.lineNumber) : n.kind === 'customer-all-clear' ? n.lines.map((l) => l.lineNumber) : [n.lineNumber];
}

/** A customer notice of one item, as a grouped notice to its order lists it. */
export interface ItemNotice {
  notification: CustomerDelayNotice;
  item: Item;
}

const byLineNumber = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });

/**
 * The id of the one notice an order gets for `notices` (one kind, one order, several items): a
 * single item's notice keeps its own id; several are named by the set of their ids — the facts
 * that caused them (each item's lines short in which weeks, or cleared), never the time of an
 * attempt — so a replay or a concurrent recompute that decides the same notices names the same email.
 */
export function groupNoticeId(notices: readonly ItemNotice[]): string {
  const [first, ...more] = notices;
  if (!first) throw new Error('a grouped notice needs a notice');
  if (more.length === 0) return first.notification.id;
  const n = first.notification;
  const prefix = n.kind === 'risk-notice' ? 'delay-L2' : n.kind === 'confirmed-delay' ? 'delay-L3' : 'delay-clear-customer';
  return `${prefix}/order/${[n.partnerId, n.purchaseOrderNumber].map(encodeURIComponent).join('/')}/${sha256Hex(notices.map((x) => x.notification.id).sort().join('|')).slice(0, 16)}`;
}

function summaryOf(n: CustomerDelayNotice, items: readonly ItemNotice[]): string {
  const what = items.map((x) => `item ${x.item.vendorPart}, line ${noticeLines(x.notification).sort(byLineNumber).join(', ')}`).join('; ');
  switch (n.kind) {
    case 'risk-notice':
      return `delay risk notice (level 2) to the customer for ${what}: ${[...new Set(items.flatMap((x) => (x.notification.kind === 'risk-notice' ? [x.notification.cause] : [])))].join(' / ')}`;
    case 'confirmed-delay':
      return `confirmed delay (level 3) to the customer for ${what}: new date ${n.newDate}`;
    case 'customer-all-clear':
      return `all-clear to the customer for ${what}: the delivery risk is resolved`;
  }
}

/**
 * Records the customer notice of `notices` — one kind, one order, one item or several (one email
 * per order and recipient) — with its email. Each item notice's id is applied with it, so a later
 * decision of one of them alone is known as told.
 */
export function recordDelayNotice(head: OrderHead, input: { notices: readonly ItemNotice[]; partner: PartnerProfile }, now: string): Transition {
  const [first, ...more] = input.notices;
  if (!first) throw new Error('a delay notice needs a notice');
  const n = first.notification;
  const id = groupNoticeId(input.notices);
  const lines = [...new Set(input.notices.flatMap((x) => noticeLines(x.notification)))].sort(byLineNumber);
  const email = notifyMessage('planning-delay', {
    partner: n.partnerId,
    recipients: ['template'],
    idempotencyKey: id,
    subject: orderSubject(n.partnerId, n.purchaseOrderNumber),
    createdAt: now,
    data: { notification: n, item: first.item, partners: [input.partner], ...(more.length ? { more: more.map((m) => ({ notification: m.notification, item: m.item })) } : {}) },
  });
  return advance(
    head,
    input.partner,
    {
      type: 'order.delay-notified',
      cause: { partner: n.partnerId, type: 'delay-notice', id },
      actor: n.kind === 'risk-notice' ? (n.enteredBy ? `planner:${n.enteredBy}` : 'system:delay-risk') : n.kind === 'confirmed-delay' ? `planner:${n.by}` : 'system:delay-risk',
      summary: summaryOf(n, input.notices),
      details: {
        notificationId: id,
        kind: n.kind,
        ...(n.kind === 'customer-all-clear' ? {} : { level: n.level }),
        item: n.item,
        lines,
        ...(more.length ? { items: input.notices.map((x) => ({ item: x.item.vendorPart, notificationId: x.notification.id, lines: noticeLines(x.notification).sort(byLineNumber) })) } : {}),
        ...(n.kind === 'risk-notice'
          ? { cause: n.cause, countermeasures: n.countermeasures, customerText: n.customerText }
          : n.kind === 'confirmed-delay'
            ? { newDate: n.newDate, ...(n.cause ? { cause: n.cause } : {}), customerText: n.customerText }
            : {}),
      },
      notify: [email],
      alsoApplies: more.length ? input.notices.map((x) => x.notification.id) : [],
    },
    now,
  );
}
