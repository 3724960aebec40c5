/**
 * Hold-SLA escalation (issue item 4: "a hold not decided within the partner's SLA escalates"),
 * the shell around the pure `holdsDueForEscalation` / `nextHoldEscalationAt` / `recordHoldEscalation`:
 *
 * 1. When an order commits with a held line (process stage, `afterCommit`), one one-time schedule
 *    per remaining step of the partner's escalation chain is created through the `Scheduler` port,
 *    due `holdSlaHours` × step after the line was held. Names are deterministic (partner, PO,
 *    line, the instant it was held, step), so a replay creates nothing new.
 * 2. At the due time the schedule puts a `planning-hold-escalation` message on the notify queue.
 *    The mail stage checks the order head: only while the line is still held since that same
 *    instant and the step is not recorded yet does the email go to that step's person, with the
 *    `edi decide` commands. Then the step is recorded on the line state (`escalationsSent`) with
 *    a `line.hold-escalated` event in the order's history. A duplicate fire finds the step
 *    recorded (or the email already sent: the mail log is keyed by the idempotency key).
 * 3. A decision deletes the line's pending schedules (best effort: a schedule that still fires
 *    finds the line decided and sends nothing).
 */
import { sealEvent } from '#domain/orders/order-events.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { holdsDueForEscalation, instantMs, lineKey, nextHoldEscalationAt, recordHoldEscalation, type HoldEscalation, type LineState } from '#domain/planning/index.ts';
import type { OrderHead, OrderStore } from '#functions/ports/order-store.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { NOTIFY_MESSAGE_SCHEMA_VERSION, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { z } from 'zod';

/** What a hold-escalation timer carries (`data.planning` of its notify message). */
export const HoldEscalationDataZ = z.object({
  hold: z.object({ partnerId: z.string(), purchaseOrderNumber: z.string(), lineNumber: z.string(), heldSince: z.string() }),
  /** 0-based step of the partner's escalation chain. */
  stepIndex: z.number().int().nonnegative(),
});
export type HoldEscalationData = z.infer<typeof HoldEscalationDataZ>;

type Hold = HoldEscalationData['hold'];

/** The order kept changing while a sent escalation step was being recorded: retried. */
export class HoldEscalationConflictError extends Error {
  override name = 'HoldEscalationConflictError';
}

/** Schedule name of one step (≤ 64 characters, [0-9a-zA-Z-_.]): one per hold episode and step. */
export function holdScheduleName(hold: Hold, stepIndex: number): string {
  return `hold-${sha256Hex(`${hold.partnerId}/${hold.purchaseOrderNumber}/${hold.lineNumber}/${hold.heldSince}`).slice(0, 40)}-${stepIndex + 1}`;
}

/** Idempotency key of the email of one step (the mail stage sends each once per address). */
export function holdEscalationKey(hold: Hold, stepIndex: number): string {
  return `hold-escalation/${lineKey(hold)}/${hold.heldSince}/${stepIndex + 1}`;
}

export function holdEscalationMessage(hold: Hold, stepIndex: number, dueAt: string): NotifyMessage {
  const data: HoldEscalationData = { hold, stepIndex };
  return {
    schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
    template: 'planning-hold-escalation',
    partner: hold.partnerId,
    recipients: ['template'],
    idempotencyKey: holdEscalationKey(hold, stepIndex).slice(0, 400),
    subject: { kind: 'order', partner: hold.partnerId, purchaseOrderNumber: hold.purchaseOrderNumber },
    createdAt: dueAt,
    data: { reason: '', facts: {}, diagnostics: [], planning: data },
  };
}

/** The held lines of an order (not cancelled) with the instant each was held. */
export function heldLinesOf(head: OrderHead): { hold: Hold; state: LineState }[] {
  if (head.order.status === 'cancelled' || !head.planning) return [];
  return head.planning.lineStates
    .filter((s) => s.status === 'held' && s.heldSince)
    .map((state) => ({ hold: { partnerId: head.order.partner, purchaseOrderNumber: head.order.purchaseOrderNumber, lineNumber: state.lineNumber, heldSince: state.heldSince as string }, state }));
}

/** A step already overdue (e.g. after downtime) is scheduled shortly after now. */
const OVERDUE_DELAY_MS = 60_000;

/**
 * Creates the schedules of every step not yet sent of every held line of `head`. Idempotent:
 * an existing schedule of the same name is left as is.
 */
export async function scheduleHoldEscalations(scheduler: Scheduler, head: OrderHead, profile: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>, now: Date): Promise<string[]> {
  const names: string[] = [];
  for (const { hold, state } of heldLinesOf(head)) {
    for (let step = state.escalationsSent; step < profile.escalationChain.length; step++) {
      const dueAt = nextHoldEscalationAt({ ...hold, escalationsSent: step }, profile);
      if (!dueAt) break;
      const at = Math.max(instantMs(dueAt), now.getTime() + (instantMs(dueAt) <= now.getTime() ? OVERDUE_DELAY_MS : 0));
      const name = holdScheduleName(hold, step);
      await scheduler.scheduleAt(name, new Date(at), holdEscalationMessage(hold, step, dueAt));
      names.push(name);
    }
  }
  return names;
}

/** Deletes the pending schedules of a line that was held (a decision settled it). */
export async function cancelHoldEscalations(scheduler: Scheduler, hold: Hold, state: Pick<LineState, 'escalationsSent'>, profile: Pick<PartnerProfile, 'escalationChain'>): Promise<void> {
  for (let step = state.escalationsSent; step < profile.escalationChain.length; step++) await scheduler.cancel(holdScheduleName(hold, step));
}

export type HoldEscalationCheck = { due: true; head: OrderHead; state: LineState; escalation: HoldEscalation } | { due: false; reason: string };

/**
 * The timer of step `stepIndex` fired at `at`: is that step still due? Only while the line is held
 * since the same instant (no decision, no change that re-held it) and the step is not recorded.
 */
export async function checkHoldEscalation(orders: Pick<OrderStore, 'get'>, data: HoldEscalationData, profile: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>, at: string): Promise<HoldEscalationCheck> {
  const { hold, stepIndex } = data;
  const head = await orders.get(hold.partnerId, hold.purchaseOrderNumber);
  if (!head) return { due: false, reason: 'no such order' };
  const held = heldLinesOf(head).find((h) => h.hold.lineNumber === hold.lineNumber);
  if (!held) return { due: false, reason: `line ${hold.lineNumber} is no longer held` };
  if (held.hold.heldSince !== hold.heldSince) return { due: false, reason: `line ${hold.lineNumber} was held again since ${held.hold.heldSince}` };
  if (held.state.escalationsSent > stepIndex) return { due: false, reason: `step ${stepIndex + 1} already sent` };
  const [escalation] = holdsDueForEscalation([{ ...hold, escalationsSent: stepIndex }], profile, at);
  if (!escalation) return { due: false, reason: `step ${stepIndex + 1} is not due at ${at} or not in the chain` };
  return { due: true, head, state: held.state, escalation };
}

/**
 * Records that the email of `escalation` went out: the line's `escalationsSent` moves past the
 * step, with a `line.hold-escalated` event, committed on the head's chain (retried on a race,
 * stopped when a decision got there first).
 */
export async function recordHoldEscalationStep(orders: Pick<OrderStore, 'get' | 'commit'>, escalation: HoldEscalation, at: string, attempts = 5): Promise<'recorded' | 'settled'> {
  const { hold, stepIndex } = escalation;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const head = await orders.get(hold.partnerId, hold.purchaseOrderNumber);
    const held = head && heldLinesOf(head).find((h) => h.hold.lineNumber === hold.lineNumber && h.hold.heldSince === hold.heldSince);
    if (!head || !head.planning || !held || held.state.escalationsSent > stepIndex) return 'settled';
    let state = held.state;
    while (state.escalationsSent <= stepIndex) state = recordHoldEscalation(state);
    const o = head.order;
    const key = holdEscalationKey(hold, stepIndex);
    const event = sealEvent(
      {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: o.partner,
        purchaseOrderNumber: o.purchaseOrderNumber,
        type: 'line.hold-escalated',
        at,
        cause: { partner: o.partner, type: 'hold-escalation', id: key },
        actor: 'system:mail',
        version: o.version,
        summary: `line ${hold.lineNumber}: held since ${hold.heldSince} without a decision; escalated to ${escalation.role} ${escalation.contact.name} (step ${stepIndex + 1})`,
        details: { lineNumber: hold.lineNumber, heldSince: hold.heldSince, step: stepIndex + 1, role: escalation.role, to: escalation.contact.email, dueAt: escalation.dueAt },
        effects: [key],
      },
      { seq: o.lastEventSeq, hash: o.lastEventHash },
    );
    const next: OrderHead = {
      order: { ...o, updatedAt: at > o.updatedAt ? at : o.updatedAt, lastEventSeq: event.seq, lastEventHash: event.hash },
      lastEvent: event,
      outbox: { outbound: [], notify: [] },
      planning: { ...head.planning, lineStates: head.planning.lineStates.map((s) => (s.lineNumber === hold.lineNumber ? state : s)) },
    };
    if ((await orders.commit(next, o.lastEventSeq, [], [head.lastEvent])) === 'committed') return 'recorded';
  }
  throw new HoldEscalationConflictError(`hold escalation of PO ${hold.purchaseOrderNumber} line ${hold.lineNumber} could not be recorded: the order kept changing`);
}
