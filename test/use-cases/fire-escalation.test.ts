import { describe, expect, it } from 'vitest';
import { confirmExpedite } from '#functions/use-cases/confirm-expedite.ts';
import { decideLine } from '#functions/use-cases/decide-line.ts';
import { fireEscalation } from '#functions/use-cases/fire-escalation.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { TimerMessage } from '#schemas/messages/timer-message.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { renderNotification } from '#domain/emails/render-notification.ts';
import { lineDown850, planningPartner, PRICE_HOLD_ON_ITEM_1, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

type HoldTimer = Extract<TimerMessage, { kind: 'hold-escalation' }>;
type P1Timer = Extract<TimerMessage, { kind: 'p1-escalation' }>;

async function deskWith(x12: string, items = sampleItems()) {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(items);
  await reviewOrder(desk, orderSet(x12, partner));
  desk.notify.clear();
  const timers = [...desk.scheduler.schedules.values()].map((s) => s.message);
  return {
    desk,
    holdTimer: (step: number) => timers.find((t): t is HoldTimer => t.kind === 'hold-escalation' && t.stepIndex === step)!,
    p1Timer: (step: P1Timer['step']) => timers.find((t): t is P1Timer => t.kind === 'p1-escalation' && t.step === step)!,
  };
}

/** Line 1 of PO-1 held for price-mismatch at 03:04:05; its item's chain: owner at +8 h, manager at +16 h, director, VP. */
const heldDesk = () => deskWith(sample850('PO-1'), sampleItems(PRICE_HOLD_ON_ITEM_1));

describe('fireEscalation: hold SLA', () => {
  it('escalates a line still held when its timer fires: line.hold-escalated with the email to that step', async () => {
    // Prepare
    const { desk, holdTimer } = await heldDesk();
    desk.clock.advance(8 * 3600);
    // Act
    const outcome = await fireEscalation(desk, holdTimer(0));
    // Assess
    const key = 'hold-escalation/ACME/PO-1/1/2025-01-02T03:04:05.000Z/1';
    expect(outcome).toEqual({ fired: true, key });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'line.hold-escalated', details: { lineNumber: '1', step: 1, role: 'owner', to: 'olive.owner@supplier.example', chain: 'item' } });
    expect(head?.planning?.lineStates[0]?.escalationsSent).toBe(1);
    const [email] = desk.notify.bodies();
    expect(email).toMatchObject({ template: 'planning-hold-escalation', idempotencyKey: key, causeEventHash: head?.lastEvent.hash });
  });

  it('the same timer again records nothing new: not fired, step already sent', async () => {
    // Prepare
    const { desk, holdTimer } = await heldDesk();
    desk.clock.advance(8 * 3600);
    await fireEscalation(desk, holdTimer(0));
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await fireEscalation(desk, holdTimer(0));
    // Assess
    expect(again).toEqual({ fired: false, reason: 'step 1 already sent' });
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect(desk.orders.eventsOf('ACME', 'PO-1').filter((e) => e.type === 'line.hold-escalated')).toHaveLength(1);
    // the step was the order's last transition: its outbox goes again (the mail stage dedupes by key)
    const [first, second] = desk.notify.bodies();
    expect(desk.notify.sent).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('does not fire after a decision settled the line, and says why', async () => {
    // Prepare
    const { desk, holdTimer } = await heldDesk();
    await decideLine(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1', decision: 'approve', by: 'Pat Planner', reason: 'contract price updated' });
    desk.notify.clear();
    desk.clock.advance(8 * 3600);
    // Act
    const outcome = await fireEscalation(desk, holdTimer(0));
    // Assess
    expect(outcome).toEqual({ fired: false, reason: 'line 1 is no longer held' });
    expect(desk.orders.eventsOf('ACME', 'PO-1').map((e) => e.type)).toEqual(['order.created', 'line.decided']);
    expect(desk.notify.bodies().filter((m) => m.template === 'planning-hold-escalation')).toEqual([]);
  });

  it('judges a timer delivered early by its due time: not due yet, nothing recorded', async () => {
    // Prepare
    const { desk, holdTimer } = await heldDesk();
    const early = { ...holdTimer(1), dueAt: '2025-01-02T05:00:00.000Z' };
    // Act
    const outcome = await fireEscalation(desk, early);
    // Assess
    expect(outcome.fired).toBe(false);
    expect(outcome.fired === false && outcome.reason).toMatch(/^step 2 is not due at 2025-01-02T05:00:00.000Z/);
    expect(desk.notify.sent).toEqual([]);
  });

  it('does not fire for an order it cannot find', async () => {
    // Prepare
    const { desk, holdTimer } = await heldDesk();
    const timer = holdTimer(0);
    // Act
    const outcome = await fireEscalation(desk, { ...timer, hold: { ...timer.hold, purchaseOrderNumber: 'PO-404' } });
    // Assess
    expect(outcome).toEqual({ fired: false, reason: 'no such order' });
  });
});

describe('fireEscalation: P1 line-down', () => {
  it('sends a step once and marks it sent on the case', async () => {
    // Prepare
    const { desk, p1Timer } = await deskWith(lineDown850('PO-1', 2));
    desk.clock.advance(4 * 3600);
    // Act
    const outcome = await fireEscalation(desk, p1Timer('manager'));
    // Assess
    expect(outcome).toEqual({ fired: true, key: 'p1-escalation/ACME/PO-1/2/manager' });
    const [email] = desk.notify.bodies();
    expect(email?.template === 'planning-p1-escalation' && [email.idempotencyKey, email.data.step.step, email.data.step.contact.email]).toEqual([
      'p1-escalation/ACME/PO-1/2/manager',
      'manager',
      'mo.manager@supplier.example',
    ]);
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.sent.map((s) => s.step)).toEqual(['owner', 'manager']);
  });

  it('two lines of one order at the same step for the same person: one email listing both, whichever timer fires first; the other sends nothing', async () => {
    // Prepare: a rush order — both lines P1, opened together, the same chain (the sample items share it).
    const { desk } = await deskWith(sample850('PO-1').replace('BEG*00*SA', 'BEG*00*RO'));
    const timers = [...desk.scheduler.schedules.values()].map((s) => s.message).filter((t): t is P1Timer => t.kind === 'p1-escalation' && t.step === 'manager');
    const byLine = (line: string) => timers.find((t) => t.case.lineNumber === line)!;
    desk.clock.advance(4 * 3600);
    // Act
    const first = await fireEscalation(desk, byLine('2'));
    const second = await fireEscalation(desk, byLine('1'));
    // Assess
    expect(first).toEqual({ fired: true, key: expect.stringMatching(/^p1-escalation\/ACME\/PO-1\/lines-[0-9a-f]{16}\/manager$/) });
    expect(second).toEqual({ fired: false, reason: 'step manager already sent' });
    const emails = desk.notify.bodies().filter((m): m is NotifyMessageOf<'planning-p1-escalation'> => m.template === 'planning-p1-escalation');
    expect(emails.map((m) => [m.data.line, ...(m.data.more ?? []).map((x) => x.line)].map((l) => l.lineNumber).sort())).toEqual([['1', '2']]);
    const rendered = renderNotification(emails[0]!);
    expect(rendered.kind === 'addressed' && [rendered.email.subject, rendered.email.to]).toEqual(['[P1 ESCALATION MANAGER] ACME PO PO-1, 2 lines: no date confirmed after 4 h', ['mo.manager@supplier.example']]);
    for (const line of ['1', '2']) expect((await desk.store.getEscalation('ACME', 'PO-1', line))?.state.sent.map((s) => s.step)).toEqual(['owner', 'manager']);
    expect(first.fired && first.key).toBe(emails[0]!.idempotencyKey);
  });

  it('suppresses a step already sent', async () => {
    // Prepare
    const { desk, p1Timer } = await deskWith(lineDown850('PO-1', 2));
    await fireEscalation(desk, p1Timer('manager'));
    desk.notify.clear();
    // Act
    const again = await fireEscalation(desk, p1Timer('manager'));
    // Assess
    expect(again).toEqual({ fired: false, reason: 'step manager already sent' });
    expect(desk.notify.sent).toEqual([]);
  });

  it('suppresses every step once the date is confirmed', async () => {
    // Prepare
    const { desk, p1Timer } = await deskWith(lineDown850('PO-1', 2));
    await confirmExpedite(desk, { partner: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '2', date: '2025-01-10', by: 'Olive Owner' });
    desk.notify.clear();
    // Act
    const outcome = await fireEscalation(desk, p1Timer('director'));
    // Assess
    expect(outcome).toEqual({ fired: false, reason: 'confirmed 2025-01-10 by Olive Owner' });
    expect(desk.notify.sent).toEqual([]);
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.sent.map((s) => s.step)).toEqual(['owner']);
  });

  it('marks the step sent on the fresh case when another writer changed it between the email and the mark', async () => {
    // Prepare
    const { desk, p1Timer } = await deskWith(lineDown850('PO-1', 2));
    const record = (await desk.store.getEscalation('ACME', 'PO-1', '2'))!;
    desk.store.interleaveNext('putEscalation', () => desk.store.putEscalation({ ...record, version: record.version + 1, reasons: [] }));
    // Act
    const outcome = await fireEscalation(desk, p1Timer('manager'));
    // Assess
    expect(outcome).toEqual({ fired: true, key: 'p1-escalation/ACME/PO-1/2/manager' });
    const after = await desk.store.getEscalation('ACME', 'PO-1', '2');
    expect(after).toMatchObject({ version: 3, reasons: [] });
    expect(after?.state.sent.map((s) => s.step)).toEqual(['owner', 'manager']);
    expect(desk.notify.bodies().map((m) => m.idempotencyKey)).toEqual(['p1-escalation/ACME/PO-1/2/manager']);
  });

  it('does not fire without an escalation record', async () => {
    // Prepare
    const { desk, p1Timer } = await deskWith(lineDown850('PO-1', 2));
    const timer = p1Timer('manager');
    // Act
    const outcome = await fireEscalation(desk, { ...timer, case: { ...timer.case, lineNumber: '1' } });
    // Assess
    expect(outcome).toEqual({ fired: false, reason: 'no escalation' });
  });
});
