/**
 * Planning records in the single table:
 *
 * | item | pk | sk |
 * | --- | --- | --- |
 * | item master record | `MASTER#ITEMS` | `ITEM#<vendorPart>` |
 * | supply plan of an item | `MASTER#SUPPLY` | `ITEM#<vendorPart>` |
 * | a partner's resolved forecast (latest 830) | `PARTNER#<partner>` | `FORECAST` |
 * | delay state of an item (versioned) | `ITEM#<vendorPart>` | `DELAY` |
 * | P1 escalation of an order line (versioned) | `ORDER#<partner>#<po>` | `P1#<line>` |
 * | refused master-data file | `MASTER#ERRORS` | `<at>#<sha256>` |
 *
 * A delay state with a short line and an unconfirmed P1 case carry the `at-risk` / `p1-open` flag
 * keys of the sparse `gsi2` (dynamo-order-index.ts), written and cleared with the record.
 *
 * Open demand by item is read from the order store's demand chunks (sparse index `gsi1`,
 * `DEMAND#OPEN#<shard>`, filtered on the chunk's item set; see dynamo-order-store.ts). The
 * partner forecast snapshot is a record that may be split into parts (dynamo-table.ts), so an
 * 830 of any number of items × periods fits.
 */
import { PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PlanningStore, VersionedPut } from '#functions/ports/planning-store.ts';
import { ItemZ, type Item } from '#schemas/master-data/item.ts';
import { SupplyPlanZ, type SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import {
  DelayStateRecordZ,
  EscalationRecordZ,
  MasterDataErrorRecordZ,
  PartnerForecastZ,
  StoredItemZ,
  StoredSupplyPlanZ,
  type DelayStateRecord,
  type EscalationRecord,
  type MasterDataErrorRecord,
  type PartnerForecast,
} from '#schemas/records/planning-records.ts';
import { RECORD_SCHEMA_VERSION, type DemandLine } from '#schemas/records/records.ts';
import { DEMAND_SHARDS, demandLinesOfChunk, demandShardPk } from './dynamo-order-store.ts';
import { flagIndexKeys } from './dynamo-order-index.ts';
import { batchWrite, fromItem, getItem, isConditionFailure, keyPart, orderPk, partKeysOf, partnerPk, putRequest, queryAll, readRecord, toItem, toRecordItems } from './dynamo-table.ts';

const ITEMS_PK = 'MASTER#ITEMS';
const SUPPLY_PK = 'MASTER#SUPPLY';

export class DynamoPlanningStore implements PlanningStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async putItems(items: readonly Item[], source: string, at: string): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      items.map((item) => putRequest(toItem({ pk: ITEMS_PK, sk: `ITEM#${keyPart(item.vendorPart)}` }, 'item', StoredItemZ.parse({ schemaVersion: RECORD_SCHEMA_VERSION, item, loadedFrom: source, loadedAt: at })))),
    );
  }

  async listItems(): Promise<Item[]> {
    // Consistent: a supply-plan load checks its items against what the item-master load just wrote.
    const items = await queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: ITEMS_PK } }, ConsistentRead: true });
    return items.map((i) => ItemZ.parse(fromItem(StoredItemZ, i)!.item));
  }

  async putSupplyPlans(plans: readonly SupplyPlan[], source: string, at: string): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      plans.map((plan) => putRequest(toItem({ pk: SUPPLY_PK, sk: `ITEM#${keyPart(plan.item)}` }, 'supply', StoredSupplyPlanZ.parse({ schemaVersion: RECORD_SCHEMA_VERSION, plan, loadedFrom: source, loadedAt: at })))),
    );
  }

  async getSupplyPlan(item: string): Promise<SupplyPlan | undefined> {
    const stored = fromItem(StoredSupplyPlanZ, await getItem(this.client, this.table, SUPPLY_PK, `ITEM#${keyPart(item)}`));
    return stored ? SupplyPlanZ.parse(stored.plan) : undefined;
  }

  async listSupplyPlans(): Promise<SupplyPlan[]> {
    const items = await queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: SUPPLY_PK } } });
    return items.map((i) => SupplyPlanZ.parse(fromItem(StoredSupplyPlanZ, i)!.plan));
  }

  async getPartnerForecast(partner: string): Promise<PartnerForecast | undefined> {
    return readRecord(this.client, this.table, PartnerForecastZ, await getItem(this.client, this.table, partnerPk(partner), 'FORECAST'));
  }

  async putPartnerForecast(record: PartnerForecast): Promise<void> {
    const pk = partnerPk(record.partnerId);
    const previous = await getItem(this.client, this.table, pk, 'FORECAST');
    const { item, parts } = toRecordItems({ pk, sk: 'FORECAST' }, 'forecast-snapshot', PartnerForecastZ.parse(record));
    await batchWrite(this.client, this.table, parts.map(putRequest));
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: item }));
    // The replaced snapshot's parts (a very large 830 only), once nothing points to them.
    const kept = new Set(parts.map((p) => p.sk!.S!));
    const stale = previous ? partKeysOf(previous).filter((k) => !kept.has(k.sk)) : [];
    await batchWrite(this.client, this.table, stale.map((k) => ({ DeleteRequest: { Key: { pk: { S: k.pk }, sk: { S: k.sk } } } })));
  }

  async openDemand(item: string): Promise<DemandLine[]> {
    const shards = await Promise.all(
      Array.from({ length: DEMAND_SHARDS }, (_, shard) =>
        queryAll(this.client, {
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'contains(#items, :item)',
          ExpressionAttributeNames: { '#items': 'items' },
          ExpressionAttributeValues: { ':pk': { S: demandShardPk(shard) }, ':item': { S: item } },
        }),
      ),
    );
    return shards.flat().flatMap(demandLinesOfChunk).filter((d) => d.open && d.item === item);
  }

  async getDelayState(item: string): Promise<DelayStateRecord | undefined> {
    return fromItem(DelayStateRecordZ, await getItem(this.client, this.table, `ITEM#${keyPart(item)}`, 'DELAY'));
  }

  putDelayState(record: DelayStateRecord): Promise<VersionedPut> {
    const anyShort = Object.values(record.state.lines).some((l) => l.active);
    return this.versionedPut(
      toItem({ pk: `ITEM#${keyPart(record.state.item)}`, sk: 'DELAY' }, 'delay', DelayStateRecordZ.parse(record), { version: { N: String(record.version) }, ...flagIndexKeys.atRisk(record.state.item, anyShort) }),
      record.version,
    );
  }

  async getEscalation(partner: string, purchaseOrderNumber: string, lineNumber: string): Promise<EscalationRecord | undefined> {
    return fromItem(EscalationRecordZ, await getItem(this.client, this.table, orderPk(partner, purchaseOrderNumber), `P1#${keyPart(lineNumber)}`));
  }

  async listEscalations(partner: string, purchaseOrderNumber: string): Promise<EscalationRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p1)',
      ExpressionAttributeValues: { ':pk': { S: orderPk(partner, purchaseOrderNumber) }, ':p1': { S: 'P1#' } },
    });
    return items.map((i) => fromItem(EscalationRecordZ, i)!);
  }

  putEscalation(record: EscalationRecord): Promise<VersionedPut> {
    const c = record.state.case;
    return this.versionedPut(
      toItem({ pk: orderPk(c.partnerId, c.purchaseOrderNumber), sk: `P1#${keyPart(c.lineNumber)}` }, 'escalation', EscalationRecordZ.parse(record), {
        version: { N: String(record.version) },
        ...flagIndexKeys.p1Open(c.partnerId, c.purchaseOrderNumber, c.lineNumber, record.state.confirmation === undefined),
      }),
      record.version,
    );
  }

  async recordMasterDataError(record: MasterDataErrorRecord): Promise<void> {
    const parsed = MasterDataErrorRecordZ.parse(record);
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk: 'MASTER#ERRORS', sk: `${parsed.at}#${parsed.sha256}` }, 'master-data-error', parsed) }));
  }

  private async versionedPut(item: Record<string, AttributeValue>, version: number): Promise<VersionedPut> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ...(version <= 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': { N: String(version - 1) } } }),
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }
}
