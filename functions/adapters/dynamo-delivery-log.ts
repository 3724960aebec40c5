import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeliveryLog, RecordResult } from '#functions/ports/delivery-log.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { ErrorRecordZ, OutboundRecordZ, type ErrorRecord, type OutboundRecord } from '#schemas/records/records.ts';
import { fromItem, getItem, isConditionFailure, keyPart, queryAll, subjectPk, toItem } from './dynamo-table.ts';

export function documentSk(idempotencyKey: string): string {
  return `DOC#${idempotencyKey}`;
}

/**
 * A document answering an interchange (our 997/999/TA1) is filed under that interchange; its
 * `gsi1` keys find it by our own ISA13 too (the History API's document view, README "History API").
 */
const sentAcknowledgmentsPk = (partner: string) => `PARTNER#${keyPart(partner)}#SENT-ACKS`;
const isa13Sk = (interchangeControlNumber: number) => String(interchangeControlNumber).padStart(9, '0');

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
          Item: toItem(
            {
              pk: subjectPk(record.subject),
              sk: documentSk(record.idempotencyKey),
              ...(record.subject.kind === 'interchange' ? { gsi1pk: sentAcknowledgmentsPk(record.partner), gsi1sk: isa13Sk(record.numbers.interchange) } : {}),
            },
            'document',
            OutboundRecordZ.parse(record),
          ),
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

  async acknowledgmentsSentIn(partner: string, interchangeControlNumber: number): Promise<OutboundRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :isa13',
      ExpressionAttributeValues: { ':pk': { S: sentAcknowledgmentsPk(partner) }, ':isa13': { S: isa13Sk(interchangeControlNumber) } },
    });
    return items.map((i) => fromItem(OutboundRecordZ, i)).filter((r): r is OutboundRecord => r !== undefined);
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
