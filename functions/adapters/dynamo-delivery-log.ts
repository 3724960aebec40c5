import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sentAnswerOf, type DeliveryLog, type RecordResult, type SentAnswer } from '#functions/ports/delivery-log.ts';
import { z } from 'zod';
import type { Subject } from '#schemas/messages/common.ts';
import { ErrorRecordZ, OutboundRecordZ, type ErrorRecord, type OutboundRecord } from '#schemas/records/records.ts';
import { fromItem, getItem, isConditionFailure, keyPart, partnerPk, subjectPk, toItem } from './dynamo-table.ts';

const SentAnswerZ = z.object({
  partner: z.string(),
  kind: z.string(),
  interchangeControlNumber: z.string(),
  answers: z.object({ sender: z.object({ qualifier: z.string(), id: z.string() }), interchangeControlNumber: z.string() }),
  idempotencyKey: z.string(),
  bucket: z.string(),
  key: z.string(),
}) satisfies z.ZodType<SentAnswer>;

/** The {@link SentAnswer} pointer: `PARTNER#<p>` / `SENT-ISA#<our ISA13, unpadded>`. */
const sentAnswerSk = (interchangeControlNumber: string) => `SENT-ISA#${String(Number(interchangeControlNumber))}`;

export function documentSk(idempotencyKey: string): string {
  return `DOC#${idempotencyKey}`;
}

/**
 * Outbound document records (`DOC#<idempotency key>` in the subject's partition) and, for a
 * document answering an interchange, its pointer under the partner by our ISA13.
 */
export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async find(subject: Subject, idempotencyKey: string): Promise<OutboundRecord | undefined> {
    return fromItem(OutboundRecordZ, await getItem(this.client, this.table, subjectPk(subject), documentSk(idempotencyKey)));
  }

  async answerOf(partner: string, interchangeControlNumber: string): Promise<SentAnswer | undefined> {
    if (!/^\d{1,9}$/.test(interchangeControlNumber)) return undefined;
    return fromItem(SentAnswerZ, await getItem(this.client, this.table, partnerPk(partner), sentAnswerSk(interchangeControlNumber)));
  }

  async record(record: OutboundRecord): Promise<RecordResult> {
    const answer = sentAnswerOf(record);
    // The pointer first (a plain put, the same for every attempt with these numbers): a record is
    // never without it, and a pointer whose numbers lost the race names a key no record holds,
    // which the reader checks against the record.
    if (answer) await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk: partnerPk(record.partner), sk: sentAnswerSk(answer.interchangeControlNumber) }, 'sent-answer', answer) }));
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
