/**
 * The small DynamoDB layer every table adapter shares: items are key attributes plus the
 * record as JSON in `data` (parsed back with its zod schema), a few top-level attributes used
 * in conditions, batch writes that retry unprocessed items, and paged queries.
 */
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';

export type Item = Record<string, AttributeValue>;

export interface ItemKeys {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  /** Epoch seconds after which DynamoDB may delete the item. */
  ttl?: number;
}

/** Escapes the key separator so values from EDI cannot forge key structure. */
export function keyPart(value: string): string {
  return value.replace(/%/g, '%25').replace(/#/g, '%23');
}

export function toItem(keys: ItemKeys, kind: string, data: unknown, extra: Item = {}): Item {
  const item: Item = { pk: { S: keys.pk }, sk: { S: keys.sk }, kind: { S: kind }, data: { S: JSON.stringify(data) }, ...extra };
  if (keys.gsi1pk && keys.gsi1sk) {
    item.gsi1pk = { S: keys.gsi1pk };
    item.gsi1sk = { S: keys.gsi1sk };
  }
  if (keys.gsi2pk && keys.gsi2sk) {
    item.gsi2pk = { S: keys.gsi2pk };
    item.gsi2sk = { S: keys.gsi2sk };
  }
  if (keys.ttl !== undefined) item.ttl = { N: String(keys.ttl) };
  return item;
}

export function fromItem<T extends z.ZodType>(schema: T, item: Item | undefined): z.infer<T> | undefined {
  const data = item?.data?.S;
  return data === undefined ? undefined : schema.parse(JSON.parse(data));
}

export function kindOf(item: Item): string | undefined {
  return item.kind?.S;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

export class UnprocessedWritesError extends Error {
  override name = 'UnprocessedWritesError';
}

/** Writes puts and deletes in BatchWriteItem requests of 25, retrying unprocessed items with back-off. */
export async function batchWrite(client: DynamoDBClient, table: string, requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 8) throw new UnprocessedWritesError(`${pending.length} write(s) still unprocessed after ${attempt} attempts`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2000)));
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  }
}

export function putRequest(item: Item): WriteRequest {
  return { PutRequest: { Item: item } };
}

export async function getItem(client: DynamoDBClient, table: string, pk: string, sk: string, consistent = true): Promise<Item | undefined> {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: consistent }));
  return out.Item;
}

/** Every page of a query. */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Partition of everything recorded about a subject (order, interchange, refused file). */
export function subjectPk(subject: { kind: 'order'; partner: string; purchaseOrderNumber: string } | { kind: 'interchange'; sender: { qualifier: string; id: string }; interchangeControlNumber: string } | { kind: 'file'; partner: string; sha256: string }): string {
  switch (subject.kind) {
    case 'order':
      return orderPk(subject.partner, subject.purchaseOrderNumber);
    case 'interchange':
      return interchangePk(subject.sender, subject.interchangeControlNumber);
    case 'file':
      return `FILE#${keyPart(subject.partner)}#${subject.sha256}`;
  }
}

export function orderPk(partner: string, purchaseOrderNumber: string): string {
  return `ORDER#${keyPart(partner)}#${keyPart(purchaseOrderNumber)}`;
}

export function interchangePk(sender: { qualifier: string; id: string }, interchangeControlNumber: string): string {
  return `IX#${keyPart(sender.qualifier.trim())}:${keyPart(sender.id.trim())}#${keyPart(interchangeControlNumber)}`;
}

export function partnerPk(partner: string): string {
  return `PARTNER#${keyPart(partner)}`;
}

/** Zero-padded event sequence, so events sort oldest first. */
export function eventSk(seq: number): string {
  return `EVENT#${String(seq).padStart(8, '0')}`;
}
