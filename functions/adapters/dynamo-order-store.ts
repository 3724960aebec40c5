/**
 * # The single table
 *
 * One DynamoDB table (`infra/table-definition.ts`: `pk`/`sk`, GSIs `gsi1` and `gsi2`, `ttl`).
 * Every item is its key attributes, a `kind`, the record as JSON in `data` (parsed with its
 * zod schema in `schemas/records/records.ts`) and the few top-level attributes conditions
 * test (`version`, `seq`, `status`, `attempt`). Key values taken from EDI have `#` and `%` escaped.
 *
 * | item | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk |
 * | --- | --- | --- | --- | --- |
 * | order head (state, version, last event, outbox) | `ORDER#<partner>#<po>` | `HEAD` | | |
 * | order summary (the work lists' index entry) | `ORDER#<partner>#<po>` | `SUMMARY` | `PARTNER#<partner>#ORDERS` / `<orderDate>#<po>` | `STATUS#<status>` / `<partner>#<orderDate>#<po>` |
 * | order event (append-only, hash chained) | `ORDER#<partner>#<po>` | `EVENT#<seq:8>` | | |
 * | demand line (open lines only indexed) | `ORDER#<partner>#<po>` | `LINE#<line>` | `ITEM#<item>#DEMAND` / `<due>#<partner>#<po>#<line>` | |
 * | outbound document (control numbers) | subject partition | `DOC#<idempotency key>` | | |
 * | email (sending → sent) | subject partition | `EMAIL#<idempotency key>` | | |
 * | error record (e.g. 860 without 850) | `ORDER#<partner>#<po>` | `ERROR#<cause id>` | | |
 * | interchange ledger | `IX#<qual>:<sender>#<ISA13>` | `LEDGER` | `PARTNER#<partner>#IX` / `<receivedAt>#<ISA13>` | |
 * | re-sent interchange | `IX#<qual>:<sender>#<ISA13>` | `DUP#<receivedAt>#<sha256>` | | |
 * | refused file | `FILE#<partner>#<sha256>` | `REJECTED` | `PARTNER#<partner>#IX` / `<receivedAt>#FILE` | |
 * | forecast period | `FCST#<partner>#<item>` | `P#<periodStart>#ST#<shipTo>` | | |
 * | planned supply (planning stage) | `ITEM#<item>` | `SUPPLY#<weekStart>` | | |
 * | outbound control-number counter | `PARTNER#<partner>` | `COUNTER#OUTBOUND` | | |
 * | partner profile | `PARTNER#<partner>` | `PROFILE` | | |
 *
 * The subject partition of a document or email is the order's (`ORDER#…`), the
 * interchange's (`IX#…`, 997 and TA1) or the refused file's (`FILE#…`).
 *
 * ## Access patterns (README, "The pipeline"), one request each
 * 1. Order by partner + PO: `GetItem(ORDER#p#po, HEAD)` (header, every line, status, version).
 * 2. Order history, oldest first: `Query(pk = ORDER#p#po)`: events (`EVENT#` sorts by seq),
 *    documents with control numbers, emails, errors, in one page for ordinary orders.
 * 3. Orders of a partner in a date range (their summaries): `Query(gsi1, gsi1pk = PARTNER#p#ORDERS, gsi1sk BETWEEN d1 AND d2~)`;
 *    by status (held, …): `Query(gsi2, gsi2pk = STATUS#held)`, optionally `begins_with(gsi2sk, p#)`.
 * 4. Forecast by partner + item + period and the 830 that set it:
 *    `Query(pk = FCST#p#item, sk BETWEEN P#from AND P#to~)` (every ship-to), or `GetItem` with the ship-to.
 * 5. Open demand by item: `Query(gsi1, gsi1pk = ITEM#item#DEMAND)` (closed lines drop out of the
 *    sparse index); planned supply by item: `Query(pk = ITEM#item, begins_with(sk, SUPPLY#))`.
 * 6. Seen interchange ISA13 from this sender? `GetItem(IX#q:s#isa13, LEDGER)`, and the
 *    claim itself is a conditional `PutItem` (`attribute_not_exists(pk)`).
 * 7. Next outbound control numbers per partner: `UpdateItem(PARTNER#p, COUNTER#OUTBOUND, ADD …)`
 *    returning the new values (atomic, a block per batch).
 * 8. Raw EDI by interchange: `GetItem(IX#…, LEDGER)` → `archiveKey` in the archive bucket.
 *
 * ## Writes without transactions (dynalite has no TransactWriteItems)
 * A decision on an order is committed by one conditional `PutItem` of the head
 * (`attribute_not_exists(pk)` for version 1, `seq = :expected` — the chain head it read — after), which carries the new
 * event and the outbox of messages to send. The event and the demand lines follow in one
 * `BatchWriteItem` with the order's summary (the index entry: the head itself is in no index, so
 * the GSIs copy a few hundred bytes per order, not the ~13 KB head twice); all of them have deterministic keys and content, so a retry that finds the
 * head already committed (its cause id is in `appliedCauses`) re-writes them and re-sends the
 * outbox, and the next decision re-writes the previous event too. Nothing is written twice in
 * a way anyone can see, and nothing is lost between the two requests.
 */
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CommitResult, CreateResult, OrderStore } from '#functions/ports/order-store.ts';
import { DemandLineZ, ErrorRecordZ, OrderEventZ, OrderHeadZ, OrderZ, type DemandLine, type ErrorRecord, type OrderEvent, type OrderHead } from '#schemas/records/records.ts';
import { z } from 'zod';
import { batchWrite, eventSk, fromItem, getItem, isConditionFailure, keyPart, orderPk, putRequest, toItem, type Item } from './dynamo-table.ts';

export const HEAD_SK = 'HEAD';

function headItem(head: OrderHead): Item {
  const o = head.order;
  return toItem({ pk: orderPk(o.partner, o.purchaseOrderNumber), sk: HEAD_SK }, 'order', head, { version: { N: String(o.version) }, seq: { N: String(o.lastEventSeq) }, status: { S: o.status } });
}

export const SUMMARY_SK = 'SUMMARY';

/** What the work lists (orders of a partner by date, orders by status) show of an order: its summary item. */
export const OrderSummaryZ = z.object({
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  status: OrderZ.shape.status,
  version: z.number().int().nonnegative(),
  orderDate: z.string().optional(),
  lines: z.number().int().nonnegative(),
  heldLines: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummaryZ>;

/**
 * The order's index entry: a small item carrying the GSI keys, so the indexes (projection ALL)
 * copy a few hundred bytes per order instead of the head (header, every line, planning state,
 * outbox: ~13 KB for 20 lines, twice). Written with the event and demand lines after the head
 * commit, re-written by a repair like them.
 */
function summaryItem(head: OrderHead): Item {
  const o = head.order;
  const date = o.orderDate ?? o.createdAt.slice(0, 10);
  const summary: OrderSummary = {
    partner: o.partner,
    purchaseOrderNumber: o.purchaseOrderNumber,
    status: o.status,
    version: o.version,
    ...(o.orderDate ? { orderDate: o.orderDate } : {}),
    lines: o.purchaseOrder.lines.length,
    heldLines: (head.planning?.lineStates ?? []).filter((l) => l.status === 'held').map((l) => l.lineNumber),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
  return toItem(
    {
      pk: orderPk(o.partner, o.purchaseOrderNumber),
      sk: SUMMARY_SK,
      gsi1pk: `PARTNER#${keyPart(o.partner)}#ORDERS`,
      gsi1sk: `${date}#${keyPart(o.purchaseOrderNumber)}`,
      gsi2pk: `STATUS#${o.status}`,
      gsi2sk: `${keyPart(o.partner)}#${date}#${keyPart(o.purchaseOrderNumber)}`,
    },
    'order-summary',
    summary,
    { version: { N: String(o.version) }, status: { S: o.status } },
  );
}

export function eventItem(event: OrderEvent): Item {
  return toItem({ pk: orderPk(event.partner, event.purchaseOrderNumber), sk: eventSk(event.seq) }, 'event', OrderEventZ.parse(event));
}

function demandItem(line: DemandLine): Item {
  const pk = orderPk(line.partner, line.purchaseOrderNumber);
  return toItem(
    {
      pk,
      sk: `LINE#${keyPart(line.lineNumber)}`,
      ...(line.open
        ? { gsi1pk: `ITEM#${keyPart(line.item)}#DEMAND`, gsi1sk: `${line.dueDate ?? '9999-12-31'}#${keyPart(line.partner)}#${keyPart(line.purchaseOrderNumber)}#${keyPart(line.lineNumber)}` }
        : {}),
    },
    'demand',
    DemandLineZ.parse(line),
  );
}

export class DynamoOrderStore implements OrderStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async get(partner: string, purchaseOrderNumber: string): Promise<OrderHead | undefined> {
    return fromItem(OrderHeadZ, await getItem(this.client, this.table, orderPk(partner, purchaseOrderNumber), HEAD_SK));
  }

  async create(head: OrderHead, demand: readonly DemandLine[]): Promise<CreateResult> {
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.table, Item: headItem(OrderHeadZ.parse(head)), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(head.order.partner, head.order.purchaseOrderNumber);
      if (!existing) throw error;
      return { created: false, existing };
    }
    await this.repair(head, demand);
    return { created: true };
  }

  async commit(head: OrderHead, expectedSeq: number, demand: readonly DemandLine[], alsoEvents: readonly OrderEvent[] = []): Promise<CommitResult> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: headItem(OrderHeadZ.parse(head)),
          ConditionExpression: 'seq = :expected',
          ExpressionAttributeValues: { ':expected': { N: String(expectedSeq) } },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
    await batchWrite(this.client, this.table, [...alsoEvents.map(eventItem), eventItem(head.lastEvent), summaryItem(head), ...demand.map(demandItem)].map(putRequest));
    return 'committed';
  }

  async repair(head: OrderHead, demand: readonly DemandLine[]): Promise<void> {
    await batchWrite(this.client, this.table, [eventItem(head.lastEvent), summaryItem(head), ...demand.map(demandItem)].map(putRequest));
  }

  async recordError(purchaseOrderNumber: string, causeId: string, record: ErrorRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ pk: orderPk(record.partner, purchaseOrderNumber), sk: `ERROR#${keyPart(causeId)}` }, 'error', ErrorRecordZ.parse(record)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
