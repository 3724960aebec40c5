import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InterchangeTimeline, OrderTimeline, Timeline } from '#functions/ports/timeline.ts';
import type { Sender } from '#schemas/messages/common.ts';
import { DuplicateRecordZ, EmailRecordZ, ErrorRecordZ, InterchangeRecordZ, OrderEventZ, OutboundRecordZ } from '#schemas/records/records.ts';
import { OrderHeadZ } from '#schemas/records/records.ts';
import { fromItem, interchangePk, kindOf, orderPk, queryAll, type Item } from './dynamo-table.ts';
import { controlKey } from '#domain/x12/partner-acks.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { DynamoSentDocuments } from './dynamo-sent-documents.ts';

/** The records of one kind in a partition's items (a split record is read with its parts, which are in `items` too). */
function pick<T>(items: readonly Item[], kind: string, parse: (item: Item, partition: readonly Item[]) => T | undefined): T[] {
  return items.filter((i) => kindOf(i) === kind).map((i) => parse(i, items)).filter((x): x is T => x !== undefined);
}

/** The history read model: one Query of the subject's partition, parsed record by record. */
export class DynamoTimeline implements Timeline {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async order(partner: string, purchaseOrderNumber: string): Promise<OrderTimeline> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: orderPk(partner, purchaseOrderNumber) } },
      ConsistentRead: true,
    });
    const head = pick(items, 'order', (i, all) => fromItem(OrderHeadZ, i, all))[0];
    const documents = pick(items, 'document', (i, all) => fromItem(OutboundRecordZ, i, all));
    return {
      ...(head ? { order: head.order } : {}),
      events: pick(items, 'event', (i, all) => fromItem(OrderEventZ, i, all)).sort((a, b) => a.seq - b.seq),
      documents,
      acknowledgments: await this.acknowledgmentsOf(partner, documents),
      emails: pick(items, 'email', (i, all) => fromItem(EmailRecordZ, i, all)),
      errors: pick(items, 'error', (i, all) => fromItem(ErrorRecordZ, i, all)),
    };
  }

  /** The sent-document record of each outbound document (one Query per group of ours, in the partner's SENT partition). */
  private async acknowledgmentsOf(partner: string, documents: readonly { numbers: { group: number; firstSet: number } }[]): Promise<SentDocument[]> {
    const sent = new DynamoSentDocuments(this.client, this.table);
    const found: SentDocument[] = [];
    for (const group of new Set(documents.map((d) => controlKey(d.numbers.group)))) {
      const sets = new Set(documents.filter((d) => controlKey(d.numbers.group) === group).map((d) => controlKey(d.numbers.firstSet)));
      found.push(...(await sent.byGroup(partner, group)).filter((s) => sets.has(s.setControlNumber)));
    }
    return found;
  }

  async interchange(sender: Sender, interchangeControlNumber: string): Promise<InterchangeTimeline> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: interchangePk(sender, interchangeControlNumber) } },
      ConsistentRead: true,
    });
    const interchange = pick(items, 'interchange', (i, all) => fromItem(InterchangeRecordZ, i, all))[0];
    return {
      ...(interchange ? { interchange } : {}),
      duplicates: pick(items, 'duplicate', (i, all) => fromItem(DuplicateRecordZ, i, all)),
      documents: pick(items, 'document', (i, all) => fromItem(OutboundRecordZ, i, all)),
      emails: pick(items, 'email', (i, all) => fromItem(EmailRecordZ, i, all)),
    };
  }
}
