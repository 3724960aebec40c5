import { describe, expect, it } from 'vitest';
import { recordInvoiceDelivered } from '#functions/use-cases/record-invoice-delivered.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { shipOrder } from '#functions/use-cases/ship-order.ts';
import type { Outbox } from '#schemas/records/records.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

/** PO-1 (10 of line 1, 20 of line 2) for a partner that takes 810s, shipped in full in one shipment. */
async function shippedInFull() {
  const partner = planningPartner();
  const takes810 = { ...partner, acks: { ...partner.acks, invoice810: true } };
  const desk = fakeDesk(takes810);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), takes810));
  await shipOrder(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', shipmentId: 'S-1', lines: [{ lineNumber: '1', quantity: 10 }, { lineNumber: '2', quantity: 20 }], carrier: 'UPSN', shipDate: '2025-01-03', packs: 1, by: 'Sam Shipper' });
  // The order-step events the commits hand on, as the bus would get them.
  const published: Outbox[] = [];
  const outbox = { send: async (o: Outbox) => void published.push(o) };
  const head = await desk.orders.get('ACME', 'PO-1');
  return { desk: { ...desk, outbox }, shipped: { invoiceKey: head?.planning?.shipments?.[0]?.invoiceKey }, published };
}

const invoice = (invoiceKey: string) => ({ invoiceKey, deliveredAt: '2025-01-03T10:00:00.000Z', numbers: { interchange: 41, group: 41, firstSet: 1 }, outboundKey: 'ACME/810/250103-000000041.x12' });

describe('recordInvoiceDelivered', () => {
  it('a shipment with its 810 only queued is shipped, not invoiced; delivered, the order is invoiced and closed', async () => {
    // Prepare
    const { desk, shipped } = await shippedInFull();
    const before = await desk.orders.get('ACME', 'PO-1');
    expect(shipped.invoiceKey).toBeDefined();
    expect(before?.lastEvent.steps).toEqual(['received', 'confirmed', 'shipped']);
    // Act
    const outcome = await recordInvoiceDelivered(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', invoice: invoice(shipped.invoiceKey!) });
    // Assess
    expect(outcome).toEqual({ recorded: true, steps: ['received', 'confirmed', 'shipped', 'invoiced', 'closed'] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'order.invoice-delivered', actor: 'system:deliver', at: '2025-01-03T10:00:00.000Z', details: { shipmentId: 'S-1', interchangeControlNumber: '41' } });
    expect(head?.order.version).toBe(before?.order.version);
    expect(head?.planning?.shipments?.[0]?.invoiceDeliveredAt).toBe('2025-01-03T10:00:00.000Z');
    expect(head?.outbox.events?.map((e) => [e.step, e.orderEvent.type])).toEqual([
      ['invoiced', 'order.invoice-delivered'],
      ['closed', 'order.invoice-delivered'],
    ]);
  });

  it('a redelivered 810 records nothing twice and re-sends the same order-step events', async () => {
    // Prepare
    const { desk, shipped, published } = await shippedInFull();
    await recordInvoiceDelivered(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', invoice: invoice(shipped.invoiceKey!) });
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await recordInvoiceDelivered(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', invoice: invoice(shipped.invoiceKey!) });
    // Assess
    expect(again).toEqual({ recorded: false, reason: 'recorded already' });
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.shipped', 'order.invoice-delivered']);
    expect(published.at(-1)?.events).toEqual(published.at(-2)?.events);
  });

  it('an 810 no shipment of the order names is not recorded', async () => {
    const { desk } = await shippedInFull();
    const outcome = await recordInvoiceDelivered(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', invoice: invoice('810/ACME/PO-1/OTHER') });
    expect(outcome).toMatchObject({ recorded: false, reason: expect.stringContaining('no shipment whose 810') });
  });
});
