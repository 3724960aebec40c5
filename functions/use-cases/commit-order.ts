/**
 * The one commit of an order transition, for every use case:
 * 1. an outbound document too large for a queue message goes to the archive as a claim check,
 *    named by its content hash (the head and the message then carry only the claim);
 * 2. a conditional put of the head with its outbox (a new order: only if none exists; else only
 *    if the stored chain head is still the one read) — a conflict is an {@link OrderConflictError};
 * 3. the event(s) and the order's demand follow (the store writes them);
 * 4. the outbox is handed on.
 * A retry that finds its cause applied calls {@link replayOrder}: the event and demand are
 * re-written from the head and the same outbox is sent again (every consumer dedupes by key).
 */
import { demandOfHead } from '#domain/orders/demand-lines.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { Transition } from '#domain/orders/transition.ts';
import type { ClaimStore } from '#functions/ports/archive.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { OutboxSender } from '#functions/ports/outbox.ts';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '#schemas/messages/common.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { OrderConflictError } from './errors.ts';

export interface CommitDeps {
  orders: Pick<OrderStore, 'create' | 'commit' | 'repair'>;
  outbox: OutboxSender;
  /** Only a transition that sends an outbound document stores a claim. */
  claims: Pick<ClaimStore, 'storeClaim'>;
}

async function claimLarge(claims: Pick<ClaimStore, 'storeClaim'>, message: OutboundMessage): Promise<OutboundMessage> {
  if (message.payload.kind !== 'inline') return message;
  const json = JSON.stringify(message.payload.document);
  if (Buffer.byteLength(json, 'utf8') <= INLINE_PAYLOAD_LIMIT_BYTES) return message;
  const claim = await claims.storeClaim(`claims/${message.partner}/outbound/${sha256Hex(json)}.json`, json);
  return { ...message, payload: { kind: 'claim', claim } };
}

/**
 * Commits `transition` on top of `previous` (undefined: it creates the order) and sends its
 * outbox. Returns the head as stored.
 */
export async function commitOrder(deps: CommitDeps, previous: OrderHead | undefined, transition: Transition, transitDays: number): Promise<OrderHead> {
  const outbound = await Promise.all(transition.next.outbox.outbound.map((m) => claimLarge(deps.claims, m)));
  const next: OrderHead = { ...transition.next, outbox: { ...transition.next.outbox, outbound } };
  // The whole order's demand: the store keeps it in a chunk or two per order (not an item per line), so rewriting it all costs what one changed line would.
  const demand = demandOfHead(next, transitDays, previous?.order);
  const po = next.order.purchaseOrderNumber;
  if (!previous) {
    const created = await deps.orders.create(next, demand);
    if (!created.created) throw new OrderConflictError(`PO ${po} was created meanwhile`);
  } else if ((await deps.orders.commit(next, previous.order.lastEventSeq, demand, [previous.lastEvent], { head: previous, demand: demandOfHead(previous, transitDays) })) === 'conflict') {
    throw new OrderConflictError(`PO ${po} changed meanwhile`);
  }
  await deps.outbox.send(next.outbox);
  return next;
}

/** A retry found its cause applied: re-write the head's event and demand, and re-send its outbox. */
export async function replayOrder(deps: CommitDeps, head: OrderHead, transitDays: number): Promise<void> {
  await deps.orders.repair(head, demandOfHead(head, transitDays));
  await deps.outbox.send(head.outbox);
}
