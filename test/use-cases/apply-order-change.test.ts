import { describe, expect, it } from 'vitest';
import { applyOrderChange } from '#functions/use-cases/apply-order-change.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { changeSet, orderSet } from '../support/inbound-sets.ts';

async function deskWithOrder() {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  desk.outbound.clear();
  desk.notify.clear();
  return { desk, partner };
}

describe('applyOrderChange', () => {
  it('applies an 860 as the next version and queues its 865', async () => {
    // Prepare
    const { desk, partner } = await deskWithOrder();
    // Act
    const result = await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000201' }, ['POC*1*QI*25**EA']), partner));
    // Assess
    expect(result).toEqual({ outcome: 'applied', cancelled: false, held: false, documents: ['865/ACME/PO-1/v2'] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.order.version).toBe(2);
    expect(head?.order.purchaseOrder.lines.map((l) => [l.lineNumber, l.quantity])).toEqual([
      ['1', 25],
      ['2', 20],
    ]);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.changed']);
    const [ack] = desk.outbound.bodies();
    expect(ack).toMatchObject({ kind: '865', idempotencyKey: '865/ACME/PO-1/v2' });
    expect(desk.orders.demand.get('ACME/PO-1/1')).toMatchObject({ quantity: 25, open: true });
  });

  it('reports order-not-found for an 860 whose 850 has not arrived, and stores nothing', async () => {
    // Prepare
    const partner = planningPartner();
    const desk = fakeDesk(partner);
    // Act
    const result = await applyOrderChange(desk, changeSet(sample860('PO-1'), partner));
    // Assess
    expect(result).toEqual({ outcome: 'order-not-found' });
    expect(desk.orders.heads.size).toBe(0);
    expect(desk.outbound.sent).toEqual([]);
  });

  it('a redelivered 860 changes nothing and re-sends the same 865', async () => {
    // Prepare
    const { desk, partner } = await deskWithOrder();
    const input = changeSet(sample860('PO-1', { isa13: '000000201' }, ['POC*1*QI*25**EA']), partner);
    await applyOrderChange(desk, input);
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await applyOrderChange(desk, input);
    // Assess
    expect(again).toEqual({ outcome: 'replayed' });
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1')).toHaveLength(2);
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['865/ACME/PO-1/v2', '865/ACME/PO-1/v2']);
  });

  it('a redelivery of an earlier 860 after a later one changes nothing and re-sends nothing', async () => {
    // Prepare
    const { desk, partner } = await deskWithOrder();
    const earlier = changeSet(sample860('PO-1', { isa13: '000000201' }, ['POC*1*QI*25**EA']), partner);
    await applyOrderChange(desk, earlier);
    await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000202' }, ['POC*2*QI*30**EA']), partner));
    desk.outbound.clear();
    // Act
    const again = await applyOrderChange(desk, earlier);
    // Assess
    expect(again).toEqual({ outcome: 'replayed' });
    expect((await desk.orders.get('ACME', 'PO-1'))?.order.version).toBe(3);
    expect(desk.outbound.sent).toEqual([]);
  });

  it('holds a changed line the checks stop (a price off contract): no 865, hold timers for it', async () => {
    // Prepare
    const { desk, partner } = await deskWithOrder();
    await desk.store.putItems(sampleItems({ item2: { contractPrice: { ACME: 2.5 } } }));
    // Act
    const result = await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000201' }, ['POC*2*PC**20*EA*7.5']), partner));
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', held: true, documents: [] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.planning?.lineStates.map((s) => [s.lineNumber, s.status])).toEqual([
      ['1', 'accepted'],
      ['2', 'held'],
    ]);
    expect(desk.outbound.sent).toEqual([]);
    expect([...desk.scheduler.schedules.values()].map((s) => s.message.kind === 'hold-escalation' && s.message.hold.lineNumber)).toEqual(['2', '2', '2', '2']); // one per step of the item's chain
  });

  it('cancels the order on BCH01 01 and closes its demand', async () => {
    // Prepare
    const { desk, partner } = await deskWithOrder();
    // Act
    const result = await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000201' }, []).replace('BCH*04', 'BCH*01'), partner));
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', cancelled: true });
    expect((await desk.orders.get('ACME', 'PO-1'))?.order.status).toBe('cancelled');
    expect([...desk.orders.demand.values()].map((d) => d.open)).toEqual([false, false]);
  });
});
