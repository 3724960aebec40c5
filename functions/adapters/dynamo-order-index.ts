/**
 * The order summaries' indexes (dynamo-order-store.ts): `gsi1` `PARTNER#<p>#ORDERS` /
 * `<orderDate>#<po>` and `gsi2` `STATUS#<status>` / `<partner>#<orderDate>#<po>`, one Query
 * page per call; the cursor is the page's LastEvaluatedKey, base64url JSON.
 */
import { QueryCommand, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { OrderIndex, OrderSummaryPage, PageRequest } from '#functions/ports/order-index.ts';
import { z } from 'zod';
import { fromItem, keyPart, type Item } from './dynamo-table.ts';

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

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (cursor === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
  } catch {
    throw new InvalidCursorError('the page cursor is not one this index gave out');
  }
}

export class DynamoOrderIndex implements OrderIndex {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private async page(input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest): Promise<OrderSummaryPage> {
    const start = decodeCursor(page.cursor);
    const out = await this.client.send(new QueryCommand({ ...input, TableName: this.table, Limit: page.limit, ...(start ? { ExclusiveStartKey: start } : {}) }));
    const orders = (out.Items ?? []).map((i) => fromItem(SummaryZ, i)).filter((s): s is z.infer<typeof SummaryZ> => s !== undefined);
    return { orders, ...(out.LastEvaluatedKey ? { next: Buffer.from(JSON.stringify(out.LastEvaluatedKey), 'utf8').toString('base64url') } : {}) };
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

  byStatus(status: string, partner: string | undefined, page: PageRequest): Promise<OrderSummaryPage> {
    return this.page(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: partner === undefined ? 'gsi2pk = :pk' : 'gsi2pk = :pk AND begins_with(gsi2sk, :partner)',
        ExpressionAttributeValues: { ':pk': { S: `STATUS#${status}` }, ...(partner === undefined ? {} : { ':partner': { S: `${keyPart(partner)}#` } }) },
      },
      page,
    );
  }
}
