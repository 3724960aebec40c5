/**
 * An 850 becomes an order: version 1, the purchase order as received (header, every line,
 * ship-to, dates, prices), and its first event.
 */
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { Cause, EventDetails, OrderPlanning } from '#schemas/records/records.ts';
import { shipToOf } from './ship-to.ts';
import type { StageAcks } from './order-stage.ts';
import { advance, type Transition } from './transition.ts';

export { shipToOf };

/** What the planning checks add to an `order.created` / `order.changed` event. */
export type ReviewDetails = Pick<EventDetails<'order.created'>, 'findings' | 'held' | 'lineStates'>;

/**
 * Builds order version 1 from an 850 (BEG03 is the PO number) and the `order.created` event
 * that heads its chain, with the planning state and the messages the review decided.
 */
export function createOrder(input: {
  partner: string;
  purchaseOrder: PurchaseOrder;
  cause: Cause;
  at: string;
  details?: ReviewDetails;
  planning?: OrderPlanning;
  outbound?: readonly OutboundMessage[];
  notify?: readonly NotifyMessage[];
  /** The partner profile's acknowledgments, for the order's stage (the profile's defaults when absent). */
  acks?: StageAcks;
}): Transition & Pick<Transition['next'], 'order'> & { event: Transition['events'][number] } {
  const po = input.purchaseOrder;
  const shipTo = shipToOf(po);
  const result = advance(
    undefined,
    { id: input.partner, acks: input.acks },
    {
      type: 'order.created',
      cause: input.cause,
      actor: `partner:${input.partner}`,
      summary: `850 received: ${po.lines.length} line(s), order type ${po.orderType}`,
      details: { lines: po.lines.length, purpose: po.purpose, orderType: po.orderType, ...(shipTo ? { shipTo } : {}), ...input.details },
      purchaseOrder: po,
      ...(input.planning ? { planning: input.planning } : {}),
      ...(input.outbound ? { outbound: input.outbound } : {}),
      ...(input.notify ? { notify: input.notify } : {}),
    },
    input.at,
  );
  return { ...result, order: result.next.order, event: result.next.lastEvent };
}
