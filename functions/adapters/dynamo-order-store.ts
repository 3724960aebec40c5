/**
 * # The single table
 *
 * One DynamoDB table (`infra/table-definition.ts`: `pk`/`sk`, GSIs `gsi1` and `gsi2`, `ttl`).
 * Every item is its key attributes, a `kind`, the record as JSON in `data` (parsed with its
 * zod schema in `schemas/records/records.ts`) and the few top-level attributes conditions
 * test (`version`, `seq`, `status`, `attempt`); a record over 1 KB is compressed in `z` instead of
 * `data` (see "Record encoding" in dynamo-table.ts). Key values taken from EDI go through `keyPart`.
 *
 * | item | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk |
 * | --- | --- | --- | --- | --- |
 * | order head (state, version, last event, outbox) | `ORDER#<partner>#<po>` | `HEAD` | | |
 * | order summary (the work lists' index entry) | `ORDER#<partner>#<po>` | `SUMMARY` | `PARTNER#<partner>#ORDERS` / `<orderDate>#<po>` | `STATUS#<status>` / `<partner>#<orderDate>#<po>` |
 * | order event (append-only, hash chained) | `ORDER#<partner>#<po>` | `EVENT#<seq:8>` | | |
 * | open demand, 500 lines a chunk (item set in `items`) | `ORDER#<partner>#<po>` | `DEMAND#<chunk:4>` | `DEMAND#OPEN#<shard:2>` / `<pk>#DEMAND#<chunk>` | |
 * | part 2… of a record split past 300 KB compressed | the record's | `<sk>#PART#<content hash>#<i:4>` | | |
 * | outbound document (control numbers) | subject partition | `DOC#<idempotency key>` | | |
 * | email (sending → sent) | subject partition | `EMAIL#<idempotency key>` | | |
 * | error record (e.g. 860 without 850) | `ORDER#<partner>#<po>` | `ERROR#<cause id>` | | |
 * | interchange ledger | `IX#<qual>:<sender>#<ISA13>` | `LEDGER` | `PARTNER#<partner>#IX` / `<receivedAt>#<ISA13>` | |
 * | re-sent interchange | `IX#<qual>:<sender>#<ISA13>` | `DUP#<receivedAt>#<sha256>` | | |
 * | refused file | `FILE#<partner>#<sha256>` | `REJECTED` | `PARTNER#<partner>#IX` / `<receivedAt>#FILE` | |
 * | forecast series (every period of one ship-to) | `FCST#<partner>#<item>` | `ST#<shipTo>` | | |
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
 * 5. Open demand by item: `Query(gsi1, gsi1pk = DEMAND#OPEN#<shard>, contains(items, :item))` for
 *    each of the 16 shards (see "Open demand by item" below).
 * 6. Seen interchange ISA13 from this sender? `GetItem(IX#q:s#isa13, LEDGER)`, and the
 *    claim itself is a conditional `PutItem` (`attribute_not_exists(pk)`).
 * 7. Next outbound control numbers per partner: `UpdateItem(PARTNER#p, COUNTER#OUTBOUND, ADD …)`
 *    returning the new values (atomic, a block per batch).
 * 8. Raw EDI by interchange: `GetItem(IX#…, LEDGER)` → `archiveKey` in the archive bucket.
 *
 * ## Writes without transactions (dynalite has no TransactWriteItems)
 * A decision on an order is committed by one conditional `PutItem` of the head
 * (`attribute_not_exists(pk)` for version 1, `seq = :expected` — the chain head it read — after), which carries the new
 * event and the outbox of messages to send. The event and the demand chunks follow in one
 * `BatchWriteItem` with the order's summary (the index entry: the head itself is in no index, so
 * the GSIs copy a few hundred bytes per order, not the ~13 KB head twice); all of them have deterministic keys and content, so a retry that finds the
 * head already committed (its cause id is in `appliedCauses`) re-writes them and re-sends the
 * outbox, and the next decision re-writes the previous event too. Nothing is written twice in
 * a way anyone can see, and nothing is lost between the two requests.
 */
import { PutItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import type { CommitResult, CreateResult, OrderStore } from '#functions/ports/order-store.ts';
import { DemandLineZ, ErrorRecordZ, OrderEventZ, OrderHeadZ, OrderZ, RECORD_SCHEMA_VERSION, type DemandLine, type ErrorRecord, type OrderEvent, type OrderHead } from '#schemas/records/records.ts';
import { z } from 'zod';
import { batchWrite, eventSk, fromItem, getItem, isConditionFailure, keyPart, orderPk, partKeysOf, putRequest, queryAll, readRecord, toItem, toRecordItems, type Item } from './dynamo-table.ts';

export const HEAD_SK = 'HEAD';

function headItems(head: OrderHead): { item: Item; parts: Item[] } {
  const o = head.order;
  return toRecordItems({ pk: orderPk(o.partner, o.purchaseOrderNumber), sk: HEAD_SK }, 'order', OrderHeadZ.parse(head), {
    version: { N: String(o.version) },
    seq: { N: String(o.lastEventSeq) },
    status: { S: o.status },
  });
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
  /** Held line numbers, the first {@link SUMMARY_HELD_LINES} of them (`heldCount` says how many). */
  heldLines: z.array(z.string()),
  heldCount: z.number().int().nonnegative().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummaryZ>;

/** The summary lists this many held lines at most, so it stays one small item for any order. */
export const SUMMARY_HELD_LINES = 50;

/**
 * The order's index entry: a small item carrying the GSI keys, so the indexes (projection ALL)
 * copy a few hundred bytes per order instead of the head. Written with the event and demand
 * after the head commit, re-written by a repair like them.
 */
function summaryItem(head: OrderHead): Item {
  const o = head.order;
  const date = o.orderDate ?? o.createdAt.slice(0, 10);
  const held = (head.planning?.lineStates ?? []).filter((l) => l.status === 'held').map((l) => l.lineNumber);
  const summary: OrderSummary = {
    partner: o.partner,
    purchaseOrderNumber: o.purchaseOrderNumber,
    status: o.status,
    version: o.version,
    ...(o.orderDate ? { orderDate: o.orderDate } : {}),
    lines: o.purchaseOrder.lines.length,
    heldLines: held.slice(0, SUMMARY_HELD_LINES),
    ...(held.length > SUMMARY_HELD_LINES ? { heldCount: held.length } : {}),
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

/** An event's item and, for an event of a very large order, its parts. */
export function eventItems(event: OrderEvent): Item[] {
  const { item, parts } = toRecordItems({ pk: orderPk(event.partner, event.purchaseOrderNumber), sk: eventSk(event.seq) }, 'event', OrderEventZ.parse(event));
  return [...parts, item];
}

/**
 * # Open demand by item (access pattern 5)
 * An order's open demand lines are stored in chunks of {@link DEMAND_LINES_PER_CHUNK} lines
 * (`DEMAND#<chunk>` in the order's partition: one item for an ordinary order, instead of one
 * per line), each carrying the set of items it has demand for (`items`, a string set). Chunks
 * with open lines are in the sparse index `gsi1` under `DEMAND#OPEN#<shard>` (16 shards by the
 * order's key, so no index partition is hot). Open demand of an item is a Query of each shard
 * filtered on `contains(items, :item)`: it reads the open chunks of every order — a planner's
 * recompute on a supply change, not the per-order hot path, which writes 1 chunk instead of 20
 * lines (each written twice: table and index).
 */
export const DEMAND_LINES_PER_CHUNK = 500;
export const DEMAND_SHARDS = 16;
export const DEMAND_KIND = 'demand';

export const DemandChunkZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  chunk: z.number().int().nonnegative(),
  lines: z.array(DemandLineZ),
});
export type DemandChunk = z.infer<typeof DemandChunkZ>;

export function demandShardPk(shard: number): string {
  return `DEMAND#OPEN#${String(shard).padStart(2, '0')}`;
}

function demandShardOf(pk: string): number {
  return createHash('sha256').update(pk).digest()[0]! % DEMAND_SHARDS;
}

function demandSk(chunk: number): string {
  return `DEMAND#${String(chunk).padStart(4, '0')}`;
}

/** How many chunk items the open lines of `demand` take. */
function demandChunkCount(demand: readonly DemandLine[]): number {
  return Math.ceil(demand.filter((d) => d.open).length / DEMAND_LINES_PER_CHUNK);
}

function demandChunkItems(partner: string, purchaseOrderNumber: string, demand: readonly DemandLine[]): Item[] {
  const pk = orderPk(partner, purchaseOrderNumber);
  const open = demand.filter((d) => d.open).map((d) => DemandLineZ.parse(d));
  const items: Item[] = [];
  for (let chunk = 0; chunk * DEMAND_LINES_PER_CHUNK < open.length; chunk++) {
    const lines = open.slice(chunk * DEMAND_LINES_PER_CHUNK, (chunk + 1) * DEMAND_LINES_PER_CHUNK);
    const record: DemandChunk = { schemaVersion: RECORD_SCHEMA_VERSION, partner, purchaseOrderNumber, chunk, lines };
    const { item } = toRecordItems(
      { pk, sk: demandSk(chunk), gsi1pk: demandShardPk(demandShardOf(pk)), gsi1sk: `${pk}#${demandSk(chunk)}` },
      DEMAND_KIND,
      record,
      { items: { SS: [...new Set(lines.map((l) => l.item))] } },
    );
    items.push(item);
  }
  return items;
}

function deleteRequest(key: { pk: string; sk: string }): WriteRequest {
  return { DeleteRequest: { Key: { pk: { S: key.pk }, sk: { S: key.sk } } } };
}

export class DynamoOrderStore implements OrderStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async get(partner: string, purchaseOrderNumber: string): Promise<OrderHead | undefined> {
    return readRecord(this.client, this.table, OrderHeadZ, await getItem(this.client, this.table, orderPk(partner, purchaseOrderNumber), HEAD_SK));
  }

  async create(head: OrderHead, demand: readonly DemandLine[]): Promise<CreateResult> {
    const { item, parts } = headItems(head);
    // Parts first: the head that points to them is the commit point.
    await batchWrite(this.client, this.table, parts.map(putRequest));
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(head.order.partner, head.order.purchaseOrderNumber);
      if (!existing) throw error;
      return { created: false, existing };
    }
    await this.writeAfterHead(head, demand);
    return { created: true };
  }

  async commit(head: OrderHead, expectedSeq: number, demand: readonly DemandLine[], alsoEvents: readonly OrderEvent[] = [], replaces?: { head: OrderHead; demand: readonly DemandLine[] }): Promise<CommitResult> {
    const { item, parts } = headItems(head);
    await batchWrite(this.client, this.table, parts.map(putRequest));
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'seq = :expected',
          ExpressionAttributeValues: { ':expected': { N: String(expectedSeq) } },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
    const stale: WriteRequest[] = [];
    if (replaces) {
      // The superseded head's parts (only a very large order has any), and demand chunks the order no longer fills.
      const kept = new Set(partKeysOf(item).map((k) => k.sk));
      for (const key of partKeysOf(headItems(replaces.head).item)) if (!kept.has(key.sk)) stale.push(deleteRequest(key));
      const pk = orderPk(head.order.partner, head.order.purchaseOrderNumber);
      for (let c = demandChunkCount(demand); c < demandChunkCount(replaces.demand); c++) stale.push(deleteRequest({ pk, sk: demandSk(c) }));
    }
    await this.writeAfterHead(head, demand, [...alsoEvents.flatMap(eventItems).map(putRequest), ...stale]);
    return 'committed';
  }

  async repair(head: OrderHead, demand: readonly DemandLine[]): Promise<void> {
    // A replay does not know what the previous version filled: drop every chunk beyond the current ones.
    const o = head.order;
    const pk = orderPk(o.partner, o.purchaseOrderNumber);
    const stored = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :demand)',
      ExpressionAttributeValues: { ':pk': { S: pk }, ':demand': { S: 'DEMAND#' } },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const count = demandChunkCount(demand);
    const stale = stored.map((i) => i.sk!.S!).filter((sk) => sk >= demandSk(count)).map((sk) => deleteRequest({ pk, sk }));
    await this.writeAfterHead(head, demand, stale);
  }

  /** What follows a head commit, in one BatchWriteItem for an ordinary order: its event, the summary, the demand chunks and `also`. */
  protected async writeAfterHead(head: OrderHead, demand: readonly DemandLine[], also: readonly WriteRequest[] = []): Promise<void> {
    const o = head.order;
    const puts = [...eventItems(head.lastEvent), summaryItem(head), ...demandChunkItems(o.partner, o.purchaseOrderNumber, demand)].map(putRequest);
    await batchWrite(this.client, this.table, [...puts, ...also]);
  }

  async recordError(purchaseOrderNumber: string, causeId: string, record: ErrorRecord): Promise<boolean> {
    const { item, parts } = toRecordItems({ pk: orderPk(record.partner, purchaseOrderNumber), sk: `ERROR#${keyPart(causeId)}` }, 'error', ErrorRecordZ.parse(record));
    await batchWrite(this.client, this.table, parts.map(putRequest));
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

/** Demand chunks' lines (parsed), for the planning store's open-demand query. */
export function demandLinesOfChunk(item: Item): DemandLine[] {
  return fromItem(DemandChunkZ, item)?.lines ?? [];
}
