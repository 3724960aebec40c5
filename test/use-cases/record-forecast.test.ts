import { describe, expect, it } from 'vitest';
import { recordForecast } from '#functions/use-cases/record-forecast.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample830 } from '../support/edi-samples.ts';
import { fakeProcessDeps } from '../support/fakes/index.ts';
import { forecastSet, orderSet } from '../support/inbound-sets.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { sample850 } from '../support/edi-samples.ts';

const partner = planningPartner();
/** The sample 830 (ITEM-1: 100 in the week of 2025-01-06, 120 in the week of 2025-01-13), re-sent under another ISA13 with the first week at `quantity`. */
const next830 = (quantity: number, isa13 = '000000102') => sample830({ isa13 }).replace('FST*100*D*W*20250106', `FST*${quantity}*D*W*20250106`);

async function deps(items = sampleItems()) {
  const d = fakeProcessDeps(partner);
  await d.store.putItems(items);
  return d;
}

describe('recordForecast', () => {
  it('stores the 830’s periods and keeps it as the partner’s forecast the order checks compare with', async () => {
    // Prepare
    const d = await deps();
    const input = forecastSet(sample830(), partner);
    // Act
    const result = await recordForecast(d, input);
    // Assess
    expect(result).toEqual({ periods: 2, swings: 0, recomputed: [] });
    expect([...d.forecastPeriods.periods.values()].map((p) => [p.item, p.periodStart, p.quantity])).toEqual([
      ['ITEM-1', '2025-01-06', 100],
      ['ITEM-1', '2025-01-13', 120],
    ]);
    const stored = await d.store.getPartnerForecast('ACME');
    expect(stored?.causeId).toBe(input.cause.id);
    expect(stored?.entries.map((e) => [e.item, e.periodStart, e.quantity])).toEqual([
      ['ITEM-1', '2025-01-06', 100],
      ['ITEM-1', '2025-01-13', 120],
    ]);
    expect(d.notify.sent).toEqual([]);
  });

  it('emails the planner when the second 830 swings a period inside the firm horizon', async () => {
    // Prepare
    const d = await deps();
    await recordForecast(d, forecastSet(sample830(), partner));
    const second = forecastSet(next830(200), partner);
    // Act
    const result = await recordForecast(d, second);
    // Assess
    expect(result).toEqual({ periods: 2, swings: 1, recomputed: [] });
    const [email] = d.notify.bodies() as NotifyMessageOf<'planning-anomaly'>[];
    expect(email?.template).toBe('planning-anomaly');
    expect(email?.data.order).toEqual({ purchaseOrderNumber: '830 REL-1', orderType: 'forecast' });
    expect(email?.data.assessments.flatMap((a) => a.anomalies)).toEqual([expect.objectContaining({ rule: 'forecast-swing', evidence: expect.objectContaining({ periodStart: '2025-01-06', previous: 100, current: 200, swingPercent: 100 }) })]);
    expect(email?.data.items.map((i) => i.vendorPart)).toEqual(['ITEM-1']);
    expect((await d.store.getPartnerForecast('ACME'))?.causeId).toBe(second.cause.id);
  });

  it('a second 830 within the tolerance sends nothing', async () => {
    // Prepare
    const d = await deps();
    await recordForecast(d, forecastSet(sample830(), partner));
    // Act
    const result = await recordForecast(d, forecastSet(next830(110), partner));
    // Assess
    expect(result.swings).toBe(0);
    expect(d.notify.sent).toEqual([]);
  });

  it('a redelivered 830 changes nothing and sends no email', async () => {
    // Prepare
    const d = await deps();
    await recordForecast(d, forecastSet(sample830(), partner));
    const second = forecastSet(next830(200), partner);
    await recordForecast(d, second);
    const stored = await d.store.getPartnerForecast('ACME');
    const periods = new Map(d.forecastPeriods.periods);
    d.notify.clear();
    d.clock.advance(3600);
    // Act
    const again = await recordForecast(d, second);
    // Assess
    expect(again).toEqual({ periods: 2, swings: 0, recomputed: [] });
    expect(await d.store.getPartnerForecast('ACME')).toEqual(stored);
    expect(d.forecastPeriods.periods).toEqual(periods);
    expect(d.notify.sent).toEqual([]);
  });

  it('without an item master stores the periods only: no partner forecast, no swing check', async () => {
    // Prepare
    const d = await deps([]);
    await recordForecast(d, forecastSet(sample830(), partner));
    // Act
    const result = await recordForecast(d, forecastSet(next830(500), partner));
    // Assess
    expect(result).toEqual({ periods: 2, swings: 0, recomputed: [] });
    expect([...d.forecastPeriods.periods.values()].map((p) => p.quantity)).toEqual([500, 120]);
    expect(await d.store.getPartnerForecast('ACME')).toBeUndefined();
    expect(d.notify.sent).toEqual([]);
  });

  it('an 830 that raises a forecast counted in PAB recomputes the item: the order due that week goes short, level 1 at once', async () => {
    // Prepare: ITEM-1 20 on hand; PO-1 line 1 (10 due in the week of 2025-02-24) accepted; ACME's forecast counts in PAB
    const counted = planningPartner({ includeUnconsumedForecastInPab: true });
    const d = fakeProcessDeps(counted);
    await d.store.putItems(sampleItems());
    await reviewOrder(d, orderSet(sample850('PO-1'), counted));
    await d.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 20, weeks: [] }]);
    const weekOf = (quantity: number, isa13: string) => sample830({ isa13 }).replace('FST*100*D*W*20250106', `FST*${quantity}*D*W*20250224`).replace('FST*120*D*W*20250113', 'FST*5*D*W*20250303');
    const first = await recordForecast(d, forecastSet(weekOf(15, '000000201'), counted));
    expect(first.recomputed).toEqual(['ITEM-1']);
    expect(d.notify.bodies().filter((m) => m.template === 'planning-delay')).toEqual([]);
    // Act: the forecast of that week goes from 15 to 40 (PAB 20 − 40 = −20)
    const second = await recordForecast(d, forecastSet(weekOf(40, '000000202'), counted));
    // Assess
    expect(second.recomputed).toEqual(['ITEM-1']);
    const alerts = d.notify.bodies().filter((m): m is NotifyMessageOf<'planning-delay'> => m.template === 'planning-delay');
    expect(alerts.map((a) => a.data.notification.kind)).toEqual(['delay-alert']);
    const alert = alerts[0]?.data.notification;
    const row = alert?.kind === 'delay-alert' ? alert.rows.find((r) => r.weekStart === '2025-02-24') : undefined;
    expect(row).toMatchObject({ forecast: 40, orders: 10, consumedForecast: 10, unconsumedForecast: 30, pab: -20, shortage: true });
  });
});
