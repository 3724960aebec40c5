/**
 * Item history and delay notes in the single table (README, "Planning intelligence", item history):
 *
 * | item | pk | sk |
 * | --- | --- | --- |
 * | one entry of an item's history | `ITEM#<vendorPart>` | `HIST#<at>#<sha256(id)[0..16]>` |
 * | which entry ids are recorded | `ITEM#<vendorPart>` | `HISTID#<sha256(id)>` |
 * | the item's latest delay note | `ITEM#<vendorPart>` | `DELAY#NOTE` |
 *
 * The sort key orders entries by time; the hash of the entry's natural id keeps two entries of the
 * same instant apart. One entry per id: the id's marker is read first and written after the entry
 * (dynalite has no transactions), so a use case repeated later with the same cause adds nothing.
 */
import { PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import type { DelayNotes, ItemHistory } from '#functions/ports/item-history.ts';
import { DelayNoteZ, ItemEventZ, type DelayNote, type ItemEvent, type ItemEventInput } from '#schemas/records/item-history.ts';
import { fromItem, getItem, isConditionFailure, keyPart, queryAll, toItem } from './dynamo-table.ts';

const itemPk = (item: string): string => `ITEM#${keyPart(item)}`;
const NOTE_SK = 'DELAY#NOTE';
const idSk = (id: string): string => `HISTID#${createHash('sha256').update(id, 'utf8').digest('hex')}`;

/** Sort key of an entry: its instant, then a short hash of its id. */
export function itemEventSk(entry: Pick<ItemEvent, 'at' | 'id'>): string {
  return `HIST#${entry.at}#${createHash('sha256').update(entry.id, 'utf8').digest('hex').slice(0, 16)}`;
}

export class DynamoItemHistory implements ItemHistory, DelayNotes {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async recordItemEvent(input: ItemEventInput): Promise<void> {
    const entry = ItemEventZ.parse(input);
    const pk = itemPk(entry.item);
    if (await getItem(this.client, this.table, pk, idSk(entry.id))) return;
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk, sk: itemEventSk(entry) }, 'item-event', entry), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk, sk: idSk(entry.id) }, 'item-event-id', { sk: itemEventSk(entry) }) }));
  }

  async listItemEvents(item: string, options: { limit?: number } = {}): Promise<ItemEvent[]> {
    const query = { TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)', ExpressionAttributeValues: { ':pk': { S: itemPk(item) }, ':hist': { S: 'HIST#' } } };
    if (options.limit !== undefined) {
      const newest = await this.client.send(new QueryCommand({ ...query, ScanIndexForward: false, Limit: options.limit }));
      return (newest.Items ?? []).map((i) => fromItem(ItemEventZ, i)!).reverse();
    }
    return (await queryAll(this.client, query)).map((i) => fromItem(ItemEventZ, i)!);
  }

  async getDelayNote(item: string): Promise<DelayNote | undefined> {
    return fromItem(DelayNoteZ, await getItem(this.client, this.table, itemPk(item), NOTE_SK));
  }

  async putDelayNote(note: DelayNote): Promise<void> {
    const parsed = DelayNoteZ.parse(note);
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk: itemPk(parsed.item), sk: NOTE_SK }, 'delay-note', parsed) }));
  }
}
