import { describe, expect, it } from 'vitest';
import { checkDecimalShift, detectOrderAnomalies, packMultiples } from '#domain/planning/anomaly-rules.ts';
import { buildItemIndex, resolveItem } from '#domain/planning/item-index.ts';
import type { Anomaly } from '#domain/planning/anomaly.ts';
import type { PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import { NOW, acmeProfile, bracketItem, forecast, line, order } from './fixtures.ts';

const items = buildItemIndex([bracketItem(), bracketItem({ vendorPart: 'WC-200', buyerParts: { ACME: 'BP-2002' }, upc: '012345678912', packSize: 1, moq: 0 })]);

function check(lineOverrides: Partial<PurchaseOrderLine>, opts: { forecasts?: ReturnType<typeof forecast>[]; profile?: Record<string, unknown> } = {}): Anomaly[] {
  const result = detectOrderAnomalies({ order: order([line(lineOverrides)]), partner: acmeProfile(opts.profile), items, forecasts: opts.forecasts ?? [forecast()], now: NOW });
  return result.lines[0]?.anomalies ?? [];
}

const rules = (anomalies: Anomaly[]) => anomalies.map((a) => `${a.rule}:${a.severity}`);

describe('decimal shift', () => {
  it('finds one zero too many: forecast 120, ordered 1200 → ratio 10, k=1, suggests 120, held by default', () => {
    const [anomaly] = check({ quantity: 1200 });
    expect(anomaly).toMatchObject({
      rule: 'decimal-shift',
      severity: 'hold',
      lineNumber: '1',
      item: 'WC-100',
      evidence: { ordered: 1200, forecast: 120, ratio: 10, k: 1, periodStart: '2025-04-07', periodEnd: '2025-04-13', shipTo: 'PLANT1' },
      suggestion: { quantity: 120 },
    });
  });

  it.each([
    [1200, 120, { ratio: 10, k: 1, suggestedQuantity: 120 }],
    [12, 120, { ratio: 0.1, k: -1, suggestedQuantity: 120 }],
    [12000, 120, { ratio: 100, k: 2, suggestedQuantity: 120 }],
    [1100, 120, { ratio: 9.167, k: 1, suggestedQuantity: 110 }],
    [1400, 120, undefined], // 11.7x: outside 0.15 around 10
    [130, 120, undefined], // k = 0 is not a shift
    [500, 0, undefined],
  ])('ordered %d against forecast %d → %o', (ordered, fc, expected) => {
    expect(checkDecimalShift(ordered, fc, 0.15)).toEqual(expected);
  });

  it('compares with the forecast of the same ship-to only', () => {
    expect(rules(check({ quantity: 1200 }, { forecasts: [forecast({ shipTo: 'PLANT2' })] }))).not.toContain('decimal-shift:hold');
  });

  it('uses the bucket holding the requested date', () => {
    const forecasts = [forecast(), forecast({ periodStart: '2025-04-14', periodEnd: '2025-04-20', quantity: 1200 })];
    expect(rules(check({ quantity: 1200 }, { forecasts }))).toEqual(['decimal-shift:hold']);
    expect(rules(check({ quantity: 1200, dates: [{ qualifier: '010', date: '2025-04-15' }] }, { forecasts }))).toEqual([]);
  });
});

describe('pack multiple', () => {
  it('ordered 12 with pack 10 warns and suggests 10 or 20', () => {
    const anomalies = check({ quantity: 12 }, { forecasts: [forecast({ quantity: 12 })] });
    const pack = anomalies.find((a) => a.rule === 'pack-multiple');
    expect(pack).toMatchObject({ severity: 'warn', evidence: { ordered: 12, packSize: 10 }, suggestion: { quantity: 10, alternatives: [10, 20] } });
  });

  it.each([
    [12, 10, { nearest: 10, lower: 10, upper: 20 }],
    [17, 10, { nearest: 20, lower: 10, upper: 20 }],
    [15, 10, { nearest: 20, lower: 10, upper: 20 }],
    [3, 10, { nearest: 10, lower: 0, upper: 10 }],
  ])('%d in packs of %d', (q, pack, expected) => expect(packMultiples(q, pack)).toEqual(expected));
});

describe('each line rule', () => {
  const cases: { name: string; line: Partial<PurchaseOrderLine>; forecasts?: ReturnType<typeof forecast>[]; profile?: Record<string, unknown>; expected: string[]; detail?: Record<string, unknown> }[] = [
    { name: 'a clean line has no finding', line: {}, expected: [] },
    { name: 'deviation beyond the band warns', line: { quantity: 200 }, expected: ['forecast-deviation:warn'], detail: { evidence: { deviationPercent: 66.7, tolerancePercent: 30 } } },
    { name: 'deviation inside the band is fine', line: { quantity: 150 }, expected: [] },
    { name: 'an item the partner never forecast is held', line: {}, forecasts: [], expected: ['never-forecast:hold'] },
    { name: 'an unknown buyer part is held', line: { productIds: [{ qualifier: 'BP', value: 'BP-9999' }] }, expected: ['unknown-item:hold'], detail: { evidence: { reason: 'no-match' } } },
    {
      name: 'a buyer part and UPC naming different items is an unknown-item conflict',
      line: { productIds: [{ qualifier: 'BP', value: 'BP-1001' }, { qualifier: 'UP', value: '012345678912' }] },
      expected: ['unknown-item:hold'],
      detail: { evidence: { reason: 'conflicting-ids', candidates: ['WC-100', 'WC-200'] } },
    },
    { name: 'below MOQ warns and suggests the MOQ in full packs', line: { quantity: 10 }, forecasts: [forecast({ quantity: 10 })], expected: ['below-moq:warn'], detail: { suggestion: { quantity: 20 } } },
    { name: 'a price off contract beyond tolerance is held', line: { unitPrice: 2.75 }, expected: ['price-mismatch:hold'], detail: { evidence: { contractPrice: 2.5, deviationPercent: 10 }, suggestion: { unitPrice: 2.5 } } },
    { name: 'a price within tolerance is fine', line: { unitPrice: 2.51 }, expected: [] },
    { name: 'a different unit of measure is held', line: { unitOfMeasure: 'CA' }, expected: ['uom-mismatch:hold'], detail: { evidence: { ordered: 'CA', expected: 'EA' } } },
    {
      name: 'a ship date inside the lead time warns with the earliest date',
      line: { dates: [{ qualifier: '010', date: '2025-03-10' }] },
      forecasts: [forecast({ periodStart: '2025-03-10', periodEnd: '2025-03-16' })],
      expected: ['inside-lead-time:warn'],
      detail: { evidence: { requestedShipDate: '2025-03-10', earliestShipDate: '2025-03-17', leadTimeDays: 14 }, suggestion: { date: '2025-03-17' } },
    },
    {
      name: 'a delivery date is moved back by the partner transit days',
      line: { dates: [{ qualifier: '002', date: '2025-03-19' }] },
      forecasts: [forecast({ periodStart: '2025-03-10', periodEnd: '2025-03-16' })],
      profile: { transitDays: 3 },
      expected: ['inside-lead-time:warn'],
      detail: { evidence: { requestedShipDate: '2025-03-16' } },
    },
    { name: 'a rule set to off does not report', line: { quantity: 1200 }, profile: { ruleSeverity: { 'decimal-shift': 'off' } }, expected: [] },
    { name: 'a rule set to reject rejects', line: { unitOfMeasure: 'CA' }, profile: { ruleSeverity: { 'uom-mismatch': 'reject' } }, expected: ['uom-mismatch:reject'] },
  ];
  it.each(cases)('$name', ({ line: l, forecasts, profile, expected, detail }) => {
    const anomalies = check(l, { ...(forecasts ? { forecasts } : {}), ...(profile ? { profile } : {}) });
    expect(rules(anomalies)).toEqual(expected);
    if (detail) expect(anomalies[0]).toMatchObject(detail);
  });
});

describe('item resolution', () => {
  it.each([
    ['buyer part BP', { qualifier: 'BP', value: 'BP-1001' }, 'WC-100'],
    ['buyer item IN', { qualifier: 'IN', value: 'BP-1001' }, 'WC-100'],
    ['vendor part VP', { qualifier: 'VP', value: 'WC-100' }, 'WC-100'],
    ['UPC UP, leading zeros ignored', { qualifier: 'UP', value: '12345678905' }, 'WC-100'],
  ])('resolves %s', (_n, id, part) => {
    const resolution = resolveItem(items, 'ACME', [id]);
    expect(resolution.kind === 'found' && resolution.item.vendorPart).toBe(part);
  });

  it("does not resolve another partner's buyer part", () => {
    expect(resolveItem(items, 'BETA', [{ qualifier: 'BP', value: 'BP-1001' }]).kind).toBe('unknown');
  });
});

describe('duplicate PO number', () => {
  const first = order([line(), line({ lineNumber: '2', quantity: 240 })]);

  it('an identical re-send is reported as identical, with no finding', () => {
    const result = detectOrderAnomalies({ order: { ...first, controlNumber: '0002' }, previousOrder: first, partner: acmeProfile(), items, forecasts: [forecast({ quantity: 360 })], now: NOW });
    expect(result.duplicate).toBe('identical');
    expect(result.lines.flatMap((l) => l.anomalies.map((a) => a.rule))).not.toContain('duplicate-po');
  });

  it('different content under the same PO number holds every line with the differences as evidence', () => {
    const changed = order([line(), line({ lineNumber: '2', quantity: 250 }), line({ lineNumber: '3' })], { controlNumber: '0002' });
    const result = detectOrderAnomalies({ order: changed, previousOrder: first, partner: acmeProfile(), items, forecasts: [forecast({ quantity: 360 })], now: NOW });
    expect(result.duplicate).toBe('different');
    const dups = result.lines.map((l) => l.anomalies.find((a) => a.rule === 'duplicate-po'));
    expect(dups.every((d) => d?.severity === 'hold')).toBe(true);
    expect(dups[0]).toMatchObject({ evidence: { purchaseOrderNumber: '4500012345', previousControlNumber: '0001', differences: ['line 2 quantity 240 → 250', 'line 3 added'] } });
  });
});

describe('off-forecast on consumed forecast: the line against what the week’s other orders left', () => {
  // forecast 120 for the week of 2025-04-07; the line ships 2025-04-07; ACME's band is ±30 %
  const booked = (quantity: number, dueDate = '2025-04-09', purchaseOrderNumber = '4500099999') => ({ purchaseOrderNumber, item: 'WC-100', quantity, dueDate });
  it.each([
    { name: 'the only order of the week, as forecast', ordered: 120, others: [], expected: undefined },
    { name: 'another order took half: the line is 50 % over what is left', ordered: 120, others: [booked(60)], expected: { deviationPercent: 50, forecastLeft: 60, otherOrders: 60 } },
    { name: 'the line takes exactly what the other order left', ordered: 60, others: [booked(60)], expected: undefined },
    { name: 'alone and half the forecast: 50 % under', ordered: 60, others: [], expected: { deviationPercent: -50 } },
    { name: 'lines of the same PO do not consume it for themselves', ordered: 120, others: [booked(60, '2025-04-09', '4500012345')], expected: undefined },
    { name: 'orders due outside the forecast period do not consume it', ordered: 120, others: [booked(60, '2025-04-20')], expected: undefined },
    { name: 'others took more than the forecast: all of the line is beyond it', ordered: 50, others: [booked(150)], expected: { deviationPercent: 41.7, forecastLeft: 0, otherOrders: 150 } },
  ])('$name', ({ ordered, others, expected }) => {
    const result = detectOrderAnomalies({ order: order([line({ quantity: ordered })]), partner: acmeProfile(), items, forecasts: [forecast()], booked: others, now: NOW });
    const finding = result.lines[0]?.anomalies.find((a) => a.rule === 'forecast-deviation');
    if (expected === undefined) expect(finding).toBeUndefined();
    else expect(finding?.evidence).toMatchObject({ ordered, forecast: 120, ...expected });
  });
});
