/**
 * An 860 waited for its 850 for as long as the process stage lets it (order per PO) and never
 * found it: it becomes an error record on the PO (with the message as received, for a redrive)
 * and an alert to operations — never a silent drop.
 */
import { stampRecord } from '#domain/audit/record-hashes.ts';
import { orderAlert } from '#domain/orders/order-messages.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import { RECORD_SCHEMA_VERSION, type Cause } from '#schemas/records/records.ts';

export interface RecordUnmatchedChangeDeps {
  orders: Pick<OrderStore, 'recordError'>;
  notify: NotifyQueue;
  clock: Clock;
}

export async function recordUnmatchedChange(deps: RecordUnmatchedChangeDeps, input: { message: DocumentMessage; rawMessage: string; cause: Cause; attempts: number }): Promise<void> {
  const { message, cause } = input;
  const po = message.purchaseOrderNumber ?? '';
  const reason = `860 for PO ${po} found no 850 after ${input.attempts} attempts since ${message.waitingForOrder?.since ?? message.source.receivedAt}`;
  await deps.orders.recordError(po, cause.id, stampRecord({ schemaVersion: RECORD_SCHEMA_VERSION, partner: message.partner, kind: 'change-unmatched', cause, at: deps.clock.now().toISOString(), reason, message: input.rawMessage }));
  const s = message.source;
  await deps.notify.send([
    {
      body: orderAlert(
        'change-unmatched',
        message.partner,
        po,
        `change-unmatched/${sha256Hex(cause.id)}`,
        {
          reason,
          facts: { 'Purchase order': po, 'Interchange (ISA13)': s.interchangeControlNumber, 'Group (GS06)': s.groupControlNumber, 'Set (ST02)': s.setControlNumber, 'Archived as': s.archiveKey },
          diagnostics: [],
        },
        s.receivedAt,
      ),
    },
  ]);
}
