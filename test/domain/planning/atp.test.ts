import { describe, expect, it } from 'vitest';
import { availableToPromise, consumeForecast, cumulativeAtp, earliestFullWeek } from '#domain/planning/atp.ts';
import { addDays } from '#domain/planning/dates.ts';
import { projectAvailableBalance, type DemandLine } from '#domain/planning/pab.ts';
import { PUMP_RECORD } from '../../support/master-schedule-record.ts';

describe('consumeForecast', () => {
  it.each([
    // forecast, booked → consumed, remaining, demand
    [30, 33, 0 + 30, 0, 33],
    [30, 20, 20, 10, 30],
    [40, 0, 0, 40, 40],
    [0, 12, 0, 0, 12],
    [25, 25, 25, 0, 25],
  ])('forecast %d, booked %d → consumed %d, left %d, demand %d', (forecast, booked, consumed, remaining, demand) => {
    expect(consumeForecast(forecast, booked)).toEqual({ consumed, remaining, demand });
  });
});

describe('availableToPromise (discrete, per MPS period)', () => {
  const weeks = (booked: number[], supply: number[]) => booked.map((b, i) => ({ booked: b, supply: supply[i] ?? 0 }));
  it.each([
    {
      name: 'first week: on hand + supply − booked until the next supply',
      onHand: 64, booked: [33, 20, 10, 4, 2, 0, 0, 0], supply: [0, 0, 70, 0, 70, 0, 70, 70],
      atp: [11, undefined, 56, undefined, 68, undefined, 70, 70],
    },
    {
      // Discrete ATP as Jacobs & Chase, *Operations and Supply Chain Management*, "Master
      // production scheduling", compute it (the figures here are ours, worked by hand): on hand
      // 45, forecast 30 a week, booked orders falling 20, 15, 12, 8, 5, 3, 0, 0, MPS 80 in weeks
      // 1, 4 and 7:
      //   week 1 (first period): 45 + 80 − (20 + 15 + 12) = 78   (booked of weeks 1–3, up to the next MPS)
      //   week 4: 80 − (8 + 5 + 3) = 64                          (weeks 4–6)
      //   week 7: 80 − (0 + 0) = 80                              (weeks 7–8)
      name: 'textbook record: on hand 45, MPS 80 in weeks 1, 4, 7',
      onHand: 45, booked: [20, 15, 12, 8, 5, 3, 0, 0], supply: [80, 0, 0, 80, 0, 0, 80, 0],
      atp: [78, undefined, undefined, 64, undefined, undefined, 80, undefined],
    },
    {
      name: 'supply in the first week adds to on hand',
      onHand: 10, booked: [15, 5, 8], supply: [20, 0, 10],
      atp: [10, undefined, 2],
    },
    {
      name: 'a negative later ATP is taken from the period before it',
      onHand: 50, booked: [10, 0, 30], supply: [0, 20, 0],
      atp: [30, 0, undefined],
    },
    {
      name: 'netting runs back over several periods',
      onHand: 5, booked: [0, 10, 30], supply: [0, 10, 10],
      atp: [-15, 0, 0],
    },
    {
      name: 'no supply at all: only the first week has ATP',
      onHand: 40, booked: [10, 10, 10], supply: [],
      atp: [10, undefined, undefined],
    },
  ])('$name', ({ onHand, booked, supply, atp }) => {
    expect(availableToPromise(onHand, weeks(booked, supply))).toEqual(atp);
  });

  it('cumulative ATP carries the total through weeks without supply', () => {
    expect(cumulativeAtp([11, undefined, 56, undefined, 68])).toEqual([11, 11, 67, 67, 135]);
  });

  it.each([
    [10, '2026-11-23'],
    [11, '2026-11-23'],
    [12, '2026-12-07'],
    [135, '2026-12-21'],
    [136, '2027-01-04'],
    [10_000, undefined],
  ])('earliest week %d can ship in full: %s', (quantity, week) => {
    const booked = [33, 20, 10, 4, 2, 0, 0, 0];
    const supply = [0, 0, 70, 0, 70, 0, 70, 70];
    const rows = booked.map((b, i) => ({ weekStart: addDays('2026-11-23', 7 * i), booked: b, supply: supply[i]! }));
    expect(earliestFullWeek(64, rows, quantity)).toBe(week);
  });
});

describe('projectAvailableBalance with consumption and ATP', () => {
  it('reproduces the textbook master-schedule record to the unit', () => {
    const start = '2026-11-23';
    const week = (i: number) => addDays(start, 7 * i);
    const demand: DemandLine[] = PUMP_RECORD.booked.flatMap((q, i) => (q ? [{ partnerId: 'P', purchaseOrderNumber: `PO${i}`, lineNumber: '1', item: 'PUMP', quantity: q, dueDate: addDays(week(i), 2) }] : []));
    const rows = projectAvailableBalance({
      onHand: PUMP_RECORD.onHand,
      startWeek: start,
      supply: PUMP_RECORD.mps.map((mps, i) => ({ weekStart: week(i), mps, receipts: 0 })),
      demand,
      forecast: PUMP_RECORD.forecast.map((quantity, i) => ({ partnerId: 'P', weekStart: week(i), quantity })),
      safetyStock: 0,
    });
    expect(rows.map((r) => r.pab)).toEqual(PUMP_RECORD.pab);
    expect(rows.map((r) => r.atp)).toEqual(PUMP_RECORD.atp);
    expect(rows.map((r) => r.consumedForecast)).toEqual([30, 20, 10, 4, 2, 0, 0, 0]);
    expect(rows.map((r) => r.demand)).toEqual([33, 30, 30, 30, 40, 40, 40, 40]);
  });

  it('the on-hand-45 record: PAB nets max(forecast, booked) each week', () => {
    // By hand, demand is max(30, booked) = 30 every week (booked ≤ 30):
    // 45 + 80 − 30 = 95, 65, 35, 35 + 80 − 30 = 85, 55, 25, 25 + 80 − 30 = 75, 45.
    const start = '2026-11-23';
    const week = (i: number) => addDays(start, 7 * i);
    const booked = [20, 15, 12, 8, 5, 3, 0, 0];
    const demand: DemandLine[] = booked.flatMap((q, i) => (q ? [{ partnerId: 'P', purchaseOrderNumber: `PO${i}`, lineNumber: '1', item: 'X', quantity: q, dueDate: addDays(week(i), 1) }] : []));
    const rows = projectAvailableBalance({
      onHand: 45,
      startWeek: start,
      supply: [0, 3, 6].map((i) => ({ weekStart: week(i), mps: 80, receipts: 0 })),
      demand,
      forecast: booked.map((_, i) => ({ partnerId: 'P', weekStart: week(i), quantity: 30 })),
      safetyStock: 0,
      horizonWeeks: 8,
    });
    expect(rows.map((r) => r.pab)).toEqual([95, 65, 35, 85, 55, 25, 75, 45]);
    expect(rows.map((r) => r.atp)).toEqual([78, undefined, undefined, 64, undefined, undefined, 80, undefined]);
    expect(rows.map((r) => r.consumedForecast)).toEqual(booked);
  });

  it('flags weeks above the maximum stock', () => {
    const rows = projectAvailableBalance({ onHand: 100, startWeek: '2026-11-23', supply: [{ weekStart: '2026-11-30', mps: 80, receipts: 0 }], demand: [], safetyStock: 10, maxStock: 150 });
    expect(rows.map((r) => [r.pab, r.aboveMax])).toEqual([
      [100, false],
      [180, true],
    ]);
  });
});
