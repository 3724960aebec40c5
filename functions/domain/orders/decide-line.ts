/**
 * A planner decides one line of an order (`approve`, `reject`, `quantity=Q`, `date=D`,
 * `price=P`, `uom=U quantity=Q`): a `line.decided` event on the order's chain, the new line
 * states, and once no line is held the answer: the 865 when the held lines came from an 860 (the
 * change request gets its change acknowledgment), else the 855 — BAK01 `05` (replace) when one
 * went out before. Only a held line can be decided (and an accepted one given a later date, or cut
 * below its promised quantity by an allocation). A date later than the
 * requested one is a confirmed delay (delay level 3), which the caller tells the customer.
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { DecisionAction, LineState } from '#schemas/records/planning-state.ts';
import type { OrderHead, OrderPlanning } from '#schemas/records/records.ts';
import type { OutboundDocument } from '#schemas/messages/outbound-message.ts';
import { buildAcknowledgment, dateOfInstant, decide, findLine, orderedQuantityOf, parseDecisionAction, requestedDateOf } from '../planning/index.ts';
import { acknowledgeDecidedChange } from './acknowledge-order.ts';
import { documentMessage } from './order-messages.ts';
import { changeAckKey, orderAckKey } from './order-keys.ts';
import { advance, refuse, type Refusal, type Transition } from './transition.ts';

export interface LineDecision {
  lineNumber: string;
  /** The decision word as the planner gave it (`approve`, `quantity=120` …). */
  decision: string;
  by: string;
  reason: string;
}

export interface DecidedLine extends Transition {
  /** `ready`: the 855 (or, for a held 860, its 865) goes out with this decision; `waiting`: other lines are still held. */
  acknowledgment: 'ready' | 'waiting' | 'not-required';
  acknowledgmentKey?: string;
  lineStatus: LineState['status'];
  /** The line's state before the decision (its hold, whose escalation timers the caller cancels). */
  before: LineState;
  action: DecisionAction;
  /** A date decision later than the requested ship date: the delay the customer must be told of. */
  confirmedDelay?: { newDate: string; originalDate: string };
}

/** The decision transition; refused for an unknown line, a word it does not know, or an order the checks did not see. */
export function decideLine(head: OrderHead, input: LineDecision & { partner: PartnerProfile }, now: string): DecidedLine | Refusal {
  const { order } = head;
  const planning = head.planning;
  if (!planning) return refuse(`order ${order.purchaseOrderNumber} was not checked by the planning rules`);
  const state = planning.lineStates.find((s) => s.lineNumber === input.lineNumber);
  if (!state) return refuse(`PO ${order.purchaseOrderNumber} has no line ${input.lineNumber}`);
  const parsed = parseDecisionAction(input.decision);
  if (!parsed.ok) return refuse(parsed.error);
  const ordered = findLine(order.purchaseOrder, input.lineNumber);
  const promisedQuantity = state.quantity ?? (ordered ? orderedQuantityOf(ordered.line) : undefined);
  const decided = decide(state, { partnerId: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, action: parsed.action, by: input.by, reason: input.reason, at: now, ...(promisedQuantity !== undefined ? { promisedQuantity } : {}) });
  if (!decided.ok) return refuse(decided.error);

  const po = order.purchaseOrder;
  const lineStates = planning.lineStates.map((s) => (s.lineNumber === input.lineNumber ? decided.state : s));
  const version = order.version + 1;
  const outcome = buildAcknowledgment({ order: po, lineStates, decisions: [], now, controlNumber: '0001', purpose: planning.acknowledgmentsSent > 0 ? '05' : '00', partner: input.partner });
  // A held 860 is answered with its 865 once decided; an order's held lines with the 855.
  const pending = planning.pendingChange;
  const answersChange = pending !== undefined && outcome.status !== 'waiting' && input.partner.acks.changeAck865;
  const ackKey = answersChange ? changeAckKey(order.partner, order.purchaseOrderNumber, pending.version) : orderAckKey(order.partner, order.purchaseOrderNumber, version);
  const ready: OutboundDocument | undefined = answersChange
    ? acknowledgeDecidedChange(order, pending, lineStates, dateOfInstant(now))
    : outcome.status === 'ready'
      ? outcome.acknowledgment
      : undefined;
  const { pendingChange: _answered, ...withoutPending } = planning;
  const base: OrderPlanning = outcome.status === 'waiting' ? planning : withoutPending;
  const next: OrderPlanning = { ...base, lineStates, decisions: [...planning.decisions, decided.event], acknowledgmentsSent: planning.acknowledgmentsSent + (ready && !answersChange ? 1 : 0) };
  const transition = advance(
    head,
    input.partner,
    {
      type: 'line.decided',
      cause: { partner: order.partner, type: 'decision', id: `decision/${order.partner}/${order.purchaseOrderNumber}/${input.lineNumber}/v${version}` },
      actor: `planner:${decided.event.by}`,
      summary: `line ${input.lineNumber}: ${input.decision} by ${decided.event.by} (${decided.event.reason})`,
      details: { decision: decided.event, lineStatus: decided.state.status, acknowledgment: answersChange ? 'ready' : outcome.status },
      planning: next,
      outbound: ready ? [documentMessage(order.partner, order.purchaseOrderNumber, ackKey, ready, now)] : [],
    },
    now,
  );
  const found = findLine(po, input.lineNumber);
  const requested = found ? requestedDateOf(po, found.line, input.partner.transitDays)?.shipDate : undefined;
  const delayed = parsed.action.kind === 'date' && requested !== undefined && parsed.action.date > requested;
  return {
    ...transition,
    acknowledgment: answersChange ? 'ready' : outcome.status,
    ...(ready ? { acknowledgmentKey: ackKey } : {}),
    lineStatus: decided.state.status,
    before: state,
    action: parsed.action,
    ...(delayed && parsed.action.kind === 'date' ? { confirmedDelay: { newDate: parsed.action.date, originalDate: requested } } : {}),
  };
}
