/**
 * One file into the running stack: put it into the inbound bucket, drain, and say what came of
 * it — read back from the stores (the interchange ledger, the outbound bucket, the SES
 * emulator, the DLQs), never from what was sent.
 */
import { join } from 'node:path';
import { DynamoInterchangeLedger } from '#functions/adapters/dynamo-interchange-ledger.ts';
import { listKeys } from '#functions/adapters/s3-files.ts';
import { UNKNOWN_PARTNER } from '#functions/use-cases/receive-interchange.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { outboundKindOf } from './summary.ts';

export const DRAIN_TIMEOUT_MS = 180_000;

interface Snapshot {
  outbound: Set<string>;
  emails: number;
  dead: number;
}

async function snapshot(stack: LocalStack): Promise<Snapshot> {
  const [outbound, emails, depths] = await Promise.all([
    listKeys(stack.clients.s3, stack.resources.buckets.outbound),
    stack.sentEmails(),
    stack.dlqDepths(),
  ]);
  return { outbound: new Set(outbound), emails: emails.length, dead: Object.values(depths).reduce((a, b) => a + b, 0) };
}

/** Ledger and refused-file records the ingest stage wrote for one object key since `since` (ISO). */
async function ingestRecordsOf(stack: LocalStack, key: string, since: string) {
  const ledger = new DynamoInterchangeLedger(stack.clients.dynamodb, stack.resources.tableName);
  const channel = key.split('/')[0] ?? '';
  const found = await Promise.all([...new Set([channel, UNKNOWN_PARTNER])].map((partner) => ledger.receivedSince(partner, since)));
  return {
    interchanges: found.flatMap((f) => f.interchanges).filter((r) => r.sourceKey === key),
    refused: found.flatMap((f) => f.refused).filter((r) => r.sourceKey === key),
  };
}

/** Puts one file into the inbound bucket, drains, and describes what came of it from the stores. */
export async function ingestOne(stack: LocalStack, key: string, body: Uint8Array | string): Promise<string> {
  const before = await snapshot(stack);
  // Event times are on the stack's clock (the demo's), with millisecond precision; a second of slack for rounding.
  const since = new Date(stack.clock.now().getTime() - 1_000).toISOString();
  await stack.putInbound(key, body);
  await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
  const after = await snapshot(stack);
  const { interchanges, refused } = await ingestRecordsOf(stack, key, since);
  const written = [...after.outbound].filter((k) => !before.outbound.has(k));
  const byKind: Record<string, number> = {};
  for (const k of written) byKind[outboundKindOf(k)] = (byKind[outboundKindOf(k)] ?? 0) + 1;
  const effects = [
    ...Object.entries(byKind).map(([kind, n]) => `${kind}${n > 1 ? ` ×${n}` : ''}`),
    ...(after.emails > before.emails ? [`${after.emails - before.emails} email(s)`] : []),
    ...(after.dead > before.dead ? [`${after.dead - before.dead} dead-lettered`] : []),
  ];
  let outcome: string;
  if (refused.length) outcome = `refused: ${refused[0]!.reason}`;
  else if (interchanges.length) {
    const states = interchanges.map((ix) => `ISA13 ${ix.interchangeControlNumber} ${ix.state}${ix.documentsQueued !== undefined ? ` (${ix.documentsQueued} set(s) to process)` : ''}`);
    outcome = `accepted: ${states.join(', ')}`;
  } else if (after.dead > before.dead) outcome = 'failed: see the dead-letter queue';
  else outcome = 'nothing new: its interchanges were received before (recorded as re-sent) or the file was refused before';
  return `${key}  ${outcome}${effects.length ? ` → ${effects.join(', ')}` : ''}`;
}

/** s3rver keeps each bucket as a folder of `<key>._S3rver_object` files under `<data>/s3/`. */
export function bucketFolder(dataDir: string, bucket: string): string {
  return join(dataDir, 's3', bucket);
}

