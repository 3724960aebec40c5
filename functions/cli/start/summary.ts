/**
 * What the local stack's stores hold, read back from them (S3 listings, a DynamoDB scan, the
 * SES emulator's store, the DLQs) — never from what was sent. `edi start` prints it.
 */
import { ORDER_STEPS } from '#schemas/messages/order-step.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { takeInventory } from '#functions/adapters/dynamo-inventory.ts';
import { listKeys, readText } from '#functions/adapters/s3-files.ts';
import { escapeForTerminal } from './terminal-text.ts';
import { peekDeadLetters, type DeadLetterSample } from '#functions/adapters/sqs-stage-queue.ts';
import { mapLimit } from '#functions/shared/map-limit.ts';
import type { LocalEmail } from '#infra/local/emulators.ts';
import type { Stage } from '#infra/topology.ts';
import { isMasterDataKey } from '#functions/use-cases/load-master-data.ts';
import { isShipmentsKey } from '#functions/use-cases/load-shipments.ts';

type StageName = Stage['name'];

export type { DeadLetterSample };

export interface StoreSummary {
  files: { inbound: number; masterData: number; shipments: number; archived: number };
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
  /** Order-step events on the local bus, by detail-type (absent when the stores have no bus). */
  orderEvents?: Record<string, number>;
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
  /** The local bus's order-step events by detail-type (the EventBridge emulator keeps them). */
  orderEvents?(): Record<string, number>;
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
  const [inboundKeys, archiveKeys, outboundKeys, inventory, emails, depths] = await Promise.all([
    listKeys(stores.s3, stores.buckets.inbound),
    listKeys(stores.s3, stores.buckets.archive),
    listKeys(stores.s3, stores.buckets.outbound),
    takeInventory(stores.dynamodb, stores.tableName),
    stores.sentEmails(),
    stores.dlqDepths(),
  ]);
  const masterData = inboundKeys.filter(isMasterDataKey);
  const shipments = inboundKeys.filter(isShipmentsKey);
  const summary: StoreSummary = {
    files: { inbound: inboundKeys.length - masterData.length - shipments.length, masterData: masterData.length, shipments: shipments.length, archived: archiveKeys.filter((k) => !k.startsWith('claims/')).length },
    interchanges: inventory.interchanges,
    refusedFiles: inventory.refusedFiles,
    documentsByType: inventory.documentsByType,
    setsAcknowledged: {},
    orders: { total: inventory.orders.total, byStatus: inventory.orders.byStatus, samplePurchaseOrders: inventory.orders.purchaseOrders },
    outbound: {},
    outboundRecords: inventory.outboundRecords,
    emails: { total: emails.length, bySubject: {} },
    emailRecords: inventory.emailRecords,
    deadLetters: {},
    errors: inventory.errors,
    partnerProfiles: inventory.partnerProfiles,
    itemsByKind: inventory.itemsByKind,
    ...(stores.orderEvents ? { orderEvents: stores.orderEvents() } : {}),
  };
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

function counts(record: Record<string, number>, order: readonly string[] = []): string {
  const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
  return keys.length ? keys.map((k) => `${k} ${record[k]}`).join(', ') : 'none';
}

/** The summary as the lines `edi start` prints. */
export function formatSummary(s: StoreSummary): string[] {
  const lines: string[] = [];
  // Every value shown may come from a partner's file or key: escaped (terminal-text.ts).
  const row = (label: string, text: string): void => void lines.push(`  ${label.padEnd(13)}${escapeForTerminal(text)}`);
  row('files', `${s.files.inbound} EDI file(s) in the inbound bucket, ${s.files.masterData} master-data file(s), ${s.files.shipments} shipments file(s); ${s.files.archived} archived`);
  row(
    'interchanges',
    `${s.interchanges.total} claimed (${counts(s.interchanges.byState, ['queued', 'received', 'rejected'])}); ${s.interchanges.resent} re-sent; ${s.refusedFiles.length} file(s) refused`,
  );
  row('documents', `${counts(s.documentsByType)}${Object.keys(s.setsAcknowledged).length ? `; 997 set acks: ${counts(s.setsAcknowledged, ['A', 'E', 'R'])}` : ''}`);
  row('orders', `${s.orders.total} (${counts(s.orders.byStatus, ['open', 'held', 'cancelled'])})`);
  const kinds = ['997', '855', '865', '856', '810', 'TA1'];
  const outbound = Object.fromEntries(kinds.map((k) => [k, s.outbound[k] ?? 0]).concat(Object.entries(s.outbound).filter(([k]) => !kinds.includes(k))));
  row('written', `${counts(outbound, kinds)} in the outbound bucket`);
  const recordsMatch = kinds.every((k) => (s.outbound[k] ?? 0) === (s.outboundRecords[k] ?? 0));
  if (!recordsMatch) row('', `! document records in the table: ${counts(s.outboundRecords, kinds)}`);
  if (s.orderEvents) {
    const total = Object.values(s.orderEvents).reduce((a, b) => a + b, 0);
    const steps = ORDER_STEPS.map((k) => `edi.order.${k}`);
    row('order events', `${total} on the bus${total ? `: ${counts(s.orderEvents, steps)}` : ''}`);
  }
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
