/**
 * Hold SLA: a held line not decided within the partner's `holdSlaHours` escalates, one step of
 * its chain per SLA interval — the item's owner → manager → director → VP, the partner's chain
 * when the line has no item (see `holdEscalationChain`). When a step's timer fires, {@link holdEscalationDue}
 * says whether it still applies — only while the line is held since the same instant (no
 * decision, no change that re-held it) and the step is not recorded yet — and
 * {@link recordHoldEscalation} records it on the order with the email to that step's person.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import type { HeldLine, HoldEscalation, LineState } from '#schemas/records/planning-state.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { findLine, holdPolicyOf, holdsDueForEscalation, lineKey, orderedQuantityOf, recordHoldEscalation as countEscalation, type HoldPolicy } from '../planning/index.ts';
import { orderSubject } from './order-messages.ts';
import { advance, refuse, type Refusal, type Transition } from './transition.ts';

/** A held line and the step of its chain a timer is for. */
export interface HoldTimer {
  hold: Omit<HeldLine, 'escalationsSent'>;
  /** 0-based step of the line's escalation chain. */
  stepIndex: number;
}

/** Idempotency key of the email of one step: one per hold episode (the instant it was held) and step. */
export function holdEscalationKey(hold: HoldTimer['hold'], stepIndex: number): string {
  return `hold-escalation/${lineKey(hold)}/${hold.heldSince}/${stepIndex + 1}`;
}

/** The held lines of an order (not cancelled) with the instant each was held. */
export function heldLinesOf(head: OrderHead): { hold: HoldTimer['hold']; state: LineState }[] {
  if (head.order.status === 'cancelled' || !head.planning) return [];
  return head.planning.lineStates
    .filter((s): s is LineState & { heldSince: string } => s.status === 'held' && s.heldSince !== undefined)
    .map((state) => ({ hold: { partnerId: head.order.partner, purchaseOrderNumber: head.order.purchaseOrderNumber, lineNumber: state.lineNumber, heldSince: state.heldSince }, state }));
}

/** Whether the step a timer fired for at `at` is still due, and if so the escalation to send. */
export function holdEscalationDue(head: OrderHead | undefined, timer: HoldTimer, policy: HoldPolicy, at: string): { due: true; state: LineState; escalation: HoldEscalation } | { due: false; reason: string } {
  const { hold, stepIndex } = timer;
  if (!head) return { due: false, reason: 'no such order' };
  const held = heldLinesOf(head).find((h) => h.hold.lineNumber === hold.lineNumber);
  if (!held) return { due: false, reason: `line ${hold.lineNumber} is no longer held` };
  if (held.hold.heldSince !== hold.heldSince) return { due: false, reason: `line ${hold.lineNumber} was held again since ${held.hold.heldSince}` };
  if (held.state.escalationsSent > stepIndex) return { due: false, reason: `step ${stepIndex + 1} already sent` };
  const [escalation] = holdsDueForEscalation([{ ...hold, escalationsSent: stepIndex }], policy, at);
  if (!escalation) return { due: false, reason: `step ${stepIndex + 1} is not due at ${at} or not in the chain` };
  return { due: true, state: held.state, escalation };
}

function chainName(escalation: HoldEscalation, item: Item | undefined): string {
  return escalation.chain?.source === 'item' && item ? `item ${item.vendorPart}'s chain` : "partner's chain";
}

/**
 * Records the step on the order (`line.hold-escalated`; the line's `escalationsSent` moves past
 * it) with the email to the step's person, planners in copy, and the `edi decide` commands. The
 * chain is the item's when `item` is the line's item master record, else the partner's.
 */
export function recordHoldEscalation(head: OrderHead, input: { timer: HoldTimer; partner: PartnerProfile; item: Item | undefined }, now: string): Transition | Refusal {
  const check = holdEscalationDue(head, input.timer, holdPolicyOf(input.item, input.partner), now);
  if (!check.due) return refuse(check.reason);
  const { escalation } = check;
  const { hold, stepIndex } = input.timer;
  let state = check.state;
  while (state.escalationsSent <= stepIndex) state = countEscalation(state);
  const key = holdEscalationKey(hold, stepIndex);
  const found = findLine(head.order.purchaseOrder, hold.lineNumber);
  const quantity = found ? orderedQuantityOf(found.line) : undefined;
  const customerPart = found?.line.productIds.find((p) => p.qualifier === 'BP' || p.qualifier === 'IN')?.value;
  const email = notifyMessage('planning-hold-escalation', {
    partner: hold.partnerId,
    recipients: ['template'],
    idempotencyKey: key,
    subject: orderSubject(hold.partnerId, hold.purchaseOrderNumber),
    createdAt: now,
    data: {
      partner: input.partner,
      escalation,
      reasons: check.state.reasons,
      line: { ...(quantity !== undefined ? { quantity } : {}), ...(found?.line.unitOfMeasure ? { unitOfMeasure: found.line.unitOfMeasure } : {}), ...(customerPart ? { customerPart } : {}) },
      ...(input.item ? { item: input.item } : {}),
    },
  });
  const planning = head.planning!;
  return advance(
    head,
    input.partner,
    {
      type: 'line.hold-escalated',
      cause: { partner: head.order.partner, type: 'hold-escalation', id: key },
      actor: 'system:hold-sla',
      summary: `line ${hold.lineNumber}: held since ${hold.heldSince} without a decision; escalated to ${escalation.role} ${escalation.contact.name} (step ${stepIndex + 1} of the ${chainName(escalation, input.item)})`,
      details: { lineNumber: hold.lineNumber, heldSince: hold.heldSince, step: stepIndex + 1, role: escalation.role, to: escalation.contact.email, dueAt: escalation.dueAt, chain: escalation.chain?.source ?? 'partner' },
      planning: { ...planning, lineStates: planning.lineStates.map((s) => (s.lineNumber === hold.lineNumber ? state : s)) },
      notify: [email],
    },
    now,
  );
}
