/**
 * Allocate a short week's supply among its booked orders (`edi allocate`, `POST
 * /items/{item}/allocations` and `…/allocations/{id}/confirm`; README, "Planning intelligence", priority and allocation):
 * 1 load the item and project it, as the delay levels do; 2 take the week's booked lines with
 * their tier, value and partner's priority class from their orders; 3 the domain proposes
 * (`proposeAllocation`); 4 without a confirmation, answer the proposal and change nothing; with
 * the planner's confirmation of that proposal's id, decide each line it moves or cuts through
 * `decide-line` — a `line.decided` event, the replacing 855, a later date told to the customer
 * as a confirmed delay — as if the planner had typed each `edi decide`.
 * A confirmation of an id the current facts no longer give is refused: supply or orders moved
 * since the planner read the proposal. A confirmation repeated after it was applied is refused
 * the same way (its lines were decided, the facts changed), so nothing is decided twice.
 */
import { dateOfInstant, proposeAllocation, valueOf, weekStartOf, type AllocationLine, type AllocationProposal } from '#domain/planning/index.ts';
import { decideLine, type DecideLineDeps, type DecisionResult } from './decide-line.ts';
import { RequestRefusedError } from './errors.ts';
import { projectItem } from './recompute-delay-risk.ts';
import { pricedLineOf } from '#domain/planning/allocation.ts';
import { recordAllocation } from './record-item-event.ts';

export type AllocateSupplyDeps = DecideLineDeps;

export interface AllocateRequest {
  item: string;
  /** A date in the week to allocate (its Monday is the week). */
  week: string;
  /** The id of the proposal the planner confirms; without it, the proposal is only shown. */
  confirm?: string;
  by?: string;
  reason?: string;
}

export interface AppliedDecision {
  partner: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  decision: string;
  result: DecisionResult;
}

export interface AllocationAnswer {
  proposal: AllocationProposal;
  /** The decisions made, on a confirmation. */
  applied?: AppliedDecision[];
}

export async function proposeWeekAllocation(deps: AllocateSupplyDeps, item: string, week: string): Promise<AllocationProposal> {
  const master = (await deps.items.listItems()).find((i) => i.vendorPart === item);
  if (!master) throw new RequestRefusedError(`no item ${item} in the item master`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(week) || Number.isNaN(Date.parse(week))) throw new RequestRefusedError(`--week: a date YYYY-MM-DD in the week to allocate, not ${week}`);
  const now = deps.clock.now().toISOString();
  const projection = await projectItem(deps, master, now);
  if (!projection) throw new RequestRefusedError(`no supply plan for ${item}: load one (edi load supply-plan.csv) to allocate it`);
  const weekStart = weekStartOf(week);
  const index = projection.rows.findIndex((r) => r.weekStart === weekStart);
  const row = projection.rows[index];
  if (!row) throw new RequestRefusedError(`week ${weekStart} is outside ${item}'s projection (${projection.rows[0]?.weekStart ?? dateOfInstant(now)} to ${projection.rows.at(-1)?.weekStart ?? ''})`);
  const opening = index === 0 ? projection.onHand : (projection.rows[index - 1]?.pab ?? projection.onHand);
  const lines: AllocationLine[] = [];
  for (const due of row.linesDue) {
    const head = await deps.orders.get(due.partnerId, due.purchaseOrderNumber);
    const priced = pricedLineOf(head, due.lineNumber);
    const priorityClass = projection.profiles[due.partnerId]?.priorityClass;
    lines.push({
      partnerId: due.partnerId,
      purchaseOrderNumber: due.purchaseOrderNumber,
      lineNumber: due.lineNumber,
      quantity: due.quantity,
      dueDate: due.dueDate,
      ...(priced.tier ? { tier: priced.tier } : {}),
      ...(priorityClass ? { priorityClass } : {}),
      ...(valueOf(due.quantity, priced.unitPrice) !== undefined ? { value: valueOf(due.quantity, priced.unitPrice) } : {}),
    });
  }
  const booked = row.linesDue.reduce((sum, l) => sum + l.quantity, 0);
  return proposeAllocation({
    item,
    openingBalance: opening,
    weeks: projection.rows.slice(index).map((r, i) => ({ weekStart: r.weekStart, supply: r.supply, otherDemand: i === 0 ? r.demand - booked : r.demand })),
    lines,
  });
}

export async function allocateSupply(deps: AllocateSupplyDeps, request: AllocateRequest): Promise<AllocationAnswer> {
  const proposal = await proposeWeekAllocation(deps, request.item, request.week);
  if (request.confirm === undefined) return { proposal };
  if (request.confirm !== proposal.id) {
    throw new RequestRefusedError(`allocation ${request.confirm} is not the current proposal for ${request.item} week ${proposal.weekStart} (now ${proposal.id}): supply or orders changed since, or it was confirmed already; review it again`);
  }
  const by = request.by?.trim() ?? '';
  if (by === '') throw new RequestRefusedError('--by NAME is required to confirm an allocation');
  // The confirmation goes on the item's history before its decisions (each of which goes there
  // too): a crash between leaves the confirmation and the decisions made, never decisions the
  // history cannot explain; the changed facts then refuse the same id again.
  await recordAllocation(deps, proposal, { by, reason: request.reason?.trim() || undefined, at: deps.clock.now().toISOString() });
  const applied: AppliedDecision[] = [];
  for (const line of proposal.lines) {
    if (!line.decision) continue;
    const why = `allocation ${proposal.id} of ${proposal.item} week ${proposal.weekStart}: ${proposal.available} available for ${proposal.booked} booked, rank ${line.rank} of ${proposal.lines.length}`;
    const result = await decideLine(deps, {
      partner: line.partnerId,
      purchaseOrderNumber: line.purchaseOrderNumber,
      lineNumber: line.lineNumber,
      decision: line.decision,
      by,
      reason: request.reason?.trim() ? `${request.reason.trim()} (${why})` : why,
    });
    applied.push({ partner: line.partnerId, purchaseOrderNumber: line.purchaseOrderNumber, lineNumber: line.lineNumber, decision: line.decision, result });
  }
  return { proposal, applied };
}
