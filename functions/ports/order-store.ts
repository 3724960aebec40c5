import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { OrderPlanning } from '#schemas/records/planning-records.ts';
import type { DemandLine, ErrorRecord, Order, OrderEvent } from '#schemas/records/records.ts';

/** What the last decision on an order queued; re-sent as is when that decision is replayed. */
export interface Outbox {
  outbound: OutboundMessage[];
  notify: NotifyMessage[];
}

/**
 * The order's head record: current state, the event that produced it and what it queued.
 * Writing the head is the commit point of a decision; the event and demand lines follow and
 * are re-written from the head when a retry finds them missing.
 */
export interface OrderHead {
  order: Order;
  lastEvent: OrderEvent;
  outbox: Outbox;
  /** Line states, decisions and items of the planning checks (absent when they did not run). */
  planning?: OrderPlanning;
}

export type CreateResult = { created: true } | { created: false; existing: OrderHead };
export type CommitResult = 'committed' | 'conflict';

/** Orders, their append-only events and their open demand by item. */
export interface OrderStore {
  /** The order by partner + PO (access pattern 1), undefined when none. */
  get(partner: string, purchaseOrderNumber: string): Promise<OrderHead | undefined>;
  /** Creates version 1 unless the order exists; then writes its first event and demand lines. */
  create(head: OrderHead, demand: readonly DemandLine[]): Promise<CreateResult>;
  /**
   * Commits the next head if the stored chain head is still event `expectedSeq` (optimistic lock), then writes the new
   * event (and `alsoEvents`, re-written idempotently) and the demand lines.
   */
  commit(head: OrderHead, expectedSeq: number, demand: readonly DemandLine[], alsoEvents?: readonly OrderEvent[]): Promise<CommitResult>;
  /** Re-writes the head's last event and the demand lines (a replay after a crash). */
  repair(head: OrderHead, demand: readonly DemandLine[]): Promise<void>;
  /** Records an error about an order (e.g. an 860 that never found its 850); false when already recorded. */
  recordError(purchaseOrderNumber: string, causeId: string, record: ErrorRecord): Promise<boolean>;
}
