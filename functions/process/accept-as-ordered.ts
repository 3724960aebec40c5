import { acknowledgeChange, acknowledgeOrder } from '#domain/orders/acknowledge-order.ts';
import type { PlanningRules } from '#functions/ports/planning-rules.ts';

/**
 * The default planning rules: no findings, nothing held, the order accepted as ordered (855
 * `AD` / `IA`) and each change acknowledged line by line. The planning engine replaces this
 * (its `buildAcknowledgment` and anomaly checks) through the same `PlanningRules` seam.
 */
export const acceptAsOrdered: PlanningRules = {
  reviewOrder: async ({ order, at }) => ({ findings: [], hold: false, acknowledgment: acknowledgeOrder(order, at.slice(0, 10)) }),
  reviewChange: async ({ after, change, outcomes, at }) => ({ findings: [], hold: false, acknowledgment: acknowledgeChange(after, change, outcomes, at.slice(0, 10)) }),
};
