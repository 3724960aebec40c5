import { describe, expect, it } from 'vitest';
import { businessCalendarOf, formatDeskTime, sameBusinessDayDeadline, zonedTimeToInstant } from '#domain/planning/business-calendar.ts';
import { classifyOrderLine, classifyPlanShortfall, confirmExpedite, escalationPlan, markEscalationSent, nextEscalation, p1SupplyPicture } from '#domain/planning/expedite.ts';
import { projectAvailableBalance } from '#domain/planning/pab.ts';
import { acmeProfile, bracketItem, line, order } from './fixtures.ts';

const partner = acmeProfile();
const p1Case = { partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '3', item: 'WC-100' };
const CREATED = '2025-03-03T10:00:00.000Z';

describe('classify expedite tier', () => {
  it.each([
    ['BEG02 RO (rush) is P1', { order: order([line()], { orderType: 'RO' }) }, 'P1', ['rush-order-type']],
    ['a line-down code in a header REF is P1', { order: order([line()], { references: [{ qualifier: 'ZZ', value: 'linedown' }] }) }, 'P1', ['line-down-code']],
    ['a line-down code as a word in a line NTE is P1', { order: order([line()]), line: line({ notes: ['URGENT: LD at plant 1'] }) }, 'P1', ['line-down-code']],
    ['a code inside another word is not a signal', { order: order([line()], { notes: ['please hold delivery'] }) }, undefined, []],
    ["a planner's flag is P1", { order: order([line()]), plannerFlag: { by: 'Pat' } }, 'P1', ['planner-flag']],
    ['inside lead time is P2', { order: order([line()]), insideLeadTime: { requestedShipDate: '2025-03-10', earliestShipDate: '2025-03-17' } }, 'P2', ['inside-lead-time']],
    ['a PAB shortage is P2', { order: order([line()]), shortage: { weekStart: '2025-03-03', pab: -1 } }, 'P2', ['pab-shortage']],
    ['a plain order is no tier', { order: order([line()]) }, undefined, []],
  ])('%s', (_name, input, tier, codes) => {
    const result = classifyOrderLine({ partner, ...input });
    expect(result.tier).toBe(tier);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('P3 when forecast or safety stock is not covered and no order is short', () => {
    const rows = projectAvailableBalance({ onHand: 5, startWeek: '2025-03-03', supply: [], demand: [], forecast: [{ partnerId: 'ACME', weekStart: '2025-03-10', quantity: 8 }], safetyStock: 10 });
    expect(classifyPlanShortfall(rows)).toEqual({
      tier: 'P3',
      reasons: [
        { code: 'safety-stock-not-covered', weekStart: '2025-03-03', pab: 5, safetyStock: 10, quantity: 5 },
        { code: 'forecast-not-covered', weekStart: '2025-03-10', pab: -3, quantity: 3 },
      ],
    });
  });

  it('P3 lists each week a shortfall deepens, with its quantity, and not the weeks it holds or recovers', () => {
    const forecast = [8, 0, 4, 0, 20].map((quantity, i) => ({ partnerId: 'ACME', weekStart: ['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31'][i]!, quantity }));
    const rows = projectAvailableBalance({ onHand: 12, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-24', mps: 30, receipts: 0 }], demand: [], forecast, safetyStock: 6 });
    expect(rows.map((r) => r.pab)).toEqual([4, 4, 0, 30, 10]);
    expect(classifyPlanShortfall(rows).reasons.map((r) => [r.code, 'weekStart' in r ? r.weekStart : undefined, 'quantity' in r ? r.quantity : undefined])).toEqual([
      ['safety-stock-not-covered', '2025-03-03', 2],
      ['safety-stock-not-covered', '2025-03-17', 6],
    ]);
    const negative = projectAvailableBalance({ onHand: 2, startWeek: '2025-03-03', supply: [], demand: [], forecast: forecast.slice(0, 3), safetyStock: 0 });
    expect(classifyPlanShortfall(negative).reasons.map((r) => [r.code, 'weekStart' in r ? r.weekStart : undefined, 'quantity' in r ? r.quantity : undefined])).toEqual([
      ['forecast-not-covered', '2025-03-03', 6],
      ['forecast-not-covered', '2025-03-17', 10],
    ]);
  });

  it('no P3 when an order line is short (that is P2)', () => {
    const rows = projectAvailableBalance({ onHand: 5, startWeek: '2025-03-03', supply: [], demand: [{ partnerId: 'ACME', purchaseOrderNumber: '1', lineNumber: '1', item: 'WC-100', quantity: 8, dueDate: '2025-03-04' }], safetyStock: 10 });
    expect(classifyPlanShortfall(rows).tier).toBeUndefined();
  });

  it('with forecast counted, a week short only because of forecast is P3 when the orders alone are covered', () => {
    // on hand 10, an order of 8 due in week 1 and a forecast of 12 that week: max(12, 8) = 12 → PAB −2
    // with the forecast; without it PAB 2 and the order is covered.
    const input = { onHand: 10, startWeek: '2025-03-03', supply: [], demand: [{ partnerId: 'ACME', purchaseOrderNumber: '1', lineNumber: '1', item: 'WC-100', quantity: 8, dueDate: '2025-03-04' }], safetyStock: 0 };
    const withForecast = projectAvailableBalance({ ...input, forecast: [{ partnerId: 'ACME', weekStart: '2025-03-03', quantity: 12 }] });
    const ordersOnly = projectAvailableBalance(input);
    expect(ordersOnly.some((r) => r.shortage)).toBe(false);
    expect(classifyPlanShortfall(withForecast, { ordersShort: false })).toEqual({ tier: 'P3', reasons: [{ code: 'forecast-not-covered', weekStart: '2025-03-03', pab: -2, quantity: 2 }] });
    expect(classifyPlanShortfall(withForecast, { ordersShort: true }).tier).toBeUndefined();
  });
});

describe('P1 escalation under a controlled clock', () => {
  const plan = escalationPlan(p1Case, bracketItem(), partner, CREATED);

  it('plans owner at once, then manager, director and VP every 4 hours, one person each from the item master', () => {
    expect(plan.confirmDueAt).toBe('2025-03-03T14:00:00.000Z');
    expect(plan.steps.map((s) => [s.step, s.dueAt, s.contact.email])).toEqual([
      ['owner', '2025-03-03T10:00:00.000Z', 'olga@widgetco.example'],
      ['manager', '2025-03-03T14:00:00.000Z', 'mia@widgetco.example'],
      ['director', '2025-03-03T18:00:00.000Z', 'dan@widgetco.example'],
      ['vp', '2025-03-03T22:00:00.000Z', 'vera@widgetco.example'],
    ]);
  });

  it('uses the interval from the profile', () => {
    const fast = escalationPlan(p1Case, bracketItem(), acmeProfile({ expediteIntervalHours: 2 }), CREATED);
    expect(fast.steps.map((s) => s.dueAt.slice(11, 16))).toEqual(['10:00', '12:00', '14:00', '16:00']);
  });

  it('walks the chain one unanswered interval at a time', () => {
    let state = plan;
    const timeline: string[] = [];
    for (const now of ['2025-03-03T10:00:00.000Z', '2025-03-03T13:59:59.000Z', '2025-03-03T14:00:00.000Z', '2025-03-03T18:30:00.000Z', '2025-03-03T22:00:00.000Z', '2025-03-04T02:00:00.000Z']) {
      const next = nextEscalation(state, now);
      timeline.push(next.kind === 'due' ? `due ${next.step.step}` : next.kind === 'wait' ? `wait ${next.nextAt.slice(11, 16)}` : `stopped ${next.reason}`);
      if (next.kind === 'due') state = markEscalationSent(state, next.step.step, now);
    }
    expect(timeline).toEqual(['due owner', 'wait 14:00', 'due manager', 'due director', 'due vp', 'stopped exhausted']);
  });

  it('stops when the supplier confirms a date', () => {
    let state = markEscalationSent(plan, 'owner', CREATED);
    state = confirmExpedite(state, { date: '2025-03-05', by: 'Olga Owner', at: '2025-03-03T12:00:00.000Z' });
    expect(nextEscalation(state, '2025-03-03T23:00:00.000Z')).toEqual({ kind: 'stopped', reason: 'confirmed' });
    expect(confirmExpedite(state, { date: '2025-03-09', by: 'X', at: '2025-03-03T13:00:00.000Z' }).confirmation?.date).toBe('2025-03-05');
  });

  it('marking a step sent twice changes nothing', () => {
    const once = markEscalationSent(plan, 'owner', CREATED);
    expect(markEscalationSent(once, 'owner', '2025-03-03T11:00:00.000Z')).toBe(once);
  });
});

describe('P1 on a bought-in part: the purchasing chain', () => {
  const person = (name: string, email: string) => ({ name, email });
  const bought = bracketItem({
    source: 'buy',
    supplier: person('Sam Supplier', 'sam@stamping.example'),
    purchasing: { manager: person('Pia Purchasing', 'pia@widgetco.example'), director: person('Pete Director', 'pete@widgetco.example'), vp: person('Paula VP', 'paula@widgetco.example') },
  });

  it('asks the supplier at once, then purchasing manager, director and VP every 4 hours, beside the internal chain', () => {
    const plan = escalationPlan(p1Case, bought, partner, CREATED);
    expect(plan.steps.map((s) => [s.step, s.dueAt, s.contact.email])).toEqual([
      ['owner', '2025-03-03T10:00:00.000Z', 'olga@widgetco.example'],
      ['manager', '2025-03-03T14:00:00.000Z', 'mia@widgetco.example'],
      ['director', '2025-03-03T18:00:00.000Z', 'dan@widgetco.example'],
      ['vp', '2025-03-03T22:00:00.000Z', 'vera@widgetco.example'],
      ['supplier', '2025-03-03T10:00:00.000Z', 'sam@stamping.example'],
      ['purchasing-manager', '2025-03-03T14:00:00.000Z', 'pia@widgetco.example'],
      ['purchasing-director', '2025-03-03T18:00:00.000Z', 'pete@widgetco.example'],
      ['purchasing-vp', '2025-03-03T22:00:00.000Z', 'paula@widgetco.example'],
    ]);
  });

  it.each([
    ['a made part', bracketItem(), ['owner', 'manager', 'director', 'vp']],
    ['a bought-in part without a supplier contact', bracketItem({ source: 'buy' }), ['owner', 'manager', 'director', 'vp']],
    ['a bought-in part with a supplier but no purchasing chain', bracketItem({ source: 'buy', supplier: person('Sam Supplier', 'sam@stamping.example') }), ['owner', 'manager', 'director', 'vp', 'supplier']],
  ])('%s: steps', (_n, item, steps) => {
    expect(escalationPlan(p1Case, item, partner, CREATED).steps.map((s) => s.step)).toEqual(steps);
  });

  it('the purchasing steps stop with the confirmation like the others', () => {
    const plan = markEscalationSent(markEscalationSent(escalationPlan(p1Case, bought, partner, CREATED), 'owner', CREATED), 'supplier', CREATED);
    expect(nextEscalation(plan, '2025-03-03T14:00:00.000Z')).toMatchObject({ kind: 'due', step: { step: 'manager' } });
    const manager = markEscalationSent(plan, 'manager', '2025-03-03T14:00:00.000Z');
    expect(nextEscalation(manager, '2025-03-03T14:00:00.000Z')).toMatchObject({ kind: 'due', step: { step: 'purchasing-manager' } });
    expect(nextEscalation(confirmExpedite(manager, { date: '2025-03-05', by: 'Sam', at: '2025-03-03T13:00:00.000Z' }), '2025-03-04T00:00:00.000Z')).toEqual({ kind: 'stopped', reason: 'confirmed' });
  });
});

describe('P1 supply picture', () => {
  const weeks = [
    { weekStart: '2025-02-24', mps: 50, receipts: 0 },
    { weekStart: '2025-03-03', mps: 0, receipts: 0 },
    { weekStart: '2025-03-10', mps: 0, receipts: 40 },
    { weekStart: '2025-03-17', mps: 100, receipts: 0 },
  ];
  it.each([
    ['no locations: all at the plant; ships what on hand covers', { onHand: 30, weeks }, 60, [{ location: 'PLANT', onHand: 30 }], 30],
    ['per location; the line is covered', { onHand: 120, locations: [{ location: 'PLANT', onHand: 80 }, { location: 'DC-EAST', onHand: 40 }], weeks }, 60, [{ location: 'PLANT', onHand: 80 }, { location: 'DC-EAST', onHand: 40 }], 60],
    ['negative on hand ships nothing', { onHand: -5, weeks }, 60, [{ location: 'PLANT', onHand: -5 }], 0],
  ])('%s', (_n, plan, quantity, locations, canShipNow) => {
    const picture = p1SupplyPicture(plan, quantity, '2025-03-05');
    expect(picture.locations).toEqual(locations);
    expect(picture.canShipNow).toBe(canShipNow);
    // open supply from the current week (2025-03-03) on, weeks with nothing left out
    expect(picture.open).toEqual([
      { weekStart: '2025-03-10', mps: 0, receipts: 40 },
      { weekStart: '2025-03-17', mps: 100, receipts: 0 },
    ]);
  });
});

describe('P2 same business day', () => {
  const berlin = { timeZone: 'Europe/Berlin', closeOfBusiness: '17:00', workdays: [1, 2, 3, 4, 5], holidays: ['2025-04-18'] };
  it.each([
    ['Monday 10:00 Berlin → Monday 17:00 Berlin', '2025-03-03T09:00:00.000Z', '2025-03-03T16:00:00.000Z'],
    ['Monday 17:30 Berlin (after close) → Tuesday 17:00', '2025-03-03T16:30:00.000Z', '2025-03-04T16:00:00.000Z'],
    ['Friday evening → Monday 17:00', '2025-03-07T18:00:00.000Z', '2025-03-10T16:00:00.000Z'],
    ['Saturday → Monday', '2025-03-08T09:00:00.000Z', '2025-03-10T16:00:00.000Z'],
    ['before a holiday → the next business day after it', '2025-04-17T17:00:00.000Z', '2025-04-21T15:00:00.000Z'],
    ['in summer time (UTC+2)', '2025-07-01T08:00:00.000Z', '2025-07-01T15:00:00.000Z'],
    ['late Sunday UTC that is already Monday in Berlin', '2025-03-09T23:30:00.000Z', '2025-03-10T16:00:00.000Z'],
  ])('%s', (_n, at, due) => {
    expect(sameBusinessDayDeadline(at, berlin)).toBe(due);
  });

  it('defaults to the demo desk: America/Chicago, 17:00, Monday to Friday', () => {
    // 09:00 UTC Monday is 03:00 CST: due 17:00 CST the same day, 23:00 UTC
    expect(sameBusinessDayDeadline('2025-03-03T09:00:00.000Z')).toBe('2025-03-03T23:00:00.000Z');
  });

  const chicago = businessCalendarOf({ holidays: ['2026-11-26', '2026-11-27'] });
  it.each([
    ['Monday 08:00 CST → Monday 17:00 CST', '2026-11-23T14:00:00.000Z', '2026-11-23T23:00:00.000Z', '17:00 CST Mon 23 Nov'],
    ['Monday 18:00 CST (after close; already Tuesday in UTC) → Tuesday', '2026-11-24T00:00:00.000Z', '2026-11-24T23:00:00.000Z', '17:00 CST Tue 24 Nov'],
    ['Wednesday after close, Thanksgiving Thursday and Friday off → Monday', '2026-11-25T23:30:00.000Z', '2026-11-30T23:00:00.000Z', '17:00 CST Mon 30 Nov'],
    ['on the holiday itself → the next business day', '2026-11-26T15:00:00.000Z', '2026-11-30T23:00:00.000Z', '17:00 CST Mon 30 Nov'],
    ['Saturday → Monday', '2026-11-28T15:00:00.000Z', '2026-11-30T23:00:00.000Z', '17:00 CST Mon 30 Nov'],
    ['in summer time (CDT, UTC−5)', '2026-07-01T14:00:00.000Z', '2026-07-01T22:00:00.000Z', '17:00 CDT Wed 1 Jul'],
  ])('desk calendar %s', (_n, at, due, printed) => {
    expect(sameBusinessDayDeadline(at, chicago)).toBe(due);
    expect(formatDeskTime(due, chicago.timeZone)).toBe(printed);
  });

  it.each([
    ['2026-11-23T22:00:00.000Z', 'America/Chicago', '16:00 CST Mon 23 Nov'],
    ['2026-11-23T22:00:00.000Z', 'UTC', '22:00 UTC Mon 23 Nov'],
    ['2026-11-24T03:30:00.000Z', 'America/Chicago', '21:30 CST Mon 23 Nov'],
  ])('prints %s in %s as %s', (instant, zone, printed) => {
    expect(formatDeskTime(instant, zone)).toBe(printed);
  });

  it('converts a local wall-clock time across DST', () => {
    expect(zonedTimeToInstant('2025-03-31', '17:00', 'America/Chicago')).toBe('2025-03-31T22:00:00.000Z');
    expect(zonedTimeToInstant('2025-01-31', '17:00', 'America/Chicago')).toBe('2025-01-31T23:00:00.000Z');
  });
});
