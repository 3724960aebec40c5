import { describe, expect, it } from 'vitest';
import { comparePriority, proposeAllocation, rankLines, type AllocationInput, type AllocationLine, type PriorityKey } from '#domain/planning/allocation.ts';

describe('comparePriority: tier, then priority class, then value', () => {
  it.each<[string, PriorityKey, PriorityKey]>([
    ['P1 of a C partner before P2 of an A partner', { tier: 'P1', priorityClass: 'C', value: 10 }, { tier: 'P2', priorityClass: 'A', value: 10_000 }],
    ['P3 before untiered', { tier: 'P3', priorityClass: 'C' }, { priorityClass: 'A', value: 1_000 }],
    ['same tier: class A before a larger order of class B', { tier: 'P2', priorityClass: 'A', value: 100 }, { tier: 'P2', priorityClass: 'B', value: 5_000 }],
    ['same tier and class: the larger value first', { tier: 'P2', priorityClass: 'B', value: 900 }, { tier: 'P2', priorityClass: 'B', value: 899.99 }],
    ['priced before unpriced', { priorityClass: 'B', value: 0.01 }, { priorityClass: 'B' }],
    ['no profile ranks as class C', { priorityClass: 'C', value: 2 }, { value: 1 }],
  ])('%s', (_name, first, second) => {
    expect(comparePriority(first, second)).toBeLessThan(0);
    expect(comparePriority(second, first)).toBeGreaterThan(0);
  });

  it('ranks equal keys by due date, then partner, PO and line', () => {
    const line = (po: string, dueDate: string): AllocationLine => ({ partnerId: 'ACME', purchaseOrderNumber: po, lineNumber: '1', quantity: 10, dueDate, priorityClass: 'B', value: 100 });
    expect(rankLines([line('9', '2026-12-09'), line('2', '2026-12-08'), line('1', '2026-12-09')]).map((l) => l.purchaseOrderNumber)).toEqual(['2', '1', '9']);
  });
});

const W1 = '2026-12-07';
const W2 = '2026-12-14';
const W3 = '2026-12-21';

function line(po: string, quantity: number, key: PriorityKey): AllocationLine {
  return { partnerId: po.split('-')[0]!, purchaseOrderNumber: po, lineNumber: '1', quantity, dueDate: '2026-12-09', ...key };
}

interface Case {
  name: string;
  input: Omit<AllocationInput, 'item'>;
  available: number;
  short: number;
  /** PO → outcome and decision, in rank order. */
  expected: [string, string, number, string | undefined][];
}

describe('proposeAllocation', () => {
  it.each<Case>([
    {
      name: 'supply covers every booked line: all on time, nothing to decide',
      input: { openingBalance: 20, weeks: [{ weekStart: W1, supply: 100, otherDemand: 0 }], lines: [line('ACME-1', 70, { priorityClass: 'A' }), line('BOLT-1', 50, { priorityClass: 'B' })] },
      available: 120,
      short: 0,
      expected: [['ACME-1', 'on-time', 70, undefined], ['BOLT-1', 'on-time', 50, undefined]],
    },
    {
      // 100 available: the P2 line first (60), then class A's 50 does not fit in the 40 left and
      // moves whole to week 3 (week 2 has no room: its balance is 0), and class C's 30 fits.
      name: 'a line that does not fit moves whole to the first later week with room; a smaller one below it still fits',
      input: {
        openingBalance: 0,
        weeks: [{ weekStart: W1, supply: 100, otherDemand: 0 }, { weekStart: W2, supply: 0, otherDemand: 0 }, { weekStart: W3, supply: 80, otherDemand: 0 }],
        lines: [line('CIRRUS-1', 30, { priorityClass: 'C', value: 3_000 }), line('ACME-1', 50, { priorityClass: 'A', value: 50 }), line('BOLT-1', 60, { tier: 'P2', priorityClass: 'B', value: 600 })],
      },
      available: 100,
      short: 40,
      expected: [['BOLT-1', 'on-time', 60, undefined], ['ACME-1', 'later', 0, `date=${W3}`], ['CIRRUS-1', 'on-time', 30, undefined]],
    },
    {
      name: 'no later week has room: the line is cut to what is left',
      input: { openingBalance: 0, weeks: [{ weekStart: W1, supply: 50, otherDemand: 0 }, { weekStart: W2, supply: 0, otherDemand: 0 }], lines: [line('ACME-1', 40, { priorityClass: 'A' }), line('BOLT-1', 30, { priorityClass: 'B' })] },
      available: 50,
      short: 20,
      expected: [['ACME-1', 'on-time', 40, undefined], ['BOLT-1', 'cut', 10, 'quantity=10']],
    },
    {
      name: 'nothing left and no later room: no proposal, the planner decides',
      input: { openingBalance: 0, weeks: [{ weekStart: W1, supply: 50, otherDemand: 0 }], lines: [line('ACME-1', 50, { priorityClass: 'A' }), line('BOLT-1', 30, { priorityClass: 'B' })] },
      available: 50,
      short: 30,
      expected: [['ACME-1', 'on-time', 50, undefined], ['BOLT-1', 'unallocated', 0, undefined]],
    },
    {
      // Available = 20 carried + 30 supply − 10 other demand = 40.
      name: "the week's other demand and the balance carried in count",
      input: { openingBalance: 20, weeks: [{ weekStart: W1, supply: 30, otherDemand: 10 }], lines: [line('ACME-1', 25, { priorityClass: 'A' }), line('BOLT-1', 25, { priorityClass: 'B' })] },
      available: 40,
      short: 10,
      expected: [['ACME-1', 'on-time', 25, undefined], ['BOLT-1', 'cut', 15, 'quantity=15']],
    },
    {
      // Week 2's 60 takes the first moved line (50); the second would take its balance to −40.
      name: 'moved lines do not overbook the later week',
      input: {
        openingBalance: 0,
        weeks: [{ weekStart: W1, supply: 0, otherDemand: 0 }, { weekStart: W2, supply: 60, otherDemand: 0 }],
        lines: [line('ACME-1', 50, { priorityClass: 'A' }), line('BOLT-1', 50, { priorityClass: 'B' })],
      },
      available: 0,
      short: 100,
      expected: [['ACME-1', 'later', 0, `date=${W2}`], ['BOLT-1', 'unallocated', 0, undefined]],
    },
    {
      // Week 2 has 60 free but week 3's own demand takes 40 of it back: a move to week 2 would
      // leave week 3 at −30, and week 3 itself has only 20: no later week has room.
      name: "a move is checked against every later week's balance, not the target week's alone",
      input: {
        openingBalance: 0,
        weeks: [{ weekStart: W1, supply: 0, otherDemand: 0 }, { weekStart: W2, supply: 60, otherDemand: 0 }, { weekStart: W3, supply: 0, otherDemand: 40 }],
        lines: [line('ACME-1', 50, { priorityClass: 'A' })],
      },
      available: 0,
      short: 50,
      expected: [['ACME-1', 'unallocated', 0, undefined]],
    },
    {
      name: 'a backlog carried into the week leaves nothing available',
      input: { openingBalance: -30, weeks: [{ weekStart: W1, supply: 20, otherDemand: 0 }], lines: [line('ACME-1', 10, { priorityClass: 'A' })] },
      available: 0,
      short: 10,
      expected: [['ACME-1', 'unallocated', 0, undefined]],
    },
  ])('$name', ({ input, available, short, expected }) => {
    const proposal = proposeAllocation({ item: 'KPC-3310', ...input });
    expect(proposal.available).toBe(available);
    expect(proposal.short).toBe(short);
    expect(proposal.weekStart).toBe(W1);
    expect(proposal.lines.map((l) => [l.purchaseOrderNumber, l.outcome, l.allocated, l.decision])).toEqual(expected);
    expect(proposal.lines.map((l) => l.rank)).toEqual(expected.map((_, i) => i + 1));
  });

  it('names the same facts with the same id, and changed supply with another', () => {
    const input: AllocationInput = { item: 'KPC-3310', openingBalance: 0, weeks: [{ weekStart: W1, supply: 50, otherDemand: 0 }], lines: [line('ACME-1', 40, { priorityClass: 'A' }), line('BOLT-1', 30, { priorityClass: 'B' })] };
    const id = proposeAllocation(input).id;
    expect(proposeAllocation({ ...input, lines: [...input.lines].reverse() }).id).toBe(id);
    expect(proposeAllocation({ ...input, weeks: [{ weekStart: W1, supply: 51, otherDemand: 0 }] }).id).not.toBe(id);
  });

  it('refuses an empty horizon', () => {
    expect(() => proposeAllocation({ item: 'X', openingBalance: 0, weeks: [], lines: [] })).toThrow(RangeError);
  });
});
