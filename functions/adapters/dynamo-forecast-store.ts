import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import type { ForecastReplacement } from '#domain/orders/forecast-periods.ts';
import type { ForecastStore } from '#functions/ports/forecast-store.ts';
import { ForecastPeriodZ, type ForecastPeriod } from '#schemas/records/records.ts';
import { batchWrite, fromItem, keyPart, putRequest, queryAll, toItem } from './dynamo-table.ts';

function forecastPk(partner: string, item: string): string {
  return `FCST#${keyPart(partner)}#${keyPart(item)}`;
}

function periodSk(periodStart: string, shipTo: string): string {
  return `P#${periodStart}#ST#${keyPart(shipTo)}`;
}

/**
 * Forecast periods (`FCST#<partner>#<item>`, `P#<periodStart>#ST#<shipTo>`). Replacing a
 * horizon reads the periods stored in it (one Query per item) and writes the new periods and
 * the deletions of those the new 830 no longer has in one coalesced BatchWriteItem stream.
 * The writes are deterministic, so a retry repeats them harmlessly.
 */
export class DynamoForecastStore implements ForecastStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async replace(partner: string, replacements: readonly ForecastReplacement[]): Promise<void> {
    const requests: WriteRequest[] = [];
    for (const r of replacements) {
      const pk = forecastPk(partner, r.item);
      const keep = new Set(r.periods.map((p) => periodSk(p.periodStart, r.shipTo)));
      const stored = await this.find(partner, r.item, r.horizon.start, r.horizon.end);
      for (const old of stored) {
        const sk = periodSk(old.periodStart, old.shipTo);
        if (old.shipTo === r.shipTo && !keep.has(sk)) requests.push({ DeleteRequest: { Key: { pk: { S: pk }, sk: { S: sk } } } });
      }
      for (const p of r.periods) requests.push(putRequest(toItem({ pk, sk: periodSk(p.periodStart, r.shipTo) }, 'forecast', ForecastPeriodZ.parse(p))));
    }
    await batchWrite(this.client, this.table, requests);
  }

  async find(partner: string, item: string, from: string, to: string): Promise<ForecastPeriod[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': { S: forecastPk(partner, item) }, ':from': { S: `P#${from}` }, ':to': { S: `P#${to}~` } },
    });
    return items.map((i) => fromItem(ForecastPeriodZ, i)).filter((p): p is ForecastPeriod => p !== undefined);
  }
}
