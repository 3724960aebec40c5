/**
 * Hold-SLA timers. When an order commits with a held line, one one-time timer per remaining step
 * of the line's chain (the item's owner → manager → director → VP, the partner's chain for a line
 * without an item; see `holdEscalationChain`) is set, due `holdSlaHours` × step after the line was held;
 * names are deterministic (partner, PO, line, the instant it was held, step), so a replay sets
 * nothing new. A decision cancels the line's pending timers (best effort: a timer that still
 * fires finds the line decided and changes nothing — see fire-escalation.ts).
 */
import { sha256Hex } from '#domain/orders/sha256.ts';
import { heldLinesOf, type HoldTimer } from '#domain/orders/record-hold-escalation.ts';
import { holdPolicyOf, instantMs, nextHoldEscalationAt } from '#domain/planning/index.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { TIMER_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/timer-message.ts';
import type { LineState } from '#schemas/records/planning-state.ts';
import type { OrderHead } from '#schemas/records/records.ts';

/** Schedule name of one step (≤ 64 characters, [0-9a-zA-Z-_.]): one per hold episode and step. */
export function holdScheduleName(hold: HoldTimer['hold'], stepIndex: number): string {
  return `hold-${sha256Hex(`${hold.partnerId}/${hold.purchaseOrderNumber}/${hold.lineNumber}/${hold.heldSince}`).slice(0, 40)}-${stepIndex + 1}`;
}

/** A step already overdue (e.g. after downtime) is scheduled shortly after now. */
const OVERDUE_DELAY_MS = 60_000;

/** The item master record of a line of `head`, when the line resolved to one. */
export function itemOfLine(head: OrderHead, lineNumber: string, items: readonly Item[]): Item | undefined {
  const vendorPart = head.planning?.items[lineNumber];
  return vendorPart ? items.find((i) => i.vendorPart === vendorPart) : undefined;
}

/** Sets the timers of every step not yet sent of every held line of `head`; returns their names. */
export async function scheduleHoldEscalations(scheduler: Scheduler, head: OrderHead, profile: Pick<PartnerProfile, 'holdSlaHours' | 'escalationChain'>, items: readonly Item[], now: Date): Promise<string[]> {
  const names: string[] = [];
  for (const { hold, state } of heldLinesOf(head)) {
    const policy = holdPolicyOf(itemOfLine(head, hold.lineNumber, items), profile);
    for (let step = state.escalationsSent; step < policy.chain.people.length; step++) {
      const dueAt = nextHoldEscalationAt({ ...hold, escalationsSent: step }, policy);
      if (!dueAt) break;
      const at = Math.max(instantMs(dueAt), now.getTime() + (instantMs(dueAt) <= now.getTime() ? OVERDUE_DELAY_MS : 0));
      const name = holdScheduleName(hold, step);
      await scheduler.scheduleAt(name, new Date(at), { schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION, kind: 'hold-escalation', hold, stepIndex: step, dueAt });
      names.push(name);
    }
  }
  return names;
}

/** Deletes the pending timers of a line that was held (a decision settled it), along the chain they were set on. */
export async function cancelHoldEscalations(scheduler: Scheduler, hold: HoldTimer['hold'], state: Pick<LineState, 'escalationsSent'>, profile: Pick<PartnerProfile, 'escalationChain'>, item: Item | undefined): Promise<void> {
  const chain = holdPolicyOf(item, { ...profile, holdSlaHours: 1 }).chain;
  for (let step = state.escalationsSent; step < chain.people.length; step++) await scheduler.cancel(holdScheduleName(hold, step));
}
