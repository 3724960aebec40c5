import { PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClaimResult, InterchangeLedger } from '#functions/ports/interchange-ledger.ts';
import type { Sender } from '#schemas/messages/common.ts';
import {
  DuplicateRecordZ,
  InterchangeRecordZ,
  RejectedFileRecordZ,
  type DuplicateRecord,
  type InterchangeRecord,
  type RejectedFileRecord,
} from '#schemas/records/records.ts';
import { fromItem, getItem, interchangePk, isConditionFailure, keyPart, kindOf, queryAll, toItem } from './dynamo-table.ts';

export const LEDGER_SK = 'LEDGER';

/** The interchange ledger in the single table (see dynamo-order-store.ts for the key design). */
export class DynamoInterchangeLedger implements InterchangeLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async claim(record: InterchangeRecord): Promise<ClaimResult> {
    const item = toItem(
      {
        pk: interchangePk(record.sender, record.interchangeControlNumber),
        sk: LEDGER_SK,
        gsi1pk: `PARTNER#${keyPart(record.partner)}#IX`,
        gsi1sk: `${record.receivedAt}#${keyPart(record.interchangeControlNumber)}`,
      },
      'interchange',
      InterchangeRecordZ.parse(record),
      { state: { S: record.state } },
    );
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { outcome: 'new' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(record.sender, record.interchangeControlNumber);
      if (!existing) throw error;
      return { outcome: 'existing', record: existing };
    }
  }

  async markQueued(claimed: InterchangeRecord, documentsQueued: number): Promise<void> {
    const next = InterchangeRecordZ.parse({ ...claimed, state: 'queued', documentsQueued });
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: interchangePk(claimed.sender, claimed.interchangeControlNumber) }, sk: { S: LEDGER_SK } },
          UpdateExpression: 'SET #data = :data, #state = :state',
          ConditionExpression: 'attribute_exists(pk) AND #state <> :state',
          ExpressionAttributeNames: { '#data': 'data', '#state': 'state' },
          ExpressionAttributeValues: { ':data': { S: JSON.stringify(next) }, ':state': { S: 'queued' } },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordDuplicate(record: DuplicateRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: toItem(
          { pk: interchangePk(record.sender, record.interchangeControlNumber), sk: `DUP#${record.receivedAt}#${record.sha256}` },
          'duplicate',
          DuplicateRecordZ.parse(record),
        ),
      }),
    );
  }

  async recordRejectedFile(record: RejectedFileRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem(
            {
              pk: `FILE#${keyPart(record.partner)}#${record.sha256}`,
              sk: 'REJECTED',
              gsi1pk: `PARTNER#${keyPart(record.partner)}#IX`,
              gsi1sk: `${record.receivedAt}#FILE`,
            },
            'rejected-file',
            RejectedFileRecordZ.parse(record),
          ),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async receivedSince(partner: string, since: string): Promise<{ interchanges: InterchangeRecord[]; refused: RejectedFileRecord[] }> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
      ExpressionAttributeValues: { ':pk': { S: `PARTNER#${keyPart(partner)}#IX` }, ':since': { S: since } },
    });
    const interchanges: InterchangeRecord[] = [];
    const refused: RejectedFileRecord[] = [];
    for (const item of items) {
      if (kindOf(item) === 'rejected-file') refused.push(fromItem(RejectedFileRecordZ, item)!);
      else if (kindOf(item) === 'interchange') interchanges.push(fromItem(InterchangeRecordZ, item)!);
    }
    return { interchanges, refused };
  }

  async get(sender: Sender, interchangeControlNumber: string): Promise<InterchangeRecord | undefined> {
    return fromItem(InterchangeRecordZ, await getItem(this.client, this.table, interchangePk(sender, interchangeControlNumber), LEDGER_SK));
  }
}
