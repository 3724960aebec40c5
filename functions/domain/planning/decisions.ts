/**
 * Line decisions and the 855 they produce.
 *
 * State machine per order line: `received` → `held` | `accepted` | `rejected` (by the rules:
 * any `reject` finding rejects, else any `hold` holds, else the line is accepted — warnings only
 * tell the planner). A planner's decision (`approve | reject | quantity=Q | date=D | price=P`,
 * with `--by` and `--reason`) is an event; folding it onto the state moves a held line to
 * accepted or rejected, and may override what the rules did before the 855 goes out.
 *
 * 855 policy: **no 855 for an order while any of its lines is held.** the order desk says "no 855 for it
 * yet"; a partial 855 that leaves lines out reads to many partners' translators as those lines
 * being unacknowledged or rejected, and the later answer would have to be a replacing 855. The
 * wait is bounded by the hold SLA, which escalates. Once no line is held, one 855 acknowledges
 * every line. A later change (e.g. a confirmed delay) is sent as a replacing 855 (BAK01 `05`).
 */
import type { AcknowledgedLine, LineAck, OrderAcknowledgment, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { DecisionActionZ, PLANNING_STATE_SCHEMA_VERSION, type DecisionAction, type DecisionEvent, type LineState } from '#schemas/records/planning-state.ts';
import { worstSeverity } from './anomaly.ts';
import type { LineAssessment } from './anomaly-rules.ts';
import { addHours, dateOfInstant, instantMs } from './dates.ts';
import { lineNumberOf, orderedQuantityOf, requestedDateOf } from './order-lines.ts';

export { DecisionActionZ, DecisionEventZ, LineStateZ, LineStatusZ, PLANNING_STATE_SCHEMA_VERSION } from '#schemas/records/planning-state.ts';
export type { DecisionAction, DecisionEvent, LineState, LineStatus } from '#schemas/records/planning-state.ts';

function fresh(lineNumber: string): LineState {
  return { schemaVersion: PLANNING_STATE_SCHEMA_VERSION, lineNumber, status: 'received', reasons: [], escalationsSent: 0, backOrdered: false };
}

/** Every line of a new order, `received`. */
export function receiveLines(order: PurchaseOrder): LineState[] {
  return order.lines.map((line, index) => fresh(lineNumberOf(line, index)));
}

/** Move received lines by the rules' findings: reject → rejected, hold → held (since `now`), else accepted. */
export function assessLineStates(assessments: readonly LineAssessment[], now: string): LineState[] {
  return assessments.map((assessment) => {
    const worst = worstSeverity(assessment.anomalies);
    const state = fresh(assessment.lineNumber);
    const reasonsFor = (severity: string): LineState['reasons'] => [...new Set(assessment.anomalies.filter((a) => a.severity === severity).map((a) => a.rule))];
    if (worst === 'reject') return { ...state, status: 'rejected', decidedBy: 'rules', reasons: reasonsFor('reject') };
    if (worst === 'hold') return { ...state, status: 'held', heldSince: now, reasons: reasonsFor('hold') };
    return { ...state, status: 'accepted', decidedBy: 'rules' };
  });
}

/** Read the decision word of `edi decide … <approve|reject|quantity=Q|date=D|price=P>`. */
export function parseDecisionAction(text: string): { ok: true; action: DecisionAction } | { ok: false; error: string } {
  const word = text.trim();
  const lower = word.toLowerCase();
  if (lower === 'approve') return { ok: true, action: { kind: 'approve' } };
  if (lower === 'reject') return { ok: true, action: { kind: 'reject' } };
  const match = /^(quantity|date|price)=(.+)$/i.exec(word);
  const key = match?.[1];
  const value = match?.[2];
  if (key !== undefined && value !== undefined) {
    const candidate =
      key.toLowerCase() === 'quantity'
        ? { kind: 'quantity', quantity: Number(value) }
        : key.toLowerCase() === 'price'
          ? { kind: 'price', unitPrice: Number(value) }
          : { kind: 'date', date: value };
    const parsed = DecisionActionZ.safeParse(candidate);
    if (parsed.success) return { ok: true, action: parsed.data };
    return { ok: false, error: `${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  return { ok: false, error: `unknown decision "${word}": use approve, reject, quantity=Q, date=YYYY-MM-DD or price=P` };
}

/** Fold one decision onto a line state (no validation: events in the history are facts). */
export function applyDecision(state: LineState, event: DecisionEvent): LineState {
  const base: LineState = { ...state, decidedBy: 'planner' };
  delete base.heldSince;
  switch (event.action.kind) {
    case 'approve':
      return { ...base, status: 'accepted' };
    case 'reject':
      return { ...base, status: 'rejected' };
    case 'quantity':
      return { ...base, status: 'accepted', quantity: event.action.quantity };
    case 'date':
      return { ...base, status: 'accepted', date: event.action.date };
    case 'price':
      return { ...base, status: 'accepted', unitPrice: event.action.unitPrice };
  }
}

/** Fold every decision for the order onto its line states, in the order given (history order). */
export function applyDecisions(states: readonly LineState[], events: readonly DecisionEvent[]): LineState[] {
  return states.map((state) => events.filter((event) => event.lineNumber === state.lineNumber).reduce(applyDecision, state));
}

export interface DecideRequest {
  partnerId: string;
  purchaseOrderNumber: string;
  action: DecisionAction;
  by: string;
  reason: string;
  /** ISO instant of the decision. */
  at: string;
}

/**
 * A planner decides a line. Refused for a line not yet assessed, without a name or reason,
 * or with a time that is not an instant. Returns the event to append and the new state.
 */
export function decide(state: LineState, request: DecideRequest): { ok: true; state: LineState; event: DecisionEvent } | { ok: false; error: string } {
  if (state.status === 'received') return { ok: false, error: `line ${state.lineNumber} has not been checked yet` };
  if (request.by.trim() === '') return { ok: false, error: '--by NAME is required' };
  if (request.reason.trim() === '') return { ok: false, error: '--reason TEXT is required' };
  if (Number.isNaN(Date.parse(request.at))) return { ok: false, error: `not an instant: ${request.at}` };
  const action = DecisionActionZ.safeParse(request.action);
  if (!action.success) return { ok: false, error: action.error.issues[0]?.message ?? 'invalid decision' };
  const event: DecisionEvent = {
    schemaVersion: PLANNING_STATE_SCHEMA_VERSION,
    type: 'line-decided',
    partnerId: request.partnerId,
    purchaseOrderNumber: request.purchaseOrderNumber,
    lineNumber: state.lineNumber,
    action: action.data,
    by: request.by.trim(),
    reason: request.reason.trim(),
    at: request.at,
  };
  return { ok: true, state: applyDecision(state, event), event };
}

/** Mark an accepted line back-ordered (ACK `IB`), optionally with the date we can ship. */
export function markBackOrdered(state: LineState, promisedDate?: string): LineState {
  return { ...state, backOrdered: true, ...(promisedDate !== undefined ? { date: promisedDate } : {}) };
}

export type AcknowledgmentOutcome =
  | { status: 'ready'; acknowledgment: OrderAcknowledgment }
  | { status: 'waiting'; heldLines: string[] }
  | { status: 'not-required' };

export interface BuildAcknowledgmentInput {
  order: PurchaseOrder;
  lineStates: readonly LineState[];
  /** Decisions not yet folded into `lineStates` (folding an already applied one again is harmless). */
  decisions: readonly DecisionEvent[];
  now: string;
  /** ST02 allocated by the shell. */
  controlNumber: string;
  /** `00` original (default) or `05` replace, for a revised 855. */
  purpose?: '00' | '05';
  /** The partner profile; when it does not want 855s the outcome is `not-required`. */
  partner?: Pick<PartnerProfile, 'acks' | 'transitDays'>;
}

/** ACK04 qualifier for the promised date: `068` current schedule ship. */
export const PROMISED_SHIP_DATE_QUALIFIER = '068';

function lineAcks(state: LineState, ordered: number | undefined, uom: string | undefined, orderedPrice: number | undefined, requestedShip: string | undefined): LineAck[] {
  const quantity = state.quantity ?? ordered;
  const date = state.date ?? requestedShip;
  const ack = (status: string): LineAck => ({
    status,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(uom !== undefined ? { unitOfMeasure: uom } : {}),
    ...(date !== undefined ? { dateQualifier: PROMISED_SHIP_DATE_QUALIFIER, date } : {}),
  });
  if (state.status === 'rejected') return [{ status: 'IR', ...(ordered !== undefined ? { quantity: ordered } : {}), ...(uom !== undefined ? { unitOfMeasure: uom } : {}) }];
  const acks: LineAck[] = [];
  if (state.quantity !== undefined && state.quantity !== ordered) acks.push(ack('IQ'));
  if (state.date !== undefined && state.date !== requestedShip) acks.push(ack(state.backOrdered ? 'IB' : 'DR'));
  else if (state.backOrdered) acks.push(ack('IB'));
  if (state.unitPrice !== undefined && state.unitPrice !== orderedPrice) acks.push(ack('IP'));
  return acks.length > 0 ? acks : [ack('IA')];
}

/**
 * Build the 855 for an order from its line states and decisions. ACK01 per line: `IA` accepted
 * as ordered, `IQ` quantity changed, `DR` date rescheduled, `IP` price changed, `IB` back-ordered,
 * `IR` rejected (a line may carry several). BAK02: `AD` every line accepted as ordered, `RD` every
 * line rejected (the 855 carries the line detail, so "rejected with detail"), else `AC`.
 * While a line is held the outcome is `waiting` (see the module policy).
 */
export function buildAcknowledgment(input: BuildAcknowledgmentInput): AcknowledgmentOutcome {
  const { order, partner } = input;
  if (partner && !partner.acks.orderAck855) return { status: 'not-required' };
  const states = applyDecisions(input.lineStates, input.decisions);
  const byLine = new Map(states.map((s) => [s.lineNumber, s]));
  const waiting = order.lines.map((line, i) => lineNumberOf(line, i)).filter((number) => {
    const status = byLine.get(number)?.status;
    return status === undefined || status === 'held' || status === 'received';
  });
  if (waiting.length > 0) return { status: 'waiting', heldLines: waiting };
  const transitDays = partner?.transitDays ?? 0;
  const lines: AcknowledgedLine[] = order.lines.map((line, index) => {
    const state = byLine.get(lineNumberOf(line, index)) as LineState;
    const requested = requestedDateOf(order, line, transitDays)?.shipDate;
    return { ...line, acks: lineAcks(state, orderedQuantityOf(line), line.unitOfMeasure, line.unitPrice, requested) };
  });
  const codes = lines.flatMap((line) => line.acks.map((ack) => ack.status));
  const acknowledgmentType = codes.every((code) => code === 'IA') ? 'AD' : codes.every((code) => code === 'IR') ? 'RD' : 'AC';
  const acknowledgment: OrderAcknowledgment = {
    type: '855',
    controlNumber: input.controlNumber,
    purpose: input.purpose ?? '00',
    acknowledgmentType,
    purchaseOrderNumber: order.purchaseOrderNumber,
    ...(order.orderDate !== undefined ? { orderDate: order.orderDate } : {}),
    ...(order.releaseNumber !== undefined ? { releaseNumber: order.releaseNumber } : {}),
    ...(order.currency !== undefined ? { currency: order.currency } : {}),
    acknowledgmentDate: dateOfInstant(input.now),
    references: [],
    dates: [],
    parties: order.parties.filter((party) => ['ST', 'BY', 'BT'].includes(party.role.trim().toUpperCase())),
    contacts: [],
    notes: [],
    lines,
  };
  return { status: 'ready', acknowledgment };
}

/** A held line as the escalation timer sees it. */
export interface HeldLine {
  partnerId: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  heldSince: string;
  escalationsSent: number;
}

export interface HoldEscalation {
  hold: HeldLine;
  /** 0-based position in the partner's escalation chain. */
  stepIndex: number;
  role: PartnerProfile['escalationChain'][number]['role'];
  contact: { name: string; email: string };
  dueAt: string;
}

/**
 * Hold SLA: a hold not decided within `holdSlaHours` escalates to the first person
 * of the partner's escalation chain; every further SLA interval undecided, to the next. Returns the
 * next step due at `now` for each hold (one step per call; after downtime the shell calls again),
 * nothing once the chain is exhausted.
 */
export function holdsDueForEscalation(holds: readonly HeldLine[], profile: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>, now: string): HoldEscalation[] {
  const nowMs = instantMs(now);
  const due: HoldEscalation[] = [];
  for (const hold of holds) {
    const stepIndex = hold.escalationsSent;
    const person = profile.escalationChain[stepIndex];
    if (!person) continue;
    const dueAt = addHours(hold.heldSince, (stepIndex + 1) * profile.holdSlaHours);
    if (instantMs(dueAt) <= nowMs) due.push({ hold, stepIndex, role: person.role, contact: { name: person.name, email: person.email }, dueAt });
  }
  return due;
}

/** When the next hold escalation falls due (for the shell's timer), or undefined when none is left. */
export function nextHoldEscalationAt(hold: HeldLine, profile: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>): string | undefined {
  if (!profile.escalationChain[hold.escalationsSent]) return undefined;
  return addHours(hold.heldSince, (hold.escalationsSent + 1) * profile.holdSlaHours);
}

/** Record that a hold escalation step was sent. */
export function recordHoldEscalation(state: LineState): LineState {
  return { ...state, escalationsSent: state.escalationsSent + 1 };
}
