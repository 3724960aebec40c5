/**
 * The order summaries' indexes (dynamo-order-store.ts): `gsi1` `PARTNER#<p>#ORDERS` /
 * `<orderDate>#<po>` and `gsi2` `STATUS#<status>` / `<partner>#<orderDate>#<po>`, one Query
 * page per call; the cursor is the page's LastEvaluatedKey, base64url JSON.
 *
 * Flags (`at-risk`, `p1-open`, `ack-overdue`) live on the records that decide them, in the same
 * sparse `gsi2`, written with the record (so a flag appears and clears in the same conditional
 * write as the state it reflects; see {@link flagIndexKeys}):
 *
 * | flag | item | gsi2pk / gsi2sk |
 * | --- | --- | --- |
 * | a line of the item is short (delay state, `active`) | `ITEM#<item>` / `DELAY` | `STATUS#at-risk` / `ITEM#<item>` |
 * | an unconfirmed P1 case | `ORDER#<p>#<po>` / `P1#<line>` | `STATUS#p1-open` / `<partner>#<po>#<line>` |
 * | a sent document overdue for its acknowledgment | `PARTNER#<p>#SENT` / `GS#…#ST#…` | `STATUS#ack-overdue` / `<partner>#<dueAt>#<gs06>#<st02>` |
 *
 * A delay state names lines of any partner, so `at-risk` of one partner is filtered after the read.
 */
import { BatchGetItemCommand, QueryCommand, type BatchGetItemCommandOutput, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { FlagStatus, OrderFlag, OrderFlagPage, OrderIndex, OrderSummaryPage, PageRequest } from '#functions/ports/order-index.ts';
import { FLAG_STATUSES, InvalidCursorError } from '#functions/ports/order-index.ts';
import { DelayStateRecordZ, EscalationRecordZ } from '#schemas/records/planning-records.ts';
import { SentDocumentZ } from '#schemas/records/sent-document.ts';
import { z } from 'zod';
import { SUMMARY_SK } from './dynamo-order-store.ts';
import { fromItem, keyPart, orderPk, type Item } from './dynamo-table.ts';

const SummaryZ = z.object({
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  status: z.string(),
  version: z.number(),
  lines: z.number(),
  heldLines: z.array(z.string()),
  orderDate: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export { InvalidCursorError };

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a key');
    return parsed as Item;
  } catch {
    throw new InvalidCursorError('the page cursor is not one this index gave out');
  }
}

const encodeCursor = (key: Record<string, AttributeValue> | undefined) => (key ? { next: Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') } : {});

/** Flag records read a query page at a time while the orders of a flag are gathered. */
const FLAG_READ_PAGE = 500;

/** Orders sort and page by partner, then PO number (a NUL between: neither can hold one). */
const orderRefKey = (ref: { partner: string; purchaseOrderNumber: string }) => `${ref.partner}\u0000${ref.purchaseOrderNumber}`;

/** The cursor of a page of flagged orders: the last order it gave (`{"after": key}`). */
const encodeOrderCursor = (key: string) => Buffer.from(JSON.stringify({ after: key }), 'utf8').toString('base64url');

function decodeOrderCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { after?: unknown }).after === 'string') return (parsed as { after: string }).after;
  } catch {
    // answered below, as any cursor this index did not give out
  }
  throw new InvalidCursorError('the page cursor is not one this index gave out');
}

/** The `gsi2` attributes of a flag, to be written on the record that carries it (none when the flag is down). */
export const flagIndexKeys = {
  atRisk(item: string, anyLineShort: boolean): Item {
    return anyLineShort ? { gsi2pk: { S: 'STATUS#at-risk' }, gsi2sk: { S: `ITEM#${keyPart(item)}` } } : {};
  },
  p1Open(partner: string, purchaseOrderNumber: string, lineNumber: string, open: boolean): Item {
    return open ? { gsi2pk: { S: 'STATUS#p1-open' }, gsi2sk: { S: `${keyPart(partner)}#${keyPart(purchaseOrderNumber)}#${keyPart(lineNumber)}` } } : {};
  },
  ackOverdue(partner: string, dueAt: string, groupControlNumber: string, setControlNumber: string, overdue: boolean): Item {
    return overdue ? { gsi2pk: { S: 'STATUS#ack-overdue' }, gsi2sk: { S: `${keyPart(partner)}#${dueAt}#${keyPart(groupControlNumber)}#${keyPart(setControlNumber)}` } } : {};
  },
};

/** Line keys of the delay core (`encodeURIComponent` of partner, PO, line, joined by `/`). */
function lineRefOf(key: string): { partner: string; purchaseOrderNumber: string; lineNumber: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3) return undefined;
  try {
    const [partner, purchaseOrderNumber, lineNumber] = parts.map(decodeURIComponent) as [string, string, string];
    return { partner, purchaseOrderNumber, lineNumber };
  } catch {
    return undefined;
  }
}

function flagsOf(status: FlagStatus, item: Item, partner: string | undefined): OrderFlag[] {
  if (status === 'at-risk') {
    const record = fromItem(DelayStateRecordZ, item);
    if (!record) return [];
    return Object.entries(record.state.lines)
      .filter(([, l]) => l.active)
      .flatMap(([key, l]) => {
        const ref = lineRefOf(key);
        return ref && (partner === undefined || ref.partner === partner) ? [{ status, ...ref, item: record.state.item, since: l.episodeStart, detail: `${record.state.item} short since ${l.episodeStart}` }] : [];
      });
  }
  if (status === 'p1-open') {
    const record = fromItem(EscalationRecordZ, item);
    if (!record || record.state.confirmation) return [];
    const c = record.state.case;
    return [{ status, partner: c.partnerId, purchaseOrderNumber: c.purchaseOrderNumber, lineNumber: c.lineNumber, item: c.item, since: record.state.createdAt, detail: `P1 on ${c.item}: date confirmation due ${record.state.confirmDueAt}`, ...(record.quantity === undefined ? {} : { quantity: record.quantity }) }];
  }
  const doc = fromItem(SentDocumentZ, item);
  if (!doc || doc.state !== 'overdue' || doc.subject.kind !== 'order') return [];
  return [{ status, partner: doc.partner, purchaseOrderNumber: doc.subject.purchaseOrderNumber, since: doc.dueAt, detail: `${doc.kind} ISA13 ${doc.interchangeControlNumber} not acknowledged, due ${doc.dueAt}` }];
}

const BATCH_GET_MAX = 100;

export class DynamoOrderIndex implements OrderIndex {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private async query(input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest) {
    const start = decodeCursor(page.cursor);
    return this.client.send(new QueryCommand({ ...input, TableName: this.table, Limit: page.limit, ...(start ? { ExclusiveStartKey: start } : {}) }));
  }

  private async page(input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest): Promise<OrderSummaryPage> {
    const out = await this.query(input, page);
    const orders = (out.Items ?? []).map((i) => fromItem(SummaryZ, i)).filter((s): s is z.infer<typeof SummaryZ> => s !== undefined);
    return { orders, ...encodeCursor(out.LastEvaluatedKey) };
  }

  byPartnerAndDate(partner: string, from: string | undefined, to: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    return this.page(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': { S: `PARTNER#${keyPart(partner)}#ORDERS` }, ':from': { S: from ?? '0000' }, ':to': { S: `${to ?? '9999-12-31'}~` } },
      },
      page,
    );
  }

  async byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    if ((FLAG_STATUSES as readonly string[]).includes(status)) return this.flaggedOrders(status as FlagStatus, partner, page);
    return this.page(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: partner === undefined ? 'gsi2pk = :pk' : 'gsi2pk = :pk AND begins_with(gsi2sk, :partner)',
        ExpressionAttributeValues: { ':pk': { S: `STATUS#${status}` }, ...(partner === undefined ? {} : { ':partner': { S: `${keyPart(partner)}#` } }) },
      },
      page,
    );
  }

  async flagged(status: FlagStatus, partner: string | undefined, page: PageRequest): Promise<OrderFlagPage> {
    // Delay states are per item, not per partner: the partner is filtered from the lines.
    const byPartner = partner !== undefined && status !== 'at-risk';
    const out = await this.query(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: byPartner ? 'gsi2pk = :pk AND begins_with(gsi2sk, :partner)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `STATUS#${status}` }, ...(byPartner ? { ':partner': { S: `${keyPart(partner)}#` } } : {}) },
      },
      page,
    );
    return { flags: (out.Items ?? []).flatMap((i) => flagsOf(status, i, partner)), ...encodeCursor(out.LastEvaluatedKey) };
  }

  /**
   * The orders with a flag, each once, by partner then PO number, `limit` to a page. A flag is
   * kept on the record that decides it — an item's delay state (lines of many orders), a P1 case
   * (one line), a sent document — so the index's own pages neither follow orders nor keep one
   * order's flags together: paging them would repeat an order flagged twice on the next page and
   * give more orders than asked. The flags are the open work (what is at risk, in P1, overdue now),
   * so they are read whole for each page and the orders paged exactly, the cursor naming the last
   * order given.
   */
  private async flaggedOrders(status: FlagStatus, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    const after = decodeOrderCursor(page.cursor);
    const refs = new Map<string, { partner: string; purchaseOrderNumber: string }>();
    let cursor: string | undefined;
    do {
      const flags = await this.flagged(status, partner, { limit: FLAG_READ_PAGE, cursor });
      for (const f of flags.flags) refs.set(orderRefKey(f), { partner: f.partner, purchaseOrderNumber: f.purchaseOrderNumber });
      cursor = flags.next;
    } while (cursor);
    const following = [...refs.entries()].filter(([key]) => after === undefined || key > after).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const taken = following.slice(0, page.limit);
    const last = taken.at(-1);
    return { orders: await this.summaries(taken.map(([, ref]) => ref)), ...(following.length > taken.length && last ? { next: encodeOrderCursor(last[0]) } : {}) };
  }

  /** The summary items of these orders (BatchGetItem, 100 keys a request), in the order given. */
  private async summaries(refs: readonly { partner: string; purchaseOrderNumber: string }[]): Promise<OrderSummaryPage['orders']> {
    const found = new Map<string, z.infer<typeof SummaryZ>>();
    for (let i = 0; i < refs.length; i += BATCH_GET_MAX) {
      let keys: Record<string, AttributeValue>[] | undefined = refs.slice(i, i + BATCH_GET_MAX).map((r) => ({ pk: { S: orderPk(r.partner, r.purchaseOrderNumber) }, sk: { S: SUMMARY_SK } }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const out: BatchGetItemCommandOutput = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
        for (const item of out.Responses?.[this.table] ?? []) {
          const s = fromItem(SummaryZ, item);
          if (s) found.set(`${s.partner}\u0000${s.purchaseOrderNumber}`, s);
        }
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return refs.map((r) => found.get(`${r.partner}\u0000${r.purchaseOrderNumber}`)).filter((s): s is z.infer<typeof SummaryZ> => s !== undefined);
  }
}
