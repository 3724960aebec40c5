import { describe, expect, it } from 'vitest';
import { RequestRefusedError } from '#functions/use-cases/errors.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { shipOrder, type ShipRequest } from '#functions/use-cases/ship-order.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

async function deskWithOrder(options: { partner?: PartnerProfile; items?: ReturnType<typeof sampleItems> } = {}) {
  const partner = options.partner ?? planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(options.items ?? sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  desk.outbound.clear();
  return desk;
}

const shipment = (overrides: Partial<ShipRequest> = {}): ShipRequest => ({
  partner: 'ACME',
  purchaseOrderNumber: 'PO-1',
  lines: [{ lineNumber: '1', quantity: 4 }],
  carrier: 'UPSN',
  tracking: '1Z999',
  shipDate: '2025-01-03',
  packs: 2,
  by: 'Sam Shipper',
  ...overrides,
});

describe('shipOrder', () => {
  it('a shipment closes its demand: the rest stays open, a line shipped in full drops out of the item', async () => {
    // Prepare: PO-1 line 1 is 10 × ITEM-1
    const desk = await deskWithOrder();
    const open = async () => (await desk.store.openDemand('ITEM-1')).map((d) => [d.purchaseOrderNumber, d.lineNumber, d.quantity]);
    expect(await open()).toEqual([['PO-1', '1', 10]]);
    // Act
    await shipOrder(desk, shipment());
    const afterPart = await open();
    await shipOrder(desk, shipment({ shipmentId: 'S-2', lines: [{ lineNumber: '1', quantity: 6 }] }));
    // Assess
    expect(afterPart).toEqual([['PO-1', '1', 6]]);
    expect(await open()).toEqual([]);
  });

  it('records the shipment on the order with one SSCC-18 per pack and queues the 856', async () => {
    // Prepare
    const desk = await deskWithOrder();
    // Act
    const result = await shipOrder(desk, shipment());
    // Assess
    expect(result).toMatchObject({ recorded: true, sequence: 1, shipped: { '1': 4 }, orderVersion: 2 });
    expect(result.sscc).toHaveLength(2);
    expect(result.sscc.every((s) => /^00614141\d{10}$/.test(s))).toBe(true);
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'order.shipped', actor: 'shipper:Sam Shipper' });
    expect(head?.planning?.shipped).toEqual({ '1': 4 });
    const [notice] = desk.outbound.bodies();
    expect(notice).toMatchObject({ kind: '856', idempotencyKey: `856/ACME/PO-1/${result.shipmentId}` });
    expect(result.shipNoticeKey).toBe(notice?.idempotencyKey);
  });

  it('records the same shipment twice only once: nothing new written, the same 856 re-sent', async () => {
    // Prepare
    const desk = await deskWithOrder();
    const first = await shipOrder(desk, shipment());
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await shipOrder(desk, shipment());
    // Assess
    expect(again).toEqual({ ...first, recorded: false });
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.shipped']);
    const [a, b] = desk.outbound.bodies();
    expect(desk.outbound.sent).toHaveLength(2);
    expect(b).toEqual(a);
  });

  it('an earlier shipment repeated after a later one records nothing and sends nothing', async () => {
    // Prepare
    const desk = await deskWithOrder();
    await shipOrder(desk, shipment({ shipmentId: 'SHIP-1' }));
    await shipOrder(desk, shipment({ shipmentId: 'SHIP-2', lines: [{ lineNumber: '2', quantity: 5 }] }));
    desk.outbound.clear();
    // Act
    const again = await shipOrder(desk, shipment({ shipmentId: 'SHIP-1' }));
    // Assess
    expect(again).toMatchObject({ recorded: false, sequence: 1, shipped: { '1': 4, '2': 5 } });
    expect(desk.outbound.sent).toEqual([]);
  });

  it('refuses a shipment over the ordered quantity, counting what shipped before', async () => {
    // Prepare
    const desk = await deskWithOrder();
    await shipOrder(desk, shipment({ shipmentId: 'SHIP-1', lines: [{ lineNumber: '1', quantity: 8 }] }));
    // Act
    const over = shipOrder(desk, shipment({ shipmentId: 'SHIP-2', lines: [{ lineNumber: '1', quantity: 3 }] }));
    // Assess
    await expect(over).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(over).rejects.toThrow('line 1: 11 would exceed the 10 ordered (8 shipped already)');
    expect((await desk.orders.get('ACME', 'PO-1'))?.planning?.shipped).toEqual({ '1': 8 });
  });

  it.each([
    ['an unknown partner', shipment({ partner: 'NOBODY' }), 'no partner NOBODY'],
    ['an unknown order', shipment({ purchaseOrderNumber: 'PO-404' }), 'no order ACME PO PO-404'],
    ['an unknown line', shipment({ lines: [{ lineNumber: '7', quantity: 1 }] }), 'PO PO-1 has no line 7'],
    ['no carrier', shipment({ carrier: ' ' }), 'the carrier SCAC is required'],
  ])('refuses %s with RequestRefusedError', async (_, input, message) => {
    // Prepare
    const desk = await deskWithOrder();
    // Act
    const refused = shipOrder(desk, input);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(refused).rejects.toThrow(message);
    expect(desk.outbound.sent).toEqual([]);
  });

  it('refuses to ship a line that is still held', async () => {
    // Prepare
    const desk = await deskWithOrder({ items: sampleItems(PRICE_HOLD_ON_ITEM_1) });
    // Act
    const refused = shipOrder(desk, shipment());
    // Assess
    await expect(refused).rejects.toThrow('line 1 is held: decide it before shipping');
  });

  it('records the shipment without an 856 for a partner that takes none', async () => {
    // Prepare
    const desk = await deskWithOrder({ partner: planningPartner({ acks: { shipNotice856: false } }) });
    // Act
    const result = await shipOrder(desk, shipment());
    // Assess
    expect(result.recorded).toBe(true);
    expect(result.shipNoticeKey).toBeUndefined();
    expect(desk.outbound.sent).toEqual([]);
  });
});
