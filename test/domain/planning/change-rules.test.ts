import { describe, expect, it } from 'vitest';
import { detectChangeAnomalies } from '#domain/planning/change-rules.ts';
import { detectForecastSwings } from '#domain/planning/forecast-swing.ts';
import { buildItemIndex } from '#domain/planning/item-index.ts';
import type { OrderChange, OrderChangeLine } from '#schemas/documents/x12-documents.ts';
import { NOW, acmeProfile, bracketItem, forecast, line, order } from './fixtures.ts';

const items = buildItemIndex([bracketItem()]);
const current = order([line({ quantity: 120, dates: [{ qualifier: '010', date: '2025-04-07' }] })]);

function change(lines: Partial<OrderChangeLine>[], purpose = '04'): OrderChange {
  return {
    type: '860',
    controlNumber: '0101',
    purpose,
    orderType: 'SA',
    purchaseOrderNumber: '4500012345',
    changeSequence: '1',
    references: [],
    dates: [],
    parties: [],
    contacts: [],
    notes: [],
    lines: lines.map((l) => ({ changeType: 'CA', productIds: [], dates: [], schedules: [], references: [], notes: [], parties: [], lineNumber: '1', ...l })),
  };
}

const rulesOf = (c: OrderChange, progress?: Record<string, { shipped: number; built: number }>) =>
  detectChangeAnomalies({ change: c, currentOrder: current, partner: acmeProfile(), items, forecasts: [forecast(), forecast({ periodStart: '2025-03-10', periodEnd: '2025-03-16' })], now: NOW, ...(progress ? { progress } : {}) }).flatMap((l) =>
    l.anomalies.map((a) => `${a.rule}:${a.severity}`),
  );

describe('860 change checks', () => {
  it.each([
    ['a quantity increase with one zero too many is a decimal shift', change([{ changeType: 'QI', quantity: 1200 }]), ['decimal-shift:hold']],
    ['a quantity change to a non-pack multiple warns', change([{ changeType: 'QD', quantity: 115 }]), ['pack-multiple:warn']],
    ['a date pulled in inside the lead time is held', change([{ dates: [{ qualifier: '010', date: '2025-03-10' }] }]), ['pull-in-inside-lead-time:hold']],
    ['a date pushed out is fine', change([{ dates: [{ qualifier: '010', date: '2025-04-09' }] }]), []],
    ['a date pulled in but outside the lead time is fine', change([{ dates: [{ qualifier: '010', date: '2025-03-31' }] }]), []],
    ['an unchanged line does not re-run the quantity checks', change([{ changeType: 'CA', unitPrice: 2.5 }]), []],
    ['a price change off contract is held', change([{ changeType: 'PC', unitPrice: 3 }]), ['price-mismatch:hold']],
    ['an added line gets the full 850 checks', change([{ changeType: 'AI', lineNumber: '2', quantity: 13, productIds: [{ qualifier: 'VP', value: 'WC-100' }], dates: [{ qualifier: '010', date: '2025-04-07' }] }]), ['decimal-shift:hold', 'pack-multiple:warn', 'below-moq:warn']],
  ])('%s', (_name, c, expected) => {
    expect(rulesOf(c)).toEqual(expected);
  });

  it('a cut below the quantity already built is held and suggests the built quantity', () => {
    const [assessment] = detectChangeAnomalies({ change: change([{ changeType: 'QD', quantity: 40 }]), currentOrder: current, partner: acmeProfile(), items, forecasts: [forecast()], now: NOW, progress: { '1': { shipped: 30, built: 60 } } });
    const cut = assessment?.anomalies.find((a) => a.rule === 'cut-below-shipped');
    expect(cut).toMatchObject({ severity: 'hold', evidence: { newQuantity: 40, shipped: 30, built: 60 }, suggestion: { quantity: 60 } });
  });

  it('deleting a line that has shipped is a cut to zero', () => {
    expect(rulesOf(change([{ changeType: 'DI' }]), { '1': { shipped: 10, built: 10 } })).toEqual(['cut-below-shipped:hold']);
  });

  it('cancelling the whole order (BCH01 01) checks every line against progress', () => {
    expect(rulesOf(change([], '01'), { '1': { shipped: 0, built: 50 } })).toEqual(['cut-below-shipped:hold']);
    expect(rulesOf(change([], '01'))).toEqual([]);
  });
});

describe('830 forecast swing', () => {
  const partner = acmeProfile();
  const week = (start: string, quantity: number) => forecast({ periodStart: start, periodEnd: start, quantity, timingQualifier: 'W' });

  it.each([
    ['a 50% rise in week 2 (inside the 4-week firm horizon) warns', [week('2025-03-10', 100)], [week('2025-03-10', 150)], [{ previous: 100, current: 150, swingPercent: 50 }]],
    ['a 10% rise is inside tolerance', [week('2025-03-10', 100)], [week('2025-03-10', 110)], []],
    ['a big swing beyond the firm horizon is allowed', [week('2025-04-14', 100)], [week('2025-04-14', 300)], []],
    ['a period the new 830 drops is a swing to zero', [week('2025-03-17', 100)], [], [{ previous: 100, current: 0, swingPercent: -100 }]],
    ['a new period for a covered item is a swing from zero', [week('2025-03-10', 100)], [week('2025-03-10', 100), week('2025-03-17', 80)], [{ previous: 0, current: 80, swingPercent: null }]],
    ['an item new in this 830 is not a swing', [], [week('2025-03-10', 100)], []],
  ])('%s', (_name, previous, current, expected) => {
    const swings = detectForecastSwings({ previous, current, partner, now: NOW });
    expect(swings.map((s) => ({ previous: s.evidence.previous, current: s.evidence.current, swingPercent: s.evidence.swingPercent }))).toEqual(expected);
    swings.forEach((s) => expect(s).toMatchObject({ rule: 'forecast-swing', severity: 'warn', item: 'WC-100', evidence: { firmHorizonEnd: '2025-03-31', tolerancePercent: 20 } }));
  });
});
