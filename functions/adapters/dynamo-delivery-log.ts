import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeliveryLog, RecordResult } from '#functions/ports/delivery-log.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { ErrorRecordZ, OutboundRecordZ, type ErrorRecord, type OutboundRecord } from '#schemas/records/records.ts';
import { fromItem, getItem, isConditionFailure, keyPart, subjectPk, toItem } from './dynamo-table.ts';

export function documentSk(idempotencyKey: string): string {
  return `DOC#${idempotencyKey}`;
}

/** Outbound document records (`DOC#<idempotency key>` in the subject's partition). */
export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async find(subject: Subject, idempotencyKey: string): Promise<OutboundRecord | undefined> {
    return fromItem(OutboundRecordZ, await getItem(this.client, this.table, subjectPk(subject), documentSk(idempotencyKey)));
  }

  async record(record: OutboundRecord): Promise<RecordResult> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ pk: subjectPk(record.subject), sk: documentSk(record.idempotencyKey) }, 'document', OutboundRecordZ.parse(record)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { recorded: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.find(record.subject, record.idempotencyKey);
      if (!existing) throw error;
      return { recorded: false, existing };
    }
  }

  async recordError(subject: Subject, idempotencyKey: string, record: ErrorRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ pk: subjectPk(subject), sk: `ERROR#${keyPart(idempotencyKey)}` }, 'error', ErrorRecordZ.parse(record)),
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
