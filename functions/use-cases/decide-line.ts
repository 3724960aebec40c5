/**
 * A planner decides a line (`edi decide`, the decisions API):
 * 1 load the partner and the order; 2 the domain decides (a `line.decided` event, the 855 once
 * no line is held); 3 commit once; 4 cancel the line's hold timers; 5 recompute the delay risk of
 * its item — a date later than requested is a confirmed delay the customer is told of (level 3),
 * in the item's delay note's customer text, never the decision's internal reason; 6 the decision
 * on the item's history.
 */
import * as Order from '#domain/orders/transitions.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { LineState } from '#schemas/records/planning-state.ts';
import { commitOrder } from './commit-order.ts';
import { RequestRefusedError } from './errors.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';
import { cancelHoldEscalations } from './schedule-hold-escalations.ts';
import { recordDecision } from './record-item-event.ts';

export type DecideLineDeps = RecomputeDelayRiskDeps & { partners: PartnerDirectory; scheduler?: Scheduler; log?: (message: string, details?: Record<string, string>) => void };

export interface DecisionRequest extends Order.LineDecision {
  partner: string;
  purchaseOrderNumber: string;
}

export interface DecisionResult {
  acknowledgment: 'ready' | 'waiting' | 'not-required';
  acknowledgmentKey?: string;
  lineStatus: LineState['status'];
  orderVersion: number;
}

export async function decideLine(deps: DecideLineDeps, input: DecisionRequest): Promise<DecisionResult> {
  const profile = await deps.partners.get(input.partner);
  if (!profile) throw new RequestRefusedError(`no partner ${input.partner}`);
  const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
  if (!head) throw new RequestRefusedError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
  const decided = Order.decideLine(head, { ...input, partner: profile }, deps.clock.now().toISOString());
  if (Order.isRefusal(decided)) throw new RequestRefusedError(decided.reason);
  const stored = await commitOrder(deps, head, decided, profile.transitDays);
  const before = decided.before;
  if (deps.scheduler && before.status === 'held' && before.heldSince) {
    const hold = { partnerId: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, lineNumber: input.lineNumber, heldSince: before.heldSince };
    // Best effort: a timer that still fires finds the line decided and changes nothing.
    const vendorPart = head.planning?.items[input.lineNumber];
    const item = vendorPart ? (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart) : undefined;
    await cancelHoldEscalations(deps.scheduler, hold, before, profile, item).catch((error: unknown) => deps.log?.('could not delete the hold escalation timers', { po: input.purchaseOrderNumber, lineNumber: input.lineNumber, error: String(error) }));
  }
  const vendorPart = stored.planning?.items[input.lineNumber];
  if (vendorPart) {
    const delay = decided.confirmedDelay;
    const line = { partnerId: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, lineNumber: input.lineNumber };
    const event = stored.lastEvent.type === 'line.decided' ? stored.lastEvent.details.decision : undefined;
    if (event) await recordDecision(deps, vendorPart, event, stored.lastEvent.cause.id);
    await recomputeDelayRisk(deps, [vendorPart], delay ? { confirmedDelays: [{ line, newDate: delay.newDate, originalDate: delay.originalDate, by: event?.by ?? input.by }] } : {});
  }
  return { acknowledgment: decided.acknowledgment, ...(decided.acknowledgmentKey ? { acknowledgmentKey: decided.acknowledgmentKey } : {}), lineStatus: decided.lineStatus, orderVersion: stored.order.version };
}
