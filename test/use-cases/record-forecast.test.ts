import { describe, expect, it } from 'vitest';
import { recordForecast } from '#functions/use-cases/record-forecast.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample830 } from '../support/edi-samples.ts';
import { fakeProcessDeps } from '../support/fakes/index.ts';
import { forecastSet } from '../support/inbound-sets.ts';

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
    expect(result).toEqual({ periods: 2, swings: 0 });
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
    expect(result).toEqual({ periods: 2, swings: 1 });
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
    expect(again).toEqual({ periods: 2, swings: 0 });
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
    expect(result).toEqual({ periods: 2, swings: 0 });
    expect([...d.forecastPeriods.periods.values()].map((p) => p.quantity)).toEqual([500, 120]);
    expect(await d.store.getPartnerForecast('ACME')).toBeUndefined();
    expect(d.notify.sent).toEqual([]);
  });
});
