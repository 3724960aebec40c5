/**
 * An 860 arrives for a stored order: the next version (adds, deletes, quantity/price/date
 * changes, or a cancel), the planning checks of the changed lines, and the 865 when no changed
 * line is held (and the partner takes 865s).
 */
import type { OrderChange } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Cause, OrderHead } from '#schemas/records/records.ts';
import { amendOrder, applyChange, type AppliedChange } from './apply-change.ts';
import { anomalyEmail, documentMessage, orderSubject } from './order-messages.ts';
import { anomalyEmailKey, changeAckKey } from './order-keys.ts';
import { checkChange, itemsOfAssessments, reviewDetailsOf, type PlanningContext } from './order-checks.ts';

export interface ReceivedChange {
  change: OrderChange;
  cause: Cause;
  receivedAt: string;
  partner: PartnerProfile;
  context: PlanningContext | undefined;
}

/** The 860 transition. */
export function changeOrder(head: OrderHead, input: ReceivedChange, now: string): AppliedChange {
  const { change, partner } = input;
  const po = head.order.purchaseOrderNumber;
  const amended = amendOrder(head.order, change);
  const review = checkChange({
    before: head.order,
    after: { partner: head.order.partner, purchaseOrderNumber: po, purchaseOrder: amended.purchaseOrder },
    change,
    outcomes: amended.outcomes,
    partner,
    context: input.context,
    planning: head.planning,
    now,
    receivedAt: input.receivedAt,
  });
  const ack = partner.acks.changeAck865 && !review.hold ? review.acknowledgment : undefined;
  const version = head.order.version + 1;
  const reviewed = review.planning ?? head.planning;
  // Held: the 865 waits for the planner's decisions (decide-line answers the 860 with it).
  const planning = reviewed && review.hold && partner.acks.changeAck865 ? { ...reviewed, pendingChange: { change, outcomes: amended.outcomes, receivedAt: input.receivedAt, version } } : reviewed;
  return applyChange({
    order: head.order,
    acks: partner.acks,
    ...(planning ? { planning } : {}),
    change,
    amended,
    cause: input.cause,
    at: input.receivedAt,
    ...(review.findings.length ? { details: reviewDetailsOf(review) } : {}),
    outbound: ack ? [documentMessage(partner.id, po, changeAckKey(partner.id, po, version), ack, input.receivedAt)] : [],
    notify: review.findings.length
      ? [
          anomalyEmail({
            key: anomalyEmailKey(partner.id, po, input.cause.id),
            partner,
            subject: orderSubject(partner.id, po),
            order: { purchaseOrderNumber: po, orderType: `860 ${change.purpose}` },
            assessments: review.assessments,
            items: itemsOfAssessments(review.assessments, input.context?.items ?? []),
            now,
          }),
        ]
      : [],
  });
}
