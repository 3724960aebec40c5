import { PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { stampEmail } from '#domain/audit/record-hashes.ts';
import type { MailClaim, MailLog } from '#functions/ports/mail-log.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { EmailRecordZ, type EmailRecord } from '#schemas/records/records.ts';
import { fromItem, getItem, isConditionFailure, subjectPk, toItem } from './dynamo-table.ts';

export function emailSk(idempotencyKey: string): string {
  return `EMAIL#${idempotencyKey}`;
}

/** Email records (`EMAIL#<idempotency key>` in the subject's partition) with `status` and `attempt` for conditions. */
export class DynamoMailLog implements MailLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private key(subject: Subject, idempotencyKey: string) {
    return { pk: { S: subjectPk(subject) }, sk: { S: emailSk(idempotencyKey) } };
  }

  private async find(subject: Subject, idempotencyKey: string): Promise<EmailRecord | undefined> {
    return fromItem(EmailRecordZ, await getItem(this.client, this.table, subjectPk(subject), emailSk(idempotencyKey)));
  }

  async claim(record: EmailRecord): Promise<MailClaim> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ pk: subjectPk(record.subject), sk: emailSk(record.idempotencyKey) }, 'email', EmailRecordZ.parse(record), {
            status: { S: record.status },
            attempt: { N: String(record.attempt) },
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.find(record.subject, record.idempotencyKey);
      if (!existing) throw error;
      return { claimed: false, existing };
    }
  }

  async reclaim(existing: EmailRecord, at: string): Promise<EmailRecord | undefined> {
    const next = EmailRecordZ.parse(stampEmail({ ...existing, attempt: existing.attempt + 1, claimedAt: at }));
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: this.key(existing.subject, existing.idempotencyKey),
          UpdateExpression: 'SET #data = :data, attempt = :next',
          ConditionExpression: '#status = :sending AND attempt = :from',
          ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
          ExpressionAttributeValues: {
            ':data': { S: JSON.stringify(next) },
            ':next': { N: String(next.attempt) },
            ':from': { N: String(existing.attempt) },
            ':sending': { S: 'sending' },
          },
        }),
      );
      return next;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async markSent(sent: EmailRecord): Promise<void> {
    const next = EmailRecordZ.parse(sent);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: this.key(next.subject, next.idempotencyKey),
        UpdateExpression: 'SET #data = :data, #status = :sent',
        ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
        ExpressionAttributeValues: { ':data': { S: JSON.stringify(next) }, ':sent': { S: 'sent' } },
      }),
    );
  }
}
