/**
 * The process stage sends the outboxes of a whole batch together (SendMessageBatch of up to 10
 * across records) after the records committed; an entry SQS does not accept fails exactly its
 * record, whose retry re-sends the head's outbox.
 */
import { describe, expect, it } from 'vitest';
import { processDocuments, type ProcessDeps } from '#functions/process/handler.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { documentMessageOf, groupOf } from '../support/document-messages.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { fakeProcessDeps, type FakeQueue } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';
import { sqsEvent, sqsRecord } from '../support/sqs-events.ts';

function setup() {
  const deps = fakeProcessDeps(testPartner()) satisfies ProcessDeps;
  return { deps, handler: processDocuments(deps) };
}

const order = (po: string, isa13: string) => documentMessageOf(sample850(po, { isa13 }));
const record = (m: DocumentMessage, messageId: string) => sqsRecord(m, { messageId, groupId: groupOf(m) });
const keys = (q: FakeQueue<OutboundMessage>) => q.bodies().map((m) => m.idempotencyKey);

describe('process: outboxes sent per batch', () => {
  it('queues the 855s of twelve orders in two SendMessageBatch requests, after every record committed', async () => {
    // Prepare
    const t = setup();
    const messages = Array.from({ length: 12 }, (_, i) => order(`PO-${i + 1}`, String(100 + i).padStart(9, '0')));
    // Act
    const result = await t.handler(sqsEvent(...messages.map((m, i) => record(m, `m${i + 1}`))));
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(keys(t.deps.outbound)).toHaveLength(12);
    expect(t.deps.outbound.calls).toBe(1);
    expect(t.deps.notify.calls).toBe(0);
  });

  it('a send entry SQS refuses fails only its record; the retry re-sends that 855 and nothing else', async () => {
    // Prepare
    const t = setup();
    const one = order('PO-1', '000000101');
    const two = order('PO-2', '000000102');
    const three = order('PO-3', '000000103');
    t.deps.outbound.rejectNext((m) => m.idempotencyKey === '855/ACME/PO-2/v1');
    // Act
    const first = await t.handler(sqsEvent(record(one, 'm1'), record(two, 'm2'), record(three, 'm3')));
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(keys(t.deps.outbound).sort()).toEqual(['855/ACME/PO-1/v1', '855/ACME/PO-3/v1']);
    expect((await t.deps.orders.get('ACME', 'PO-2'))?.order.version).toBe(1);

    // Act: Lambda redelivers only m2
    const retry = await t.handler(sqsEvent(record(two, 'm2')));
    // Assess: the committed order is replayed, not created again; its outbox goes out
    expect(retry.batchItemFailures).toEqual([]);
    expect(keys(t.deps.outbound).sort()).toEqual(['855/ACME/PO-1/v1', '855/ACME/PO-2/v1', '855/ACME/PO-3/v1']);
    expect(t.deps.orders.eventsOf('ACME', 'PO-2')).toHaveLength(1);
    expect(t.deps.observability.counts.get('DecisionsReplayed')).toBe(1);
  });

  it('a change never commits over its order’s unsent outbox: the 850 and the 860 behind it are retried together', async () => {
    // Prepare
    const t = setup();
    const created = order('PO-1', '000000201');
    const changed = documentMessageOf(sample860('PO-1', { isa13: '000000202' }));
    t.deps.outbound.rejectNext((m) => m.idempotencyKey === '855/ACME/PO-1/v1');
    // Act
    const first = await t.handler(sqsEvent(record(created, 'm1'), record(changed, 'm2')));
    // Assess: the 860 was not applied on top of the head whose 855 did not go out
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.version).toBe(1);
    expect(keys(t.deps.outbound)).toEqual([]);

    // Act: both redelivered, in order
    const retry = await t.handler(sqsEvent(record(created, 'm1'), record(changed, 'm2')));
    // Assess
    expect(retry.batchItemFailures).toEqual([]);
    expect(keys(t.deps.outbound)).toEqual(['855/ACME/PO-1/v1', '865/ACME/PO-1/v2']);
    expect((await t.deps.orders.get('ACME', 'PO-1'))?.order.version).toBe(2);
  });

  it('a batch with the 850 and its 860 sends the 855 before the 860 commits (two requests), when nothing fails', async () => {
    const t = setup();
    const result = await t.handler(sqsEvent(record(order('PO-1', '000000301'), 'm1'), record(documentMessageOf(sample860('PO-1', { isa13: '000000302' })), 'm2')));
    expect(result.batchItemFailures).toEqual([]);
    expect(keys(t.deps.outbound)).toEqual(['855/ACME/PO-1/v1', '865/ACME/PO-1/v2']);
    expect(t.deps.outbound.calls).toBe(2);
  });
});

describe('process: order-step events sent with the batch', () => {
  /** A bus that keeps what it accepted and refuses the next `refuse` publications. */
  function bus(refuse = 0) {
    const published: { eventId: string; detailType: string; purchaseOrderNumber: string }[] = [];
    let calls = 0;
    return {
      published,
      calls: () => calls,
      async publish(events: readonly { eventId: string; detailType: string; purchaseOrderNumber: string }[]) {
        calls++;
        if (refuse-- > 0) throw new Error('EventBridge refused 1 of 2 order event(s)');
        published.push(...events);
      },
    };
  }

  it('publishes the steps of every record of the batch in one request, after the commits', async () => {
    // Prepare
    const events = bus();
    const deps = { ...fakeProcessDeps(testPartner()), orderEvents: events } satisfies ProcessDeps;
    // Act
    const result = await processDocuments(deps)(sqsEvent(record(order('PO-1', '000000301'), 'm1'), record(order('PO-2', '000000302'), 'm2')));
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(events.calls()).toBe(1);
    expect(events.published.map((e) => `${e.purchaseOrderNumber} ${e.detailType}`).sort()).toEqual(['PO-1 edi.order.confirmed', 'PO-1 edi.order.received', 'PO-2 edi.order.confirmed', 'PO-2 edi.order.received']);
  });

  it('a refused publication fails the records; the retry publishes the same event ids from the committed head', async () => {
    // Prepare
    const events = bus(1);
    const deps = { ...fakeProcessDeps(testPartner()), orderEvents: events } satisfies ProcessDeps;
    const handler = processDocuments(deps);
    const one = order('PO-1', '000000401');
    // Act
    const first = await handler(sqsEvent(record(one, 'm1')));
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(events.published).toEqual([]);
    const head = await deps.orders.get('ACME', 'PO-1');
    expect(head?.outbox.events?.map((e) => e.detailType)).toEqual(['edi.order.received', 'edi.order.confirmed']);
    // Act: redelivered
    const retry = await handler(sqsEvent(record(one, 'm1')));
    // Assess
    expect(retry.batchItemFailures).toEqual([]);
    expect(events.published.map((e) => e.eventId)).toEqual(head?.outbox.events?.map((e) => e.eventId));
    expect(deps.orders.eventsOf('ACME', 'PO-1')).toHaveLength(1);
  });
});
