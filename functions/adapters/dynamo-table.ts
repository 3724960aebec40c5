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
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
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

/** Longest value kept readable in a key; longer ones are hashed (an index sort key may hold at most 1,024 bytes). */
export const KEY_PART_MAX_BYTES = 100;

/**
 * A value from EDI as one part of a key: printable ASCII up to {@link KEY_PART_MAX_BYTES} bytes
 * with the key separator `#` and `%` escaped, so it cannot forge key structure; anything else
 * (longer, non-ASCII, control characters — all legal in an X12 AN element of a long enough
 * maximum) is `%H` + its SHA-256, which no escaped value can spell (an escaped `%` is always
 * `%25`/`%23`). So every legal value gives a key part of at most 100 bytes, distinct per value.
 */
export function keyPart(value: string): string {
  if (value.length <= KEY_PART_MAX_BYTES && /^[\x20-\x7e]*$/.test(value)) {
    const escaped = value.replace(/%/g, '%25').replace(/#/g, '%23');
    if (escaped.length <= KEY_PART_MAX_BYTES) return escaped;
  }
  return `%H${createHash('sha256').update(value, 'utf8').digest('hex')}`;
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

/** Parses an item's record (`data`, or compressed `z`; a split record needs the `partition` items that hold its parts). */
export function fromItem<T extends z.ZodType>(schema: T, item: Item | undefined, partition?: readonly Item[]): z.infer<T> | undefined {
  const data = item ? recordJson(item, partition) : undefined;
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

/**
 * # Record encoding (README, "The pipeline": Storage)
 * A record's JSON up to {@link COMPRESS_OVER_BYTES} is stored as is in `data` (S), readable in
 * the console; above it, Brotli-compressed in `z` (B): DynamoDB bills every KB written, and
 * order JSON (repeated field names, similar lines) compresses 5–10×. A compressed record over
 * {@link PART_BYTES} is split: the first part stays in the record's item, which says how many
 * parts there are (`parts`) and names them by the content hash (`partId`); the others are items
 * `<sk>#PART#<partId>#<i>` of the same partition (kind `part`). Content-addressed part keys mean a
 * writer that loses a conditional put can never overwrite the parts the winner's item points to.
 * So no record, however many lines it has, meets DynamoDB's 400 KB item limit.
 */
export const COMPRESS_OVER_BYTES = 1024;
export const PART_BYTES = 300 * 1024;
export const PART_KIND = 'part';

function compress(json: string): Uint8Array {
  const raw = Buffer.from(json, 'utf8');
  return new Uint8Array(brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
}

/** The record's item and, for a very large record, its part items (write the parts first, or in the same batch). */
export function toRecordItems(keys: ItemKeys, kind: string, data: unknown, extra: Item = {}): { item: Item; parts: Item[] } {
  const json = JSON.stringify(data);
  const item = toItem(keys, kind, null, extra);
  if (Buffer.byteLength(json, 'utf8') <= COMPRESS_OVER_BYTES) {
    item.data = { S: json };
    return { item, parts: [] };
  }
  delete item.data;
  const z = compress(json);
  if (z.length <= PART_BYTES) {
    item.z = { B: z };
    return { item, parts: [] };
  }
  const partId = createHash('sha256').update(z).digest('hex').slice(0, 32);
  const count = Math.ceil(z.length / PART_BYTES);
  item.z = { B: z.subarray(0, PART_BYTES) };
  item.parts = { N: String(count) };
  item.partId = { S: partId };
  const parts: Item[] = [];
  for (let i = 1; i < count; i++) {
    parts.push({ pk: { S: keys.pk }, sk: { S: partSk(keys.sk, partId, i) }, kind: { S: PART_KIND }, z: { B: z.subarray(i * PART_BYTES, (i + 1) * PART_BYTES) } });
  }
  return { item, parts };
}

function partSk(sk: string, partId: string, i: number): string {
  return `${sk}#PART#${partId}#${String(i).padStart(4, '0')}`;
}

/** Sort-key prefix of a record's part items (for deleting a superseded record's parts). */
export function partKeysOf(item: Item): { pk: string; sk: string }[] {
  const count = Number(item.parts?.N ?? 1);
  const id = item.partId?.S;
  if (!id || count <= 1) return [];
  return Array.from({ length: count - 1 }, (_, i) => ({ pk: item.pk!.S!, sk: partSk(item.sk!.S!, id, i + 1) }));
}

/** True when the item is one part of a record split over several items (it needs its parts to be read). */
export function hasParts(item: Item): boolean {
  return Number(item.parts?.N ?? 1) > 1;
}

/**
 * The record's JSON text: `data` as stored, or `z` decompressed (with its parts, found in
 * `partition` — the items of a Query of the record's partition — when it was split).
 */
export function recordJson(item: Item, partition?: readonly Item[]): string | undefined {
  if (item.data?.S !== undefined) return item.data.S;
  const first = item.z?.B;
  if (first === undefined) return undefined;
  const chunks: Uint8Array[] = [first];
  if (hasParts(item)) {
    const wanted = partKeysOf(item).map((k) => k.sk);
    const bySk = new Map((partition ?? []).map((p) => [p.sk?.S, p]));
    for (const sk of wanted) {
      const part = bySk.get(sk)?.z?.B;
      if (part === undefined) throw new MissingPartsError(`record ${item.pk?.S} / ${item.sk?.S}: part ${sk} not found`);
      chunks.push(part);
    }
  }
  return brotliDecompressSync(Buffer.concat(chunks)).toString('utf8');
}

export class MissingPartsError extends Error {
  override name = 'MissingPartsError';
}

/** Reads the parts of a split record (one Query of its partition's part keys) and parses it. */
export async function readRecord<T extends z.ZodType>(client: DynamoDBClient, table: string, schema: T, item: Item | undefined): Promise<z.infer<T> | undefined> {
  if (!item) return undefined;
  if (!hasParts(item)) return fromItem(schema, item);
  const prefix = `${item.sk!.S!}#PART#${item.partId!.S!}#`;
  const parts = await queryAll(client, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': { S: item.pk!.S! }, ':prefix': { S: prefix } },
    ConsistentRead: true,
  });
  return fromItem(schema, item, parts);
}
