/**
 * What the planner's use cases write to an item's history (README, "Planning intelligence", item
 * history), one small function each, so each use case adds one line. Every entry's id is the natural
 * key of what happened (a decision's cause, the P1 confirmation of a line on a date, a file's hash,
 * an 830's cause, a digest's day, an allocation proposal), so a repeat records nothing new.
 */
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { AllocationProposal, ForecastEntry } from '#domain/planning/index.ts';
import type { ItemHistory } from '#functions/ports/item-history.ts';
import type { SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import type { DecisionEvent, ExpediteCase, ExpediteReason } from '#schemas/records/planning-state.ts';

export interface ItemHistoryDeps {
  itemHistory: Pick<ItemHistory, 'recordItemEvent'>;
}

/** A planner's decision on a line of the item (`edi decide`, the decisions API). */
export async function recordDecision(deps: ItemHistoryDeps, item: string, decision: DecisionEvent, causeId: string): Promise<void> {
  const { action } = decision;
  const what = action.kind === 'quantity' ? `quantity=${action.quantity}` : action.kind === 'date' ? `date=${action.date}` : action.kind === 'price' ? `price=${action.unitPrice}` : action.kind === 'uom' ? `uom=${action.unitOfMeasure} quantity=${action.quantity}` : action.kind;
  await deps.itemHistory.recordItemEvent({
    item,
    at: decision.at,
    kind: 'decision',
    id: causeId,
    actor: `planner:${decision.by}`,
    summary: `${decision.partnerId} PO ${decision.purchaseOrderNumber} line ${decision.lineNumber}: ${what} by ${decision.by} (${decision.reason})`,
    refs: [{ partnerId: decision.partnerId, purchaseOrderNumber: decision.purchaseOrderNumber, lineNumber: decision.lineNumber }],
    details: { action, reason: decision.reason },
  });
}

/** The supplier's date for P1 lines (`edi confirm`), with the reason given. */
export async function recordP1Confirmations(deps: ItemHistoryDeps, cases: readonly ExpediteCase[], confirmation: { date: string; by: string; reason?: string | undefined; at: string }): Promise<void> {
  for (const c of cases) {
    await deps.itemHistory.recordItemEvent({
      item: c.item,
      at: confirmation.at,
      kind: 'p1-confirmation',
      id: `p1-confirmed/${c.partnerId}/${c.purchaseOrderNumber}/${c.lineNumber}/${confirmation.date}`,
      actor: `planner:${confirmation.by}`,
      summary: `P1 ${c.partnerId} PO ${c.purchaseOrderNumber} line ${c.lineNumber}: date ${confirmation.date} confirmed by ${confirmation.by}${confirmation.reason ? ` (${confirmation.reason})` : ' (no reason given)'}`,
      refs: [{ partnerId: c.partnerId, purchaseOrderNumber: c.purchaseOrderNumber, lineNumber: c.lineNumber }],
      details: { date: confirmation.date, ...(confirmation.reason ? { reason: confirmation.reason } : {}) },
    });
  }
}

/** A supply-plan file loaded: each item's on hand and planned supply as loaded. */
export async function recordSupplyLoad(deps: ItemHistoryDeps, file: string, text: string, plans: readonly SupplyPlan[], at: string): Promise<void> {
  const sha256 = sha256Hex(text);
  for (const plan of plans) {
    const supply = plan.weeks.reduce((n, w) => n + w.mps + w.receipts, 0);
    await deps.itemHistory.recordItemEvent({
      item: plan.item,
      at,
      kind: 'supply-load',
      id: `supply-load/${sha256}/${plan.item}`,
      actor: `file:${file}`,
      summary: `supply plan loaded from ${file}: on hand ${plan.onHand}, ${supply} planned in ${plan.weeks.length} week${plan.weeks.length === 1 ? '' : 's'}`,
      details: { file, sha256, onHand: plan.onHand, weeks: plan.weeks },
    });
  }
}

const totalOf = (entries: readonly ForecastEntry[], item: string): number => entries.filter((e) => e.item === item).reduce((n, e) => n + e.quantity, 0);

/** An 830 that changed the item's forecast from a partner: the totals before and after. */
export async function recordForecastChange(deps: ItemHistoryDeps, input: { partnerId: string; causeId: string; reference?: string | undefined; at: string; items: readonly string[]; previous: readonly ForecastEntry[]; current: readonly ForecastEntry[] }): Promise<void> {
  for (const item of input.items) {
    const before = totalOf(input.previous, item);
    const after = totalOf(input.current, item);
    await deps.itemHistory.recordItemEvent({
      item,
      at: input.at,
      kind: 'forecast-change',
      id: `forecast/${input.causeId}/${item}`,
      actor: `partner:${input.partnerId}`,
      summary: `830${input.reference ? ` ${input.reference}` : ''} from ${input.partnerId}: forecast ${before} → ${after} over the horizon sent`,
      refs: [{ partnerId: input.partnerId }],
      details: { before, after, periods: input.current.filter((e) => e.item === item).map((e) => ({ periodStart: e.periodStart, periodEnd: e.periodEnd, quantity: e.quantity, ...(e.shipTo ? { shipTo: e.shipTo } : {}) })) },
    });
  }
}

/** The item was on the day's P3 digest, with the shortfalls it listed. */
export async function recordDigestEntry(deps: ItemHistoryDeps, item: string, day: string, planner: string, reasons: readonly ExpediteReason[], at: string): Promise<void> {
  await deps.itemHistory.recordItemEvent({
    item,
    at,
    kind: 'digest',
    id: `p3-digest/${day}/${item}`,
    actor: 'system:digest',
    summary: `on the P3 digest of ${day} to ${planner}: ${reasons.length} shortfall${reasons.length === 1 ? '' : 's'}`,
    details: { day, planner, reasons },
  });
}

/**
 * A confirmed allocation of a short week (`edi allocate --confirm`): what was available, what was
 * booked, and each line's outcome in rank order. Its id is the proposal's, which derives from the
 * facts it was computed from, so a repeated confirmation records nothing new.
 */
export async function recordAllocation(deps: ItemHistoryDeps, proposal: AllocationProposal, confirmation: { by: string; reason?: string | undefined; at: string }): Promise<void> {
  const decided = proposal.lines.filter((l) => l.decision);
  await deps.itemHistory.recordItemEvent({
    item: proposal.item,
    at: confirmation.at,
    kind: 'allocation',
    id: `allocation/${proposal.id}`,
    actor: `planner:${confirmation.by}`,
    summary: `week ${proposal.weekStart}: ${proposal.available} available for ${proposal.booked} booked, allocated by priority by ${confirmation.by}; ${decided.length} line${decided.length === 1 ? '' : 's'} decided (${decided.map((l) => `${l.partnerId} PO ${l.purchaseOrderNumber} line ${l.lineNumber} ${l.decision}`).join(', ') || 'none'})${confirmation.reason ? ` (${confirmation.reason})` : ''}`,
    refs: proposal.lines.map((l) => ({ partnerId: l.partnerId, purchaseOrderNumber: l.purchaseOrderNumber, lineNumber: l.lineNumber })),
    details: {
      proposal: proposal.id,
      weekStart: proposal.weekStart,
      available: proposal.available,
      booked: proposal.booked,
      lines: proposal.lines.map((l) => ({ partnerId: l.partnerId, purchaseOrderNumber: l.purchaseOrderNumber, lineNumber: l.lineNumber, rank: l.rank, quantity: l.quantity, allocated: l.allocated, outcome: l.outcome, ...(l.decision ? { decision: l.decision } : {}) })),
      ...(confirmation.reason ? { reason: confirmation.reason } : {}),
    },
  });
}
