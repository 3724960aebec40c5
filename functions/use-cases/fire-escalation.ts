/**
 * A timer fell due (timers stage). It decides whether what it was set for still applies — a
 * decision or a confirmation may have settled it since — and only then escalates:
 * - hold SLA: while the line is held since the same instant and the step is unrecorded, the step
 *   is recorded on the order (`line.hold-escalated`) with the email to that step's person;
 * - P1: while the case is unconfirmed and the step unsent, the step's email goes out — one per
 *   order and person, with the order's other lines at the same step — then each case records it
 *   as sent (the email's key makes a repeat after a crash harmless);
 * - delay level 2: see fire-delay-notice.ts.
 */
import { orderSubject } from '#domain/orders/order-messages.ts';
import * as Order from '#domain/orders/transitions.ts';
import { markEscalationSent, p1EmailKey } from '#domain/planning/index.ts';
import type { P1Step } from '#schemas/master-data/common.ts';
import type { EscalationRecord } from '#schemas/records/planning-records.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { Escalations, ItemMaster } from '#functions/ports/planning-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import type { EscalationTimer, TimerMessage } from '#schemas/messages/timer-message.ts';
import { commitOrder, type CommitDeps } from './commit-order.ts';
import { OrderConflictError } from './errors.ts';
import { expediteLine } from './open-expedite.ts';
import { flagOverdueAck, type FlagOverdueAckDeps } from './flag-overdue-ack.ts';
import { fireDelayNotice, type FireDelayNoticeDeps } from './fire-delay-notice.ts';

export type FireEscalationDeps = CommitDeps & {
  partners: PartnerDirectory;
  orders: Pick<OrderStore, 'get' | 'create' | 'commit' | 'repair'>;
  items: Pick<ItemMaster, 'listItems'>;
  escalations: Pick<Escalations, 'getEscalation' | 'listEscalations' | 'putEscalation'>;
  notify: NotifyQueue;
  clock: Clock;
  /** A partner's acknowledgment overdue (`ack-overdue` timers). */
  sentDocuments: FlagOverdueAckDeps['sentDocuments'];
} & FireDelayNoticeDeps;

export type EscalationOutcome = { fired: true; key: string } | { fired: false; reason: string };

async function fireHold(deps: FireEscalationDeps, timer: Extract<TimerMessage, { kind: 'hold-escalation' }>): Promise<EscalationOutcome> {
  const { hold } = timer;
  const profile = await deps.partners.get(hold.partnerId);
  if (!profile) return { fired: false, reason: `no partner profile ${hold.partnerId}` };
  const head = await deps.orders.get(hold.partnerId, hold.purchaseOrderNumber);
  if (!head) return { fired: false, reason: 'no such order' };
  const key = Order.holdEscalationKey(hold, timer.stepIndex);
  if (Order.hasApplied(head, key)) {
    if (head.lastEvent.cause.id === key) await deps.outbox.send(head.outbox);
    return { fired: false, reason: `step ${timer.stepIndex + 1} already sent` };
  }
  const vendorPart = head.planning?.items[hold.lineNumber];
  const item = vendorPart ? (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart) : undefined;
  // The step is judged at its due time, so a timer delivered late still escalates the step it was set for.
  const at = deps.clock.now().toISOString() > timer.dueAt ? deps.clock.now().toISOString() : timer.dueAt;
  const result = Order.recordHoldEscalation(head, { timer: { hold, stepIndex: timer.stepIndex }, partner: profile, item }, at);
  if (Order.isRefusal(result)) return { fired: false, reason: result.reason };
  await commitOrder(deps, head, result, profile.transitDays);
  return { fired: true, key };
}

/** Marks `step` sent on the case of `record`, re-reading it on a conflict, until it is marked (by this or another attempt). */
async function markSent(deps: FireEscalationDeps, record: EscalationRecord, step: P1Step, at: string): Promise<void> {
  const c = record.state.case;
  for (let attempt = 0, current = record; attempt < 5; attempt++) {
    const marked = { ...current, version: current.version + 1, state: markEscalationSent(current.state, step, at) };
    if ((await deps.escalations.putEscalation(marked)) === 'written') return;
    const fresh = await deps.escalations.getEscalation(c.partnerId, c.purchaseOrderNumber, c.lineNumber);
    if (!fresh || fresh.state.sent.some((s) => s.step === step)) return;
    current = fresh;
  }
  throw new OrderConflictError(`P1 escalation of PO ${c.purchaseOrderNumber} line ${c.lineNumber} kept changing`);
}

/**
 * A P1 step fell due. The order's lines at the same step for the same person, due at the same
 * instant (opened together), are told in one email (README, "Guarantees": one per order and
 * recipient); its key is that set of lines, whichever line's timer fires first — the others' timers
 * then find their step sent, and a retry after a crash between the send and the marks names the
 * same email.
 */
async function fireP1(deps: FireEscalationDeps, timer: Extract<TimerMessage, { kind: 'p1-escalation' }>): Promise<EscalationOutcome> {
  const c = timer.case;
  const record = await deps.escalations.getEscalation(c.partnerId, c.purchaseOrderNumber, c.lineNumber);
  if (!record) return { fired: false, reason: 'no escalation' };
  if (record.state.confirmation) return { fired: false, reason: `confirmed ${record.state.confirmation.date} by ${record.state.confirmation.by}` };
  if (record.state.sent.some((s) => s.step === timer.step)) return { fired: false, reason: `step ${timer.step} already sent` };
  const step = record.state.steps.find((s) => s.step === timer.step);
  if (!step) return { fired: false, reason: `no step ${timer.step}` };
  const profile = await deps.partners.get(c.partnerId);
  const items = new Map((await deps.items.listItems()).map((i) => [i.vendorPart, i]));
  const item = items.get(c.item);
  if (!profile || !item) return { fired: false, reason: `no partner ${c.partnerId} or item ${c.item}` };
  const samePerson = (r: EscalationRecord) => r.state.steps.some((s) => s.step === timer.step && s.dueAt === step.dueAt && s.contact.email.toLowerCase() === step.contact.email.toLowerCase());
  const peers = (await deps.escalations.listEscalations(c.partnerId, c.purchaseOrderNumber)).filter((r) => r.state.case.lineNumber !== c.lineNumber && samePerson(r));
  const key = p1EmailKey('p1-escalation', [c, ...peers.map((r) => r.state.case)], timer.step);
  const open = peers.filter((r) => !r.state.confirmation && !r.state.sent.some((s) => s.step === timer.step) && items.has(r.state.case.item));
  await deps.notify.send([
    {
      body: notifyMessage('planning-p1-escalation', {
        partner: c.partnerId,
        recipients: ['template'],
        idempotencyKey: key,
        subject: orderSubject(c.partnerId, c.purchaseOrderNumber),
        createdAt: timer.dueAt,
        data: {
          line: expediteLine(c, profile, item, record),
          step,
          state: record.state,
          ...(open.length ? { more: open.map((r) => ({ line: expediteLine(r.state.case, profile, items.get(r.state.case.item)!, r), state: r.state })) } : {}),
        },
      }),
    },
  ]);
  for (const r of [record, ...open]) await markSent(deps, r, timer.step, timer.dueAt);
  return { fired: true, key };
}

export async function fireEscalation(deps: FireEscalationDeps, timer: EscalationTimer): Promise<EscalationOutcome> {
  switch (timer.kind) {
    case 'hold-escalation':
      return fireHold(deps, timer);
    case 'p1-escalation':
      return fireP1(deps, timer);
    case 'ack-overdue':
      return flagOverdueAck(deps, timer);
    case 'delay-risk-notice':
      return fireDelayNotice(deps, timer);
  }
}
