import { describe, expect, it } from 'vitest';
import { cancelHoldEscalations, holdScheduleName, scheduleHoldEscalations } from '#functions/use-cases/schedule-hold-escalations.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { checkedHead, planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { FakeScheduler } from '../support/fakes/index.ts';

const partner = planningPartner();
const HELD_AT = '2025-01-02T03:04:05.000Z';
const hold1 = { partnerId: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1', heldSince: HELD_AT };
/** PO-1 with line 1 held since 03:04:05 (price-mismatch), line 2 accepted. */
const heldHead = () => checkedHead(sample850('PO-1'), partner, sampleItems(PRICE_HOLD_ON_ITEM_1), HELD_AT);

const withLine1 = (head: OrderHead, change: Record<string, unknown>): OrderHead => ({
  ...head,
  planning: { ...head.planning!, lineStates: head.planning!.lineStates.map((s) => (s.lineNumber === '1' ? { ...s, ...change } : s)) },
});

describe('scheduleHoldEscalations', () => {
  it('sets one timer per step of the chain for each held line, holdSlaHours apart from when it was held', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    // Act
    const names = await scheduleHoldEscalations(scheduler, heldHead(), partner, [], new Date(HELD_AT));
    // Assess
    expect(names).toEqual([holdScheduleName(hold1, 0), holdScheduleName(hold1, 1)]);
    expect([...scheduler.schedules.values()].map((s) => [s.at.toISOString(), s.message])).toEqual([
      ['2025-01-02T11:04:05.000Z', { schemaVersion: 1, kind: 'hold-escalation', hold: hold1, stepIndex: 0, dueAt: '2025-01-02T11:04:05.000Z' }],
      ['2025-01-02T19:04:05.000Z', { schemaVersion: 1, kind: 'hold-escalation', hold: hold1, stepIndex: 1, dueAt: '2025-01-02T19:04:05.000Z' }],
    ]);
  });

  it('a replay sets nothing new: the names are the same', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const first = await scheduleHoldEscalations(scheduler, heldHead(), partner, [], new Date(HELD_AT));
    // Act
    const again = await scheduleHoldEscalations(scheduler, heldHead(), partner, [], new Date('2025-01-02T05:00:00.000Z'));
    // Assess
    expect(again).toEqual(first);
    expect(scheduler.schedules.size).toBe(2);
  });

  it('skips the steps already sent', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    // Act
    const names = await scheduleHoldEscalations(scheduler, withLine1(heldHead(), { escalationsSent: 1 }), partner, [], new Date(HELD_AT));
    // Assess
    expect(names).toEqual([holdScheduleName(hold1, 1)]);
  });

  it('schedules a step already overdue one minute from now, keeping its due time in the message', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const now = new Date('2025-01-02T12:00:00.000Z');
    // Act
    await scheduleHoldEscalations(scheduler, heldHead(), partner, [], now);
    // Assess
    const [overdue, later] = [...scheduler.schedules.values()];
    expect(overdue?.at.toISOString()).toBe('2025-01-02T12:01:00.000Z');
    expect(overdue?.message.dueAt).toBe('2025-01-02T11:04:05.000Z');
    expect(later?.at.toISOString()).toBe('2025-01-02T19:04:05.000Z');
  });

  it('a line held again later is a new episode with new timer names', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    // Act
    const first = await scheduleHoldEscalations(scheduler, heldHead(), partner, [], new Date(HELD_AT));
    const second = await scheduleHoldEscalations(scheduler, withLine1(heldHead(), { heldSince: '2025-01-05T00:00:00.000Z' }), partner, [], new Date(HELD_AT));
    // Assess
    expect(second.some((n) => first.includes(n))).toBe(false);
  });

  it('sets nothing for an order without held lines, a cancelled order, or a partner without a chain', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const clean = checkedHead(sample850('PO-1'), partner, sampleItems());
    const cancelled: OrderHead = { ...heldHead(), order: { ...heldHead().order, status: 'cancelled' } };
    // Act
    const names = [
      ...(await scheduleHoldEscalations(scheduler, clean, partner, [], new Date(HELD_AT))),
      ...(await scheduleHoldEscalations(scheduler, cancelled, partner, [], new Date(HELD_AT))),
      ...(await scheduleHoldEscalations(scheduler, heldHead(), planningPartner({ escalationChain: [] }), [], new Date(HELD_AT))),
    ];
    // Assess
    expect(names).toEqual([]);
    expect(scheduler.schedules.size).toBe(0);
  });

  it('names fit EventBridge Scheduler: at most 64 characters of [0-9a-zA-Z-_.]', () => {
    const name = holdScheduleName({ ...hold1, purchaseOrderNumber: 'PO/with spaces & symbols'.repeat(5) }, 11);
    expect(name).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
  });
});

describe('scheduleHoldEscalations along the item chain', () => {
  it("a held line whose item is in the master: one timer per step of the item's chain (owner → manager → director → VP), holdSlaHours apart", async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    // Act
    const names = await scheduleHoldEscalations(scheduler, heldHead(), partner, sampleItems(PRICE_HOLD_ON_ITEM_1), new Date(HELD_AT));
    // Assess
    expect(names).toEqual([0, 1, 2, 3].map((step) => holdScheduleName(hold1, step)));
    expect([...scheduler.schedules.values()].map((s) => s.at.toISOString())).toEqual(['2025-01-02T11:04:05.000Z', '2025-01-02T19:04:05.000Z', '2025-01-03T03:04:05.000Z', '2025-01-03T11:04:05.000Z']);
  });

  it('a decision cancels every step of the item chain still pending', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const items = sampleItems(PRICE_HOLD_ON_ITEM_1);
    await scheduleHoldEscalations(scheduler, heldHead(), partner, items, new Date(HELD_AT));
    // Act
    await cancelHoldEscalations(scheduler, hold1, { escalationsSent: 1 }, partner, items[0]);
    // Assess
    expect(scheduler.cancelled).toEqual([1, 2, 3].map((step) => holdScheduleName(hold1, step)));
  });
});

describe('cancelHoldEscalations', () => {
  it('deletes the timers of the steps not yet sent, and only those', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    await scheduleHoldEscalations(scheduler, heldHead(), partner, [], new Date(HELD_AT));
    // Act
    await cancelHoldEscalations(scheduler, hold1, { escalationsSent: 1 }, partner, undefined);
    // Assess
    expect(scheduler.cancelled).toEqual([holdScheduleName(hold1, 1)]);
    expect([...scheduler.schedules.keys()]).toEqual([holdScheduleName(hold1, 0)]);
  });
});
