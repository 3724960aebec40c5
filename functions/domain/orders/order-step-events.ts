/**
 * The order-step events of one transition (README, "Order events"): one per step it entered,
 * each with an id derived from the order, the causing fact and the step — never from the time
 * or a random number — so a replayed outbox publishes the same ids and consumers can dedupe.
 */
import { ORDER_STEP_EVENT_VERSION, orderStepDetailType, type OrderStepEvent } from '#schemas/messages/order-step-event.ts';
import type { OrderStep } from '#schemas/messages/order-step.ts';
import type { OrderEvent } from '#schemas/records/records.ts';
import { sha256Hex } from './sha256.ts';

export function orderStepEventId(partner: string, purchaseOrderNumber: string, causeId: string, step: OrderStep): string {
  return sha256Hex(`order-step\n${partner}\n${purchaseOrderNumber}\n${causeId}\n${step}`).slice(0, 32);
}

export function orderStepEvents(event: Pick<OrderEvent, 'partner' | 'purchaseOrderNumber' | 'seq' | 'type' | 'at' | 'version' | 'cause'>, entered: readonly OrderStep[], steps: readonly OrderStep[]): OrderStepEvent[] {
  const stage = steps.at(-1) ?? 'received';
  return entered.map((step) => ({
    version: ORDER_STEP_EVENT_VERSION,
    eventId: orderStepEventId(event.partner, event.purchaseOrderNumber, event.cause.id, step),
    detailType: orderStepDetailType(step),
    partner: event.partner,
    purchaseOrderNumber: event.purchaseOrderNumber,
    step,
    stage,
    at: event.at,
    orderVersion: event.version,
    orderEvent: { seq: event.seq, type: event.type, causeId: event.cause.id },
  }));
}
