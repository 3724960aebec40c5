import { describe, expect, it } from 'vitest';
import { allocateSupply } from '#functions/use-cases/allocate-supply.ts';
import { RequestRefusedError } from '#functions/use-cases/errors.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

const DUE_WEEK = '2025-02-24'; // the sample 850's 2025-03-01 falls in it
const LATER_WEEK = '2025-03-10';

/**
 * Three orders of ITEM-1 due 2025-03-01: ACME (class C) PO-A 30 × 2.50 and PO-B 20 × 2.50, BOLT
 * (class A) PO-C 15 × 2.50. Supply: nothing on hand, 40 in the due week, 30 two weeks later.
 * Rank: BOLT's PO-C first (class A), then ACME's by value, PO-A (75) before PO-B (50).
 * 40 available: PO-C 15 on time; PO-A's 30 does not fit in the 25 left and moves whole to
 * 2025-03-10 (30 planned there); PO-B's 20 fits in the 25 left, on time.
 */
async function shortWeek() {
  const acme = planningPartner({ priorityClass: 'C' });
  const bolt = planningPartner({ id: 'BOLT', priorityClass: 'A' });
  const desk = fakeDesk(acme, bolt);
  await desk.store.putItems(sampleItems());
  const one = (po: string, quantity: number) => sample850(po, {}, 1).replace('PO1*1*10*EA*2.5**VP*ITEM-1', `PO1*1*${quantity}*EA*2.5**VP*ITEM-1`);
  await reviewOrder(desk, orderSet(one('PO-A', 30), acme));
  await reviewOrder(desk, orderSet(one('PO-B', 20), acme));
  await reviewOrder(desk, orderSet(one('PO-C', 15), bolt));
  await desk.store.putSupplyPlans([
    {
      schemaVersion: 1,
      item: 'ITEM-1',
      onHand: 0,
      weeks: [
        { weekStart: DUE_WEEK, mps: 40, receipts: 0 },
        { weekStart: LATER_WEEK, mps: 30, receipts: 0 },
      ],
    },
  ]);
  desk.outbound.clear();
  desk.notify.clear();
  return desk;
}

const ackLines = (m: OutboundMessage | undefined) => (m?.payload.kind === 'inline' && m.payload.document.type === '855' ? m.payload.document.lines.map((l) => [l.lineNumber, l.acks[0]?.status, l.acks[0]?.quantity, l.acks[0]?.date]) : undefined);
const acksOf = (desk: ReturnType<typeof fakeDesk>, po: string) => desk.outbound.bodies().filter((m) => m.idempotencyKey.includes(`/${po}/`));

describe('allocateSupply', () => {
  it('proposes by tier, priority class and value, and changes nothing until confirmed', async () => {
    // Prepare
    const desk = await shortWeek();
    const before = await desk.orders.get('ACME', 'PO-A');
    // Act
    const { proposal, applied } = await allocateSupply(desk, { item: 'ITEM-1', week: '2025-02-26' });
    // Assess
    expect(proposal).toMatchObject({ item: 'ITEM-1', weekStart: DUE_WEEK, available: 40, booked: 65, short: 25 });
    expect(proposal.lines.map((l) => [l.partnerId, l.purchaseOrderNumber, l.priorityClass, l.value, l.outcome, l.decision])).toEqual([
      ['BOLT', 'PO-C', 'A', 37.5, 'on-time', undefined],
      ['ACME', 'PO-A', 'C', 75, 'later', `date=${LATER_WEEK}`],
      ['ACME', 'PO-B', 'C', 50, 'on-time', undefined],
    ]);
    expect(applied).toBeUndefined();
    expect(await desk.orders.get('ACME', 'PO-A')).toEqual(before);
    expect(desk.outbound.sent).toEqual([]);
  });

  it("a confirmation decides the moved line like edi decide: a line.decided event and a replacing 855 with the new date", async () => {
    // Prepare
    const desk = await shortWeek();
    const { proposal } = await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK });
    // Act
    const { applied } = await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK, confirm: proposal.id, by: 'Pat Planner', reason: 'short week' });
    // Assess
    expect(applied?.map((a) => [a.purchaseOrderNumber, a.lineNumber, a.decision, a.result.acknowledgment])).toEqual([['PO-A', '1', `date=${LATER_WEEK}`, 'ready']]);
    const head = await desk.orders.get('ACME', 'PO-A');
    expect(head?.planning?.decisions.at(-1)).toMatchObject({ action: { kind: 'date', date: LATER_WEEK }, by: 'Pat Planner', reason: expect.stringContaining(`allocation ${proposal.id} of ITEM-1 week ${DUE_WEEK}`) });
    const acks = acksOf(desk, 'PO-A');
    expect(acks.map(ackLines)).toEqual([[['1', 'DR', 30, LATER_WEEK]]]);
    // Nothing else was decided: PO-B and PO-C keep their first 855s.
    expect(desk.outbound.bodies().length).toBe(acksOf(desk, 'PO-A').length);
    // The item's history: the allocation with each line's outcome, then the decision it made.
    const history = (await desk.itemHistory.listItemEvents('ITEM-1')).filter((e) => e.kind === 'allocation' || e.kind === 'decision');
    expect(history.map((e) => e.kind)).toEqual(['allocation', 'decision']);
    expect(history[0]).toMatchObject({ id: `allocation/${proposal.id}`, actor: 'planner:Pat Planner', details: { available: 40, booked: 65, reason: 'short week' } });
    expect(history[0]?.summary).toContain(`ACME PO PO-A line 1 date=${LATER_WEEK}`);
    expect((history[0]?.details as { lines: { purchaseOrderNumber: string; outcome: string }[] }).lines.map((l) => [l.purchaseOrderNumber, l.outcome])).toEqual([
      ['PO-C', 'on-time'],
      ['PO-A', 'later'],
      ['PO-B', 'on-time'],
    ]);
  });

  it('cuts a line no later week has room for to what is left of the week (ACK IQ)', async () => {
    // Prepare: no supply after the due week, so PO-A cannot move; it takes the 25 left.
    const desk = await shortWeek();
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 0, weeks: [{ weekStart: DUE_WEEK, mps: 40, receipts: 0 }] }]);
    const { proposal } = await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK });
    expect(proposal.lines.map((l) => [l.purchaseOrderNumber, l.outcome, l.decision])).toEqual([
      ['PO-C', 'on-time', undefined],
      ['PO-A', 'cut', 'quantity=25'],
      ['PO-B', 'unallocated', undefined],
    ]);
    // Act
    await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK, confirm: proposal.id, by: 'Pat Planner' });
    // Assess
    expect(acksOf(desk, 'PO-A').map(ackLines)).toEqual([[['1', 'IQ', 25, expect.anything()]]]);
    const demand = await desk.store.openDemand('ITEM-1');
    expect(demand.find((d) => d.purchaseOrderNumber === 'PO-A')?.quantity).toBe(25);
  });

  it('refuses a confirmation the current facts no longer give — changed supply, or confirmed already — and decides nothing twice', async () => {
    // Prepare
    const desk = await shortWeek();
    const { proposal } = await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK });
    await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK, confirm: proposal.id, by: 'Pat Planner' });
    const after = await desk.orders.get('ACME', 'PO-A');
    desk.outbound.clear();
    // Act
    const again = allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK, confirm: proposal.id, by: 'Pat Planner' });
    // Assess
    await expect(again).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(again).rejects.toThrow(/is not the current proposal/);
    expect(await desk.orders.get('ACME', 'PO-A')).toEqual(after);
    expect(desk.outbound.sent).toEqual([]);
  });

  it.each([
    [{ item: 'NO-SUCH', week: DUE_WEEK }, 'no item NO-SUCH'],
    [{ item: 'ITEM-1', week: '26 Feb' }, '--week: a date YYYY-MM-DD'],
    [{ item: 'ITEM-1', week: '2024-01-01' }, 'outside ITEM-1'],
    [{ item: 'ITEM-2', week: DUE_WEEK }, 'no supply plan for ITEM-2'],
  ])('refuses %o', async (request, message) => {
    const desk = await shortWeek();
    await expect(allocateSupply(desk, request)).rejects.toThrow(message);
  });

  it('refuses a confirmation without who confirms', async () => {
    const desk = await shortWeek();
    const { proposal } = await allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK });
    await expect(allocateSupply(desk, { item: 'ITEM-1', week: DUE_WEEK, confirm: proposal.id })).rejects.toThrow('--by NAME is required');
  });
});
