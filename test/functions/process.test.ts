import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '#domain/orders/order-events.ts';
import { processDocuments, type ProcessDeps } from '#functions/process/handler.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import { documentMessageOf, groupOf } from '../support/document-messages.ts';
import { sample830, sample850, sample860 } from '../support/edi-samples.ts';
import { fakeProcessDeps } from '../support/fakes/index.ts';
import { testItem, testPartner } from '../support/partners.ts';
import { sqsEvent, sqsRecord } from '../support/sqs-events.ts';

function setup() {
  const deps = {
    ...fakeProcessDeps(testPartner()),
    settings: { waitingChangeMaxAttempts: 3, waitingChangeBackoffSeconds: { first: 10, max: 60 } },
  } satisfies ProcessDeps;
  const run = (m: DocumentMessage, options: { receiveCount?: number; messageId?: string } = {}) =>
    processDocuments(deps)(sqsEvent(sqsRecord(m, { groupId: groupOf(m), ...options })));
  return { deps, run };
}

const po850 = () => documentMessageOf(sample850('PO-1'));
const change860 = (isa13 = '000000202', changes?: string[]) => documentMessageOf(sample860('PO-1', { isa13 }, changes));

describe('process', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('creates the order from an 850 with every line, ship-to and dates, and queues the 855', async () => {
    const result = await t.run(po850());
    expect(result.batchItemFailures).toEqual([]);
    const head = await t.deps.orders.get('ACME', 'PO-1');
    expect(head?.order).toMatchObject({ version: 1, status: 'open', shipTo: 'PLANT1', orderDate: '2025-01-01' });
    expect(head?.order.purchaseOrder.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice])).toEqual([
      ['1', 10, 2.5],
      ['2', 20, 2.5],
    ]);
    expect(t.deps.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created']);
    const [ack] = t.deps.outbound.bodies();
    expect(ack).toMatchObject({ kind: '855', idempotencyKey: '855/ACME/PO-1/v1', subject: { kind: 'order', purchaseOrderNumber: 'PO-1' } });
    expect(ack?.payload.kind === 'inline' && ack.payload.document.type === '855' && ack.payload.document.lines.map((l) => l.acks[0]?.status)).toEqual(['IA', 'IA']);
    expect(t.deps.orders.demand.size).toBe(2);
  });

  it('a redelivered 850 creates nothing new', async () => {
    await t.run(po850());
    await t.run(po850());
    expect(t.deps.orders.eventsOf('ACME', 'PO-1')).toHaveLength(1);
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.version).toBe(1);
  });

  it('a crash after the head was written is repaired by the retry: one order, one event, the same 855', async () => {
    t.deps.orders.failNext('repair');
    const first = await t.run(po850());
    expect(first.batchItemFailures).toHaveLength(1);
    expect(t.deps.orders.eventsOf('ACME', 'PO-1')).toHaveLength(0);
    expect(t.deps.outbound.sent).toHaveLength(0);
    await t.run(po850());
    expect(t.deps.orders.eventsOf('ACME', 'PO-1')).toHaveLength(1);
    expect(t.deps.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
  });

  it('applies an 860 as a new version with a chained event and queues the 865', async () => {
    await t.run(po850());
    await t.run(change860());
    const head = await t.deps.orders.get('ACME', 'PO-1');
    expect(head?.order.version).toBe(2);
    expect(head?.order.purchaseOrder.lines[0]?.quantity).toBe(25);
    const events = t.deps.orders.eventsOf('ACME', 'PO-1');
    expect(events.map((e) => e.type)).toEqual(['order.created', 'order.changed']);
    expect(verifyChain(events)).toEqual({ valid: true });
    expect(t.deps.outbound.bodies().map((m) => m.kind)).toEqual(['855', '865']);
  });

  it('applies the same 860 only once', async () => {
    await t.run(po850());
    await t.run(change860());
    await t.run(change860());
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.version).toBe(2);
  });

  it('moves an 860 whose 850 has not arrived to the waiting group, then applies it once the 850 is in', async () => {
    await t.run(change860());
    const [moved] = t.deps.documents.sent;
    expect(moved?.groupId).toBe('ACME#PO#PO-1#waiting');
    expect(moved?.body.waitingForOrder).toBeDefined();
    const early = await t.run(moved!.body, { receiveCount: 1, messageId: 'waiting' });
    expect(early.batchItemFailures).toEqual([{ itemIdentifier: 'waiting' }]);
    expect(t.deps.postponer.calls[0]?.seconds).toBe(10);
    await t.run(po850());
    const later = await t.run(moved!.body, { receiveCount: 2 });
    expect(later.batchItemFailures).toEqual([]);
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.version).toBe(2);
  });

  it('turns a change that never finds its 850 into an error record and an alert, never a drop', async () => {
    await t.run(change860());
    const moved = t.deps.documents.sent[0]!.body;
    const result = await t.run(moved, { receiveCount: 3 });
    expect(result.batchItemFailures).toEqual([]);
    expect([...t.deps.orders.errors.values()][0]).toMatchObject({ kind: 'change-unmatched', partner: 'ACME' });
    expect(t.deps.notify.bodies()[0]).toMatchObject({ template: 'change-unmatched', recipients: ['operations'] });
  });

  it('cancels the order on BCH01 01', async () => {
    await t.run(po850());
    await t.run(documentMessageOf(sample860('PO-1', { isa13: '000000303' }, []).replace('BCH*04', 'BCH*01')));
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.status).toBe('cancelled');
    expect([...t.deps.orders.demand.values()].every((d) => !d.open)).toBe(true);
  });

  it('records a second 850 for the same PO as a duplicate and alerts operations', async () => {
    await t.run(po850());
    await t.run(documentMessageOf(sample850('PO-1', { isa13: '000000999' })));
    expect(t.deps.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.duplicate-received']);
    expect(t.deps.notify.bodies()[0]?.template).toBe('order-duplicate');
    expect(t.deps.outbound.sent).toHaveLength(1);
  });

  it('stores an 830 per partner + ship-to + item + period, replacing the previous horizon', async () => {
    await t.run(documentMessageOf(sample830()));
    expect([...t.deps.forecastPeriods.periods.values()].map((p) => [p.shipTo, p.item, p.periodStart, p.quantity])).toEqual([
      ['PLANT1', 'ITEM-1', '2025-01-06', 100],
      ['PLANT1', 'ITEM-1', '2025-01-13', 120],
    ]);
    await t.run(documentMessageOf(sample830({ isa13: '000000102' }).replace('FST*120*D*W*20250113~\n', '')));
    expect([...t.deps.forecastPeriods.periods.values()].map((p) => p.periodStart)).toEqual(['2025-01-06']);
  });

  it('holds the 855 when the planning rules hold the order (the seam)', async () => {
    t = setup();
    // An item master that does not know the order's items: the unknown-item rule holds them.
    await t.deps.store.putItems([testItem('OTHER-PART')]);
    await t.run(po850());
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.status).toBe('held');
    expect(t.deps.outbound.sent).toEqual([]);
    expect(t.deps.observability.counts.get('OrdersHeld')).toBe(1);
  });

  it('a poison message fails alone; its batch neighbours succeed', async () => {
    const good = po850();
    const result = await processDocuments(t.deps)(
      sqsEvent(sqsRecord('{"schemaVersion":99}', { messageId: 'poison', groupId: 'ACME#PO#X' }), sqsRecord(good, { groupId: groupOf(good) })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(await t.deps.orders.get('ACME', 'PO-1')).toBeDefined();
  });
});
