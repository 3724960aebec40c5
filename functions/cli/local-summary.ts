/**
 * What the local stack's stores hold, read back from them (S3 listings, a DynamoDB scan, the
 * SES emulator's store, the DLQs) — never from what was sent. `edi start` prints it.
 */
import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalEmail } from '#infra/local/emulators.ts';
import type { Stage } from '#infra/topology.ts';

type StageName = Stage['name'];

/** Key prefixes of the inbound bucket that carry master data, not partner EDI. */
export const MASTER_DATA_PREFIXES = ['master/', 'supply/'] as const;

export interface DeadLetterSample {
  cause: string;
  body: string;
}

export interface StoreSummary {
  files: { inbound: number; masterData: number; archived: number };
  interchanges: { total: number; byState: Record<string, number>; resent: number };
  refusedFiles: { sourceKey: string; partner: string; reason: string }[];
  /** Inbound transaction sets the pipeline acted on, by type (distinct causes in the table). */
  documentsByType: Record<string, number>;
  /** AK5 set acknowledgment codes found in the 997s written (A, E, R). */
  setsAcknowledged: Record<string, number>;
  orders: { total: number; byStatus: Record<string, number>; samplePurchaseOrders: { partner: string; po: string }[] };
  /** Files in the outbound bucket, by document kind (`<partner>/<kind>/…`). */
  outbound: Record<string, number>;
  /** Outbound document records in the table, by kind (must match `outbound`). */
  outboundRecords: Record<string, number>;
  emails: { total: number; bySubject: Record<string, number> };
  emailRecords: { sent: number; sending: number };
  deadLetters: Record<string, { depth: number; samples: DeadLetterSample[] }>;
  errors: { kind: string; partner: string; reason: string }[];
  partnerProfiles: string[];
  /** Table items by kind, for what the summary does not name. */
  itemsByKind: Record<string, number>;
}

export interface SummaryStores {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  buckets: { inbound: string; archive: string; outbound: string };
  tableName: string;
  deadLetterQueues: Record<StageName, string>;
  dlqDepths(): Promise<Record<StageName, number>>;
  sentEmails(): Promise<LocalEmail[]>;
}

/**
 * Every key of a bucket (under `prefix`). ListObjects (v1, paged by marker) rather than v2: s3rver
 * builds v2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) no longer offers, so a
 * truncated v2 listing fails with InternalError there.
 */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const out = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }));
    const page = (out.Contents ?? []).map((o) => o.Key).filter((k): k is string => k !== undefined);
    keys.push(...page);
    if (!out.IsTruncated || page.length === 0) break;
    marker = out.NextMarker ?? page.at(-1);
  }
  return keys.sort();
}

/** Maps with at most `limit` calls in flight (s3rver fails requests when thousands arrive at once). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf-8')) ?? '';
}

interface ScannedItem {
  kind: string;
  sk: string;
  data: Record<string, unknown>;
  status?: string;
}

export async function scanTable(dynamodb: DynamoDBClient, tableName: string): Promise<ScannedItem[]> {
  const items: ScannedItem[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await dynamodb.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    for (const item of out.Items ?? []) {
      let data: Record<string, unknown> = {};
      try {
        data = item.data?.S ? (JSON.parse(item.data.S) as Record<string, unknown>) : {};
      } catch {
        data = {};
      }
      items.push({ kind: item.kind?.S ?? '?', sk: item.sk?.S ?? '', data, ...(item.status?.S ? { status: item.status.S } : {}) });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Outbound keys are `<partner>/<kind>/<date>-<ISA13>.x12`. */
export function outboundKindOf(key: string): string {
  return key.split('/')[1] ?? '?';
}

/**
 * What kind of email a subject is: its leading `[TAG]` (`[HOLD] ACME PO 1` → `[HOLD]`), else the
 * subject without the partner it names (`EDI interchange rejected for partner ACME` → `EDI interchange rejected`).
 */
export function subjectPrefix(subject: string): string {
  const tag = /^\s*(\[[^\]]{1,40}\])/.exec(subject);
  if (tag) return tag[1]!;
  return subject
    .replace(/\s+(for|from|to)\s+partner\s+\S+.*$/i, '')
    .replace(/\s*[:—–-]\s.*$/, '')
    .trim();
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

const MAX_997_READS = 500;

/** Reads every store of the local stack and summarises it. */
export async function summarizeStores(stores: SummaryStores): Promise<StoreSummary> {
  const [inboundKeys, archiveKeys, outboundKeys, items, emails, depths] = await Promise.all([
    listKeys(stores.s3, stores.buckets.inbound),
    listKeys(stores.s3, stores.buckets.archive),
    listKeys(stores.s3, stores.buckets.outbound),
    scanTable(stores.dynamodb, stores.tableName),
    stores.sentEmails(),
    stores.dlqDepths(),
  ]);
  const masterData = inboundKeys.filter((k) => MASTER_DATA_PREFIXES.some((p) => k.startsWith(p)));
  const summary: StoreSummary = {
    files: { inbound: inboundKeys.length - masterData.length, masterData: masterData.length, archived: archiveKeys.filter((k) => !k.startsWith('claims/')).length },
    interchanges: { total: 0, byState: {}, resent: 0 },
    refusedFiles: [],
    documentsByType: {},
    setsAcknowledged: {},
    orders: { total: 0, byStatus: {}, samplePurchaseOrders: [] },
    outbound: {},
    outboundRecords: {},
    emails: { total: emails.length, bySubject: {} },
    emailRecords: { sent: 0, sending: 0 },
    deadLetters: {},
    errors: [],
    partnerProfiles: [],
    itemsByKind: {},
  };

  const causes = new Map<string, Set<string>>();
  const addCause = (cause: unknown): void => {
    const c = cause as { type?: unknown; id?: unknown } | undefined;
    if (!c || typeof c.type !== 'string' || typeof c.id !== 'string' || !/^8[0-9]{2}$/.test(c.type)) return;
    const set = causes.get(c.type) ?? new Set<string>();
    set.add(c.id);
    causes.set(c.type, set);
  };
  for (const item of items) {
    bump(summary.itemsByKind, item.kind);
    const d = item.data;
    switch (item.kind) {
      case 'interchange':
        summary.interchanges.total += 1;
        bump(summary.interchanges.byState, String(d.state ?? '?'));
        break;
      case 'duplicate':
        summary.interchanges.resent += 1;
        break;
      case 'rejected-file':
        summary.refusedFiles.push({ sourceKey: String(d.sourceKey ?? '?'), partner: String(d.partner ?? '?'), reason: String(d.reason ?? '') });
        break;
      case 'order': {
        const order = (d.order ?? {}) as { status?: string; partner?: string; purchaseOrderNumber?: string };
        summary.orders.total += 1;
        bump(summary.orders.byStatus, order.status ?? '?');
        if (order.partner && order.purchaseOrderNumber) summary.orders.samplePurchaseOrders.push({ partner: order.partner, po: order.purchaseOrderNumber });
        break;
      }
      case 'event':
        addCause(d.cause);
        break;
      case 'forecast':
        addCause(d.setBy);
        break;
      case 'error':
        addCause(d.cause);
        summary.errors.push({ kind: String(d.kind ?? '?'), partner: String(d.partner ?? '?'), reason: String(d.reason ?? '') });
        break;
      case 'document':
        bump(summary.outboundRecords, String(d.kind ?? '?'));
        break;
      case 'email':
        if (d.status === 'sent') summary.emailRecords.sent += 1;
        else summary.emailRecords.sending += 1;
        break;
      case 'partner':
        if (item.sk === 'PROFILE' && typeof d.id === 'string') summary.partnerProfiles.push(d.id);
        break;
      default:
        if (item.kind.endsWith('-error')) {
          summary.errors.push({ kind: item.kind, partner: String(d.partner ?? '-'), reason: String(d.reason ?? d.message ?? '') });
        }
    }
  }
  for (const [type, ids] of [...causes].sort(([a], [b]) => a.localeCompare(b))) summary.documentsByType[type] = ids.size;
  summary.orders.samplePurchaseOrders.sort((a, b) => `${a.partner}/${a.po}`.localeCompare(`${b.partner}/${b.po}`));
  summary.partnerProfiles.sort();

  for (const key of outboundKeys) bump(summary.outbound, outboundKindOf(key));
  const acks = outboundKeys.filter((k) => outboundKindOf(k) === '997').slice(0, MAX_997_READS);
  const texts = await mapLimit(acks, 16, (k) => readText(stores.s3, stores.buckets.outbound, k));
  for (const text of texts) {
    for (const match of text.matchAll(/(?:^|[~\n])\s*AK5[*|^:]([AERMWX])/g)) bump(summary.setsAcknowledged, match[1]!);
  }

  for (const email of emails) bump(summary.emails.bySubject, subjectPrefix(email.subject));

  for (const [stage, depth] of Object.entries(depths) as [StageName, number][]) {
    summary.deadLetters[stage] = { depth, samples: depth > 0 ? await peekDeadLetters(stores.sqs, stores.deadLetterQueues[stage]) : [] };
  }
  return summary;
}

/**
 * Reads up to 10 messages of a DLQ without consuming them (visibility timeout 0) and returns
 * their `cause` attribute — set by a stage that dead-lettered the message itself — or says that
 * SQS moved it after too many receives.
 */
export async function peekDeadLetters(sqs: SQSClient, queueUrl: string): Promise<DeadLetterSample[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
  );
  const seen = new Map<string, DeadLetterSample>();
  for (const m of out.Messages ?? []) {
    const cause =
      m.MessageAttributes?.cause?.StringValue ??
      `moved by SQS after ${m.Attributes?.ApproximateReceiveCount ?? 'too many'} receives (the handler kept failing; see its log)`;
    if (m.MessageId && !seen.has(m.MessageId)) seen.set(m.MessageId, { cause, body: (m.Body ?? '').slice(0, 160) });
  }
  return [...seen.values()];
}

function counts(record: Record<string, number>, order: readonly string[] = []): string {
  const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
  return keys.length ? keys.map((k) => `${k} ${record[k]}`).join(', ') : 'none';
}

/** The summary as the lines `edi start` prints. */
export function formatSummary(s: StoreSummary): string[] {
  const lines: string[] = [];
  const row = (label: string, text: string): void => void lines.push(`  ${label.padEnd(13)}${text}`);
  row('files', `${s.files.inbound} EDI file(s) in the inbound bucket, ${s.files.masterData} master-data file(s); ${s.files.archived} archived`);
  row(
    'interchanges',
    `${s.interchanges.total} claimed (${counts(s.interchanges.byState, ['queued', 'received', 'rejected'])}); ${s.interchanges.resent} re-sent; ${s.refusedFiles.length} file(s) refused`,
  );
  row('documents', `${counts(s.documentsByType)}${Object.keys(s.setsAcknowledged).length ? `; 997 set acks: ${counts(s.setsAcknowledged, ['A', 'E', 'R'])}` : ''}`);
  row('orders', `${s.orders.total} (${counts(s.orders.byStatus, ['open', 'held', 'cancelled'])})`);
  const kinds = ['997', '855', '865', '856', 'TA1'];
  const outbound = Object.fromEntries(kinds.map((k) => [k, s.outbound[k] ?? 0]).concat(Object.entries(s.outbound).filter(([k]) => !kinds.includes(k))));
  row('written', `${counts(outbound, kinds)} in the outbound bucket`);
  const recordsMatch = kinds.every((k) => (s.outbound[k] ?? 0) === (s.outboundRecords[k] ?? 0));
  if (!recordsMatch) row('', `! document records in the table: ${counts(s.outboundRecords, kinds)}`);
  const kindsOfEmail = Object.entries(s.emails.bySubject).sort(([a], [b]) => a.localeCompare(b));
  row('emails', `${s.emails.total} sent${kindsOfEmail.length ? `, ${kindsOfEmail.length} kind(s) by subject prefix:` : ''}`);
  const width = Math.max(0, ...kindsOfEmail.map(([k]) => k.length));
  for (const [kind, n] of kindsOfEmail) row('', `${kind.padEnd(width)}  ${n}`);
  if (s.emailRecords.sending) row('', `! ${s.emailRecords.sending} email claim(s) still 'sending'`);
  row('DLQs', Object.entries(s.deadLetters).map(([stage, d]) => `${stage} ${d.depth}`).join(', '));
  for (const [stage, d] of Object.entries(s.deadLetters)) {
    for (const sample of d.samples) row('', `! ${stage} DLQ: ${sample.cause}`);
  }
  row('errors', `${s.errors.length} error record(s)${s.refusedFiles.length ? `, ${s.refusedFiles.length} refused file(s)` : ''}`);
  for (const e of s.errors) row('', `- ${e.partner} ${e.kind}: ${e.reason}`);
  for (const f of s.refusedFiles) row('', `- ${f.sourceKey}: ${f.reason}`);
  row('partners', s.partnerProfiles.length ? s.partnerProfiles.join(', ') : 'none');
  const named = new Set(['master-data-error', 'interchange', 'duplicate', 'rejected-file', 'order', 'order-summary', 'event', 'forecast', 'error', 'document', 'email', 'partner', 'demand', 'counter']);
  const other = Object.fromEntries(Object.entries(s.itemsByKind).filter(([k]) => !named.has(k)));
  if (Object.keys(other).length) row('other items', counts(other));
  return lines;
}
