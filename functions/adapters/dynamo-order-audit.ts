/**
 * What the verifier reads beyond the timeline: an order's summary item and demand-index items
 * (`SUMMARY`, `LINE#…` in its partition, dynamo-order-store.ts), and every order of the table
 * (a paged Scan of the order partitions' keys — the daily seal's one full read).
 */
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DerivedOrderRecords, OrderAuditSource } from '#functions/ports/order-audit-source.ts';
import { DemandChunkZ, DEMAND_KIND } from './dynamo-order-store.ts';
import { z } from 'zod';
import { fromItem, kindOf, orderPk, queryAll, type Item } from './dynamo-table.ts';

const SummaryZ = z.object({
  partner: z.string(),
  purchaseOrderNumber: z.string(),
  status: z.string(),
  version: z.number(),
  lines: z.number(),
  heldLines: z.array(z.string()),
  orderDate: z.string().optional(),
});

/** Undoes `keyPart` (`%23` → `#`, `%25` → `%`). */
function unescapeKeyPart(value: string): string {
  return value.replace(/%23/g, '#').replace(/%25/g, '%');
}

export class DynamoOrderAudit implements OrderAuditSource {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async derived(partner: string, purchaseOrderNumber: string): Promise<DerivedOrderRecords> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: orderPk(partner, purchaseOrderNumber) } },
      ConsistentRead: true,
    });
    const summary = items.filter((i) => kindOf(i) === 'order-summary').map((i) => fromItem(SummaryZ, i))[0];
    return { ...(summary ? { summary } : {}), demand: items.filter((i) => kindOf(i) === DEMAND_KIND).flatMap((i) => fromItem(DemandChunkZ, i)?.lines ?? []) };
  }

  async allOrders(): Promise<Array<{ partner: string; purchaseOrderNumber: string }>> {
    const seen = new Map<string, { partner: string; purchaseOrderNumber: string }>();
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({
          TableName: this.table,
          ProjectionExpression: 'pk',
          FilterExpression: 'begins_with(pk, :order)',
          ExpressionAttributeValues: { ':order': { S: 'ORDER#' } },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const pk = item.pk?.S;
        if (!pk || seen.has(pk)) continue;
        const [, partner, po] = pk.split('#');
        if (partner !== undefined && po !== undefined) seen.set(pk, { partner: unescapeKeyPart(partner), purchaseOrderNumber: unescapeKeyPart(po) });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return [...seen.values()].sort((a, b) => a.partner.localeCompare(b.partner) || a.purchaseOrderNumber.localeCompare(b.purchaseOrderNumber));
  }
}
