import { describe, expect, it } from 'vitest';
import { enteredSteps, stageFactsOf, stageOf, stepsOf, type StageFacts } from '#domain/orders/order-stage.ts';
import { stageOfEvents } from '#functions/use-cases/read-order-history.ts';
import type { OrderStep } from '#schemas/messages/order-step.ts';
import type { OrderEvent } from '#schemas/records/records.ts';

type Line = StageFacts['lines'][number];
const line = (lineNumber: string, status: Line['status'], due: number | undefined, shipped = 0): Line => ({ lineNumber, status, due, shipped });
const facts = (over: Partial<StageFacts>): StageFacts => ({
  cancelled: false,
  lines: [line('1', 'accepted', 10), line('2', 'accepted', 5)],
  acknowledgmentsSent: 1,
  takesAcknowledgments: true,
  shipmentsInvoiced: [],
  takesInvoices: false,
  ...over,
});

describe('order stage', () => {
  const cases: { name: string; facts: StageFacts; steps: OrderStep[] }[] = [
    { name: 'a held line: received only', facts: facts({ lines: [line('1', 'held', 10), line('2', 'accepted', 5)], acknowledgmentsSent: 0 }), steps: ['received'] },
    { name: 'decided but no 855 yet', facts: facts({ acknowledgmentsSent: 0 }), steps: ['received'] },
    { name: 'decided, no 855 for a partner that takes none', facts: facts({ acknowledgmentsSent: 0, takesAcknowledgments: false }), steps: ['received', 'confirmed'] },
    { name: 'its 855 sent for every line', facts: facts({}), steps: ['received', 'confirmed'] },
    { name: 'one line shipped in full, the other not at all', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'accepted', 5)], shipmentsInvoiced: [false] }), steps: ['received', 'confirmed', 'partially-shipped'] },
    { name: 'short on one line', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'accepted', 5, 4)], shipmentsInvoiced: [false, false] }), steps: ['received', 'confirmed', 'partially-shipped'] },
    { name: 'shipped in full, no 810 partner: closed', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'accepted', 5, 5)], shipmentsInvoiced: [false] }), steps: ['received', 'confirmed', 'shipped', 'closed'] },
    { name: 'shipped in full and every shipment invoiced: invoiced and closed', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'accepted', 5, 5)], shipmentsInvoiced: [true, true], takesInvoices: true }), steps: ['received', 'confirmed', 'shipped', 'invoiced', 'closed'] },
    { name: 'an 810 partner with a shipment not invoiced: shipped, not closed', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'accepted', 5, 5)], shipmentsInvoiced: [true, false], takesInvoices: true }), steps: ['received', 'confirmed', 'shipped'] },
    { name: 'partially shipped and invoiced: not invoiced until shipped in full', facts: facts({ lines: [line('1', 'accepted', 10, 3), line('2', 'accepted', 5)], shipmentsInvoiced: [true], takesInvoices: true }), steps: ['received', 'confirmed', 'partially-shipped'] },
    { name: 'a rejected line owes nothing', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('2', 'rejected', 5)], shipmentsInvoiced: [false] }), steps: ['received', 'confirmed', 'shipped', 'closed'] },
    { name: 'the confirmed quantity, not the ordered one, is owed', facts: facts({ lines: [line('1', 'accepted', 8, 8)], shipmentsInvoiced: [false] }), steps: ['received', 'confirmed', 'shipped', 'closed'] },
    { name: 'a line without a quantity is shipped once something of it shipped', facts: facts({ lines: [line('1', 'accepted', undefined, 1)], shipmentsInvoiced: [false] }), steps: ['received', 'confirmed', 'shipped', 'closed'] },
    { name: 'every line rejected, nothing shipped: confirmed only', facts: facts({ lines: [line('1', 'rejected', 10)] }), steps: ['received', 'confirmed'] },
    { name: 'a line added by an 860 and held after shipping: received and partially shipped', facts: facts({ lines: [line('1', 'accepted', 10, 10), line('3', 'held', 2)], shipmentsInvoiced: [false] }), steps: ['received', 'partially-shipped'] },
    { name: 'cancelled stays cancelled, whatever shipped', facts: facts({ cancelled: true, lines: [line('1', 'accepted', 10, 10)], shipmentsInvoiced: [true], takesInvoices: true }), steps: ['received', 'cancelled'] },
  ];
  it.each(cases)('$name', ({ facts: f, steps }) => {
    expect(stepsOf(f)).toEqual(steps);
    expect(stageOf(f)).toBe(steps.at(-1));
  });

  const moves: { before: OrderStep[]; after: OrderStep[]; entered: OrderStep[] }[] = [
    { before: [], after: ['received'], entered: ['received'] },
    { before: ['received', 'confirmed'], after: ['received', 'confirmed', 'shipped', 'invoiced', 'closed'], entered: ['shipped', 'invoiced', 'closed'] },
    { before: ['received', 'confirmed', 'partially-shipped'], after: ['received', 'confirmed', 'shipped', 'closed'], entered: ['shipped', 'closed'] },
    { before: ['received', 'confirmed', 'partially-shipped'], after: ['received', 'confirmed', 'partially-shipped'], entered: [] },
    { before: ['received', 'confirmed'], after: ['received'], entered: [] },
    { before: ['received', 'confirmed'], after: ['received', 'cancelled'], entered: ['cancelled'] },
  ];
  it.each(moves)('entered $entered going from $before to $after', ({ before, after, entered }) => {
    expect(enteredSteps(before, after)).toEqual(entered);
  });
});

describe('stage facts of an order head', () => {
  const purchaseOrder = { lines: [{ lineNumber: '1', quantity: 10 }, { lineNumber: '2', quantity: 5 }] } as never;
  it('reads line states, confirmed quantities, shipped totals and delivered invoices', () => {
    const head = {
      order: { status: 'open' as const, purchaseOrder },
      planning: {
        schemaVersion: 1 as const,
        lineStates: [
          { schemaVersion: 1 as const, lineNumber: '1', status: 'accepted' as const, reasons: [], escalationsSent: 0, backOrdered: false, quantity: 8 },
          { schemaVersion: 1 as const, lineNumber: '2', status: 'accepted' as const, reasons: [], escalationsSent: 0, backOrdered: false },
        ],
        decisions: [],
        items: {},
        tiers: {},
        acknowledgmentsSent: 1,
        shipped: { '1': 8, '2': 5 },
        shipments: [{ id: 'S1', sequence: 1, at: 'x', shipDate: '2026-01-01', lines: [], carrier: 'UPSN', sscc: [], by: 'x', invoiceKey: '810/A/P/S1', invoiceDeliveredAt: '2026-01-01T10:00:00.000Z' }],
      },
    };
    const f = stageFactsOf(head, { acks: { orderAck855: true, invoice810: true } });
    expect(f.lines).toEqual([line('1', 'accepted', 8, 8), line('2', 'accepted', 5, 5)]);
    expect(f.shipmentsInvoiced).toEqual([true]);
    expect(stageOf(f)).toBe('closed');
    // an 810 only queued (no invoiceDeliveredAt yet): shipped, not invoiced
    const queued = { ...head, planning: { ...head.planning, shipments: head.planning.shipments.map(({ invoiceDeliveredAt: _, ...rest }) => rest) } };
    expect(stageFactsOf(queued, { acks: { orderAck855: true, invoice810: true } }).shipmentsInvoiced).toEqual([false]);
    expect(stageOf(stageFactsOf(queued, { acks: { orderAck855: true, invoice810: true } }))).toBe('shipped');
    expect(stageOf(stageFactsOf({ ...head, order: { ...head.order, status: 'cancelled' } }, {}))).toBe('cancelled');
    expect(stageOf(stageFactsOf({ ...head, planning: { ...head.planning, shipped: { '1': 8 } } }, {}))).toBe('partially-shipped');
  });
});

describe('stage on the history', () => {
  const event = (seq: number, at: string, steps: OrderStep[] | undefined) => ({ seq, at, ...(steps ? { steps } : {}) }) as unknown as OrderEvent;
  it('lists when each step was entered, again after the order moved back, and skips events without steps', () => {
    const stage = stageOfEvents([
      event(1, 't1', ['received']),
      event(2, 't2', ['received', 'confirmed']),
      event(3, 't3', ['received']),
      event(4, 't4', undefined),
      event(5, 't5', ['received', 'confirmed', 'shipped', 'closed']),
    ]);
    expect(stage).toEqual({
      current: 'closed',
      steps: [
        { step: 'received', at: 't1', seq: 1 },
        { step: 'confirmed', at: 't2', seq: 2 },
        { step: 'confirmed', at: 't5', seq: 5 },
        { step: 'shipped', at: 't5', seq: 5 },
        { step: 'closed', at: 't5', seq: 5 },
      ],
    });
    expect(stageOfEvents([event(1, 't1', undefined)])).toBeUndefined();
  });
});
