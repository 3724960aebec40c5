/**
 * The pipeline end to end on the local emulators, through the real AWS SDK: S3 → ingest →
 * process → deliver/mail, with DynamoDB, S3 and SES state checked after each scenario.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '#domain/orders/order-events.ts';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import type { OrderHead } from '#functions/ports/order-store.ts';
import { processDocuments } from '#functions/process/handler.ts';
import { lazyHandler, liveProcessDeps } from '#functions/composition/live-deps.ts';
import type { DemandLine } from '#schemas/records/records.ts';
import { STAGES, ENV } from '#infra/topology.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { testPartner } from '../support/partners.ts';

/** Crashes once between the order head write and the event write, when armed. */
class CrashingOrderStore extends DynamoOrderStore {
  armed = false;
  protected override async writeAfterHead(head: OrderHead, demand: readonly DemandLine[], also?: readonly WriteRequest[]): Promise<void> {
    if (this.armed) {
      this.armed = false;
      throw new Error('injected crash between the head and the event write');
    }
    return super.writeAfterHead(head, demand, also);
  }
}

let stack: LocalStack;
let dataDir: string;
let crashing: CrashingOrderStore | undefined;

const stages = STAGES.map((s) => (s.name === 'process' ? { ...s, queue: { ...s.queue, maxReceiveCount: 3 } } : s));

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  dataDir = await mkdtemp(join(tmpdir(), 'edi-it-'));
  stack = await startLocalStack({
    dataDir,
    fresh: true,
    visibilityScale: 0.005,
    stages,
    logger: silentLogger,
    handlers: {
      process: lazyHandler(() => {
        const deps = liveProcessDeps();
        crashing = new CrashingOrderStore(stack.clients.dynamodb, stack.env[ENV.tableName]!);
        return processDocuments({ ...deps, orders: crashing, settings: { waitingChangeMaxAttempts: 3, waitingChangeBackoffSeconds: { first: 3, max: 3 } } });
      }),
    },
  });
  await new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!).put(testPartner({ acks: { ta1: true } }));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const table = () => stack.env[ENV.tableName]!;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, table());

async function outboundKeys(prefix = ''): Promise<string[]> {
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function outboundText(key: string): Promise<string> {
  const out = await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.env[ENV.outboundBucket]!, Key: key }));
  return out.Body!.transformToString();
}

async function outboundContaining(needle: string): Promise<string[]> {
  const keys = await outboundKeys();
  const hits: string[] = [];
  for (const k of keys) if ((await outboundText(k)).includes(needle)) hits.push(k);
  return hits;
}

describe('the pipeline on the local emulators', () => {
  it('850 file → order in DynamoDB → 997 and 855 in the outbound bucket', async () => {
    await stack.putInbound('ACME/in/po-100.edi', sample850('PO-100', { isa13: '000000100' }));
    await stack.drain();
    const head = await orders().get('ACME', 'PO-100');
    expect(head?.order).toMatchObject({ version: 1, status: 'open', shipTo: 'PLANT1' });
    expect(head?.order.purchaseOrder.lines).toHaveLength(2);
    expect(await outboundContaining('AK1*PO*100')).toHaveLength(1);
    const acks = await outboundContaining('BAK*00*AD*PO-100');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatch(/^ACME\/855\//);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', 'PO-100');
    expect(timeline.events.map((e) => e.type)).toEqual(['order.created']);
    expect(verifyChain(timeline.events)).toEqual({ valid: true });
    expect(timeline.documents.map((d) => d.kind)).toEqual(['855']);
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });
  });

  it('the same file re-sent yields nothing new', async () => {
    const before = await outboundKeys();
    await stack.putInbound('ACME/in/po-100-again.edi', sample850('PO-100', { isa13: '000000100' }));
    await stack.drain();
    expect(await outboundKeys()).toEqual(before);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, table()).interchange({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000100');
    expect(timeline.duplicates).toHaveLength(1);
    expect((await orders().get('ACME', 'PO-100'))?.order.version).toBe(1);
  });

  it('a crash between two writes, then the retry: exactly one order, event, 855 and 997', async () => {
    crashing!.armed = true;
    await stack.putInbound('ACME/in/po-200.edi', sample850('PO-200', { isa13: '000000200' }));
    await stack.drain();
    expect(crashing!.armed).toBe(false);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', 'PO-200');
    expect(timeline.order?.version).toBe(1);
    expect(timeline.events).toHaveLength(1);
    expect(timeline.documents).toHaveLength(1);
    expect(await outboundContaining('BAK*00*AD*PO-200')).toHaveLength(1);
    expect(await outboundContaining('AK1*PO*200')).toHaveLength(1);
  });

  it('860 before its 850: applied once the 850 is in', async () => {
    const before = stack.pollerStats().process?.recordsSucceeded ?? 0;
    await stack.putInbound('ACME/in/chg-300.edi', sample860('PO-300', { isa13: '000000301' }));
    // the 860 is moved to the PO's waiting group (one process record succeeds), then put the 850.
    for (let i = 0; i < 200 && (stack.pollerStats().process?.recordsSucceeded ?? 0) === before; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await orders().get('ACME', 'PO-300')).toBeUndefined();
    await stack.putInbound('ACME/in/po-300.edi', sample850('PO-300', { isa13: '000000300' }));
    await stack.drain({ timeoutMs: 30_000 });
    const head = await orders().get('ACME', 'PO-300');
    expect(head?.order.version).toBe(2);
    expect(head?.order.purchaseOrder.lines[0]?.quantity).toBe(25);
    expect(await outboundContaining('BCA*00*AT*PO-300')).toHaveLength(1);
  });

  it('a poison message goes to the DLQ while its batch neighbours succeed', async () => {
    const documentsUrl = stack.resources.queues.process.url;
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: documentsUrl, MessageBody: '{"schemaVersion":1,"poison":true}', MessageGroupId: 'ACME#PO#POISON', MessageDeduplicationId: 'poison-1' }));
    await stack.putInbound('ACME/in/po-400.edi', sample850('PO-400', { isa13: '000000400' }));
    await stack.drain({ timeoutMs: 30_000 });
    expect((await orders().get('ACME', 'PO-400'))?.order.version).toBe(1);
    expect((await stack.dlqDepths()).process).toBe(1);
    const dead = await stack.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.resources.queues.process.dlqUrl, MaxNumberOfMessages: 1 }));
    expect(dead.Messages?.[0]?.Body).toContain('poison');
  });

  it("a file whose ISA sender is not the channel's partner is rejected and alerted by email", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const before = await outboundKeys();
    await stack.putInbound('ACME/in/evil.edi', sample850('PO-666', { isa13: '000000666', senderId: 'EVIL<b>CORP', gsSender: 'EVILCORP' }));
    await stack.drain();
    expect(await orders().get('ACME', 'PO-666')).toBeUndefined();
    expect(await outboundKeys()).toEqual(before);
    const emails = (await stack.sentEmails(since)).filter((e) => e.subject.includes('rejected'));
    expect(emails.map((e) => e.destination.to).sort()).toEqual([['edi@acme.example'], [stack.env[ENV.operationsEmail]!]].sort());
    for (const email of emails) {
      expect(email.body.html).toContain('EVIL&lt;b&gt;CORP');
      expect(email.body.html).not.toContain('EVIL<b>CORP');
    }
  });
});

describe('edi history', () => {
  it('prints the order timeline from the local stack: events, documents with control numbers', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { runHistory } = await import('#functions/cli/history.ts');
    const file = join(dataDir, 'endpoints.json');
    await writeFile(file, JSON.stringify({ env: stack.env }));
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } };
    const code = await runHistory(['--partner', 'ACME', '--po', 'PO-300', '--local', file], io, { ...process.env });
    expect(code).toBe(0);
    expect(out).toContain('event chain: intact');
    expect(out).toContain('order.changed');
    expect(out).toMatch(/865 sent: ISA13 \d{9}/);
    expect(out).toMatch(/997 sent for ISA13 000000300/);
    let json = '';
    await runHistory(['--partner', 'ACME', '--po', 'PO-300', '--local', file, '--json'], { ...io, stdout: { write: (t: string) => (json += t) } }, { ...process.env });
    expect(JSON.parse(json).order.version).toBe(2);
  });
});
