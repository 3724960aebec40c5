import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import { SentDocumentZ, type SentDocument, type SentDocumentState } from '#schemas/records/sent-document.ts';
import { flagIndexKeys } from './dynamo-order-index.ts';
import { fromItem, isConditionFailure, keyPart, queryAll, toItem } from './dynamo-table.ts';

/** One partition per partner: `PARTNER#<p>#SENT / GS#<gs06>#ST#<st02>` (a 997's AK102 is one Query; a TA1's ISA13 a filtered one). */
function pk(partner: string): string {
  return `PARTNER#${keyPart(partner)}#SENT`;
}

function sk(groupControlNumber: string, setControlNumber?: string): string {
  return setControlNumber === undefined ? `GS#${keyPart(groupControlNumber)}#` : `GS#${keyPart(groupControlNumber)}#ST#${keyPart(setControlNumber)}`;
}

/** Our sent documents and their acknowledgment state, versioned (conditional writes). */
export class DynamoSentDocuments implements SentDocuments {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private item(document: SentDocument) {
    return toItem({ pk: pk(document.partner), sk: sk(document.groupControlNumber, document.setControlNumber) }, 'sent-document', SentDocumentZ.parse(document), {
      version: { N: String(document.version) },
      isa13: { S: document.interchangeControlNumber },
      // The `ack-overdue` work-list flag (dynamo-order-index.ts), set and cleared with the state.
      ...flagIndexKeys.ackOverdue(document.partner, document.dueAt, document.groupControlNumber, document.setControlNumber, document.state === 'overdue' && document.subject.kind === 'order'),
    });
  }

  async record(document: SentDocument): Promise<void> {
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: this.item(document), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async byGroup(partner: string, groupControlNumber: string): Promise<SentDocument[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: pk(partner) }, ':sk': { S: sk(groupControlNumber) } },
      ConsistentRead: true,
    });
    return items.map((i) => fromItem(SentDocumentZ, i)!);
  }

  async byInterchange(partner: string, interchangeControlNumber: string): Promise<SentDocument[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'isa13 = :isa13',
      ExpressionAttributeValues: { ':pk': { S: pk(partner) }, ':isa13': { S: interchangeControlNumber } },
      ConsistentRead: true,
    });
    return items.map((i) => fromItem(SentDocumentZ, i)!);
  }

  async update(next: SentDocument): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: this.item(next),
          ConditionExpression: 'version = :previous',
          ExpressionAttributeValues: { ':previous': { N: String(next.version - 1) } },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async list(partner: string, state?: SentDocumentState): Promise<SentDocument[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk(partner) } },
    });
    return items
      .map((i) => fromItem(SentDocumentZ, i)!)
      .filter((d) => state === undefined || d.state === state)
      .sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0));
  }
}
