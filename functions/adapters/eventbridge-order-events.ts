/**
 * Order-step events on an EventBridge bus: PutEvents, at most 10 entries a request (the API's
 * limit). `Source` `edi.pipeline`, `DetailType` `edi.order.<step>`, `Detail` the versioned
 * event (schemas/messages/order-step-event.ts). PutEvents answers 200 even when entries failed
 * (`FailedEntryCount`): those are an error here, so the outbox is retried.
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { OrderEventPublisher } from '#functions/ports/order-events.ts';
import { ORDER_EVENT_SOURCE, type OrderStepEvent } from '#schemas/messages/order-step-event.ts';

const PUT_EVENTS_MAX_ENTRIES = 10;

export class EventBridgeOrderEvents implements OrderEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly OrderStepEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += PUT_EVENTS_MAX_ENTRIES) {
      const chunk = events.slice(i, i + PUT_EVENTS_MAX_ENTRIES);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((e) => ({ EventBusName: this.busName, Source: ORDER_EVENT_SOURCE, DetailType: e.detailType, Detail: JSON.stringify(e), Time: new Date(e.at) })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        const failed = (out.Entries ?? []).map((r, j) => (r.ErrorCode ? `${chunk[j]?.detailType} ${chunk[j]?.eventId}: ${r.ErrorCode} ${r.ErrorMessage ?? ''}`.trim() : undefined)).filter(Boolean);
        throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${chunk.length} order event(s): ${failed.join('; ')}`);
      }
    }
  }
}
