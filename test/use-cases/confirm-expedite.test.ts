import { describe, expect, it } from 'vitest';
import { confirmExpedite, type ConfirmRequest } from '#functions/use-cases/confirm-expedite.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { renderNotification } from '#domain/emails/render-notification.ts';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { lineDown850, planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

/** PO-1 as a rush order (BEG02 RO): both lines are P1 line-down. */
const rush850 = () => sample850('PO-1').replace('BEG*00*SA', 'BEG*00*RO');

async function deskWithP1(x12: string) {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(x12, partner));
  return desk;
}

const confirm = (overrides: Partial<ConfirmRequest> = {}): ConfirmRequest => ({ partner: 'ACME', purchaseOrderNumber: 'PO-1', date: '2025-01-10', by: 'Olive Owner', reason: 'overtime shift', ...overrides });

describe('confirmExpedite: everyone reached stands down, and the 855 is replaced', () => {
  it('a stand-down email to each person the case had reached, and a replacing 855 (BAK01 05) with the confirmed date (ACK DR)', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    const sentBefore = desk.outbound.bodies().map((m) => m.idempotencyKey);
    // the manager's step went out too, 4 h later
    const record = (await desk.store.getEscalation('ACME', 'PO-1', '2'))!;
    const manager = record.state.steps.find((s) => s.step === 'manager')!;
    await desk.store.putEscalation({ ...record, version: record.version + 1, state: { ...record.state, sent: [...record.state.sent, { step: 'manager', at: manager.dueAt }] } });
    desk.notify.sent.length = 0;
    // Act
    await confirmExpedite(desk, confirm({ lineNumber: '2', date: '2025-03-05' }));
    // Assess
    const standDowns = desk.notify.bodies().filter((m): m is NotifyMessageOf<'planning-p1-stand-down'> => m.template === 'planning-p1-stand-down');
    expect(standDowns.map((m) => [m.idempotencyKey, m.data.step.contact.email])).toEqual([
      ['p1-stand-down/ACME/PO-1/2/owner', record.state.steps.find((s) => s.step === 'owner')!.contact.email],
      ['p1-stand-down/ACME/PO-1/2/manager', manager.contact.email],
    ]);
    expect(standDowns[0]!.data.confirmation).toEqual({ date: '2025-03-05', by: 'Olive Owner', reason: 'overtime shift' });
    const head = await desk.orders.get('ACME', 'PO-1');
    const acks = desk.outbound.bodies().filter((m) => !sentBefore.includes(m.idempotencyKey));
    expect(acks.map((m) => m.idempotencyKey)).toEqual([`855/ACME/PO-1/v${head!.order.version}`]);
    const ack = acks[0]?.payload.kind === 'inline' && acks[0].payload.document.type === '855' ? acks[0].payload.document : undefined;
    expect(ack?.purpose).toBe('05');
    expect(ack?.lines.find((l) => l.lineNumber === '2')?.acks).toEqual([expect.objectContaining({ status: 'DR', dateQualifier: '068', date: '2025-03-05' })]);
    expect(head?.planning?.lineStates.find((l) => l.lineNumber === '2')?.date).toBe('2025-03-05');
  });
});

describe('confirmExpedite', () => {
  it('records expedite.confirmed on the order, marks the case confirmed and deletes its timers', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    const timers = (await desk.store.getEscalation('ACME', 'PO-1', '2'))!.schedules;
    expect(timers).toHaveLength(3);
    // Act
    const result = await confirmExpedite(desk, confirm({ lineNumber: '2' }));
    // Assess
    expect(result).toEqual({ confirmed: ['2'] });
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'expedite.confirmed', actor: 'planner:Olive Owner', details: { lines: ['2'], date: '2025-01-10', by: 'Olive Owner', reason: 'overtime shift' } });
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.confirmation).toMatchObject({ date: '2025-01-10', by: 'Olive Owner' });
    expect(desk.scheduler.cancelled).toEqual(timers);
    expect([...desk.scheduler.schedules.keys()].filter((n) => timers.includes(n))).toEqual([]);
  });

  it('confirms every P1 line of the PO when no line is named, in one event', async () => {
    // Prepare
    const desk = await deskWithP1(rush850());
    // Act
    const result = await confirmExpedite(desk, confirm());
    // Assess
    expect(result.confirmed.sort()).toEqual(['1', '2']);
    expect(desk.orders.eventsOf('ACME', 'PO-1').filter((e) => e.type === 'expedite.confirmed').map((e) => e.details)).toEqual([expect.objectContaining({ lines: ['1', '2'] })]);
    for (const line of ['1', '2']) expect((await desk.store.getEscalation('ACME', 'PO-1', line))?.state.confirmation?.date).toBe('2025-01-10');
    expect([...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('p1-'))).toEqual([]);
  });

  it('confirming both lines at once: one stand-down per person and step, listing both lines', async () => {
    // Prepare: both lines of the rush order reached the same owner (the sample items share one chain).
    const desk = await deskWithP1(rush850());
    desk.notify.sent.length = 0;
    // Act
    await confirmExpedite(desk, confirm());
    // Assess
    const standDowns = desk.notify.bodies().filter((m): m is NotifyMessageOf<'planning-p1-stand-down'> => m.template === 'planning-p1-stand-down');
    expect(standDowns.map((m) => [m.idempotencyKey, m.data.step.step, [m.data.line, ...(m.data.more ?? []).map((x) => x.line)].map((l) => l.lineNumber)])).toEqual([
      [expect.stringMatching(/^p1-stand-down\/ACME\/PO-1\/lines-[0-9a-f]{16}\/owner$/), 'owner', ['1', '2']],
    ]);
    const email = renderNotification(standDowns[0]!);
    expect(email.kind === 'addressed' && email.email.subject).toBe('[P1 STAND DOWN] ACME PO PO-1, 2 lines: ship date 2025-01-10 confirmed');
  });

  it('confirming again records nothing new on the order and leaves the first confirmation', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    await confirmExpedite(desk, confirm({ lineNumber: '2' }));
    const stored = await desk.orders.get('ACME', 'PO-1');
    // Act
    const again = await confirmExpedite(desk, confirm({ lineNumber: '2', date: '2025-01-11', by: 'Someone Else' }));
    // Assess
    expect(again).toEqual({ confirmed: ['2'] });
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(stored);
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.confirmation).toMatchObject({ date: '2025-01-10', by: 'Olive Owner' });
  });

  it('refuses a PO or line without a P1 escalation with RequestRefusedError', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    // Act
    const noLine = confirmExpedite(desk, confirm({ lineNumber: '1' }));
    const noOrder = confirmExpedite(desk, confirm({ purchaseOrderNumber: 'PO-404' }));
    // Assess
    await expect(noLine).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(noLine).rejects.toThrow('no P1 escalation for ACME PO PO-1 line 1');
    await expect(noOrder).rejects.toThrow('no P1 escalation for ACME PO PO-404');
    expect(desk.scheduler.cancelled).toEqual([]);
  });

  it('refuses a date that is not YYYY-MM-DD and confirms nothing', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    // Act
    const refused = confirmExpedite(desk, confirm({ lineNumber: '2', date: '10/01/2025' }));
    // Assess
    await expect(refused).rejects.toThrow(RequestRefusedError);
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.confirmation).toBeUndefined();
  });

  it('throws OrderConflictError when the escalation record changed meanwhile; the retry completes without a second event', async () => {
    // Prepare
    const desk = await deskWithP1(lineDown850('PO-1', 2));
    const record = (await desk.store.getEscalation('ACME', 'PO-1', '2'))!;
    desk.orders.interleaveNext('commit', () => desk.store.putEscalation({ ...record, version: record.version + 1 }));
    // Act
    const confirmed = confirmExpedite(desk, confirm({ lineNumber: '2' }));
    // Assess
    await expect(confirmed).rejects.toBeInstanceOf(OrderConflictError);
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.confirmation).toBeUndefined();
    await confirmExpedite(desk, confirm({ lineNumber: '2' }));
    expect((await desk.store.getEscalation('ACME', 'PO-1', '2'))?.state.confirmation?.date).toBe('2025-01-10');
    expect(desk.orders.eventsOf('ACME', 'PO-1').filter((e) => e.type === 'expedite.confirmed')).toHaveLength(1);
  });
});
