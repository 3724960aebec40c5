/**
 * The local EventBridge emulator answers the real SDK client's PutEvents, and the order-events
 * adapter publishes through it: Source, DetailType and the versioned detail as sent; entries the
 * bus refuses are an error, so the outbox is retried.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeOrderEvents } from '#functions/adapters/eventbridge-order-events.ts';
import { orderStepEvents } from '#domain/orders/order-step-events.ts';
import { startEventBridgeEmulator, type EventBridgeEmulator } from '#infra/local/eventbridge-emulator.ts';
import { OrderStepEventZ } from '#schemas/messages/order-step-event.ts';

let bus: EventBridgeEmulator;
let client: EventBridgeClient;

beforeAll(async () => {
  bus = await startEventBridgeEmulator();
  client = new EventBridgeClient({ endpoint: bus.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  client.destroy();
  await bus.stop();
});

const event = { partner: 'ACME', purchaseOrderNumber: 'PO-1', seq: 3, type: 'order.shipped' as const, at: '2026-11-23T10:00:00.000Z', version: 4, cause: { partner: 'ACME', type: 'shipment', id: 'shipment/ACME/PO-1/S1' } };

describe('EventBridge emulator and the order-events adapter', () => {
  it('keeps every event published, 10 a request, with its detail-type and the versioned detail', async () => {
    const steps = orderStepEvents(event, ['shipped', 'invoiced', 'closed'], ['received', 'confirmed', 'shipped', 'invoiced', 'closed']);
    const many = Array.from({ length: 4 }, () => steps).flat(); // 12 events: two PutEvents requests
    await new EventBridgeOrderEvents(client, 'local-order-events').publish(many);
    const kept = bus.events();
    expect(kept).toHaveLength(12);
    expect(kept[0]).toMatchObject({ eventBusName: 'local-order-events', source: 'edi.pipeline', detailType: 'edi.order.shipped', time: '2026-11-23T10:00:00.000Z' });
    expect(OrderStepEventZ.parse(kept[2]!.detail)).toEqual(steps[2]);
    expect(bus.countsByDetailType()).toEqual({ 'edi.order.shipped': 4, 'edi.order.invoiced': 4, 'edi.order.closed': 4 });
  });

  it('reports a malformed entry as failed, and the adapter turns that into an error', async () => {
    const out = await client.send(new PutEventsCommand({ Entries: [{ Source: 'edi.pipeline', DetailType: 'edi.order.closed', Detail: 'not json' }] }));
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]?.ErrorCode).toBe('MalformedDetail');
    const refusing = { send: async () => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }) } as unknown as EventBridgeClient;
    const steps = orderStepEvents(event, ['closed'], ['received', 'closed']);
    await expect(new EventBridgeOrderEvents(refusing, 'b').publish(steps)).rejects.toThrow(/refused 1 of 1 order event\(s\): edi\.order\.closed [0-9a-f]{32}: InternalFailure try again/);
  });

  it('refuses more than 10 entries as EventBridge does', async () => {
    const entry = { Source: 'edi.pipeline', DetailType: 'edi.order.closed', Detail: '{}' };
    await expect(client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))).rejects.toThrow(/1 to 10 entries/);
  });
});
