/**
 * Line decisions and the 855 they produce.
 *
 * State machine per order line: `received` → `held` | `accepted` | `rejected` (by the rules:
 * any `reject` finding rejects, else any `hold` holds, else the line is accepted — warnings only
 * tell the planner). A planner's decision (`approve | reject | quantity=Q | date=D | price=P | uom=U quantity=Q`,
 * with `--by` and `--reason`) is an event; folding it onto the state moves a held line to
 * accepted or rejected, and may override what the rules did before the 855 goes out.
 *
 * 855 policy: **no 855 for an order while any of its lines is held.** the order desk says "no 855 for it
 * yet"; a partial 855 that leaves lines out reads to many partners' translators as those lines
 * being unacknowledged or rejected, and the later answer would have to be a replacing 855. The
 * wait is bounded by the hold SLA, which escalates. Once no line is held, one 855 acknowledges
 * every line. A later change (e.g. a confirmed delay) is sent as a replacing 855 (BAK01 `05`).
 */
import type { AcknowledgedLine, LineAck, OrderAcknowledgment, Pricing, PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import { ESCALATION_STEPS } from '#schemas/master-data/common.ts';
import type { Item } from '#schemas/master-data/item.ts';
import { partnerGuideOf, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { DecisionActionZ, PLANNING_STATE_SCHEMA_VERSION, type DecisionAction, type DecisionEvent, type HoldChain, type HoldEscalation, type LineState } from '#schemas/records/planning-state.ts';
import { worstSeverity } from './anomaly.ts';
import type { LineAssessment } from './anomaly-rules.ts';
import { addHours, dateOfInstant, instantMs } from './dates.ts';
import { lineNumberOf, orderedQuantityOf, requestedDateOf } from './order-lines.ts';

export { DecisionActionZ, DecisionEventZ, LineStateZ, LineStatusZ, PLANNING_STATE_SCHEMA_VERSION } from '#schemas/records/planning-state.ts';
export type { ChainPerson, DecisionAction, DecisionEvent, HoldChain, HoldEscalation, LineState, LineStatus } from '#schemas/records/planning-state.ts';

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

/**
 * Read the decision of `edi decide … <approve|reject|quantity=Q|date=D|price=P|uom=U quantity=Q [price=P]>`.
 * A unit change names its quantity in that unit (and may name the price per that unit), so it is
 * the one decision of several `key=value` words, separated by spaces or commas.
 */
export function parseDecisionAction(text: string): { ok: true; action: DecisionAction } | { ok: false; error: string } {
  const word = text.trim();
  const lower = word.toLowerCase();
  if (lower === 'approve') return { ok: true, action: { kind: 'approve' } };
  if (lower === 'reject') return { ok: true, action: { kind: 'reject' } };
  const parts = word.split(/[\s,]+/).filter((p) => p !== '');
  const pairs = parts.map((p) => /^(quantity|date|price|uom)=(.+)$/i.exec(p));
  if (parts.length > 0 && pairs.every((m) => m !== null)) {
    const values = new Map<string, string>();
    for (const m of pairs as RegExpExecArray[]) {
      const key = m[1]!.toLowerCase();
      if (values.has(key)) return { ok: false, error: `${key} is given twice` };
      values.set(key, m[2]!);
    }
    let candidate: unknown;
    if (values.has('uom')) {
      const extra = [...values.keys()].filter((k) => !['uom', 'quantity', 'price'].includes(k));
      if (extra.length > 0) return { ok: false, error: `a unit change takes quantity= and price=, not ${extra.join(', ')}=` };
      if (!values.has('quantity')) return { ok: false, error: `uom=${values.get('uom')} needs the quantity in that unit: uom=${values.get('uom')} quantity=Q [price=P]` };
      candidate = { kind: 'uom', unitOfMeasure: values.get('uom')!.toUpperCase(), quantity: Number(values.get('quantity')), ...(values.has('price') ? { unitPrice: Number(values.get('price')) } : {}) };
    } else if (values.size === 1) {
      const [key, value] = [...values.entries()][0]!;
      candidate = key === 'quantity' ? { kind: 'quantity', quantity: Number(value) } : key === 'price' ? { kind: 'price', unitPrice: Number(value) } : { kind: 'date', date: value };
    } else {
      return { ok: false, error: `one decision at a time: ${[...values.keys()].join(', ')} together is only possible with uom=` };
    }
    const parsed = DecisionActionZ.safeParse(candidate);
    if (parsed.success) return { ok: true, action: parsed.data };
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || 'decision'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: false, error: `unknown decision "${word}": use approve, reject, quantity=Q, date=YYYY-MM-DD, price=P or uom=U quantity=Q [price=P]` };
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
    case 'uom':
      return { ...base, status: 'accepted', unitOfMeasure: event.action.unitOfMeasure, quantity: event.action.quantity, ...(event.action.unitPrice !== undefined ? { unitPrice: event.action.unitPrice } : {}) };
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
  /** The quantity the line is promised at now (decided, else ordered): an accepted line may be cut below it. */
  promisedQuantity?: number;
}

/**
 * A planner decides a line. Refused for a line not yet assessed, without a name or reason,
 * or with a time that is not an instant. Returns the event to append and the new state.
 */
export function decide(state: LineState, request: DecideRequest): { ok: true; state: LineState; event: DecisionEvent } | { ok: false; error: string } {
  if (state.status === 'received') return { ok: false, error: `line ${state.lineNumber} has not been checked yet` };
  const notHeld = notHeldRefusal(state, request.action, request.promisedQuantity);
  if (notHeld !== undefined) return { ok: false, error: notHeld };
  // A line ordered with zero or below is never acknowledged as ordered: the planner names the quantity.
  if (state.reasons.includes('quantity-not-positive') && !['quantity', 'uom', 'reject'].includes(request.action.kind)) {
    return { ok: false, error: `line ${state.lineNumber} was ordered with a quantity of zero or below: ${request.action.kind} would acknowledge it as ordered; decide quantity=Q or reject` };
  }
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

/**
 * A decision answers a hold; on a line that is not held it would only repeat the 855 that already
 * went out. The one exception is a later date on an accepted line: a confirmed delay, which
 * replaces the 855 (BAK01 `05`, ACK `DR`) and tells the customer (delay level 3).
 */
function notHeldRefusal(state: LineState, action: DecisionAction, promisedQuantity: number | undefined): string | undefined {
  if (state.status === 'held') return undefined;
  if (state.status === 'accepted' && action.kind === 'date') return undefined;
  // Allocation of short supply (README, "Planning intelligence"): an accepted line may be cut to
  // what it is allocated; the replacing 855 says IQ with the new quantity. Never raised this way.
  if (state.status === 'accepted' && action.kind === 'quantity' && promisedQuantity !== undefined && action.quantity < promisedQuantity) return undefined;
  const by = state.decidedBy === 'planner' ? 'by a planner' : 'by the rules';
  const what = state.status === 'accepted' ? 'accepted' : 'rejected';
  return `line ${state.lineNumber} is not held: it was ${what} ${by}, and its 855 says so; there is nothing to decide${state.status === 'accepted' ? ' (a later ship date is date=YYYY-MM-DD, a confirmed delay; a cut below the promised quantity is quantity=Q, an allocation)' : ''}`;
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
  partner?: Pick<PartnerProfile, 'acks' | 'transitDays'> & Partial<Pick<PartnerProfile, 'guides'>>;
  /** Write a CTP with the confirmed price on every priced line; by default when the partner's outbound 855 guide requires CTP. */
  pricing?: boolean;
}

/** ACK04 qualifier for the promised date: `068` current schedule ship. */
export const PROMISED_SHIP_DATE_QUALIFIER = '068';

/** The values the 855 confirms for a line: what the ACK says and what PO104/CTP price. */
interface ConfirmedLine {
  acks: LineAck[];
  /** PO104: the confirmed price per the ordered unit (PO103). */
  unitPrice?: number;
  /** CTP: the confirmed price in the confirmed unit. */
  prices: Pricing[];
}

/** Price per the ordered unit that keeps the confirmed line's value (confirmed quantity × price). */
function perOrderedUnit(price: number, confirmedQuantity: number, ordered: number | undefined): number {
  if (ordered === undefined || ordered === 0) return price;
  return Math.round(((price * confirmedQuantity) / ordered) * 10000) / 10000;
}

/**
 * ACK01 per line: `IA` accepted as ordered, `IQ` quantity changed, `IC` unit changed (quantity and
 * price in the new unit), `DR` date rescheduled, `IP` price changed, `IB` back-ordered, `IR`
 * rejected (a line may carry several). Every ACK carries the confirmed quantity, unit and ship
 * date (ACK02/ACK03, ACK04 `068` + ACK05). PO104 is the confirmed price per the ordered unit;
 * CTP (CTP02 `CON`, CTP03 price, CTP04/CTP05 quantity and unit) states it in the confirmed unit —
 * written when the unit changed, or on every priced line when the partner's guide asks for CTP.
 */
function confirmLine(state: LineState, line: PurchaseOrderLine, requestedShip: string | undefined, withPricing: boolean): ConfirmedLine {
  const ordered = orderedQuantityOf(line);
  const orderedUnit = line.unitOfMeasure;
  const orderedPrice = line.unitPrice;
  const unit = state.unitOfMeasure ?? orderedUnit;
  const unitChanged = state.unitOfMeasure !== undefined && state.unitOfMeasure !== orderedUnit;
  const quantity = state.quantity ?? ordered;
  const price = state.unitPrice ?? orderedPrice;
  const date = state.date ?? requestedShip;
  const ack = (status: string): LineAck => ({
    status,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(unit !== undefined ? { unitOfMeasure: unit } : {}),
    ...(date !== undefined ? { dateQualifier: PROMISED_SHIP_DATE_QUALIFIER, date } : {}),
  });
  const lineUnitPrice = price === undefined ? undefined : unitChanged && quantity !== undefined ? perOrderedUnit(price, quantity, ordered) : price;
  const prices: Pricing[] =
    price !== undefined && (unitChanged || withPricing)
      ? [{ identifier: CONFIRMED_PRICE_IDENTIFIER, unitPrice: price, ...(quantity !== undefined && unit !== undefined ? { quantity, unitOfMeasure: unit } : {}) }]
      : [];
  if (state.status === 'rejected') {
    return { acks: [{ status: 'IR', ...(ordered !== undefined ? { quantity: ordered } : {}), ...(orderedUnit !== undefined ? { unitOfMeasure: orderedUnit } : {}) }], ...(orderedPrice !== undefined ? { unitPrice: orderedPrice } : {}), prices: [] };
  }
  const acks: LineAck[] = [];
  if (unitChanged) acks.push(ack('IC'));
  else if (state.quantity !== undefined && state.quantity !== ordered) acks.push(ack('IQ'));
  if (state.date !== undefined && state.date !== requestedShip) acks.push(ack(state.backOrdered ? 'IB' : 'DR'));
  else if (state.backOrdered) acks.push(ack('IB'));
  if (!unitChanged && state.unitPrice !== undefined && state.unitPrice !== orderedPrice) acks.push(ack('IP'));
  return { acks: acks.length > 0 ? acks : [ack('IA')], ...(lineUnitPrice !== undefined ? { unitPrice: lineUnitPrice } : {}), prices };
}

/** True when the partner's outbound 855 guide makes CTP a must-use segment. */
function guideRequiresCtp(guides: PartnerProfile['guides']): boolean {
  return (partnerGuideOf({ guides }, '855', 'outbound')?.rules ?? []).some((r) => r.kind === 'segment' && r.segment === 'CTP' && r.usage === 'must');
}

/** CTP02 of the confirmed price (element 236 `CON`, contract price: the price both sides now agree on). */
export const CONFIRMED_PRICE_IDENTIFIER = 'CON';

/**
 * Build the 855 for an order from its line states and decisions. ACK01 per line as
 * {@link confirmLine} says; the product ids are the 850's, as it carried them. BAK02: `AD` every line accepted as ordered, `RD` every
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
  const pricing = input.pricing ?? (partner?.guides ? guideRequiresCtp(partner.guides) : false);
  const lines: AcknowledgedLine[] = order.lines.map((line, index) => {
    const state = byLine.get(lineNumberOf(line, index)) as LineState;
    const requested = requestedDateOf(order, line, transitDays)?.shipDate;
    const confirmed = confirmLine(state, line, requested, pricing);
    const { unitPrice: _ordered, ...echoed } = line;
    return { ...echoed, ...(confirmed.unitPrice !== undefined ? { unitPrice: confirmed.unitPrice } : {}), acks: confirmed.acks, ...(confirmed.prices.length > 0 ? { prices: confirmed.prices } : {}) };
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

/** What the hold SLA needs: the hours per step and the chain. */
export interface HoldPolicy {
  holdSlaHours: number;
  chain: HoldChain;
}

/**
 * The chain of a held line: the item master's owner → manager → director → VP, without the
 * owner when the owner is the item's planner (the hold email went to the planner first, so the
 * first step reaches someone new); the partner's `escalationChain` when the line resolved to no
 * item of the master.
 */
export function holdEscalationChain(item: Pick<Item, 'escalation' | 'planner'> | undefined, partner: Pick<PartnerProfile, 'escalationChain'>): HoldChain {
  if (!item) return { source: 'partner', people: partner.escalationChain.map((p) => ({ role: p.role, name: p.name, email: p.email })) };
  const people = ESCALATION_STEPS.map((role) => ({ role, name: item.escalation[role].name, email: item.escalation[role].email })).filter(
    (p) => !(p.role === 'owner' && p.email.toLowerCase() === item.planner.email.toLowerCase()),
  );
  return { source: 'item', people };
}

/** The hold policy of a line: the partner's SLA hours along the line's chain. */
export function holdPolicyOf(item: Pick<Item, 'escalation' | 'planner'> | undefined, partner: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>): HoldPolicy {
  return { holdSlaHours: partner.holdSlaHours, chain: holdEscalationChain(item, partner) };
}

/**
 * Hold SLA: a hold not decided within `holdSlaHours` escalates to the first person of its chain
 * (see {@link holdEscalationChain}); every further SLA interval undecided, to the next. Returns the
 * next step due at `now` for each hold (one step per call; after downtime the shell calls again),
 * nothing once the chain is exhausted.
 */
export function holdsDueForEscalation(holds: readonly HeldLine[], policy: HoldPolicy, now: string): HoldEscalation[] {
  const nowMs = instantMs(now);
  const due: HoldEscalation[] = [];
  for (const hold of holds) {
    const stepIndex = hold.escalationsSent;
    const person = policy.chain.people[stepIndex];
    if (!person) continue;
    const dueAt = addHours(hold.heldSince, (stepIndex + 1) * policy.holdSlaHours);
    if (instantMs(dueAt) <= nowMs) due.push({ hold, stepIndex, role: person.role, contact: { name: person.name, email: person.email }, dueAt, chain: policy.chain });
  }
  return due;
}

/** When the next hold escalation falls due (for the shell's timer), or undefined when none is left. */
export function nextHoldEscalationAt(hold: HeldLine, policy: HoldPolicy): string | undefined {
  if (!policy.chain.people[hold.escalationsSent]) return undefined;
  return addHours(hold.heldSince, (hold.escalationsSent + 1) * policy.holdSlaHours);
}

/** Record that a hold escalation step was sent. */
export function recordHoldEscalation(state: LineState): LineState {
  return { ...state, escalationsSent: state.escalationsSent + 1 };
}
