/**
 * What the 850 itself puts in doubt (README, "Guarantees"): a quantity ordered of zero or below and
 * a line number sent twice hold their lines for a planner — with or without an item master, and
 * whatever the profile says short of `reject` — and a zero quantity is never acknowledged as ordered.
 */
import { describe, expect, it } from 'vitest';
import { assessLineStates, buildAcknowledgment, decide, detectOrderAnomalies } from '#domain/planning/index.ts';
import { buildItemIndex } from '#domain/planning/item-index.ts';
import { checkOrder, planningContextOf } from '#domain/orders/order-checks.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { NOW, acmeProfile, bracketItem, forecast, line, order } from './fixtures.ts';

const items = buildItemIndex([bracketItem()]);
const allOff = acmeProfile({ ruleSeverity: Object.fromEntries(RULE_IDS.map((r) => [r, 'off'])) });
const check = (po: ReturnType<typeof order>, partner = acmeProfile(), withItems = true) =>
  checkOrder({ order: po, partner, context: withItems ? planningContextOf([bracketItem()], [forecast()]) : undefined, now: NOW, receivedAt: NOW });
const states = (review: ReturnType<typeof check>) => review.planning?.lineStates.map((s) => [s.lineNumber, s.status, s.reasons]);

describe('a quantity ordered of zero or below', () => {
  it.each([0, -5])('holds the line (%d), with the item master and without it, even with every rule off', (quantity) => {
    const po = order([line(), line({ lineNumber: '2', quantity })]);
    for (const review of [check(po), check(po, allOff), check(po, acmeProfile(), false), check(po, allOff, false)]) {
      expect(review.hold).toBe(true);
      expect(review.acknowledgment).toBeUndefined();
      expect(states(review)?.[1]).toEqual(['2', 'held', ['quantity-not-positive']]);
    }
  });

  it('is rejected by the rules when the profile says reject', () => {
    const review = check(order([line({ quantity: 0 })]), acmeProfile({ ruleSeverity: { 'quantity-not-positive': 'reject' } }));
    expect(states(review)).toEqual([['1', 'rejected', ['quantity-not-positive']]]);
  });

  it('is never acknowledged as ordered: approve, a date or a price is refused; quantity=Q or reject is taken', () => {
    const po = order([line({ quantity: 0 })]);
    const [held] = assessLineStates(detectOrderAnomalies({ order: po, partner: acmeProfile(), items, forecasts: [forecast()], now: NOW }).lines, NOW);
    const request = (action: Parameters<typeof decide>[1]['action']) => ({ partnerId: 'ACME', purchaseOrderNumber: 'PO-1', action, by: 'Marcus', reason: 'checked with buyer', at: NOW });
    for (const action of [{ kind: 'approve' }, { kind: 'date', date: '2025-04-14' }, { kind: 'price', unitPrice: 2.5 }] as const) {
      const refused = decide(held!, request(action));
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/zero or below.*quantity=Q or reject/) });
    }
    const decided = decide(held!, request({ kind: 'quantity', quantity: 40 }));
    if (!decided.ok) throw new Error(decided.error);
    const ack = buildAcknowledgment({ order: po, lineStates: [decided.state], decisions: [], now: NOW, controlNumber: '0001' });
    expect(ack.status === 'ready' && ack.acknowledgment.lines[0]!.acks).toEqual([expect.objectContaining({ status: 'IQ', quantity: 40 })]);
    expect(decide(held!, request({ kind: 'reject' })).ok).toBe(true);
  });
});

describe('a line number sent on more than one line', () => {
  it('holds every line that carries it, naming the positions; the other lines are not held by it', () => {
    const po = order([line(), line({ lineNumber: '2' }), line({ lineNumber: '2' }), line({ lineNumber: '3' })]);
    for (const review of [check(po, allOff), check(po, allOff, false)]) {
      expect(review.hold).toBe(true);
      expect(states(review)).toEqual([
        ['1', 'accepted', []],
        ['2', 'held', ['duplicate-line-number']],
        ['2', 'held', ['duplicate-line-number']],
        ['3', 'accepted', []],
      ]);
      expect(review.findings.filter((f) => f.rule === 'duplicate-line-number').map((f) => f.rule === 'duplicate-line-number' && f.evidence.positions)).toEqual([[2, 3], [2, 3]]);
    }
  });

  it('lines without a PO101 (numbered by position) are never duplicates', () => {
    const review = check(order([line({ lineNumber: undefined }), line({ lineNumber: undefined })]), allOff, false);
    expect(review.hold).toBe(false);
    expect(review.acknowledgment).toBeDefined();
  });
});
