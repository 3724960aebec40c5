/**
 * An 850 becomes an order: version 1, the purchase order as received (header, every line,
 * ship-to, dates, prices), and its first event.
 */
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { Cause, Order, OrderEvent } from '#schemas/records/records.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { GENESIS_HASH, sealEvent } from './order-events.ts';

/** Ship-to id (N104, else N102) of the header ST party. */
export function shipToOf(po: Pick<PurchaseOrder, 'parties'>): string | undefined {
  const st = po.parties.find((p) => p.role.trim().toUpperCase() === 'ST');
  return st ? st.id?.trim() || st.name?.trim() || undefined : undefined;
}

export interface CreatedOrder {
  order: Order;
  event: OrderEvent;
}

/**
 * Builds order version 1 from an 850 (BEG03 is the PO number) and the `order.created` event
 * that heads its chain. `effects` are the idempotency keys of what the decision sends.
 */
export function createOrder(input: {
  partner: string;
  purchaseOrder: PurchaseOrder;
  cause: Cause;
  at: string;
  effects: string[];
  details?: Record<string, unknown>;
}): CreatedOrder {
  const po = input.purchaseOrder;
  const shipTo = shipToOf(po);
  const event = sealEvent(
    {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: input.partner,
      purchaseOrderNumber: po.purchaseOrderNumber,
      type: 'order.created',
      at: input.at,
      cause: input.cause,
      actor: `partner:${input.partner}`,
      version: 1,
      summary: `850 received: ${po.lines.length} line(s), order type ${po.orderType}`,
      details: { lines: po.lines.length, purpose: po.purpose, orderType: po.orderType, ...(shipTo ? { shipTo } : {}), ...input.details },
      effects: input.effects,
    },
    { seq: 0, hash: GENESIS_HASH },
  );
  const order: Order = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    partner: input.partner,
    purchaseOrderNumber: po.purchaseOrderNumber,
    version: 1,
    status: po.purpose === '01' ? 'cancelled' : 'open',
    purchaseOrder: po,
    ...(shipTo ? { shipTo } : {}),
    ...(po.orderDate ? { orderDate: po.orderDate } : {}),
    createdAt: input.at,
    updatedAt: input.at,
    appliedCauses: [input.cause.id],
    lastEventSeq: event.seq,
    lastEventHash: event.hash,
  };
  return { order, event };
}
