/**
 * A shipment leaves (`edi ship`): 1 load the partner and the order; 2 the domain records it
 * (`order.shipped`, SSCC-18 labels, the 856); 3 commit once. The same shipment again records
 * nothing new; if it was the order's last transition, its outbox is sent again (deliver dedupes).
 */
import * as Order from '#domain/orders/transitions.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ItemMaster } from '#functions/ports/planning-store.ts';
import { commitOrder, type CommitDeps } from './commit-order.ts';
import { RequestRefusedError } from './errors.ts';

export type ShipOrderDeps = CommitDeps & {
  partners: PartnerDirectory;
  orders: Pick<OrderStore, 'get' | 'create' | 'commit' | 'repair'>;
  clock: Clock;
  /** GS1 company prefix of the SSCC-18 labels (deployment setting). */
  gs1CompanyPrefix: string;
  /** The item master: the 856's gross weight (TD1). Without it the notice carries no weight, which a partner's guide may refuse. */
  items?: Pick<ItemMaster, 'listItems'>;
};

export interface ShipRequest extends Order.ShipmentInput {
  partner: string;
  purchaseOrderNumber: string;
}

export interface ShipResult {
  shipmentId: string;
  /** False when this shipment was already recorded: nothing new was written or queued. */
  recorded: boolean;
  sequence: number;
  sscc: string[];
  /** Idempotency key of the 856 queued (absent when the partner takes no 856s). */
  shipNoticeKey?: string;
  shipped: Record<string, number>;
  orderVersion: number;
}

export async function shipOrder(deps: ShipOrderDeps, input: ShipRequest): Promise<ShipResult> {
  const profile = await deps.partners.get(input.partner);
  if (!profile) throw new RequestRefusedError(`no partner ${input.partner}`);
  const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
  if (!head) throw new RequestRefusedError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
  const items = deps.items ? await deps.items.listItems() : [];
  const result = Order.shipOrder(head, { ...input, partner: profile, companyPrefix: deps.gs1CompanyPrefix, items }, deps.clock.now().toISOString());
  if (Order.isRefusal(result)) throw new RequestRefusedError(result.reason);
  if (Order.isAlreadyShipped(result)) {
    if (result.isLast) await deps.outbox.send(head.outbox);
    const s = result.shipment;
    return { shipmentId: s.id, recorded: false, sequence: s.sequence, sscc: s.sscc, ...(s.shipNoticeKey ? { shipNoticeKey: s.shipNoticeKey } : {}), shipped: { ...(head.planning?.shipped ?? {}) }, orderVersion: head.order.version };
  }
  const stored = await commitOrder(deps, head, result, profile.transitDays);
  const s = result.shipment;
  return { shipmentId: s.id, recorded: true, sequence: s.sequence, sscc: s.sscc, ...(s.shipNoticeKey ? { shipNoticeKey: s.shipNoticeKey } : {}), shipped: result.shipped, orderVersion: stored.order.version };
}
