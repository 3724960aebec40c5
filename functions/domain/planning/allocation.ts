/**
 * Priority and allocation (README, "Planning intelligence", priority and allocation).
 *
 * Priority — DOMAIN seed 4 (urgency is classified: P1 line-down, P2 order at risk, P3 plan
 * shortfall) and seed 4's "prioritise by value": work lists, digests and allocation rank by
 * 1 tier (P1, P2, P3, then untiered), 2 the partner's priority class (A before B before C, the
 * profile's `priorityClass`: the business's own ranking of its customers, which a large order of a
 * small customer does not overturn), 3 value (quantity × unit price, largest first; unpriced
 * last), then the earlier due date and the line's own keys, so the order is total and repeatable.
 *
 * Allocation — when the supply of a week does not cover the orders booked in it, the week's
 * available quantity (the balance carried into the week plus its supply, less its other demand)
 * goes to the lines in priority order. A line that fits keeps its date; a line that does not fit
 * moves whole to the first later week whose projected balance stays at or above zero with it from
 * then on (a `date=` decision, a confirmed delay); a line that fits in no later week of the
 * horizon is cut to what is left of the week (a `quantity=` decision); a line for which nothing is
 * left and no later week has room gets no proposal — the planner decides it (expedite, reject).
 * Lines are kept whole rather than split: one PO1 line has one date and one quantity in the 855.
 */
import { sha256Hex } from '../orders/sha256.ts';
import type { PartnerPriorityClass } from '#schemas/master-data/partner-profile.ts';
import type { ExpediteTier } from '#schemas/records/planning-state.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { lineNumberOf } from './order-lines.ts';

const TIER_RANK: Readonly<Record<string, number>> = { P1: 0, P2: 1, P3: 2 };
const CLASS_RANK: Readonly<Record<string, number>> = { A: 0, B: 1, C: 2 };

/** What ranks a piece of work or an order line (README, "Planning intelligence", priority). */
export interface PriorityKey {
  tier?: ExpediteTier | undefined;
  /** The partner's priority class; a partner without a profile ranks as `C`. */
  priorityClass?: PartnerPriorityClass | undefined;
  /** Quantity × unit price; undefined when unpriced. */
  value?: number | undefined;
}

/** Negative when `a` comes first: tier, then priority class, then value (largest first). */
export function comparePriority(a: PriorityKey, b: PriorityKey): number {
  return (
    (TIER_RANK[a.tier ?? ''] ?? 3) - (TIER_RANK[b.tier ?? ''] ?? 3) ||
    (CLASS_RANK[a.priorityClass ?? 'C'] ?? 2) - (CLASS_RANK[b.priorityClass ?? 'C'] ?? 2) ||
    (b.value ?? -1) - (a.value ?? -1)
  );
}

/** Quantity × unit price to the cent; undefined when either is missing. */
export function valueOf(quantity: number | undefined, unitPrice: number | undefined): number | undefined {
  return quantity === undefined || unitPrice === undefined ? undefined : Math.round(quantity * unitPrice * 100) / 100;
}

/** An order line as priority sees it: quantity and price as promised (the planner's decided ones first), item and tier. */
export interface PricedLine {
  quantity?: number | undefined;
  unitPrice?: number | undefined;
  item?: string | undefined;
  tier?: ExpediteTier | undefined;
}

/** Price line `lineNumber` of a stored order; empty when the order or line is unknown. */
export function pricedLineOf(head: OrderHead | undefined, lineNumber: string): PricedLine {
  if (!head) return {};
  const lines = head.order.purchaseOrder.lines;
  const index = lines.findIndex((l, i) => lineNumberOf(l, i) === lineNumber);
  const line = index >= 0 ? lines[index] : undefined;
  const state = head.planning?.lineStates.find((s) => s.lineNumber === lineNumber);
  return {
    quantity: state?.quantity ?? line?.quantity,
    unitPrice: state?.unitPrice ?? line?.unitPrice,
    item: head.planning?.items[lineNumber],
    tier: head.planning?.tiers[lineNumber]?.tier,
  };
}

export interface AllocationLine extends PriorityKey {
  partnerId: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  quantity: number;
  /** The ship date the line is due (inside the allocated week). */
  dueDate: string;
}

export interface AllocationWeek {
  weekStart: string;
  /** Planned supply of the week (MPS + receipts). */
  supply: number;
  /** Demand of the week other than the lines being allocated (later weeks: all of it). */
  otherDemand: number;
}

export interface AllocationInput {
  item: string;
  /** Projected balance carried into the first week (PAB of the week before; on hand for the first projected week). */
  openingBalance: number;
  /** The allocated week first, then the later weeks of the horizon, consecutive. */
  weeks: readonly AllocationWeek[];
  /** The booked lines due in the first week. */
  lines: readonly AllocationLine[];
}

export type AllocationOutcome = 'on-time' | 'later' | 'cut' | 'unallocated';

export interface AllocatedLine extends AllocationLine {
  /** Priority rank, 1 first. */
  rank: number;
  /** Quantity the week's supply covers on the line's date (0 for a line moved later). */
  allocated: number;
  outcome: AllocationOutcome;
  /** The `edi decide` word this allocation proposes (`date=…` or `quantity=…`); none when on time or unallocated. */
  decision?: string;
  /** The new ship date of a line moved later (the Monday of that week). */
  newDate?: string;
}

export interface AllocationProposal {
  item: string;
  weekStart: string;
  /** Quantity available to the week's booked lines. */
  available: number;
  booked: number;
  /** What the booked lines of the week need beyond what is available (0 when supply covers them). */
  short: number;
  lines: AllocatedLine[];
  /**
   * A stable id of the proposal from everything it was computed from and what it proposes: the
   * planner confirms this id, and a confirmation against changed supply or orders is refused.
   */
  id: string;
}

const lineRef = (l: Pick<AllocationLine, 'partnerId' | 'purchaseOrderNumber' | 'lineNumber'>): string => [l.partnerId, l.purchaseOrderNumber, l.lineNumber].map(encodeURIComponent).join('/');

/** Rank the lines: priority, then earlier due date, then partner, PO and line. */
export function rankLines<T extends AllocationLine>(lines: readonly T[]): T[] {
  return [...lines].sort((a, b) => comparePriority(a, b) || a.dueDate.localeCompare(b.dueDate) || lineRef(a).localeCompare(lineRef(b)));
}

/** Propose how the first week's supply is shared among its booked lines (see the module comment). */
export function proposeAllocation(input: AllocationInput): AllocationProposal {
  const [first, ...later] = input.weeks;
  if (!first) throw new RangeError('proposeAllocation: no week to allocate');
  const available = Math.max(0, input.openingBalance + first.supply - first.otherDemand);
  const booked = input.lines.reduce((sum, l) => sum + l.quantity, 0);
  // `added[i]`: what the lines moved into later week i add to its demand.
  const added = later.map(() => 0);
  let left = available;
  const projectLater = (carried: number): number[] => {
    const pabs: number[] = [];
    let pab = carried;
    for (const [i, week] of later.entries()) {
      pab = pab + week.supply - week.otherDemand - (added[i] ?? 0);
      pabs.push(pab);
    }
    return pabs;
  };
  // A move is checked as if the week's whole available quantity went to its lines: lines ranked
  // lower may still take what is left, and must not make room promised to a moved line vanish.
  const carriedOut = input.openingBalance + first.supply - first.otherDemand - available;
  const lines: AllocatedLine[] = [];
  for (const [index, line] of rankLines(input.lines).entries()) {
    const rank = index + 1;
    if (line.quantity <= left) {
      left -= line.quantity;
      lines.push({ ...line, rank, allocated: line.quantity, outcome: 'on-time' });
      continue;
    }
    // The whole line in later week i lowers every projected balance from i on by its quantity.
    const pabs = projectLater(carriedOut);
    const target = later.findIndex((_, i) => Math.min(...pabs.slice(i)) >= line.quantity);
    if (target >= 0) {
      added[target] = (added[target] ?? 0) + line.quantity;
      const newDate = later[target]!.weekStart;
      lines.push({ ...line, rank, allocated: 0, outcome: 'later', decision: `date=${newDate}`, newDate });
      continue;
    }
    if (left > 0) {
      const allocated = left;
      left = 0;
      lines.push({ ...line, rank, allocated, outcome: 'cut', decision: `quantity=${allocated}` });
      continue;
    }
    lines.push({ ...line, rank, allocated: 0, outcome: 'unallocated' });
  }
  const short = Math.max(0, booked - available);
  const facts = JSON.stringify([input.item, input.openingBalance, input.weeks, lines.map((l) => [lineRef(l), l.quantity, l.dueDate, l.tier ?? '', l.priorityClass ?? '', l.value ?? '', l.outcome, l.decision ?? ''])]);
  return { item: input.item, weekStart: first.weekStart, available, booked, short, lines, id: sha256Hex(facts).slice(0, 12) };
}
