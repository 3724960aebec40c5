/**
 * The outboxes of one process batch, sent together: every record's outbox (855/865 to the
 * outbound queue, emails to the notify queue) waits until its decision committed, then all go
 * out in SendMessageBatch requests of up to 10 entries across records, before the batch
 * response. A record whose message SQS did not accept is failed and retried; its retry finds its
 * cause applied and re-sends the head's outbox (consumers are idempotent on the message ids).
 *
 * The outbox lives on the order head, and the next decision on the same order replaces it. So a
 * record may not commit on top of another record's unsent outbox: before a record runs, pending
 * messages of its message group (= partner + PO) are flushed first, and if they did not go out
 * the record fails too (with every later record of its group, FIFO). Then at most the last
 * record of a group is pending at the end, and failing it retries exactly what was not sent.
 */
import type { OrderEventPublisher } from '#functions/ports/order-events.ts';
import type { NotifyQueue, OutboundQueue } from '#functions/ports/stage-queue.ts';
import type { Outbox } from '#schemas/records/records.ts';

interface Pending {
  recordId: string;
  group: string;
  outbox: Outbox;
}

export class OutboxBatch {
  private pending: Pending[] = [];
  /** Records whose messages did not go out in a flush during the batch. */
  private readonly failed = new Set<string>();

  constructor(private readonly queues: { outbound: OutboundQueue; notify: NotifyQueue; events?: OrderEventPublisher }) {}

  /** Queues `outbox` of record `recordId` (FIFO group `group`) for the next flush. */
  add(recordId: string, group: string, outbox: Outbox): void {
    if (outbox.outbound.length === 0 && outbox.notify.length === 0 && !outbox.events?.length) return;
    this.pending.push({ recordId, group, outbox });
  }

  hasPending(group: string): boolean {
    return this.pending.some((p) => p.group === group);
  }

  /** True when a record of `group` failed to send in this batch (its later records must fail too). */
  groupFailed(group: string, groupOf: (recordId: string) => string | undefined): boolean {
    return [...this.failed].some((id) => groupOf(id) === group);
  }

  /** Sends everything pending; returns the ids of the records (so far in this batch) whose messages did not all go out. */
  async flush(): Promise<ReadonlySet<string>> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return this.failed;
    const outbound = pending.flatMap((p) => p.outbox.outbound.map((body) => ({ owner: p.recordId, body })));
    const notify = pending.flatMap((p) => p.outbox.notify.map((body) => ({ owner: p.recordId, body })));
    const [o, n] = await Promise.all([
      outbound.length ? this.queues.outbound.sendEach(outbound.map(({ body }) => ({ body }))) : { failed: [] },
      notify.length ? this.queues.notify.sendEach(notify.map(({ body }) => ({ body }))) : { failed: [] },
    ]);
    for (const i of o.failed) this.failed.add(outbound[i]!.owner);
    for (const i of n.failed) this.failed.add(notify[i]!.owner);
    // The batch's order-step events in one publish (10 a request): if the bus refused any, every record that had events
    // is failed and retried like an unsent message; the retry publishes the same event ids, which consumers dedupe.
    const bus = this.queues.events;
    const withEvents = pending.filter((p) => p.outbox.events?.length);
    if (bus && withEvents.length) {
      try {
        await bus.publish(withEvents.flatMap((p) => p.outbox.events ?? []));
      } catch {
        for (const p of withEvents) this.failed.add(p.recordId);
      }
    }
    return this.failed;
  }
}
