/**
 * The event an order step publishes on the EventBridge bus (README, "Order events"), so an ERP
 * learns of orders without reading the table. Versioned: a consumer reads `version` and ignores
 * members it does not know; a change that removes or re-types a member is version 2, published
 * beside version 1 for a while, never in its place.
 *
 * `eventId` derives from the fact that caused the step (the order event's cause and the step),
 * so a retry of the same transition publishes the same id — EventBridge delivers at least once and
 * a retried outbox sends again: consumers dedupe by `eventId`.
 */
import { z } from 'zod';
import { OrderStepZ } from './order-step.ts';

/** EventBridge `Source` of every order event. */
export const ORDER_EVENT_SOURCE = 'edi.pipeline';

export const ORDER_STEP_EVENT_VERSION = 1;

/** EventBridge `DetailType`: `edi.order.<step>` (`edi.order.shipped`, `edi.order.closed` …). */
export function orderStepDetailType(step: z.infer<typeof OrderStepZ>): `edi.order.${typeof step}` {
  return `edi.order.${step}`;
}

export const OrderStepEventZ = z.object({
  version: z.literal(ORDER_STEP_EVENT_VERSION),
  /** 32 hex digits, the same for every publication of this step of this order by this cause. */
  eventId: z.string().regex(/^[0-9a-f]{32}$/),
  detailType: z.string().regex(/^edi\.order\.[a-z-]+$/),
  partner: z.string().min(1),
  purchaseOrderNumber: z.string().min(1),
  /** The step entered. */
  step: OrderStepZ,
  /** The order's stage after the transition (the last step it stands at; equals `step` for the last one entered). */
  stage: OrderStepZ,
  /** When the causing fact happened (the order event's `at`). */
  at: z.string(),
  /** The order's version after the transition. */
  orderVersion: z.number().int().positive(),
  /** The order event that entered the step: its seq and type, and its cause id (document, shipment, decision). */
  orderEvent: z.object({ seq: z.number().int().positive(), type: z.string(), causeId: z.string() }),
});
export type OrderStepEvent = z.infer<typeof OrderStepEventZ>;
