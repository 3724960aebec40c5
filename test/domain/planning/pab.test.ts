import { describe, expect, it } from 'vitest';
import { assessDelayRisks, customerTextsOf, lineKey, lineOutlook, NEUTRAL_CAUSE, type DelayState } from '#domain/planning/delay-risks.ts';
import { forecastByWeek, projectAvailableBalance, type DemandLine } from '#domain/planning/pab.ts';
import { acmeProfile, bracketItem, forecast } from './fixtures.ts';

const demand = (lineNumber: string, quantity: number, dueDate: string, po = '4500012345'): DemandLine => ({ partnerId: 'ACME', purchaseOrderNumber: po, lineNumber, item: 'WC-100', quantity, dueDate });

describe('projectAvailableBalance', () => {
  it('DOMAIN example: opening 14, orders 15, MPS 50 → PAB 49', () => {
    const [row] = projectAvailableBalance({ onHand: 14, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-03', mps: 50, receipts: 0 }], demand: [demand('1', 15, '2025-03-05')], safetyStock: 10 });
    expect(row).toMatchObject({ weekStart: '2025-03-03', orders: 15, supply: 50, pab: 49, shortage: false, belowSafetyStock: false });
  });

  it('the MPS slips a week: PAB goes to −1 and the order due that week is short', () => {
    const rows = projectAvailableBalance({ onHand: 14, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-10', mps: 50, receipts: 0 }], demand: [demand('1', 15, '2025-03-05')], safetyStock: 10 });
    expect(rows.map((r) => [r.weekStart, r.pab, r.shortage, r.belowSafetyStock])).toEqual([
      ['2025-03-03', -1, true, true],
      ['2025-03-10', 49, false, false],
    ]);
    expect(rows[0]?.linesDue.map((l) => l.lineNumber)).toEqual(['1']);
  });

  it('carries the balance week to week with MPS and receipts, past-due demand in the first week', () => {
    const rows = projectAvailableBalance({
      onHand: 100,
      startWeek: '2025-03-05',
      supply: [{ weekStart: '2025-03-10', mps: 20, receipts: 5 }],
      demand: [demand('1', 30, '2025-02-26'), demand('2', 90, '2025-03-12')],
      safetyStock: 10,
      horizonWeeks: 3,
    });
    expect(rows.map((r) => [r.weekStart, r.demand, r.supply, r.pab])).toEqual([
      ['2025-03-03', 30, 0, 70],
      ['2025-03-10', 90, 25, 5],
      ['2025-03-17', 0, 0, 5],
    ]);
    expect(rows.map((r) => r.belowSafetyStock)).toEqual([false, true, true]);
    expect(rows.some((r) => r.shortage)).toBe(false);
  });

  it('adds forecast the partner has not consumed with orders, when included', () => {
    const weekly = forecastByWeek([forecast({ periodStart: '2025-03-03', periodEnd: '2025-03-09', quantity: 40 })], 'WC-100', new Set(['ACME']));
    const rows = projectAvailableBalance({ onHand: 50, startWeek: '2025-03-03', supply: [], demand: [demand('1', 15, '2025-03-04')], forecast: weekly, safetyStock: 0 });
    expect(rows[0]).toMatchObject({ orders: 15, unconsumedForecast: 25, demand: 40, pab: 10 });
  });

  it('spreads a monthly forecast over weeks by days', () => {
    const weekly = forecastByWeek([forecast({ periodStart: '2025-03-01', periodEnd: '2025-03-31', quantity: 310, timingQualifier: 'M' })], 'WC-100', new Set(['ACME']));
    expect(weekly.slice(0, 2)).toEqual([
      { partnerId: 'ACME', weekStart: '2025-02-24', quantity: 20 },
      { partnerId: 'ACME', weekStart: '2025-03-03', quantity: 70 },
    ]);
    expect(weekly.reduce((s, w) => s + w.quantity, 0)).toBeCloseTo(310);
  });
});

describe('assessDelayRisks', () => {
  const item = bracketItem();
  const partners = { ACME: acmeProfile() };
  const slipped = (onHand = 14) =>
    projectAvailableBalance({ onHand, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-10', mps: 50, receipts: 0 }], demand: [demand('1', 15, '2025-03-05'), demand('2', 5, '2025-03-12')], safetyStock: 10 });
  const T1 = '2025-03-03T09:00:00.000Z';
  const T2 = '2025-03-03T10:00:00.000Z';
  const T3 = '2025-03-04T10:00:00.000Z';

  it('alerts level 1 once at first detection, with the lines affected and the weekly table', () => {
    const { notifications, nextState } = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ kind: 'delay-alert', level: 1, item: 'WC-100', partnerIds: ['ACME'] });
    expect(notifications[0]?.kind === 'delay-alert' && notifications[0].lines.map((l) => [l.line.lineNumber, l.weekStart, l.pab])).toEqual([['1', '2025-03-03', -1]]);
    expect(nextState.lines[lineKey({ partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '1' })]).toEqual({ episodeStart: T1, active: true, level1At: T1 });
  });

  it('sends nothing again when a recompute finds the same shortage', () => {
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 });
    const second = assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(), partners, now: T2 });
    expect(second.notifications).toEqual([]);
    expect(second.nextState).toEqual(first.nextState);
  });

  it('sends an all-clear once when a later run resolves it, and alerts again on a new episode', () => {
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 });
    const cleared = assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(20), partners, now: T2 });
    expect(cleared.notifications.map((n) => n.kind)).toEqual(['all-clear']);
    expect(cleared.notifications[0]?.kind === 'all-clear' && cleared.notifications[0].lines).toEqual([{ partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '1' }]);
    expect(assessDelayRisks({ stateVersion: 1, previous: cleared.nextState, item, rows: slipped(20), partners, now: T3 }).notifications).toEqual([]);
    expect(assessDelayRisks({ stateVersion: 1, previous: cleared.nextState, item, rows: slipped(), partners, now: T3 }).notifications.map((n) => n.kind)).toEqual(['delay-alert']);
  });

  it('sends a level-2 risk notice once, with the cause and countermeasures the planner entered', () => {
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 });
    const notice = { line: { partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '1' }, cause: 'Press 4 down for repair', countermeasures: ['Partial shipment of 14 on time', 'Balance by air freight'], enteredBy: 'Pat' };
    const second = assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(), partners, riskNotices: [notice], now: T2 });
    expect(second.notifications).toEqual([expect.objectContaining({ kind: 'risk-notice', level: 2, partnerId: 'ACME', purchaseOrderNumber: '4500012345', cause: 'Press 4 down for repair', automatic: false })]);
    const third = assessDelayRisks({ stateVersion: 1, previous: second.nextState, item, rows: slipped(), partners, riskNotices: [notice], now: T3 });
    expect(third.notifications).toEqual([]);
  });

  it('sends an automatic level 2 only where the profile allows, after the configured hours', () => {
    const auto = { ACME: acmeProfile({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 24 }) };
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners: auto, now: T1 });
    expect(assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(), partners: auto, now: T2 }).notifications).toEqual([]);
    const later = assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(), partners: auto, now: T3 });
    // no customer text recorded: the neutral text goes, and the planner is told so
    expect(later.notifications).toEqual([expect.objectContaining({ kind: 'risk-notice', automatic: true, customerText: 'neutral', cause: NEUTRAL_CAUSE }), expect.objectContaining({ kind: 'notice-text-missing' })]);
    expect(assessDelayRisks({ stateVersion: 1, previous: first.nextState, item, rows: slipped(), partners, now: T3 }).notifications).toEqual([]);
  });

  const ref1 = { partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '1' };
  const note = (at: string, customer = true) => ({
    schemaVersion: 1 as const,
    item: 'WC-100',
    at,
    by: 'Pat',
    cause: 'Press 4 hydraulic failure, MPS of week 10 slipped (internal)',
    countermeasures: ['Overtime on press 2 (internal)'],
    ...(customer ? { customer: { cause: 'A production disruption at our plant', countermeasures: ['Part of the order ships on time, the balance by express freight'] } } : {}),
  });

  it.each([
    { name: 'no note → neutral', note: undefined, lastAllClearAt: undefined, source: 'neutral' },
    { name: 'a note without customer text → neutral', note: note(T1, false), lastAllClearAt: undefined, source: 'neutral' },
    { name: 'a note with customer text → the note', note: note(T2), lastAllClearAt: T1, source: 'note' },
    { name: 'a note older than the last all-clear → neutral', note: note(T1), lastAllClearAt: T2, source: 'neutral' },
  ])('customer texts: $name', ({ note: n, lastAllClearAt, source }) => {
    const texts = customerTextsOf(n, lastAllClearAt ? { lastAllClearAt } : undefined);
    expect(texts.source).toBe(source);
    expect(texts.cause).toBe(source === 'note' ? 'A production disruption at our plant' : NEUTRAL_CAUSE);
  });

  it.each([
    // onHand 14, line 1 (15 due 03-05) short in week 03-03; MPS 50 in week 03-10 (line 2 takes 5 of it)
    { onHand: 14, mps: 50, available: 14, newShipDate: '2025-03-10', newDeliveryDate: '2025-03-12' },
    { onHand: 0, mps: 50, available: 0, newShipDate: '2025-03-10', newDeliveryDate: '2025-03-12' },
    // no supply inside the horizon covers it (line 2 keeps 5 of the 10): the date is to be confirmed
    { onHand: 10, mps: 0, available: 5, newShipDate: null, newDeliveryDate: null },
  ])('line outlook: on hand $onHand, MPS $mps → $available on time, in full from $newShipDate', ({ onHand, mps, available, newShipDate, newDeliveryDate }) => {
    const rows = projectAvailableBalance({ onHand, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-10', mps, receipts: 0 }], demand: [demand('1', 15, '2025-03-05'), demand('2', 5, '2025-03-12')], safetyStock: 10 });
    const affected = { line: demand('1', 15, '2025-03-05'), weekStart: '2025-03-03', pab: rows[0]!.pab };
    expect(lineOutlook(rows, onHand, affected, 2)).toEqual({ lineNumber: '1', quantity: 15, available, requestedShipDate: '2025-03-05', requestedDeliveryDate: '2025-03-07', newShipDate, newDeliveryDate });
  });

  it('an automatic level 2 quotes the delay note’s customer texts, never its internal ones, with the outlook per line', () => {
    const auto = { ACME: acmeProfile({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 0, transitDays: 2 }) };
    const { notifications } = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners: auto, onHand: 14, note: note(T1), now: T1 });
    const l2 = notifications.find((n) => n.kind === 'risk-notice');
    expect(l2).toMatchObject({ cause: 'A production disruption at our plant', countermeasures: ['Part of the order ships on time, the balance by express freight'], customerText: 'note', outlook: [{ lineNumber: '1', available: 14, newDeliveryDate: '2025-03-12' }] });
    expect(JSON.stringify(l2)).not.toContain('internal');
    expect(notifications.map((n) => n.kind)).toEqual(['delay-alert', 'risk-notice']);
  });

  it('after a level-2 notice the all-clear reaches the customer too; without one only the desk hears it', () => {
    const auto = { ACME: acmeProfile({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 0 }) };
    const told = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners: auto, onHand: 14, now: T1 });
    const cleared = assessDelayRisks({ stateVersion: 2, previous: told.nextState, item, rows: slipped(20), partners: auto, onHand: 20, now: T2 });
    expect(cleared.notifications.map((n) => n.kind)).toEqual(['all-clear', 'customer-all-clear']);
    expect(cleared.notifications[0]).toMatchObject({ customerNotified: [ref1] });
    expect(cleared.notifications[1]).toMatchObject({ partnerId: 'ACME', purchaseOrderNumber: '4500012345', lines: [ref1] });
    expect(cleared.nextState.lastAllClearAt).toBe(T2);
    const quiet = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 });
    const quietClear = assessDelayRisks({ stateVersion: 2, previous: quiet.nextState, item, rows: slipped(20), partners, now: T2 });
    expect(quietClear.notifications.map((n) => n.kind)).toEqual(['all-clear']);
    expect(quietClear.notifications[0]).toMatchObject({ customerNotified: [] });
  });

  it('a shortage of the same lines after an all-clear is a new episode with new notice ids (told again)', () => {
    const auto = { ACME: acmeProfile({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 0 }) };
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners: auto, onHand: 14, now: T1 });
    const cleared = assessDelayRisks({ stateVersion: 2, previous: first.nextState, item, rows: slipped(20), partners: auto, onHand: 20, now: T2 });
    const again = assessDelayRisks({ stateVersion: 3, previous: cleared.nextState, item, rows: slipped(), partners: auto, onHand: 14, now: T3 });
    const ids = (r: typeof first) => r.notifications.filter((n) => n.kind === 'delay-alert' || n.kind === 'risk-notice').map((n) => n.id);
    expect(ids(again)).toHaveLength(2);
    expect(ids(again).filter((id) => ids(first).includes(id))).toEqual([]);
  });

  it('a confirmed delay quotes the customer texts and the delivery date, not the planner’s reason', () => {
    const withTransit = { ACME: acmeProfile({ transitDays: 3 }) };
    const delay = { line: ref1, newDate: '2025-03-12', originalDate: '2025-03-05', by: 'Pat' };
    const { notifications } = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners: withTransit, note: note(T1), confirmedDelays: [delay], now: T2 });
    expect(notifications.find((n) => n.kind === 'confirmed-delay')).toMatchObject({ cause: 'A production disruption at our plant', customerText: 'note', newDeliveryDate: '2025-03-15' });
  });

  it('sends a level-3 confirmed delay once per new date, asking for a revised 855', () => {
    const delay = { line: { partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '1' }, newDate: '2025-03-12', originalDate: '2025-03-05', by: 'Pat' };
    const previous: DelayState | undefined = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: slipped(), partners, now: T1 }).nextState;
    const second = assessDelayRisks({ stateVersion: 2, previous, item, rows: slipped(), partners, confirmedDelays: [delay], now: T2 });
    expect(second.notifications).toEqual([expect.objectContaining({ kind: 'confirmed-delay', level: 3, newDate: '2025-03-12', revisedAcknowledgment: true })]);
    expect(assessDelayRisks({ stateVersion: 1, previous: second.nextState, item, rows: slipped(), partners, confirmedDelays: [delay], now: T3 }).notifications).toEqual([]);
    expect(assessDelayRisks({ stateVersion: 1, previous: second.nextState, item, rows: slipped(), partners, confirmedDelays: [{ ...delay, newDate: '2025-03-19' }], now: T3 }).notifications).toHaveLength(1);
  });

  it('warns the planner’s supervisor once per episode of PAB above the maximum stock', () => {
    const capped = bracketItem({ maxStock: 60 });
    const rows = (mps: number) => projectAvailableBalance({ onHand: 14, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-10', mps, receipts: 0 }], demand: [demand('1', 5, '2025-03-05')], safetyStock: 10, maxStock: 60 });
    const first = assessDelayRisks({ stateVersion: 1, previous: undefined, item: capped, rows: rows(80), partners, now: T1 });
    expect(first.notifications).toEqual([expect.objectContaining({ kind: 'over-stock', id: 'over-stock/WC-100/1', maxStock: 60, weeks: [{ weekStart: '2025-03-10', pab: 89 }] })]);
    expect(first.nextState.overStockSince).toBe(T1);
    expect(assessDelayRisks({ stateVersion: 2, previous: first.nextState, item: capped, rows: rows(90), partners, now: T2 }).notifications).toEqual([]);
    const ended = assessDelayRisks({ stateVersion: 2, previous: first.nextState, item: capped, rows: rows(40), partners, now: T2 });
    expect(ended.notifications).toEqual([]);
    expect(ended.nextState.overStockSince).toBeUndefined();
    expect(assessDelayRisks({ stateVersion: 3, previous: ended.nextState, item: capped, rows: rows(80), partners, now: T3 }).notifications.map((n) => n.kind)).toEqual(['over-stock']);
    expect(assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows: rows(80), partners, now: T1 }).notifications).toEqual([]);
  });
});
