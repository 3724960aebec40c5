import { describe, expect, it } from 'vitest';
import { applyOrderChange } from '#functions/use-cases/apply-order-change.ts';
import { decideLine, type DecisionRequest } from '#functions/use-cases/decide-line.ts';
import { NEUTRAL_CAUSE } from '#domain/planning/delay-risks.ts';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { changeSet, orderSet } from '../support/inbound-sets.ts';

/** Both lines of PO-1 held for price-mismatch (contract 9.00, ordered at 2.50). */
const BOTH_HELD = { item1: { contractPrice: { ACME: 9 } }, item2: { contractPrice: { ACME: 9 } } };

async function deskWithHeldOrder(items = sampleItems(BOTH_HELD)) {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(items);
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  desk.notify.clear();
  return { desk, partner };
}

const request = (lineNumber: string, decision: string, overrides: Partial<DecisionRequest> = {}): DecisionRequest => ({
  partner: 'ACME',
  purchaseOrderNumber: 'PO-1',
  lineNumber,
  decision,
  by: 'Pat Planner',
  reason: 'checked with the buyer',
  ...overrides,
});

const ackOf = (m: OutboundMessage | undefined) => (m?.payload.kind === 'inline' && m.payload.document.type === '855' ? m.payload.document : undefined);

describe('decideLine', () => {
  it.each([
    ['an unknown partner', request('1', 'approve', { partner: 'NOBODY' }), 'no partner NOBODY'],
    ['an unknown order', request('1', 'approve', { purchaseOrderNumber: 'PO-404' }), 'no order ACME PO PO-404'],
    ['an unknown line', request('9', 'approve'), 'PO PO-1 has no line 9'],
    ['a decision word it does not know', request('1', 'maybe'), 'unknown decision "maybe"'],
    ['a decision without a reason', request('1', 'approve', { reason: ' ' }), '--reason TEXT is required'],
  ])('refuses %s with RequestRefusedError and changes nothing', async (_, input, message) => {
    // Prepare
    const { desk } = await deskWithHeldOrder();
    const before = await desk.orders.get('ACME', 'PO-1');
    // Act
    const decided = decideLine(desk, input);
    // Assess
    await expect(decided).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(decided).rejects.toThrow(message);
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(before);
  });

  it('refuses a decision on an order the planning checks never saw', async () => {
    // Prepare
    const partner = planningPartner();
    const desk = fakeDesk(partner);
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Act
    const decided = decideLine(desk, request('1', 'approve'));
    // Assess
    await expect(decided).rejects.toThrow(RequestRefusedError);
    await expect(decided).rejects.toThrow('was not checked by the planning rules');
  });

  it('records the decision on the order and waits with the 855 while another line is held', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder();
    // Act
    const result = await decideLine(desk, request('1', 'approve'));
    // Assess
    expect(result).toEqual({ acknowledgment: 'waiting', lineStatus: 'accepted', orderVersion: 2 });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'line.decided', actor: 'planner:Pat Planner' });
    expect(head?.planning?.lineStates.map((s) => [s.lineNumber, s.status])).toEqual([
      ['1', 'accepted'],
      ['2', 'held'],
    ]);
    expect(desk.outbound.sent).toEqual([]);
  });

  it('queues the 855 (BAK01 00) with the decision of the last held line', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder();
    await decideLine(desk, request('1', 'approve'));
    // Act
    const result = await decideLine(desk, request('2', 'quantity=25'));
    // Assess
    expect(result).toEqual({ acknowledgment: 'ready', acknowledgmentKey: '855/ACME/PO-1/v3', lineStatus: 'accepted', orderVersion: 3 });
    expect((await desk.orders.get('ACME', 'PO-1'))?.order.status).toBe('open');
    const ack = ackOf(desk.outbound.bodies()[0]);
    expect(ack?.purpose).toBe('00');
    expect(ack?.lines.map((l) => [l.acks[0]?.status, l.acks[0]?.quantity])).toEqual([
      ['IA', 10],
      ['IQ', 25],
    ]);
  });

  it('answers a held 860 with its 865 once decided, not with an 855', async () => {
    // Prepare
    const { desk, partner } = await deskWithHeldOrder(sampleItems({ item2: { contractPrice: { ACME: 2.5 } } }));
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
    await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000201' }, ['POC*2*PC**20*EA*7.5']), partner));
    desk.outbound.clear();
    // Act
    const result = await decideLine(desk, request('2', 'price=2.5'));
    // Assess
    expect(result).toMatchObject({ acknowledgment: 'ready', acknowledgmentKey: '865/ACME/PO-1/v2' });
    const [message] = desk.outbound.bodies();
    const doc = message?.payload.kind === 'inline' ? message.payload.document : undefined;
    expect(doc?.type).toBe('865');
    expect(doc?.type === '865' ? doc.lines.map((l) => [l.lineNumber, l.acks.map((a) => a.status), l.unitPrice]) : []).toEqual([['2', ['IP'], 2.5]]);
    expect((await desk.orders.get('ACME', 'PO-1'))?.planning?.pendingChange).toBeUndefined();
    expect((await desk.orders.get('ACME', 'PO-1'))?.planning?.lineStates[1]).toMatchObject({ status: 'accepted', unitPrice: 2.5 });
  });

  it('a date later than requested is a confirmed delay: order.delay-notified with its email, and an 855 with DR', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder(sampleItems({ item1: { contractPrice: { ACME: 9 } } }));
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 1000, weeks: [] }]);
    // Act
    await decideLine(desk, request('1', 'date=2025-03-20', { reason: 'tooling repair' }));
    // Assess
    const events = desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type);
    expect(events).toEqual(['order.created', 'line.decided', 'order.delay-notified']);
    const head = await desk.orders.get('ACME', 'PO-1');
    // the decision's reason is internal: with no delay note the customer reads the neutral text
    expect(head?.lastEvent.details).toMatchObject({ kind: 'confirmed-delay', level: 3, item: 'ITEM-1', lines: ['1'], newDate: '2025-03-20', cause: NEUTRAL_CAUSE, customerText: 'neutral' });
    const [email] = desk.notify.bodies().filter((m) => m.template === 'planning-delay');
    expect(JSON.stringify(email)).not.toContain('tooling repair');
    expect(email?.idempotencyKey).toBe('delay-L3/ITEM-1/ACME/PO-1/1/2025-03-20');
    expect(email?.causeEventHash).toBe(head?.lastEvent.hash);
    expect(ackOf(desk.outbound.bodies()[0])?.lines[0]?.acks[0]).toMatchObject({ status: 'DR', date: '2025-03-20' });
  });

  it('a date on or before the requested one is no delay: nothing told to the customer', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder(sampleItems({ item1: { contractPrice: { ACME: 9 } } }));
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 1000, weeks: [] }]);
    // Act
    await decideLine(desk, request('1', 'date=2025-02-20'));
    // Assess
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'line.decided']);
    expect(desk.notify.bodies().filter((m) => m.template === 'planning-delay')).toEqual([]);
  });

  it('cancels the decided line’s hold timers and leaves the other line’s', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder();
    const timersOf = (line: string) => [...desk.scheduler.schedules].filter(([, s]) => s.message.kind === 'hold-escalation' && s.message.hold.lineNumber === line).map(([name]) => name);
    const line1 = timersOf('1');
    // One per step of the item's chain: owner, manager, director, VP.
    expect(line1).toHaveLength(4);
    // Act
    await decideLine(desk, request('1', 'reject'));
    // Assess
    expect(desk.scheduler.cancelled).toEqual(line1);
    expect(timersOf('1')).toEqual([]);
    expect(timersOf('2')).toHaveLength(4);
  });

  it('refuses with OrderConflictError when another decision committed first, and that one stands', async () => {
    // Prepare
    const { desk } = await deskWithHeldOrder();
    desk.orders.interleaveNext('commit', () => decideLine(desk, request('2', 'approve', { by: 'Other Planner' })));
    // Act
    const decided = decideLine(desk, request('1', 'approve'));
    // Assess
    await expect(decided).rejects.toBeInstanceOf(OrderConflictError);
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'line.decided', actor: 'planner:Other Planner' });
    expect(head?.planning?.lineStates.map((s) => s.status)).toEqual(['held', 'accepted']);
    expect(desk.outbound.sent).toEqual([]);
  });
});
