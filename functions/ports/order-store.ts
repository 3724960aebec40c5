import type { DemandLine, ErrorRecord, OrderEvent, OrderHead } from '#schemas/records/records.ts';

export type { OrderHead, Outbox } from '#schemas/records/records.ts';

export type CreateResult = { created: true } | { created: false; existing: OrderHead };
export type CommitResult = 'committed' | 'conflict';

/** Orders, their append-only events and their open demand by item. */
export interface OrderStore {
  /** The order by partner + PO (access pattern 1), undefined when none. */
  get(partner: string, purchaseOrderNumber: string): Promise<OrderHead | undefined>;
  /** Creates version 1 unless the order exists; then writes its first event and demand lines (every line of the order; the open ones are indexed). */
  create(head: OrderHead, demand: readonly DemandLine[]): Promise<CreateResult>;
  /**
   * Commits the next head if the stored chain head is still event `expectedSeq` (optimistic lock), then writes the new
   * event (and `alsoEvents`, re-written idempotently) and the order's demand lines as it now stands. `replaces` is the
   * head and demand committed before, so the store can drop what only they needed.
   */
  commit(head: OrderHead, expectedSeq: number, demand: readonly DemandLine[], alsoEvents?: readonly OrderEvent[], replaces?: { head: OrderHead; demand: readonly DemandLine[] }): Promise<CommitResult>;
  /** Re-writes the head's last event and the order's demand lines (a replay after a crash). */
  repair(head: OrderHead, demand: readonly DemandLine[]): Promise<void>;
  /** Records an error about an order (e.g. an 860 that never found its 850); false when already recorded. */
  recordError(purchaseOrderNumber: string, causeId: string, record: ErrorRecord): Promise<boolean>;
}
