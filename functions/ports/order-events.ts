import type { OrderStepEvent } from '#schemas/messages/order-step-event.ts';

/**
 * Publishes committed order-step events on the bus (README, "Order events"). Throws when any
 * event was not accepted, so the outbox that carried it is sent again (same ids: consumers dedupe).
 */
export interface OrderEventPublisher {
  publish(events: readonly OrderStepEvent[]): Promise<void>;
}
