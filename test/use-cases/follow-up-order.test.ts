import { describe, expect, it } from 'vitest';
import { commitOrder } from '#functions/use-cases/commit-order.ts';
import { followUpOrder } from '#functions/use-cases/follow-up-order.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { checkedHead, lineDown850, planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { fakeDesk } from '../support/fakes/index.ts';

const partner = planningPartner();
/** PO-1 with line 1 held (price-mismatch) and line 2 line-down (P1). */
const items = sampleItems(PRICE_HOLD_ON_ITEM_1);
const head = () => checkedHead(lineDown850('PO-1', 2), partner, items);

/** A desk holding `order` as committed, ITEM-2 with nothing on hand (line 2 is short). */
async function deskWith(order: OrderHead) {
  const desk = fakeDesk(partner);
  await desk.store.putItems(items);
  await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-2', onHand: 0, weeks: [] }]);
  await commitOrder(desk, undefined, { next: order, events: [order.lastEvent], messages: order.outbox }, partner.transitDays);
  desk.notify.clear();
  return desk;
}

describe('followUpOrder', () => {
  it('sets the hold timers, opens the expedite cases and recomputes the delay risk of the order’s items', async () => {
    // Prepare
    const order = head();
    const desk = await deskWith(order);
    // Act
    await followUpOrder(desk, order, partner);
    // Assess
    const kinds = [...desk.scheduler.schedules.values()].map((s) => s.message.kind);
    expect(kinds.filter((k) => k === 'hold-escalation')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'p1-escalation')).toHaveLength(3);
    expect(await desk.store.getEscalation('ACME', 'PO-1', '2')).toBeDefined();
    expect(desk.notify.bodies().map((m) => m.template)).toEqual(['planning-p1-alert', 'planning-delay', 'planning-p2-alert']);
    expect((await desk.store.getDelayState('ITEM-2'))?.version).toBe(1);
  });

  it('run again (a replay after a crash) adds no timer, case or delay notice', async () => {
    // Prepare
    const order = head();
    const desk = await deskWith(order);
    await followUpOrder(desk, order, partner);
    const timers = [...desk.scheduler.schedules.keys()];
    const delay = await desk.store.getDelayState('ITEM-2');
    desk.notify.clear();
    // Act
    await followUpOrder(desk, order, partner);
    // Assess
    expect([...desk.scheduler.schedules.keys()]).toEqual(timers);
    expect(await desk.store.getDelayState('ITEM-2')).toEqual(delay);
    expect(desk.notify.bodies().map((m) => m.template)).toEqual(['planning-p1-alert']);
  });

  it('without a scheduler still opens the cases and recomputes the delay risk', async () => {
    // Prepare
    const order = head();
    const desk = await deskWith(order);
    // Act
    await followUpOrder({ ...desk, scheduler: undefined }, order, partner);
    // Assess
    expect(desk.scheduler.schedules.size).toBe(0);
    expect(await desk.store.getEscalation('ACME', 'PO-1', '2')).toBeDefined();
    expect((await desk.store.getDelayState('ITEM-2'))?.version).toBe(1);
  });

  it('does nothing for an order the checks did not see', async () => {
    // Prepare
    const { planning: _p, ...unchecked } = head();
    const desk = await deskWith(head());
    // Act
    await followUpOrder(desk, unchecked, partner);
    // Assess
    expect(desk.scheduler.schedules.size).toBe(0);
    expect(desk.store.escalations.size).toBe(0);
    expect(desk.notify.sent).toEqual([]);
  });
});
