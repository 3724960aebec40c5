import { describe, expect, it } from 'vitest';
import { OrderConflictError } from '#functions/use-cases/errors.ts';
import { recomputeDelayRisk } from '#functions/use-cases/recompute-delay-risk.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { renderNotification } from '#domain/emails/render-notification.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

/** PO-1 accepted (line 1: 10 × ITEM-1 due 2025-03-01), then ITEM-1's supply plan: `onHand` and nothing planned. */
async function deskWithSupply(onHand: number, partner: PartnerProfile = planningPartner()) {
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand, weeks: [] }]);
  desk.outbound.clear();
  desk.notify.clear();
  return desk;
}

const delayIds = (desk: ReturnType<typeof fakeDesk>) => desk.notify.bodies().map((m) => [m.template, m.idempotencyKey]);

describe('recomputeDelayRisk', () => {
  it('a shortage sends the level-1 alert and a P2 alert for the short line, and writes delay state v1', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    // Act
    const [result] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(result?.item).toBe('ITEM-1');
    expect(result?.rows.find((r) => r.shortage)).toMatchObject({ weekStart: '2025-02-24', pab: -10 });
    const [level1] = result?.notifications ?? [];
    // Named by the facts (item, lines and their short weeks), not by the delay state's version.
    expect(level1).toMatch(/^delay-L1\/ITEM-1\/[0-9a-f]{16}$/);
    expect(delayIds(desk)).toEqual([
      ['planning-delay', level1],
      ['planning-p2-alert', 'p2/ACME/PO-1/ITEM-1:1:pab-shortage@2025-02-24'],
    ]);
    const alert = desk.notify.bodies()[0];
    expect(alert?.template === 'planning-delay' && alert.data.notification).toMatchObject({ kind: 'delay-alert', level: 1, lines: [{ line: { partnerId: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1' }, pab: -10 }] });
    const state = await desk.store.getDelayState('ITEM-1');
    expect(state?.version).toBe(1);
    expect(state?.state.lines['ACME/PO-1/1']).toMatchObject({ active: true, level1At: '2025-01-02T03:04:05.000Z' });
  });

  it('running again on the same shortage sends nothing new and keeps the state', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    const state = await desk.store.getDelayState('ITEM-1');
    desk.notify.clear();
    // Act
    const [again] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(again?.notifications).toEqual([]);
    expect(desk.notify.sent).toEqual([]);
    expect(await desk.store.getDelayState('ITEM-1')).toEqual(state);
  });

  it('as the set of short lines grows, level 1 and P2 name only the lines not told yet', async () => {
    // Prepare: PO-1 line 1 already alerted; PO-2 (10 more of ITEM-1, same date) joins the shortage.
    const desk = await deskWithSupply(0);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    desk.notify.clear();
    const partner = planningPartner();
    // Act: the order's review recomputes ITEM-1 (its follow-up), then a recompute runs again.
    await reviewOrder(desk, orderSet(sample850('PO-2', { isa13: '000000002' }), partner));
    await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    const bodies = desk.notify.bodies();
    const level1 = bodies.filter((m) => m.template === 'planning-delay').map((m) => (m.template === 'planning-delay' ? m.data.notification : undefined));
    expect(level1).toHaveLength(1);
    expect(level1[0]?.kind === 'delay-alert' && level1[0].lines.map((l) => l.line.purchaseOrderNumber)).toEqual(['PO-2']);
    expect(bodies.filter((m) => m.template === 'planning-p2-alert').map((m) => m.idempotencyKey)).toEqual(['p2/ACME/PO-2/ITEM-1:1:pab-shortage@2025-02-24']);
    // And once more: nothing.
    desk.notify.clear();
    await recomputeDelayRisk(desk, ['ITEM-1']);
    expect(desk.notify.sent).toEqual([]);
  });

  it('sends the all-clear to the same people once supply covers the line again', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    desk.notify.clear();
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [{ weekStart: '2025-02-17', mps: 50, receipts: 0 }] }]);
    // Act
    const [result] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(result?.notifications).toEqual([expect.stringMatching(/^delay-clear\/ITEM-1\/2\//)]);
    const [clear] = desk.notify.bodies();
    expect(clear?.template === 'planning-delay' && clear.data.notification).toMatchObject({ kind: 'all-clear', lines: [{ partnerId: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1' }] });
    const state = await desk.store.getDelayState('ITEM-1');
    expect(state?.version).toBe(2);
    expect(state?.state.lines['ACME/PO-1/1']).toMatchObject({ active: false, allClearAt: '2025-01-02T03:04:05.000Z' });
  });

  it('a repeat after the state write failed decides the same notification ids', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    desk.store.failNext('putDelayState');
    await expect(recomputeDelayRisk(desk, ['ITEM-1'])).rejects.toThrow('injected failure in putDelayState');
    const firstAttempt = delayIds(desk);
    expect(firstAttempt).toHaveLength(2);
    expect(await desk.store.getDelayState('ITEM-1')).toBeUndefined();
    desk.notify.clear();
    desk.clock.advance(600);
    // Act
    const [result] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(delayIds(desk)).toEqual(firstAttempt);
    expect(result?.notifications).toEqual([firstAttempt[0]?.[1]]);
    expect((await desk.store.getDelayState('ITEM-1'))?.version).toBe(1);
  });

  it('refuses with OrderConflictError when another recompute wrote the state first, and sends nothing twice on the retry', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    desk.store.interleaveNext('putDelayState', () => recomputeDelayRisk(desk, ['ITEM-1']));
    // Act
    const raced = recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    await expect(raced).rejects.toBeInstanceOf(OrderConflictError);
    const ids = desk.notify.bodies().map((m) => m.idempotencyKey);
    expect(new Set(ids).size).toBe(2);
    desk.notify.clear();
    const [retry] = await recomputeDelayRisk(desk, ['ITEM-1']);
    expect(retry?.notifications).toEqual([]);
    expect(desk.notify.sent).toEqual([]);
  });

  it("deletes a line's level-2 timer when the risk clears before it fires, and when the notice went first", async () => {
    // Prepare: the partner sends its automatic notice 6 h after level 1
    const after6h = planningPartner({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 6 });
    const desk = await deskWithSupply(0, after6h);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    const [timer] = [...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('delay-l2-'));
    expect(timer).toBeDefined();
    // Act: supply covers the line again
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [{ weekStart: '2025-02-17', mps: 50, receipts: 0 }] }]);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(desk.scheduler.cancelled).toEqual([timer]);
    expect(desk.scheduler.schedules.has(timer!)).toBe(false);

    // Short again an hour later (a new episode, a new timer), and the planner sends the notice by hand first
    desk.clock.current = new Date('2025-01-02T04:04:05.000Z');
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [] }]);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    const [second] = [...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('delay-l2-'));
    expect(second).toBeDefined();
    expect(second).not.toBe(timer);
    await recomputeDelayRisk(desk, ['ITEM-1'], { riskNotices: [{ line: { partnerId: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1' }, cause: 'press down', countermeasures: ['overtime'], enteredBy: 'Pat Planner' }] });
    expect(desk.scheduler.cancelled).toEqual([timer, second]);
  });

  it('leaves the timer while the line stays short and the notice has not gone', async () => {
    const desk = await deskWithSupply(0, planningPartner({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 6 }));
    await recomputeDelayRisk(desk, ['ITEM-1']);
    await recomputeDelayRisk(desk, ['ITEM-1']);
    expect(desk.scheduler.cancelled).toEqual([]);
    expect([...desk.scheduler.schedules.keys()].filter((n) => n.startsWith('delay-l2-'))).toHaveLength(1);
  });

  it('sends the automatic level-2 notice through the order for a partner whose profile allows it', async () => {
    // Prepare
    const desk = await deskWithSupply(0, planningPartner({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 0 }));
    // Act
    const [result] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    const level2 = result?.notifications.find((id) => id.startsWith('delay-L2/'));
    expect(level2).toMatch(/^delay-L2\/ITEM-1\/[0-9a-f]{16}$/);
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.lastEvent).toMatchObject({ type: 'order.delay-notified', actor: 'system:delay-risk', cause: { id: level2 }, details: { kind: 'risk-notice', level: 2, lines: ['1'] } });
    expect(desk.notify.bodies().find((m) => m.idempotencyKey === level2)?.causeEventHash).toBe(head?.lastEvent.hash);
  });

  describe('one customer notice per order across its items', () => {
    /** PO-1 (line 1: 10 × ITEM-1, line 2: 20 × ITEM-2) accepted; neither item has anything on hand or planned; ACME's notice goes with level 1. */
    async function twoShortItems() {
      const partner = planningPartner({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 0 });
      const desk = await deskWithSupply(0, partner);
      await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-2', onHand: 0, weeks: [] }]);
      return desk;
    }
    const customerEmails = (desk: ReturnType<typeof fakeDesk>) =>
      desk.notify.bodies().flatMap((m) => {
        const rendered = m.template === 'planning-delay' ? renderNotification(m) : undefined;
        return rendered?.kind === 'addressed' && rendered.email.subject.startsWith('[DELIVERY') ? [{ key: m.idempotencyKey, ...rendered.email }] : [];
      });

    it('two items of one order short in the same recompute: one [DELIVERY RISK] listing both, recorded once on the order; again, nothing', async () => {
      // Prepare
      const desk = await twoShortItems();
      // Act
      const results = await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
      // Assess: each item decided its own notice; the order got one email naming both.
      const ids = results.map((r) => r.notifications.find((id) => id.startsWith('delay-L2/'))).sort();
      expect(ids).toEqual([expect.stringMatching(/^delay-L2\/ITEM-1\//), expect.stringMatching(/^delay-L2\/ITEM-2\//)]);
      const emails = customerEmails(desk);
      expect(emails.map((e) => e.subject)).toEqual(['[DELIVERY RISK] PO PO-1 lines 1, 2, items ITEM-1, ITEM-2: risk of late delivery']);
      expect(emails[0]?.key).toMatch(/^delay-L2\/order\/ACME\/PO-1\/[0-9a-f]{16}$/);
      expect(emails[0]?.text).toContain('Item ITEM-1 (');
      expect(emails[0]?.text).toContain('Item ITEM-2 (');
      const head = await desk.orders.get('ACME', 'PO-1');
      expect(head?.lastEvent).toMatchObject({ type: 'order.delay-notified', cause: { id: emails[0]?.key }, details: { kind: 'risk-notice', lines: ['1', '2'], items: [{ item: 'ITEM-1', notificationId: ids[0] }, { item: 'ITEM-2', notificationId: ids[1] }] } });
      // Each item's history has the email sent.
      for (const [item, id] of [['ITEM-1', ids[0]], ['ITEM-2', ids[1]]] as const) {
        expect((await desk.itemHistory.listItemEvents(item)).find((e) => e.id === id)?.summary).toContain('[DELIVERY RISK] PO PO-1 lines 1, 2');
      }
      desk.notify.clear();
      await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
      expect(desk.notify.sent).toEqual([]);
    });

    it('an item told on its own before (a concurrent recompute of fewer items) is not told again in the order\'s email', async () => {
      // Prepare: a recompute of ITEM-1 alone tells the customer, then loses its state write (as if
      // a concurrent recompute of both items read the state before it).
      const desk = await twoShortItems();
      const lost = { ...desk, delays: { getDelayState: desk.store.getDelayState.bind(desk.store), putDelayState: async () => 'conflict' as const } };
      await expect(recomputeDelayRisk(lost, ['ITEM-1'])).rejects.toThrow(OrderConflictError);
      expect(customerEmails(desk).map((e) => e.subject)).toEqual(['[DELIVERY RISK] PO PO-1 line 1, item ITEM-1: risk of late delivery']);
      desk.notify.clear();
      // Act
      await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
      // Assess: only ITEM-2 is new to the customer.
      expect(customerEmails(desk).map((e) => e.subject)).toEqual(['[DELIVERY RISK] PO PO-1 line 2, item ITEM-2: risk of late delivery']);
    });

    it('both items covered again: one [DELIVERY ON TIME] naming both lines', async () => {
      // Prepare
      const desk = await twoShortItems();
      await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
      await desk.store.putSupplyPlans([
        { schemaVersion: 1, item: 'ITEM-1', onHand: 100, weeks: [] },
        { schemaVersion: 1, item: 'ITEM-2', onHand: 100, weeks: [] },
      ]);
      desk.notify.clear();
      // Act
      await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
      // Assess
      const emails = customerEmails(desk);
      expect(emails.map((e) => e.subject)).toEqual(['[DELIVERY ON TIME] PO PO-1 lines 1, 2, items ITEM-1, ITEM-2: the delivery risk is resolved']);
      expect(emails[0]?.key).toMatch(/^delay-clear-customer\/order\/ACME\/PO-1\/[0-9a-f]{16}$/);
    });
  });

  it('skips an item with no supply plan and one the item master does not know', async () => {
    // Prepare
    const desk = await deskWithSupply(0);
    // Act
    const results = await recomputeDelayRisk(desk, ['ITEM-2', 'NOT-AN-ITEM']);
    // Assess
    expect(results).toEqual([]);
    expect(desk.notify.sent).toEqual([]);
    expect(desk.store.delays.size).toBe(0);
  });

  it('writes no state when nothing is short and nothing was before', async () => {
    // Prepare
    const desk = await deskWithSupply(100);
    // Act
    const [result] = await recomputeDelayRisk(desk, ['ITEM-1']);
    // Assess
    expect(result?.notifications).toEqual([]);
    expect(desk.store.delays.size).toBe(0);
  });
});
