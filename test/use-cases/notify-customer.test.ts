import { describe, expect, it } from 'vitest';
import { RequestRefusedError } from '#functions/use-cases/errors.ts';
import { notifyCustomer, type CustomerNoticeRequest } from '#functions/use-cases/notify-customer.ts';
import { recomputeDelayRisk } from '#functions/use-cases/recompute-delay-risk.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

/** PO-1 line 1 (ITEM-1) short: nothing on hand, level 1 sent. */
async function deskWithDelayRisk() {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [] }]);
  await recomputeDelayRisk(desk, ['ITEM-1']);
  desk.notify.clear();
  return desk;
}

const notice = (overrides: Partial<CustomerNoticeRequest> = {}): CustomerNoticeRequest => ({
  partner: 'ACME',
  item: 'ITEM-1',
  cause: 'press 4 down',
  countermeasures: ['expedited freight', 'second shift'],
  by: 'Pat Planner',
  ...overrides,
});

describe('notifyCustomer', () => {
  it('sends the level-2 risk notice through the order, with the planner’s cause and countermeasures', async () => {
    // Prepare
    const desk = await deskWithDelayRisk();
    // Act
    const result = await notifyCustomer(desk, notice());
    // Assess
    expect(result.notices).toEqual([expect.stringMatching(/^delay-L2\/ITEM-1\/[0-9a-f]{16}$/)]);
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({
      type: 'order.delay-notified',
      actor: 'planner:Pat Planner',
      cause: { id: result.notices[0] },
      details: { kind: 'risk-notice', level: 2, lines: ['1'], cause: 'press 4 down', countermeasures: ['expedited freight', 'second shift'] },
    });
    const [email] = desk.notify.bodies();
    expect(email?.template === 'planning-delay' && email.data.notification).toMatchObject({ kind: 'risk-notice', enteredBy: 'Pat Planner' });
    expect((await desk.store.getDelayState('ITEM-1'))?.state.lines['ACME/PO-1/1']?.level2At).toBe('2025-01-02T03:04:05.000Z');
  });

  it('tells the customer once per episode: a second request sends nothing', async () => {
    // Prepare
    const desk = await deskWithDelayRisk();
    await notifyCustomer(desk, notice());
    const stored = await desk.orders.get('ACME', 'PO-1');
    desk.notify.clear();
    // Act
    const again = await notifyCustomer(desk, notice({ cause: 'another cause' }));
    // Assess
    expect(again.notices).toEqual([]);
    expect(desk.notify.sent).toEqual([]);
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
  });

  it.each([
    ['another partner', notice({ partner: 'BOLT' })],
    ['an item without delay risk', notice({ item: 'ITEM-2' })],
    ['another PO', notice({ purchaseOrderNumber: 'PO-2' })],
    ['another line', notice({ lineNumber: '2' })],
  ])('refuses %s with RequestRefusedError', async (_, input) => {
    // Prepare
    const desk = await deskWithDelayRisk();
    // Act
    const refused = notifyCustomer(desk, input);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(refused).rejects.toThrow(`no open delay risk for ${input.partner} on item ${input.item}`);
    expect(desk.notify.sent).toEqual([]);
  });

  it('refuses once the risk is cleared', async () => {
    // Prepare
    const desk = await deskWithDelayRisk();
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 100, weeks: [] }]);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    // Act
    const refused = notifyCustomer(desk, notice());
    // Assess
    await expect(refused).rejects.toThrow(RequestRefusedError);
  });
});
