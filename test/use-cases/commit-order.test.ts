import { describe, expect, it } from 'vitest';
import * as Order from '#domain/orders/transitions.ts';
import { commitOrder, replayOrder } from '#functions/use-cases/commit-order.ts';
import { OrderConflictError } from '#functions/use-cases/errors.ts';
import { OutboundDocumentZ } from '#schemas/messages/outbound-message.ts';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '#schemas/messages/common.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { changeSet, orderSet } from '../support/inbound-sets.ts';
import { testPartner } from '../support/partners.ts';

const NOW = '2025-01-02T03:04:05.000Z';
const partner = testPartner();

/** The transition of a new 850 (no item master: checks off). */
function created(x12 = sample850('PO-1')) {
  return Order.receiveOrder(undefined, { ...orderSet(x12, partner), context: undefined }, NOW);
}

/** The transition of an 860 on `head`. */
function changed(head: OrderHead, isa13: string, changes: string[]) {
  return Order.changeOrder(head, { ...changeSet(sample860('PO-1', { isa13 }, changes), partner), context: undefined }, NOW);
}

describe('commitOrder', () => {
  it('creates the order with its event and demand, then hands its outbox on', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    // Act
    const stored = await commitOrder(desk, undefined, created(), 0);
    // Assess
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => [e.seq, e.type])).toEqual([[1, 'order.created']]);
    expect([...desk.orders.demand.keys()]).toEqual(['ACME/PO-1/1', 'ACME/PO-1/2']);
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
  });

  it('refuses to create an order that was created meanwhile: OrderConflictError, nothing sent', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    await commitOrder(desk, undefined, created(), 0);
    desk.outbound.clear();
    // Act
    const second = commitOrder(desk, undefined, created(), 0);
    // Assess
    await expect(second).rejects.toBeInstanceOf(OrderConflictError);
    await expect(second).rejects.toThrow('PO PO-1 was created meanwhile');
    expect(desk.outbound.sent).toEqual([]);
  });

  it('refuses a transition computed on a head another commit replaced: OrderConflictError, the winner stands', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    const v1 = await commitOrder(desk, undefined, created(), 0);
    const first = changed(v1, '000000201', ['POC*1*QI*25**EA']);
    const second = changed(v1, '000000202', ['POC*2*QI*40**EA']);
    const winner = await commitOrder(desk, v1, first, 0);
    desk.outbound.clear();
    // Act
    const loser = commitOrder(desk, v1, second, 0);
    // Assess
    await expect(loser).rejects.toBeInstanceOf(OrderConflictError);
    await expect(loser).rejects.toThrow('PO PO-1 changed meanwhile');
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(winner);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.changed']);
    expect(desk.outbound.sent).toEqual([]);
  });

  it("hands the store the whole order's demand at the new version (the store keeps it per order, not per line)", async () => {
    // Prepare
    const desk = fakeDesk(partner);
    const v1 = await commitOrder(desk, undefined, created(), 0);
    // Act
    await commitOrder(desk, v1, changed(v1, '000000201', ['POC*1*QI*25**EA']), 0);
    // Assess
    expect([...desk.orders.demand.values()].map((d) => [d.lineNumber, d.quantity, d.orderVersion])).toEqual([
      ['1', 25, 2],
      ['2', 20, 2],
    ]);
  });

  it('sends an outbound document too large for a queue message as a claim check in the archive', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    const transition = created(sample850('PO-1', {}, 1500));
    const inline = transition.next.outbox.outbound[0];
    expect(inline?.payload.kind).toBe('inline');
    const size = inline?.payload.kind === 'inline' ? Buffer.byteLength(JSON.stringify(inline.payload.document)) : 0;
    expect(size).toBeGreaterThan(INLINE_PAYLOAD_LIMIT_BYTES);
    // Act
    const stored = await commitOrder(desk, undefined, transition, 0);
    // Assess
    const [sent] = desk.outbound.bodies();
    expect(sent?.payload.kind).toBe('claim');
    expect(stored.outbox.outbound[0]?.payload).toEqual(sent?.payload);
    if (sent?.payload.kind !== 'claim') return;
    const document = OutboundDocumentZ.parse(JSON.parse(await desk.claims.readClaim(sent.payload.claim)));
    expect(document.type === '855' && document.lines).toHaveLength(1500);
  });

  it('keeps a document under the limit inline', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    // Act
    await commitOrder(desk, undefined, created(), 0);
    // Assess
    expect(desk.outbound.bodies()[0]?.payload.kind).toBe('inline');
    expect(desk.claims.claims.size).toBe(0);
  });
});

describe('replayOrder', () => {
  it('re-writes the head’s event and demand and sends the same outbox again', async () => {
    // Prepare
    const desk = fakeDesk(partner);
    desk.orders.failNext('repair');
    await expect(commitOrder(desk, undefined, created(), 0)).rejects.toThrow('injected failure in repair');
    const head = (await desk.orders.get('ACME', 'PO-1'))!;
    // Act
    await replayOrder(desk, head, 0);
    // Assess
    expect(desk.orders.eventsOf('ACME', 'PO-1')).toEqual([head.lastEvent]);
    expect(desk.orders.demand.size).toBe(2);
    expect(desk.outbound.bodies()).toEqual(head.outbox.outbound);
  });
});
