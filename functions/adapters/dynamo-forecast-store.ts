import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ForecastReplacement } from '#domain/orders/forecast-periods.ts';
import type { ForecastStore } from '#functions/ports/forecast-store.ts';
import { ForecastPeriodZ, RECORD_SCHEMA_VERSION, type ForecastPeriod } from '#schemas/records/records.ts';
import { z } from 'zod';
import { batchWrite, fromItem, keyPart, putRequest, queryAll, toRecordItems, type Item } from './dynamo-table.ts';

function forecastPk(partner: string, item: string): string {
  return `FCST#${keyPart(partner)}#${keyPart(item)}`;
}

function shipToSk(shipTo: string): string {
  return `ST#${keyPart(shipTo)}`;
}

/** Every period a partner forecasts for one item at one ship-to: one record (compressed), so an 830 costs one write per item and ship-to, not one per period. */
export const ForecastSeriesZ = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  partner: z.string(),
  item: z.string(),
  shipTo: z.string(),
  periods: z.array(ForecastPeriodZ),
});
export type ForecastSeries = z.infer<typeof ForecastSeriesZ>;

/** BatchGetItem takes at most 100 keys; unprocessed keys are asked again with back-off. */
async function batchGet(client: DynamoDBClient, table: string, keys: readonly { pk: string; sk: string }[]): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending = keys.slice(i, i + 100).map((k) => ({ pk: { S: k.pk }, sk: { S: k.sk } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2000)));
      if (attempt >= 8) throw new Error(`${pending.length} forecast read(s) still unprocessed after ${attempt} attempts`);
      const res = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      out.push(...(res.Responses?.[table] ?? []));
      pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as typeof pending;
    }
  }
  return out;
}

/**
 * Forecast series (`FCST#<partner>#<item>`, `ST#<shipTo>`): every period of one partner + item
 * + ship-to in one record. Replacing reads the series the 830 touches (BatchGetItem, 100 a
 * request), keeps the stored periods outside each new horizon, and writes the merged series in
 * BatchWriteItem requests of 25. The writes are deterministic, so a retry repeats them
 * harmlessly. An 830 of 2,000 items × 52 weeks is 2,000 records, 20 reads and 80 writes.
 */
export class DynamoForecastStore implements ForecastStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async replace(partner: string, replacements: readonly ForecastReplacement[]): Promise<void> {
    const key = (item: string, shipTo: string) => ({ pk: forecastPk(partner, item), sk: shipToSk(shipTo) });
    const wanted = new Map(replacements.map((r) => [`${forecastPk(partner, r.item)}\n${shipToSk(r.shipTo)}`, key(r.item, r.shipTo)]));
    const stored = new Map<string, ForecastSeries>();
    for (const item of await batchGet(this.client, this.table, [...wanted.values()])) {
      const series = fromItem(ForecastSeriesZ, item);
      if (series) stored.set(`${item.pk!.S!}\n${item.sk!.S!}`, series);
    }
    const merged = new Map<string, ForecastSeries>();
    for (const r of replacements) {
      const k = `${forecastPk(partner, r.item)}\n${shipToSk(r.shipTo)}`;
      const before = merged.get(k) ?? stored.get(k) ?? { schemaVersion: RECORD_SCHEMA_VERSION, partner, item: r.item, shipTo: r.shipTo, periods: [] };
      const outside = before.periods.filter((p) => p.periodStart < r.horizon.start || p.periodStart > r.horizon.end);
      const periods = [...outside, ...r.periods.map((p) => ForecastPeriodZ.parse(p))].sort((a, b) => a.periodStart.localeCompare(b.periodStart));
      merged.set(k, { ...before, periods });
    }
    const writes = [...merged.values()].flatMap((series) => {
      const { item, parts } = toRecordItems(key(series.item, series.shipTo), 'forecast', ForecastSeriesZ.parse(series));
      return [...parts, item];
    });
    await batchWrite(this.client, this.table, writes.map(putRequest));
  }

  async find(partner: string, item: string, from: string, to: string): Promise<ForecastPeriod[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :st)',
      ExpressionAttributeValues: { ':pk': { S: forecastPk(partner, item) }, ':st': { S: 'ST#' } },
    });
    return items
      .flatMap((i) => fromItem(ForecastSeriesZ, i, items)?.periods ?? [])
      .filter((p) => p.periodStart >= from && p.periodStart <= `${to}~`)
      .sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  }
}
