import { describe, expect, it } from 'vitest';
import { escalationScheduleName, openExpedite } from '#functions/use-cases/open-expedite.ts';
import type { NotifyMessageOf } from '#schemas/messages/notify-message.ts';
import { renderNotification } from '#domain/emails/render-notification.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { checkedHead, LEAD_TIME_ON_ITEM_2, lineDown850, planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';

const partner = planningPartner();
const case2 = { partnerId: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '2', item: 'ITEM-2' };

async function deskWithItems(items = sampleItems()) {
  const desk = fakeDesk(partner);
  await desk.store.putItems(items);
  return desk;
}

const templates = (desk: ReturnType<typeof fakeDesk>) => desk.notify.bodies().map((m) => [m.template, m.idempotencyKey]);

const BOUGHT_IN_ITEM_2 = {
  item2: {
    source: 'buy',
    supplier: { name: 'Sam Supplier', email: 'sam@stamping.example' },
    purchasing: { manager: { name: 'Pia Purchasing', email: 'pia@supplier.example' }, director: { name: 'Pete Director', email: 'pete@supplier.example' }, vp: { name: 'Paula VP', email: 'paula@supplier.example' } },
  },
};

describe('openExpedite: P1 on a bought-in part', () => {
  it('asks the supplier at once and sets timers for the purchasing chain; the alert shows on hand per location, open supply and what can ship now', async () => {
    // Prepare
    const items = sampleItems(BOUGHT_IN_ITEM_2);
    const desk = await deskWithItems(items);
    await desk.store.putSupplyPlans([
      { schemaVersion: 1, item: 'ITEM-2', onHand: 12, locations: [{ location: 'PLANT', onHand: 8 }, { location: 'DC-EAST', onHand: 4 }], weeks: [{ weekStart: '2025-01-06', mps: 0, receipts: 30 }] },
    ]);
    const head = checkedHead(lineDown850('PO-1', 2), partner, items);
    // Act
    await openExpedite(desk, head, partner);
    // Assess
    const record = await desk.store.getEscalation('ACME', 'PO-1', '2');
    expect(record?.state.sent.map((s) => s.step)).toEqual(['owner', 'supplier']);
    expect(record?.schedules).toEqual(['manager', 'director', 'vp', 'purchasing-manager', 'purchasing-director', 'purchasing-vp'].map((s) => escalationScheduleName(case2, s)));
    expect(templates(desk)).toEqual([
      ['planning-p1-alert', 'p1-alert/ACME/PO-1/2'],
      ['planning-p1-escalation', 'p1-escalation/ACME/PO-1/2/supplier'],
    ]);
    const [alert, request] = desk.notify.bodies() as [NotifyMessageOf<'planning-p1-alert'>, NotifyMessageOf<'planning-p1-escalation'>];
    expect(alert.data.supply).toEqual({ locations: [{ location: 'PLANT', onHand: 8 }, { location: 'DC-EAST', onHand: 4 }], open: [{ weekStart: '2025-01-06', mps: 0, receipts: 30 }], canShipNow: 12 });
    expect(request.data.step).toMatchObject({ step: 'supplier', contact: { email: 'sam@stamping.example' } });
    const purchasingManager = desk.scheduler.schedules.get(escalationScheduleName(case2, 'purchasing-manager'));
    expect([purchasingManager?.at.toISOString(), purchasingManager?.message]).toEqual(['2025-01-02T07:04:05.000Z', expect.objectContaining({ kind: 'p1-escalation', step: 'purchasing-manager' })]);
  });
});

describe('openExpedite: P1 line-down', () => {
  it('creates the case once, alerts the 24/7 desk and the item owner at once, and sets a timer per later step', async () => {
    // Prepare
    const desk = await deskWithItems();
    const head = checkedHead(lineDown850('PO-1', 2), partner, sampleItems());
    // Act
    await openExpedite(desk, head, partner);
    // Assess
    const record = await desk.store.getEscalation('ACME', 'PO-1', '2');
    expect(record).toMatchObject({ version: 1, quantity: 20, requestedShipDate: '2025-03-01', reasons: [{ code: 'line-down-code', value: 'LD' }] });
    expect(record?.state.sent).toEqual([{ step: 'owner', at: '2025-01-02T03:04:05.000Z' }]);
    expect(record?.schedules).toEqual(['manager', 'director', 'vp'].map((s) => escalationScheduleName(case2, s)));
    expect(templates(desk)).toEqual([['planning-p1-alert', 'p1-alert/ACME/PO-1/2']]);
    const alert = desk.notify.bodies()[0] as NotifyMessageOf<'planning-p1-alert'>;
    expect(alert.data.line).toMatchObject({ purchaseOrderNumber: 'PO-1', lineNumber: '2', quantity: 20 });
    expect([...desk.scheduler.schedules].map(([name, s]) => [name, s.at.toISOString()])).toEqual([
      [escalationScheduleName(case2, 'manager'), '2025-01-02T07:04:05.000Z'],
      [escalationScheduleName(case2, 'director'), '2025-01-02T11:04:05.000Z'],
      [escalationScheduleName(case2, 'vp'), '2025-01-02T15:04:05.000Z'],
    ]);
  });

  it('opening the same order again keeps the one case and its timers; the alert repeats under the same key', async () => {
    // Prepare
    const desk = await deskWithItems();
    const head = checkedHead(lineDown850('PO-1', 2), partner, sampleItems());
    await openExpedite(desk, head, partner);
    const record = await desk.store.getEscalation('ACME', 'PO-1', '2');
    desk.clock.advance(3600);
    // Act
    await openExpedite(desk, head, partner);
    // Assess
    expect(await desk.store.getEscalation('ACME', 'PO-1', '2')).toEqual(record);
    expect(desk.scheduler.schedules.size).toBe(3);
    const [first, second] = desk.notify.bodies();
    expect(second).toEqual(first);
  });

  it('a rush order (both lines line-down): one P1 alert listing both lines; opening it again names the same alert', async () => {
    // Prepare
    const desk = await deskWithItems();
    const head = checkedHead(sample850('PO-1').replace('BEG*00*SA', 'BEG*00*RO'), partner, sampleItems());
    // Act
    await openExpedite(desk, head, partner);
    const first = templates(desk);
    desk.notify.clear();
    await openExpedite(desk, head, partner);
    // Assess
    expect(first).toEqual([['planning-p1-alert', expect.stringMatching(/^p1-alert\/ACME\/PO-1\/lines-[0-9a-f]{16}$/)]]);
    expect(templates(desk)).toEqual(first);
    const alert = desk.notify.bodies()[0] as NotifyMessageOf<'planning-p1-alert'>;
    expect([alert.data.line, ...(alert.data.more ?? []).map((x) => x.line)].map((l) => [l.lineNumber, l.item.vendorPart, l.quantity])).toEqual([['1', 'ITEM-1', 10], ['2', 'ITEM-2', 20]]);
    const rendered = renderNotification(alert);
    expect(rendered.kind === 'addressed' && rendered.email.subject).toMatch(/^\[P1 LINE DOWN\] ACME PO PO-1, 2 lines: confirm a date by /);
    // Every line keeps its own case and timers.
    expect([...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('p1-'))).toHaveLength(6);
  });

  it('a line that becomes line-down later gets its own alert; the line alerted before is not alerted again', async () => {
    // Prepare: line 2 line-down first.
    const desk = await deskWithItems();
    await openExpedite(desk, checkedHead(lineDown850('PO-1', 2), partner, sampleItems()), partner);
    desk.notify.clear();
    // Act: the order now has both lines line-down.
    await openExpedite(desk, checkedHead(sample850('PO-1').replace('BEG*00*SA', 'BEG*00*RO'), partner, sampleItems()), partner);
    // Assess: line 2's alert under its key (sent once), line 1's alone.
    expect(templates(desk)).toEqual([
      ['planning-p1-alert', 'p1-alert/ACME/PO-1/1'],
      ['planning-p1-alert', 'p1-alert/ACME/PO-1/2'],
    ]);
  });

  it('without a scheduler sends only the immediate alert', async () => {
    // Prepare
    const desk = await deskWithItems();
    const { scheduler: _none, ...withoutScheduler } = desk;
    // Act
    await openExpedite(withoutScheduler, checkedHead(lineDown850('PO-1', 2), partner, sampleItems()), partner);
    // Assess
    expect(templates(desk)).toEqual([['planning-p1-alert', 'p1-alert/ACME/PO-1/2']]);
    expect(desk.scheduler.schedules.size).toBe(0);
  });

  it('sets no timers for a case already confirmed', async () => {
    // Prepare
    const desk = await deskWithItems();
    const head = checkedHead(lineDown850('PO-1', 2), partner, sampleItems());
    await openExpedite({ ...desk, scheduler: undefined }, head, partner);
    const record = (await desk.store.getEscalation('ACME', 'PO-1', '2'))!;
    await desk.store.putEscalation({ ...record, version: 2, state: { ...record.state, confirmation: { date: '2025-01-10', by: 'Olive Owner', at: '2025-01-02T04:00:00.000Z' } } });
    // Act
    await openExpedite(desk, head, partner);
    // Assess
    expect(desk.scheduler.schedules.size).toBe(0);
  });

  it('opens nothing for a P1 line whose item the master does not know, and says so', async () => {
    // Prepare
    const desk = await deskWithItems([sampleItems()[0]!]);
    const logged: string[] = [];
    // Act
    await openExpedite({ ...desk, log: (message) => logged.push(message) }, checkedHead(lineDown850('PO-1', 2), partner, sampleItems()), partner);
    // Assess
    expect(desk.store.escalations.size).toBe(0);
    expect(desk.notify.sent).toEqual([]);
    expect(logged).toEqual(['P1 line without a resolved item: no escalation chain']);
  });
});

describe('openExpedite: P2 and the lines it skips', () => {
  it('alerts the allocation team about a P2 line, due at close of business the same day', async () => {
    // Prepare
    const desk = await deskWithItems(sampleItems(LEAD_TIME_ON_ITEM_2));
    // Act
    await openExpedite(desk, checkedHead(sample850('PO-1'), partner, sampleItems(LEAD_TIME_ON_ITEM_2)), partner);
    // Assess
    expect(templates(desk)).toEqual([['planning-p2-alert', 'p2/ACME/PO-1/ITEM-2:2:inside-lead-time']]);
    const alert = desk.notify.bodies()[0] as NotifyMessageOf<'planning-p2-alert'>;
    // raised 03:04 UTC Thursday = 21:04 CST Wednesday, after the desk's close (America/Chicago by
    // default): due at close of business of the desk's next business day, 17:00 CST Thursday
    expect(alert.data.dueAt).toBe('2025-01-02T23:00:00.000Z');
    expect(alert.data.reasons).toEqual([expect.objectContaining({ code: 'inside-lead-time', requestedShipDate: '2025-03-01' })]);
    expect(desk.store.escalations.size).toBe(0);
  });

  it('skips a rejected line and a cancelled order', async () => {
    // Prepare
    const desk = await deskWithItems();
    const head = checkedHead(lineDown850('PO-1', 2), partner, sampleItems());
    const rejected: OrderHead = { ...head, planning: { ...head.planning!, lineStates: head.planning!.lineStates.map((s) => (s.lineNumber === '2' ? { ...s, status: 'rejected' } : s)) } };
    const cancelled: OrderHead = { ...head, order: { ...head.order, status: 'cancelled' } };
    // Act
    await openExpedite(desk, rejected, partner);
    await openExpedite(desk, cancelled, partner);
    // Assess
    expect(desk.store.escalations.size).toBe(0);
    expect(desk.notify.sent).toEqual([]);
  });

  it('does nothing for an order the checks did not see', async () => {
    // Prepare
    const desk = await deskWithItems();
    const { planning: _p, ...unchecked } = checkedHead(lineDown850('PO-1', 2), partner, sampleItems());
    // Act
    await openExpedite(desk, unchecked, partner);
    // Assess
    expect(desk.notify.sent).toEqual([]);
  });
});
