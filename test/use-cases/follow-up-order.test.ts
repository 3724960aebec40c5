import { describe, expect, it } from 'vitest';
import { commitOrder } from '#functions/use-cases/commit-order.ts';
import { followUpOrder } from '#functions/use-cases/follow-up-order.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { checkedHead, LEAD_TIME_ON_ITEM_2, lineDown850, planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
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

  it('one P2 alert per order for its short lines of two items and a line inside lead time; a replay sends the same key', async () => {
    // Prepare: PO-1 accepted as ordered (line 1 ITEM-1, line 2 ITEM-2 inside its 120-day lead
    // time), nothing on hand of either item: both lines short, line 2 also P2 by the checks.
    const twoItems = sampleItems(LEAD_TIME_ON_ITEM_2);
    const order = checkedHead(sample850('PO-1'), partner, twoItems);
    const desk = fakeDesk(partner);
    await desk.store.putItems(twoItems);
    await desk.store.putSupplyPlans([
      { schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [] },
      { schemaVersion: 1, item: 'ITEM-2', onHand: 0, weeks: [] },
    ]);
    await commitOrder(desk, undefined, { next: order, events: [order.lastEvent], messages: order.outbox }, partner.transitDays);
    desk.notify.clear();
    // Act
    await followUpOrder(desk, order, partner);
    const first = desk.notify.bodies();
    // Assess
    const p2 = first.filter((m) => m.template === 'planning-p2-alert') as NotifyMessageOf<'planning-p2-alert'>[];
    expect(p2.map((m) => m.idempotencyKey)).toEqual(['p2/ACME/PO-1/ITEM-1:1:pab-shortage@2025-02-24+ITEM-2:2:inside-lead-time,pab-shortage@2025-02-24']);
    const [alert] = p2;
    expect([alert!.data.line, ...(alert!.data.more ?? []).map((m) => m.line)].map((l) => [l.lineNumber, l.item.vendorPart])).toEqual([['1', 'ITEM-1'], ['2', 'ITEM-2']]);
    expect(first.filter((m) => m.template === 'planning-delay')).toHaveLength(2); // level 1 is per item: each item's table
  });

  it('a replay after a crash before the delay states were written names the same P2 alert again', async () => {
    // Prepare: the same order; the first attempt's delay-state writes are lost (the crash).
    const twoItems = sampleItems(LEAD_TIME_ON_ITEM_2);
    const order = checkedHead(sample850('PO-1'), partner, twoItems);
    const desk = fakeDesk(partner);
    await desk.store.putItems(twoItems);
    await desk.store.putSupplyPlans([
      { schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [] },
      { schemaVersion: 1, item: 'ITEM-2', onHand: 0, weeks: [] },
    ]);
    await commitOrder(desk, undefined, { next: order, events: [order.lastEvent], messages: order.outbox }, partner.transitDays);
    desk.notify.clear();
    const crashing = { ...desk, delays: { getDelayState: desk.store.getDelayState.bind(desk.store), putDelayState: async () => { throw new Error('crash'); } } };
    await expect(followUpOrder(crashing, order, partner)).rejects.toThrow('crash');
    const before = desk.notify.bodies().map((m) => m.idempotencyKey);
    desk.notify.clear();
    // Act
    await followUpOrder(desk, order, partner);
    // Assess: the same keys (the mail stage sends each once), the states written now.
    expect(desk.notify.bodies().map((m) => m.idempotencyKey).filter((k) => !k.startsWith('p1-'))).toEqual(before.filter((k) => !k.startsWith('p1-')));
    expect((await desk.store.getDelayState('ITEM-1'))?.version).toBe(1);
    expect((await desk.store.getDelayState('ITEM-2'))?.version).toBe(1);
  });
});
