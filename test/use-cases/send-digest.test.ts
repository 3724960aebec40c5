import { describe, expect, it } from 'vitest';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { sendDigest } from '#functions/use-cases/send-digest.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { planningPartner } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';
import { testItem } from '../support/partners.ts';

const otherPlanner = { planner: { name: 'Olga Other', email: 'Olga.Other@supplier.example' } };

/** Three items below their safety stock of 50 with nothing ordered: two for Pat Planner, one for Olga Other. */
async function deskWithShortfalls() {
  const desk = fakeDesk(planningPartner());
  await desk.store.putItems([testItem('KPC-1', { safetyStock: 50 }), testItem('KPC-2', { safetyStock: 50 }), testItem('KPC-3', { safetyStock: 50, ...otherPlanner }), testItem('KPC-4')]);
  await desk.store.putSupplyPlans([
    { schemaVersion: 1, item: 'KPC-1', onHand: 10, weeks: [] },
    { schemaVersion: 1, item: 'KPC-2', onHand: 20, weeks: [] },
    { schemaVersion: 1, item: 'KPC-3', onHand: 30, weeks: [] },
    { schemaVersion: 1, item: 'KPC-4', onHand: 5, weeks: [] },
  ]);
  return desk;
}

const digests = (desk: ReturnType<typeof fakeDesk>) => desk.notify.bodies().filter((m): m is NotifyMessageOf<'planning-p3-digest'> => m.template === 'planning-p3-digest');

describe('sendDigest', () => {
  it('lists forecast shortfalls of a buyer whose forecast PAB does not count, with week and quantity', async () => {
    // Prepare: KPC-5 (bought by ACME, 30 on hand, no safety stock) against ACME's forecast of 20 a week
    const desk = fakeDesk(planningPartner({ includeUnconsumedForecastInPab: false }));
    await desk.store.putItems([testItem('KPC-5', { buyerParts: { ACME: 'AC-5' } })]);
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'KPC-5', onHand: 30, weeks: [] }]);
    const week = (periodStart: string, periodEnd: string) => ({ partnerId: 'ACME', item: 'KPC-5', periodStart, periodEnd, quantity: 20, forecastQualifier: 'D', timingQualifier: 'W' });
    await desk.store.putPartnerForecast({ schemaVersion: 1, partnerId: 'ACME', entries: [week('2025-01-06', '2025-01-12'), week('2025-01-13', '2025-01-19'), week('2025-01-20', '2025-01-26')], causeId: 'fc', at: '2025-01-01T00:00:00.000Z' });
    // Act
    await sendDigest(desk, '2025-01-06');
    // Assess: 30 − 20 − 20 = −10 in the week of 01-13, −30 in the week of 01-20
    expect(digests(desk)[0]?.data.entries[0]?.reasons).toEqual([
      { code: 'forecast-not-covered', weekStart: '2025-01-13', pab: -10, quantity: 10 },
      { code: 'forecast-not-covered', weekStart: '2025-01-20', pab: -30, quantity: 30 },
    ]);
  });

  it('sends each planner one digest of their items’ plan shortfalls, keyed by date and planner', async () => {
    // Prepare
    const desk = await deskWithShortfalls();
    // Act
    const result = await sendDigest(desk, '2025-01-06');
    // Assess
    expect(result).toEqual({ date: '2025-01-06', planners: 2, entries: 3 });
    expect(digests(desk).map((m) => [m.idempotencyKey, m.data.planner.email, m.data.entries.map((e) => e.item.vendorPart)])).toEqual([
      ['p3-digest/2025-01-06/olga.other@supplier.example', 'Olga.Other@supplier.example', ['KPC-3']],
      ['p3-digest/2025-01-06/pat.planner@supplier.example', 'pat.planner@supplier.example', ['KPC-1', 'KPC-2']],
    ]);
    expect(digests(desk)[1]?.data.entries[0]?.reasons).toEqual([expect.objectContaining({ code: 'safety-stock-not-covered', pab: 10, safetyStock: 50 })]);
  });

  it('digests today on the desk clock when no date is given', async () => {
    // Prepare
    const desk = await deskWithShortfalls();
    desk.clock.advance(24 * 3600);
    // Act
    const result = await sendDigest(desk);
    // Assess
    expect(result.date).toBe('2025-01-03');
    expect(digests(desk).every((m) => m.data.date === '2025-01-03')).toBe(true);
  });

  it('leaves out an item whose order lines are short (that is a P2, not the digest)', async () => {
    // Prepare
    const partner = planningPartner();
    const desk = fakeDesk(partner);
    await desk.store.putItems([testItem('ITEM-1', { safetyStock: 50 }), testItem('ITEM-2')]);
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 5, weeks: [] }]);
    desk.notify.clear();
    // Act
    const result = await sendDigest(desk, '2025-01-06');
    // Assess
    expect(result).toEqual({ date: '2025-01-06', planners: 0, entries: 0 });
    expect(digests(desk)).toEqual([]);
  });

  it('sends no digest when every plan covers its safety stock', async () => {
    // Prepare
    const desk = fakeDesk(planningPartner());
    await desk.store.putItems([testItem('KPC-1', { safetyStock: 50 })]);
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'KPC-1', onHand: 80, weeks: [] }]);
    // Act
    const result = await sendDigest(desk, '2025-01-06');
    // Assess
    expect(result.planners).toBe(0);
    expect(desk.notify.sent).toEqual([]);
  });
});
