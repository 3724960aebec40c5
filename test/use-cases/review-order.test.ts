import { describe, expect, it } from 'vitest';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { LEAD_TIME_ON_ITEM_2, lineDown850, planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

const acksOf = (m: OutboundMessage | undefined) => (m?.payload.kind === 'inline' && m.payload.document.type === '855' ? m.payload.document.lines.map((l) => l.acks[0]?.status) : undefined);

async function deskWith(items: ReturnType<typeof sampleItems> | [] = sampleItems()) {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(items);
  return { desk, partner };
}

describe('reviewOrder', () => {
  it('a held line’s email names the earliest date it can ship in full from ATP', async () => {
    // Prepare: ITEM-1 has 4 on hand and 20 planned in the week of 2025-02-03; PO-1 line 1 (10 at 2.50) is held for price
    const { desk, partner } = await deskWith(sampleItems(PRICE_HOLD_ON_ITEM_1));
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 4, weeks: [{ weekStart: '2025-02-03', mps: 20, receipts: 0 }] }]);
    // Act
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Assess
    const email = desk.notify.bodies().find((m): m is NotifyMessageOf<'planning-anomaly'> => m.template === 'planning-anomaly');
    expect(email?.data.assessments.filter((a) => a.anomalies.length > 0).map((a) => [a.lineNumber, a.fullShipFrom])).toEqual([['1', '2025-02-03']]);
  });

  it('checks a line against the forecast the partner’s other open orders left of its week (consumed forecast)', async () => {
    // Prepare: ACME forecasts 10 × ITEM-1 for the week PO-1 and PO-2 (10 each, same dates) ship in
    const { desk, partner } = await deskWith();
    const entry = { partnerId: 'ACME', item: 'ITEM-1', periodStart: '2025-02-24', periodEnd: '2025-03-02', quantity: 10, forecastQualifier: 'D', timingQualifier: 'W' };
    await desk.store.putPartnerForecast({ schemaVersion: 1, partnerId: 'ACME', entries: [entry], causeId: 'fc-1', at: '2025-01-01T00:00:00.000Z' });
    const first = await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Act
    const second = await reviewOrder(desk, orderSet(sample850('PO-2', { isa13: '000000102' }), partner));
    // Assess: PO-1 took the whole forecast, so PO-2's 10 are 100 % beyond what is left
    expect(first.findings).toBe(0);
    expect(second.findings).toBe(1);
    const head = await desk.orders.get('ACME', 'PO-2');
    const event = head?.lastEvent;
    expect(JSON.stringify(event?.details)).toContain('"otherOrders":10,"forecastLeft":0');
  });

  it('creates version 1 of a new 850 and queues its 855 through the outbox', async () => {
    // Prepare
    const { desk, partner } = await deskWith();
    // Act
    const result = await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Assess
    expect(result).toEqual({ outcome: 'created', held: false, findings: 0, documents: ['855/ACME/PO-1/v1'] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.order).toMatchObject({ version: 1, status: 'open' });
    expect(head?.planning?.lineStates.map((s) => [s.lineNumber, s.status])).toEqual([
      ['1', 'accepted'],
      ['2', 'accepted'],
    ]);
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created']);
    const [ack] = desk.outbound.bodies();
    expect(ack).toMatchObject({ kind: '855', idempotencyKey: '855/ACME/PO-1/v1' });
    expect(acksOf(ack)).toEqual(['IA', 'IA']);
    expect([...desk.orders.demand.values()].map((d) => [d.lineNumber, d.item, d.quantity, d.open])).toEqual([
      ['1', 'ITEM-1', 10, true],
      ['2', 'ITEM-2', 20, true],
    ]);
  });

  it('queues no 855 while a line is held, and tells the planner', async () => {
    // Prepare
    const { desk, partner } = await deskWith(sampleItems(PRICE_HOLD_ON_ITEM_1));
    // Act
    const result = await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Assess
    expect(result).toMatchObject({ outcome: 'created', held: true, findings: 1, documents: [] });
    expect((await desk.orders.get('ACME', 'PO-1'))?.order.status).toBe('held');
    expect(desk.outbound.sent).toEqual([]);
    const anomaly = desk.notify.bodies().find((m) => m.template === 'planning-anomaly');
    expect(anomaly?.template === 'planning-anomaly' && anomaly.data.assessments.flatMap((a) => a.anomalies.map((x) => x.rule))).toEqual(['price-mismatch']);
  });

  it('runs no checks without an item master: accepted as ordered, nothing planned, no timers', async () => {
    // Prepare
    const { desk, partner } = await deskWith([]);
    // Act
    const result = await reviewOrder(desk, orderSet(lineDown850('PO-1', 1), partner));
    // Assess
    expect(result).toEqual({ outcome: 'created', held: false, findings: 0, documents: ['855/ACME/PO-1/v1'] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.planning).toBeUndefined();
    expect(head?.order.status).toBe('open');
    expect(acksOf(desk.outbound.bodies()[0])).toEqual(['IA', 'IA']);
    expect(desk.scheduler.schedules.size).toBe(0);
    expect(desk.store.escalations.size).toBe(0);
    expect(desk.notify.sent).toEqual([]);
  });

  it('a redelivery of the same 850 creates nothing new and re-sends the same outbox', async () => {
    // Prepare
    const { desk, partner } = await deskWith();
    const input = orderSet(sample850('PO-1'), partner);
    await reviewOrder(desk, input);
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await reviewOrder(desk, input);
    // Assess
    expect(again.outcome).toBe('replayed');
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1')).toHaveLength(1);
    const [first, second] = desk.outbound.bodies();
    expect(desk.outbound.sent).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('a redelivery after a crash between the head and its event writes the event and sends the outbox once more', async () => {
    // Prepare
    const { desk, partner } = await deskWith();
    const input = orderSet(sample850('PO-1'), partner);
    desk.orders.failNext('repair');
    await expect(reviewOrder(desk, input)).rejects.toThrow('injected failure in repair');
    expect(desk.orders.eventsOf('ACME', 'PO-1')).toEqual([]);
    expect(desk.outbound.sent).toEqual([]);
    // Act
    const retry = await reviewOrder(desk, input);
    // Assess
    expect(retry.outcome).toBe('replayed');
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created']);
    expect(desk.orders.demand.size).toBe(2);
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
  });

  it('records a re-sent PO with different content as order.duplicate-received and leaves the order as it was', async () => {
    // Prepare
    const partner = planningPartner({ ruleSeverity: { 'never-forecast': 'off', 'duplicate-po': 'warn' } });
    const desk = fakeDesk(partner);
    await desk.store.putItems(sampleItems());
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    const before = await desk.orders.get('ACME', 'PO-1');
    const demandBefore = [...desk.orders.demand.values()];
    const resent = sample850('PO-1', { isa13: '000000777' }).replace('PO1*1*10*EA', 'PO1*1*99*EA');
    // Act
    const result = await reviewOrder(desk, orderSet(resent, partner));
    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'order.duplicate-received']);
    const after = await desk.orders.get('ACME', 'PO-1');
    expect(after?.order).toMatchObject({ version: 1, status: 'open' });
    expect(after?.order.purchaseOrder).toEqual(before?.order.purchaseOrder);
    expect(after?.planning).toEqual(before?.planning);
    expect([...desk.orders.demand.values()]).toEqual(demandBefore);
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
    expect(desk.notify.bodies().map((m) => m.template)).toEqual(['order-duplicate', 'planning-anomaly']);
  });

  it('holds the stored lines for a planner when the partner’s duplicate-po rule holds, without applying the re-send', async () => {
    // Prepare
    const { desk, partner } = await deskWith();
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    const resent = sample850('PO-1', { isa13: '000000777' }).replace('PO1*1*10*EA', 'PO1*1*99*EA');
    // Act
    const result = await reviewOrder(desk, orderSet(resent, partner));
    // Assess
    expect(result).toMatchObject({ outcome: 'duplicate', held: true });
    const after = await desk.orders.get('ACME', 'PO-1');
    expect(after?.order.version).toBe(1);
    expect(after?.order.purchaseOrder.lines[0]?.quantity).toBe(10);
    expect(after?.planning?.lineStates.map((s) => [s.lineNumber, s.status, s.reasons])).toEqual([
      ['1', 'held', ['duplicate-po']],
      ['2', 'held', ['duplicate-po']],
    ]);
    expect(desk.outbound.bodies().map((m) => m.idempotencyKey)).toEqual(['855/ACME/PO-1/v1']);
    expect(desk.scheduler.schedules.size).toBe(4);
  });

  it('sets one hold timer per step of the partner’s chain for each held line, holdSlaHours apart', async () => {
    // Prepare
    const { desk, partner } = await deskWith(sampleItems(PRICE_HOLD_ON_ITEM_1));
    // Act
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Assess
    const timers = [...desk.scheduler.schedules.values()].map((s) => s.message);
    expect(timers.map((t) => (t.kind === 'hold-escalation' ? [t.hold.lineNumber, t.stepIndex, t.dueAt] : t.kind))).toEqual([
      ['1', 0, '2025-01-02T11:04:05.000Z'],
      ['1', 1, '2025-01-02T19:04:05.000Z'],
    ]);
  });

  it('opens a P1 escalation for a line-down line: the alert at once and a timer per later step', async () => {
    // Prepare
    const { desk, partner } = await deskWith();
    // Act
    await reviewOrder(desk, orderSet(lineDown850('PO-1', 2), partner));
    // Assess
    const record = await desk.store.getEscalation('ACME', 'PO-1', '2');
    expect(record?.state.sent.map((s) => s.step)).toEqual(['owner']);
    expect(await desk.store.getEscalation('ACME', 'PO-1', '1')).toBeUndefined();
    expect(desk.notify.bodies().filter((m) => m.template === 'planning-p1-alert').map((m) => m.idempotencyKey)).toEqual(['p1-alert/ACME/PO-1/2']);
    const p1Timers = [...desk.scheduler.schedules.values()].map((s) => s.message).filter((m) => m.kind === 'p1-escalation');
    expect(p1Timers.map((m) => [m.step, m.dueAt])).toEqual([
      ['manager', '2025-01-02T07:04:05.000Z'],
      ['director', '2025-01-02T11:04:05.000Z'],
      ['vp', '2025-01-02T15:04:05.000Z'],
    ]);
    expect([...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('p1-'))).toEqual(record?.schedules);
  });

  it('sends a P2 alert to the allocation team for a line inside lead time, and still acknowledges', async () => {
    // Prepare
    const { desk, partner } = await deskWith(sampleItems(LEAD_TIME_ON_ITEM_2));
    // Act
    const result = await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    // Assess
    expect(result).toMatchObject({ held: false, documents: ['855/ACME/PO-1/v1'] });
    const p2 = desk.notify.bodies().filter((m) => m.template === 'planning-p2-alert');
    expect(p2.map((m) => m.idempotencyKey)).toEqual(['p2/ACME/PO-1/ITEM-2:2:inside-lead-time']);
    expect(desk.store.escalations.size).toBe(0);
  });
});
