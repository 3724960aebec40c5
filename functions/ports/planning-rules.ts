import type { ChangeAcknowledgment, OrderAcknowledgment, OrderChange } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Order } from '#schemas/records/records.ts';
import type { LineOutcome } from '#domain/orders/apply-change.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OrderPlanning } from '#schemas/records/planning-records.ts';

/** One finding of the planning checks, recorded with the order event. */
export interface PlanningFinding {
  rule: string;
  severity: 'hold' | 'warn' | 'reject';
  lineNumber?: string;
  message: string;
  /** The rule's evidence (the numbers behind the message), as the planning core reported it. */
  evidence?: Record<string, unknown>;
  /** What the rule suggests instead (quantity, date, price, unit of measure), if anything. */
  suggestion?: Record<string, unknown>;
}

export interface OrderReview {
  findings: PlanningFinding[];
  /** True: the order waits for a planner; no 855 is sent yet. */
  hold: boolean;
  /** The 855 to send (when not held). */
  acknowledgment?: OrderAcknowledgment;
  /** Emails the review decided (the planner's anomaly email), queued with the order's commit. */
  notify?: NotifyMessage[];
  /** Line states and items to store with the order. */
  planning?: OrderPlanning;
}

export interface ChangeReview {
  findings: PlanningFinding[];
  hold: boolean;
  acknowledgment?: ChangeAcknowledgment;
  notify?: NotifyMessage[];
  planning?: OrderPlanning;
}

/**
 * The seam where the planning rules plug into the process stage: forecast and item-master
 * checks, the 855/865 content. The default accepts everything as ordered.
 */
export interface PlanningRules {
  /**
   * `previousOrder`: the order already stored under the same PO number when another 850 for it
   * arrives; the review then reports only the re-send's `duplicate-po` findings (not applied).
   */
  reviewOrder(input: { order: Order; partner: PartnerProfile; at: string; previousOrder?: Order }): Promise<OrderReview>;
  reviewChange(input: { before: Order; after: Order; change: OrderChange; outcomes: readonly LineOutcome[]; partner: PartnerProfile; at: string; planning?: OrderPlanning }): Promise<ChangeReview>;
}
