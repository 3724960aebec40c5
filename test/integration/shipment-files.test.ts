/**
 * The order cycle on the local stack, shipments arriving as a WMS/ERP sends them: files under the
 * inbound bucket's `shipments/` prefix → the ship use case → 856 (and 810 for BOLT, which takes
 * 810s); the order's stage moves to partially shipped, shipped, invoiced, closed on its history;
 * each step is published on the local EventBridge bus under one event id; a file with one bad shipment records
 * nothing, tells operations and puts the refusal on the order's history, as does a shipment the API
 * refuses; the same file again records nothing new. BOLT takes 810s: its order is invoiced when
 * the deliver stage wrote the 810, not when the shipment queued it.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { liveDeskDeps } from '#functions/composition/live-deps.ts';
import { decisions } from '#functions/decisions/handler.ts';
import { loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { OrderStepEventZ, type OrderStepEvent } from '#schemas/messages/order-step-event.ts';
import { putSample, startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let stack: LocalStack;
let started: SampleStack | undefined;

const table = () => stack.env[ENV.tableName]!;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, table());
const history = (partner: string, po: string) => loadOrderHistory(new DynamoTimeline(stack.clients.dynamodb, table()), partner, po);
const outboundKeys = async (prefix: string) => ((await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
const busEvents = (po: string): OrderStepEvent[] => stack.bus.events().map((e) => OrderStepEventZ.parse(e.detail)).filter((e) => e.purchaseOrderNumber === po);
const stepsOnBus = (po: string) => busEvents(po).map((e) => e.step);

async function putShipments(key: string, body: string): Promise<void> {
  await stack.putInbound(key, body);
  await stack.drain();
}

const HEADER = 'partner,po,shipment_id,line,quantity,carrier,tracking,ship_date,packs,by';
/** ACME ships part of line 1; BOLT ships all of P221870 (tracking: BOLT's guide asks for REF*CN). */
const FIRST = [HEADER, 'ACME,4500098801,WMS-A1,1,5,ODFL,PRO-1,2026-11-24,1,wms', 'BOLT,P221870,WMS-B1,1,80,UPSN,1Z999AA10123456784,2026-11-24,2,wms', 'BOLT,P221870,WMS-B1,2,400,UPSN,1Z999AA10123456784,2026-11-24,2,wms', 'BOLT,P221870,WMS-B1,3,20,UPSN,1Z999AA10123456784,2026-11-24,2,wms', ''].join('\n');

beforeAll(async () => {
  started = await startSampleStack('shipment-files');
  stack = started.stack;
  // The forecasts first: an 850 checked before its item's 830 is held (never-forecast).
  for (const p of ['ACME/01-830-forecast-ACME-FC-2648.edi', 'BOLT/01-830-forecast-BOLT-FC-47.edi']) await putSample(stack, p);
  await stack.drain();
  for (const p of ['ACME/02-850-4500098801-clean.edi', 'BOLT/02-850-P221870-clean.edi', 'BOLT/03-850-P221871-pack-multiple.edi']) await putSample(stack, p);
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('shipments from a WMS or ERP', () => {
  it('an accepted 850 is received and confirmed, on its history and once each on the bus', async () => {
    const h = await history('ACME', '4500098801');
    expect(h.stage?.current).toBe('confirmed');
    expect(h.stage?.steps.map((s) => s.step)).toEqual(['received', 'confirmed']);
    expect(stepsOnBus('4500098801')).toEqual(['received', 'confirmed']);
    expect(stepsOnBus('P221870')).toEqual(['received', 'confirmed']);
  });

  it('a file with one shipment over the ordered quantity records none of them, tells operations and the order', async () => {
    const before = await orders().get('BOLT', 'P221870');
    await putShipments('shipments/2026-11-24-bad.csv', [HEADER, 'BOLT,P221870,WMS-BX,1,80,UPSN,1Z999AA10123456784,2026-11-24,1,wms', 'ACME,4500098801,WMS-AX,1,99,ODFL,PRO-9,2026-11-24,1,wms', ''].join('\n'));
    expect((await orders().get('BOLT', 'P221870'))?.order.version).toBe(before?.order.version);
    expect(await outboundKeys('BOLT/856/')).toEqual([]);
    expect(await outboundKeys('ACME/856/')).toEqual([]);
    const acme = await history('ACME', '4500098801');
    expect(acme.entries.filter((e) => e.kind === 'error').map((e) => e.summary)).toEqual([expect.stringMatching(/^shipment-refused: shipments\/2026-11-24-bad\.csv row 3: line 1: 99 would exceed the 15 ordered/)]);
    const mails = (await stack.sentEmails()).filter((m) => m.subject.startsWith('[SHIPMENTS REFUSED]'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('shipments/2026-11-24-bad.csv');
    expect(stepsOnBus('P221870')).toEqual(['received', 'confirmed']);
  });

  it('a shipments CSV sends the 856s and BOLT’s 810; the stages move to partially shipped and closed', async () => {
    await putShipments('shipments/2026-11-24-wave1.csv', FIRST);
    expect(await outboundKeys('ACME/856/')).toHaveLength(1);
    expect(await outboundKeys('ACME/810/')).toEqual([]);
    expect(await outboundKeys('BOLT/856/')).toHaveLength(1);
    expect(await outboundKeys('BOLT/810/')).toHaveLength(1);
    const acme = await history('ACME', '4500098801');
    expect(acme.stage?.current).toBe('partially-shipped');
    const bolt = await history('BOLT', 'P221870');
    expect(bolt.stage?.current).toBe('closed');
    expect(bolt.stage?.steps.map((s) => s.step)).toEqual(['received', 'confirmed', 'shipped', 'invoiced', 'closed']);
    // Shipped when the shipment was recorded; invoiced (and so closed) only when the deliver stage
    // wrote the 810, not when it was queued with the shipment (README, "The order cycle").
    const shippedAt = bolt.entries.find((e) => e.kind === 'event' && e.summary.includes('order.shipped'))!.at;
    const deliveredAt = bolt.entries.find((e) => e.kind === 'event' && e.summary.includes('order.invoice-delivered'))!.at;
    expect(bolt.stage?.steps.find((s) => s.step === 'shipped')?.at).toBe(shippedAt);
    expect(bolt.stage?.steps.slice(3).map((s) => [s.step, s.at])).toEqual([['invoiced', deliveredAt], ['closed', deliveredAt]]);
    expect(stepsOnBus('P221870')).toEqual(['received', 'confirmed', 'shipped', 'invoiced', 'closed']);
    expect(stepsOnBus('4500098801')).toEqual(['received', 'confirmed', 'partially-shipped']);
    expect(busEvents('P221870').find((e) => e.step === 'shipped')).toMatchObject({ orderEvent: { type: 'order.shipped', causeId: expect.stringContaining('WMS-B1') } });
    const closed = busEvents('P221870').find((e) => e.step === 'closed')!;
    expect(closed).toMatchObject({ version: 1, detailType: 'edi.order.closed', partner: 'BOLT', stage: 'closed', orderEvent: { type: 'order.invoice-delivered', causeId: expect.stringContaining('invoice-delivered/') } });
  });

  it('a JSON file ships the rest of ACME’s order: shipped and closed without an 810 (ACME takes none)', async () => {
    const rest = { shipments: [{ partner: 'ACME', purchaseOrderNumber: '4500098801', shipmentId: 'WMS-A2', carrier: 'ODFL', tracking: 'PRO-2', shipDate: '2026-11-25', packs: 3, lines: [{ lineNumber: '1', quantity: 10 }, { lineNumber: '2', quantity: 200 }, { lineNumber: '3', quantity: 300 }] }] };
    await putShipments('shipments/2026-11-25-wave2.json', JSON.stringify(rest));
    expect(await outboundKeys('ACME/856/')).toHaveLength(2);
    expect(await outboundKeys('ACME/810/')).toEqual([]);
    const acme = await history('ACME', '4500098801');
    expect(acme.stage?.current).toBe('closed');
    expect(acme.stage?.steps.map((s) => s.step)).toEqual(['received', 'confirmed', 'partially-shipped', 'shipped', 'closed']);
  });

  it('the same file again records nothing new and sends nothing new; a replayed outbox publishes the same event ids, so each step is there once', async () => {
    const versions = [(await orders().get('ACME', '4500098801'))?.order.version, (await orders().get('BOLT', 'P221870'))?.order.version];
    const published = stack.bus.events().length;
    await putShipments('shipments/2026-11-24-wave1-resent.csv', FIRST);
    expect([(await orders().get('ACME', '4500098801'))?.order.version, (await orders().get('BOLT', 'P221870'))?.order.version]).toEqual(versions);
    expect(await outboundKeys('BOLT/810/')).toHaveLength(1);
    expect(await outboundKeys('ACME/856/')).toHaveLength(2);
    // Neither shipment is its order's last transition any more (ACME's second shipment, BOLT's
    // delivered 810 came after), so no outbox is replayed and the bus gets nothing new; a replayed
    // outbox re-sends the same event ids (test/use-cases/record-invoice-delivered.test.ts).
    const again = stack.bus.events().slice(published).map((e) => OrderStepEventZ.parse(e.detail));
    expect(again.map((e) => `${e.purchaseOrderNumber} ${e.step}`)).toEqual([]);
    const distinct = new Map([...busEvents('4500098801'), ...busEvents('P221870')].map((e) => [e.eventId, `${e.purchaseOrderNumber} ${e.step}`]));
    expect([...distinct.values()].sort()).toEqual(
      ['4500098801 received', '4500098801 confirmed', '4500098801 partially-shipped', '4500098801 shipped', '4500098801 closed', 'P221870 received', 'P221870 confirmed', 'P221870 shipped', 'P221870 invoiced', 'P221870 closed'].sort(),
    );
    expect(await stack.dlqDepths()).toMatchObject({ ingest: 0, process: 0, deliver: 0, mail: 0 });
  });

  it('POST /orders/{partner}/{po}/shipments records one shipment through the same use case, and refuses one the order does not allow', async () => {
    const deps = liveDeskDeps();
    const api = decisions(deps, { planner: 'edi-planner' }, deps);
    const post = (po: string, body: unknown) =>
      api({ rawPath: `/orders/BOLT/${po}/shipments`, routeKey: 'POST /orders/{partner}/{po}/shipments', pathParameters: { partner: 'BOLT', po }, body: JSON.stringify(body), isBase64Encoded: false, requestContext: { http: { method: 'POST', path: `/orders/BOLT/${po}/shipments` }, authorizer: { iam: { userArn: 'arn:aws:sts::123456789012:assumed-role/edi-planner/erp' } } } } as unknown as APIGatewayProxyEventV2);
    const shipment = { shipmentId: 'API-1', lines: [{ lineNumber: '1', quantity: 10 }], carrier: 'UPSN', tracking: '1Z999AA10123456785', shipDate: '2026-11-26', by: 'erp' };
    const ok = await post('P221871', shipment);
    expect(ok.statusCode, String(ok.body)).toBe(200);
    expect(JSON.parse(String(ok.body))).toMatchObject({ shipmentId: 'API-1', recorded: true, shipped: { '1': 10 } });
    await stack.drain();
    expect((await outboundKeys('BOLT/810/')).length).toBe(2);
    expect((await history('BOLT', 'P221871')).stage?.current).toBe('partially-shipped');
    expect(stepsOnBus('P221871')).toEqual(['received', 'confirmed', 'partially-shipped']);
    const over = await post('P221871', { ...shipment, shipmentId: 'API-2', lines: [{ lineNumber: '1', quantity: 5 }] });
    expect(over.statusCode).toBe(400);
    expect(JSON.parse(String(over.body)).error).toMatch(/15 would exceed the 12 ordered/);
    // Refused on the API as a refused file is: on the order's history and told to operations, once per request.
    await stack.drain();
    const refusals = async () => (await history('BOLT', 'P221871')).entries.filter((e) => e.kind === 'error').map((e) => e.summary);
    const refusalMails = async () => (await stack.sentEmails()).filter((m) => m.subject.startsWith('[SHIPMENTS REFUSED]') && m.subject.includes('POST /orders/BOLT/P221871/shipments'));
    expect(await refusals()).toEqual([expect.stringMatching(/^shipment-refused: POST \/orders\/BOLT\/P221871\/shipments row 1: .*15 would exceed the 12 ordered/)]);
    expect(await refusalMails()).toHaveLength(1);
    expect((await refusalMails())[0]!.body.text).toContain('The shipment was not recorded');
    const retried = await post('P221871', { ...shipment, shipmentId: 'API-2', lines: [{ lineNumber: '1', quantity: 5 }] });
    expect(retried.statusCode).toBe(400);
    await stack.drain();
    expect(await refusals()).toHaveLength(1);
    expect(await refusalMails()).toHaveLength(1);
    expect(stepsOnBus('P221871')).toEqual(['received', 'confirmed', 'partially-shipped']);
    const bad = await post('P221871', { lines: [], carrier: 'UPSN' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(String(bad.body)).error).toMatch(/^body: lines/);
  });
});
