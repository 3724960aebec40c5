import { describe, expect, it } from 'vitest';
import { renderNotification } from '#domain/emails/render-notification.ts';
import { fireDelayNotice } from '#functions/use-cases/fire-delay-notice.ts';
import { recomputeDelayRisk } from '#functions/use-cases/recompute-delay-risk.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { TimerMessage } from '#schemas/messages/timer-message.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

type DelayTimer = Extract<TimerMessage, { kind: 'delay-risk-notice' }>;

/** PO-1 (line 1: 10 × ITEM-1, line 2: 20 × ITEM-2) accepted, nothing of either item on hand or planned; ACME's notice goes 4 h after level 1. */
async function twoShortItems() {
  const partner = planningPartner({ autoCustomerRiskNotice: true, autoRiskNoticeAfterHours: 4 });
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems());
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  await desk.store.putSupplyPlans([
    { schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [] },
    { schemaVersion: 1, item: 'ITEM-2', onHand: 0, weeks: [] },
  ]);
  await recomputeDelayRisk(desk, ['ITEM-1', 'ITEM-2']);
  desk.notify.clear();
  const timers = [...desk.scheduler.schedules.values()].map((s) => s.message).filter((t): t is DelayTimer => t.kind === 'delay-risk-notice');
  return { desk, timer: (item: string) => timers.find((t) => t.item === item)! };
}

const customerSubjects = (desk: ReturnType<typeof fakeDesk>) =>
  desk.notify.bodies().flatMap((m) => {
    const rendered = m.template === 'planning-delay' ? renderNotification(m) : undefined;
    return rendered?.kind === 'addressed' && rendered.email.subject.startsWith('[DELIVERY') ? [rendered.email.subject] : [];
  });

describe('fireDelayNotice: one level-2 notice per order', () => {
  it('the first of two items\' timers tells the customer of both lines in one email; the second finds its line told', async () => {
    // Prepare: both lines short since the same recompute, so both timers are due at the same instant.
    const { desk, timer } = await twoShortItems();
    expect(timer('ITEM-1').dueAt).toBe(timer('ITEM-2').dueAt);
    desk.clock.advance(4 * 3600);
    // Act
    const first = await fireDelayNotice(desk, timer('ITEM-2'));
    const second = await fireDelayNotice(desk, timer('ITEM-1'));
    // Assess
    expect(first).toEqual({ fired: true, key: expect.stringMatching(/^delay-L2\/ITEM-2\//) });
    expect(second).toEqual({ fired: false, reason: expect.stringMatching(/^the customer was told at /) });
    expect(customerSubjects(desk)).toEqual(['[DELIVERY RISK] PO PO-1 lines 1, 2, items ITEM-1, ITEM-2: risk of late delivery']);
  });

  it('a timer that fires again sends nothing', async () => {
    // Prepare
    const { desk, timer } = await twoShortItems();
    desk.clock.advance(4 * 3600);
    await fireDelayNotice(desk, timer('ITEM-1'));
    desk.notify.clear();
    // Act
    const again = await fireDelayNotice(desk, timer('ITEM-1'));
    // Assess
    expect(again.fired).toBe(false);
    expect(desk.notify.sent).toEqual([]);
  });
});
