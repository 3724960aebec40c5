/**
 * Where an order stands in its cycle, derived from its facts alone (README, "The order cycle"):
 * - received: the 850 is recorded;
 * - confirmed: no line waits for a planner and its 855 went out (for a partner that takes no
 *   855s, once every line is decided);
 * - partially shipped: some, not all, of what was confirmed has shipped; shipped: every line
 *   that was not rejected has shipped its confirmed (else ordered) quantity in full;
 * - invoiced: shipped in full and every shipment's 810 was delivered to the partner (written by
 *   the deliver stage, not merely queued with the shipment) — only for partners whose
 *   profile takes 810s (`acks.invoice810`); for the others the step does not exist;
 * - closed: shipped in full and, for an 810 partner, invoiced;
 * - cancelled: the order was cancelled (BCH01 `01`, or an 850 with BEG01 `01`); it stays so.
 *
 * A step is reached anew if the order moves back (an 860 that adds a line after the 855 makes
 * it `received` again until that line is decided and acknowledged).
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { OrderStep } from '#schemas/messages/order-step.ts';
import type { LineStatus } from '#schemas/records/planning-state.ts';
import type { Order, OrderPlanning } from '#schemas/records/records.ts';
import { lineNumberOf, orderedQuantityOf } from '../planning/index.ts';

/** The acknowledgments of a partner profile that the stage depends on. */
export type StageAcks = Pick<PartnerProfile['acks'], 'orderAck855' | 'invoice810'>;

/** A profile's defaults for them (schemas/master-data/partner-profile.ts), for a caller that names only the partner's id. */
export const PROFILE_DEFAULT_STAGE_ACKS: StageAcks = { orderAck855: true, invoice810: false };

/** What the stage depends on, and nothing else. */
export interface StageFacts {
  cancelled: boolean;
  /** Every line of the order as amended, with what it owes. */
  lines: readonly { lineNumber: string; status: LineStatus; due: number | undefined; shipped: number }[];
  /** 855s sent for the order (the last one answers every line). */
  acknowledgmentsSent: number;
  takesAcknowledgments: boolean;
  /** One per shipment: true when its 810 was delivered (the deliver stage wrote it). */
  shipmentsInvoiced: readonly boolean[];
  takesInvoices: boolean;
}

/** The facts of an order head for its partner. Without planning state the rules held nothing and the 855 went with the 850. */
export function stageFactsOf(head: { order: Pick<Order, 'status' | 'purchaseOrder'>; planning?: OrderPlanning | undefined }, partner: { acks?: StageAcks | undefined }): StageFacts {
  const planning = head.planning;
  const acks = partner.acks ?? PROFILE_DEFAULT_STAGE_ACKS;
  const lines = head.order.purchaseOrder.lines.map((line, i) => {
    const lineNumber = lineNumberOf(line, i);
    const state = planning?.lineStates.find((s) => s.lineNumber === lineNumber);
    return { lineNumber, status: state?.status ?? 'accepted', due: state?.quantity ?? orderedQuantityOf(line), shipped: planning?.shipped?.[lineNumber] ?? 0 };
  });
  return {
    cancelled: head.order.status === 'cancelled',
    lines,
    acknowledgmentsSent: planning ? planning.acknowledgmentsSent : 1,
    takesAcknowledgments: acks.orderAck855,
    shipmentsInvoiced: (planning?.shipments ?? []).map((s) => s.invoiceDeliveredAt !== undefined),
    takesInvoices: acks.invoice810,
  };
}

/** The steps the order stands at, in cycle order; the last is its stage. */
export function stepsOf(facts: StageFacts): OrderStep[] {
  if (facts.cancelled) return ['received', 'cancelled'];
  const steps: OrderStep[] = ['received'];
  const decided = facts.lines.every((l) => l.status === 'accepted' || l.status === 'rejected');
  if (decided && (facts.acknowledgmentsSent > 0 || !facts.takesAcknowledgments)) steps.push('confirmed');
  const owed = facts.lines.filter((l) => l.status !== 'rejected');
  const anyShipped = facts.lines.some((l) => l.shipped > 0);
  // A line without a quantity owes nothing countable: it is shipped once something of it shipped.
  const inFull = decided && anyShipped && owed.every((l) => (l.due === undefined ? l.shipped > 0 : l.shipped >= l.due));
  if (inFull) steps.push('shipped');
  else if (anyShipped) steps.push('partially-shipped');
  const invoiced = facts.shipmentsInvoiced.length > 0 && facts.shipmentsInvoiced.every(Boolean);
  if (inFull && facts.takesInvoices && invoiced) steps.push('invoiced');
  if (inFull && (!facts.takesInvoices || invoiced)) steps.push('closed');
  return steps;
}

export function stageOf(facts: StageFacts): OrderStep {
  return stepsOf(facts).at(-1)!;
}

/** The steps `after` stands at that `before` did not: what a transition entered (each one an order-step event). */
export function enteredSteps(before: readonly OrderStep[], after: readonly OrderStep[]): OrderStep[] {
  return after.filter((s) => !before.includes(s));
}
