import { describe, expect, it } from 'vitest';
import { detectOrderAnomalies } from '#domain/planning/anomaly-rules.ts';
import {
  applyDecisions,
  assessLineStates,
  buildAcknowledgment,
  decide,
  holdEscalationChain,
  holdPolicyOf,
  holdsDueForEscalation,
  markBackOrdered,
  nextHoldEscalationAt,
  parseDecisionAction,
  receiveLines,
  type DecisionAction,
  type LineState,
} from '#domain/planning/decisions.ts';
import { buildItemIndex } from '#domain/planning/item-index.ts';
import { NOW, acmeProfile, bracketItem, forecast, line, order } from './fixtures.ts';

const partner = acmeProfile();
const items = buildItemIndex([bracketItem()]);
// line 1 clean, line 2 decimal shift (held), line 3 pack multiple (warn → accepted)
const po = order([line(), line({ lineNumber: '2', quantity: 1200 }), line({ lineNumber: '3', quantity: 125 })]);
const assessed = () => assessLineStates(detectOrderAnomalies({ order: po, partner, items, forecasts: [forecast()], now: NOW }).lines, NOW);
const AT = '2025-03-03T11:30:00.000Z';

describe('line state machine', () => {
  it('starts every line as received', () => {
    expect(receiveLines(po).map((s) => s.status)).toEqual(['received', 'received', 'received']);
  });

  it('holds a line with a hold finding, accepts clean and warn-only lines', () => {
    const states = assessed();
    expect(states.map((s) => [s.lineNumber, s.status])).toEqual([['1', 'accepted'], ['2', 'held'], ['3', 'accepted']]);
    expect(states[1]).toMatchObject({ reasons: ['decimal-shift'], heldSince: NOW });
  });

  it('rejects a line with a reject finding without waiting for a planner', () => {
    const p = acmeProfile({ ruleSeverity: { 'decimal-shift': 'reject' } });
    const states = assessLineStates(detectOrderAnomalies({ order: po, partner: p, items, forecasts: [forecast()], now: NOW }).lines, NOW);
    expect(states[1]).toMatchObject({ status: 'rejected', decidedBy: 'rules', reasons: ['decimal-shift'] });
  });

  it.each([
    ['approve', { kind: 'approve' }],
    ['reject', { kind: 'reject' }],
    ['quantity=120', { kind: 'quantity', quantity: 120 }],
    ['date=2025-04-14', { kind: 'date', date: '2025-04-14' }],
    ['PRICE=2.5', { kind: 'price', unitPrice: 2.5 }],
    ['uom=CA quantity=4', { kind: 'uom', unitOfMeasure: 'CA', quantity: 4 }],
    ['uom=ca,quantity=4,price=318', { kind: 'uom', unitOfMeasure: 'CA', quantity: 4, unitPrice: 318 }],
  ])('parses the decision word %s', (text, action) => {
    expect(parseDecisionAction(text)).toEqual({ ok: true, action });
  });

  it.each(['quantity=-1', 'quantity=ten', 'date=2025-02-30', 'maybe', 'uom=CA', 'uom=CASE quantity=4', 'uom=CA date=2025-04-14 quantity=4', 'quantity=4 price=2', 'quantity=1 quantity=2'])('refuses the decision word %s', (text) => {
    expect(parseDecisionAction(text).ok).toBe(false);
  });

  it('refuses a decision on a line that is not held, except a later date on an accepted line (a confirmed delay)', () => {
    const states = assessed();
    const acceptedLine = states.find((s) => s.status === 'accepted')!;
    const request = { partnerId: 'ACME', purchaseOrderNumber: '4500012345', by: 'Pat', reason: 'why', at: AT };
    const refused = decide(acceptedLine, { ...request, action: { kind: 'approve' } });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining(`line ${acceptedLine.lineNumber} is not held: it was accepted by the rules`) });
    expect(decide(acceptedLine, { ...request, action: { kind: 'price', unitPrice: 1 } }).ok).toBe(false);
    expect(decide({ ...acceptedLine, status: 'rejected' }, { ...request, action: { kind: 'approve' } })).toEqual({ ok: false, error: expect.stringContaining('it was rejected') });
    expect(decide(acceptedLine, { ...request, action: { kind: 'date', date: '2025-05-01' } }).ok).toBe(true);
  });

  it.each([
    // promised, decided quantity → allowed
    [100, 60, true],
    [100, 100, false],
    [100, 120, false],
    [undefined, 60, false],
  ])('an accepted line promised %s may be cut to %s by an allocation: %s', (promisedQuantity, quantity, ok) => {
    const acceptedLine = assessed().find((s) => s.status === 'accepted')!;
    const request = { partnerId: 'ACME', purchaseOrderNumber: '4500012345', by: 'Pat', reason: 'allocation of week 2025-03-03', at: AT, ...(promisedQuantity !== undefined ? { promisedQuantity } : {}) };
    const result = decide(acceptedLine, { ...request, action: { kind: 'quantity', quantity } });
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.state).toMatchObject({ status: 'accepted', quantity });
    else expect(result.error).toContain('is not held');
  });

  it('a unit decision confirms the line in that unit, priced per that unit', () => {
    const held = assessed()[1] as LineState;
    const result = decide(held, { partnerId: 'ACME', purchaseOrderNumber: '4500012345', action: { kind: 'uom', unitOfMeasure: 'CA', quantity: 4, unitPrice: 318 }, by: 'Pat', reason: 'sold by the case', at: AT });
    expect(result).toMatchObject({ ok: true, state: { status: 'accepted', unitOfMeasure: 'CA', quantity: 4, unitPrice: 318 } });
  });

  it('records a decision as an event with who, why and when', () => {
    const held = assessed()[1] as LineState;
    const result = decide(held, { partnerId: 'ACME', purchaseOrderNumber: '4500012345', action: { kind: 'quantity', quantity: 120 }, by: 'Pat Planner', reason: 'one zero too many, confirmed with Bea', at: AT });
    expect(result).toMatchObject({
      ok: true,
      state: { status: 'accepted', quantity: 120, decidedBy: 'planner' },
      event: { type: 'line-decided', lineNumber: '2', by: 'Pat Planner', reason: 'one zero too many, confirmed with Bea', at: AT },
    });
  });

  it.each([
    ['no name', { by: ' ', reason: 'x' }, '--by NAME is required'],
    ['no reason', { by: 'Pat', reason: '' }, '--reason TEXT is required'],
  ])('refuses a decision with %s', (_n, who, error) => {
    const held = assessed()[1] as LineState;
    expect(decide(held, { partnerId: 'ACME', purchaseOrderNumber: '4500012345', action: { kind: 'approve' }, at: AT, ...who })).toEqual({ ok: false, error });
  });
});

describe('855 after decisions', () => {
  const decideLine2 = (action: DecisionAction) => {
    const states = assessed();
    const result = decide(states[1] as LineState, { partnerId: 'ACME', purchaseOrderNumber: '4500012345', action, by: 'Pat', reason: 'checked', at: AT });
    if (!result.ok) throw new Error(result.error);
    return buildAcknowledgment({ order: po, lineStates: states, decisions: [result.event], now: AT, controlNumber: '0042', partner });
  };
  const acksOf = (outcome: ReturnType<typeof buildAcknowledgment>) =>
    outcome.status === 'ready' ? outcome.acknowledgment.lines.map((l) => l.acks.map((a) => `${a.status}:${a.quantity}:${a.date ?? ''}`).join('+')) : outcome.status;

  it('waits while a line is held: no 855 yet', () => {
    expect(buildAcknowledgment({ order: po, lineStates: assessed(), decisions: [], now: AT, controlNumber: '0042', partner })).toEqual({ status: 'waiting', heldLines: ['2'] });
  });

  it.each<[string, DecisionAction, string, string[]]>([
    ['approve → IA for every line, BAK02 AD', { kind: 'approve' }, 'AD', ['IA:120:2025-04-07', 'IA:1200:2025-04-07', 'IA:125:2025-04-07']],
    ['quantity=120 → IQ with the new quantity, BAK02 AC', { kind: 'quantity', quantity: 120 }, 'AC', ['IA:120:2025-04-07', 'IQ:120:2025-04-07', 'IA:125:2025-04-07']],
    ['date=D → DR with the new date, BAK02 AC', { kind: 'date', date: '2025-04-21' }, 'AC', ['IA:120:2025-04-07', 'DR:1200:2025-04-21', 'IA:125:2025-04-07']],
    ['price=P → IP, BAK02 AC', { kind: 'price', unitPrice: 2.4 }, 'AC', ['IA:120:2025-04-07', 'IP:1200:2025-04-07', 'IA:125:2025-04-07']],
    ['reject → IR, BAK02 AC (others accepted)', { kind: 'reject' }, 'AC', ['IA:120:2025-04-07', 'IR:1200:', 'IA:125:2025-04-07']],
  ])('%s', (_name, action, bak02, acks) => {
    const outcome = decideLine2(action);
    expect(outcome.status).toBe('ready');
    if (outcome.status !== 'ready') return;
    expect(outcome.acknowledgment).toMatchObject({ type: '855', controlNumber: '0042', purpose: '00', acknowledgmentType: bak02, purchaseOrderNumber: '4500012345', acknowledgmentDate: '2025-03-03' });
    expect(acksOf(outcome)).toEqual(acks);
  });

  it('every line rejected → BAK02 RD (rejected with detail)', () => {
    const states = assessed().map((s) => ({ ...s, status: 'rejected' as const }));
    const outcome = buildAcknowledgment({ order: po, lineStates: states, decisions: [], now: AT, controlNumber: '1', partner });
    expect(outcome.status === 'ready' && outcome.acknowledgment.acknowledgmentType).toBe('RD');
  });

  it('a back-ordered line is IB with the promised date; a revised 855 is purpose 05', () => {
    const states = applyDecisions(assessed(), []).map((s) => (s.lineNumber === '2' ? markBackOrdered({ ...s, status: 'accepted' }, '2025-04-28') : s));
    const outcome = buildAcknowledgment({ order: po, lineStates: states, decisions: [], now: AT, controlNumber: '2', partner, purpose: '05' });
    expect(acksOf(outcome)).toEqual(['IA:120:2025-04-07', 'IB:1200:2025-04-28', 'IA:125:2025-04-07']);
    expect(outcome.status === 'ready' && outcome.acknowledgment.purpose).toBe('05');
  });

  it('is not required when the partner does not take 855s', () => {
    const noAck = acmeProfile({ acks: { orderAck855: false } });
    expect(buildAcknowledgment({ order: po, lineStates: assessed(), decisions: [], now: AT, controlNumber: '3', partner: noAck }).status).toBe('not-required');
  });
});

describe('hold SLA escalation', () => {
  const hold = { partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '2', heldSince: NOW, escalationsSent: 0 };
  it.each([
    ['7h59 after the hold: nothing yet', '2025-03-03T16:59:00.000Z', 0, []],
    ['8h after the hold: the manager', '2025-03-03T17:00:00.000Z', 0, ['manager:2025-03-03T17:00:00.000Z']],
    ['16h after, manager already told: the director', '2025-03-04T01:00:00.000Z', 1, ['director:2025-03-04T01:00:00.000Z']],
    ['15h after, manager already told: nothing yet', '2025-03-04T00:00:00.000Z', 1, []],
    ['the chain exhausted: nothing more', '2025-03-10T00:00:00.000Z', 2, []],
  ])('%s', (_n, now, sent, expected) => {
    const due = holdsDueForEscalation([{ ...hold, escalationsSent: sent }], holdPolicyOf(undefined, partner), now);
    expect(due.map((d) => `${d.role}:${d.dueAt}`)).toEqual(expected);
  });

  it.each([
    ['an item whose owner is not its planner: owner → manager → director → VP', bracketItem(), 'item', ['owner Olga Owner', 'manager Mia Manager', 'director Dan Director', 'vp Vera VP']],
    [
      'an item whose owner is its planner (told at the hold): manager → director → VP',
      bracketItem({ escalation: { ...bracketItem().escalation, owner: { name: 'Pat Planner', email: 'PAT.PLANNER@widgetco.example' } } }),
      'item',
      ['manager Mia Manager', 'director Dan Director', 'vp Vera VP'],
    ],
    ['no item (the line resolved to none): the partner chain', undefined, 'partner', ['manager Mia Manager', 'director Dan Director']],
  ])('the chain of %s', (_n, item, source, people) => {
    const chain = holdEscalationChain(item, partner);
    expect([chain.source, chain.people.map((p) => `${p.role} ${p.name}`)]).toEqual([source, people]);
  });

  it.each([
    ['8h after the hold: the owner', '2025-03-03T17:00:00.000Z', 0, ['owner:olga@widgetco.example:2025-03-03T17:00:00.000Z']],
    ['24h after, owner and manager told: the director', '2025-03-04T09:00:00.000Z', 2, ['director:dan@widgetco.example:2025-03-04T09:00:00.000Z']],
    ['32h after, three told: the VP', '2025-03-04T17:00:00.000Z', 3, ['vp:vera@widgetco.example:2025-03-04T17:00:00.000Z']],
    ['after the VP: nothing more', '2025-03-10T00:00:00.000Z', 4, []],
  ])('along the item chain, %s', (_n, now, sent, expected) => {
    const due = holdsDueForEscalation([{ ...hold, escalationsSent: sent }], holdPolicyOf(bracketItem(), partner), now);
    expect(due.map((d) => `${d.role}:${d.contact.email}:${d.dueAt}`)).toEqual(expected);
    expect(due.every((d) => d.chain?.source === 'item')).toBe(true);
  });

  it('tells the shell when to wake up next', () => {
    expect(nextHoldEscalationAt(hold, holdPolicyOf(undefined, partner))).toBe('2025-03-03T17:00:00.000Z');
    expect(nextHoldEscalationAt({ ...hold, escalationsSent: 2 }, holdPolicyOf(undefined, partner))).toBeUndefined();
  });
});
