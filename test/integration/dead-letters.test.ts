/**
 * Nothing acknowledged is then lost (README "Guarantees"): on the local stack, a document the
 * pipeline cannot process after its 997 went out becomes an error record, an alert email to
 * operations with the reason and a DLQ message with a `cause`; a set the documents queue refuses
 * does not take the other sets of its file with it; `edi redrive` replays a DLQ once the cause
 * is fixed and a second replay repeats nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { runDeadLetters, runRedrive } from '#functions/cli/dead-letters.ts';
import { lazyHandler, liveIngestDeps, liveProcessDeps } from '#functions/composition/live-deps.ts';
import { ingest } from '#functions/ingest/handler.ts';
import { processDocuments } from '#functions/process/handler.ts';
import type { DocumentQueue } from '#functions/ports/stage-queue.ts';
import type { OrderHead } from '#functions/ports/order-store.ts';
import { ENV, STAGES } from '#infra/topology.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { silentLogger } from '#infra/local/poller.ts';
import type { DemandLine } from '#schemas/records/records.ts';
import { captureIo } from '../support/cli-io.ts';
import { sample850 } from '../support/edi-samples.ts';
import { testPartner } from '../support/partners.ts';

/** DynamoDB refusing one order's write while the fault is on (as it refuses an item over 400 KB). */
class RefusingOrderStore extends DynamoOrderStore {
  override async create(head: OrderHead, demand: readonly DemandLine[]) {
    if (head.order.purchaseOrder.purchaseOrderNumber === refuseStoredPo) {
      throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
    }
    return super.create(head, demand);
  }
}

/** Two sets in one interchange: PO-A and PO-B. */
function twoSets(isa13: string, a: string, b: string): string {
  const one = sample850(a, { isa13 });
  const st = (po: string, control: string) => sample850(po, { isa13 }).split('~\n').filter((s) => /^(ST|BEG|DTM|N1|PO1|CTT|SE)\*/.test(s)).map((s) => s.replace(/^(ST\*850\*|SE\*\d+\*)0001/, `$1${control}`));
  const lines = one.split('~\n');
  const isa = lines.filter((s) => s.startsWith('ISA') || s.startsWith('GS'));
  return [...isa, ...st(a, '0001'), ...st(b, '0002'), `GE*2*${Number(isa13)}`, `IEA*1*${isa13}`].join('~\n') + '~\n';
}

let stack: LocalStack;
let dataDir: string;
/** The order store refuses this PO while set. */
let refuseStoredPo: string | undefined;
/** The documents queue refuses (as SQS refuses a message it will never take) sets of this PO. */
let refuseQueuedPo: string | undefined;


beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  dataDir = await mkdtemp(join(tmpdir(), 'edi-dlq-'));
  stack = await startLocalStack({
    dataDir,
    fresh: true,
    visibilityScale: 0.005,
    logger: silentLogger,
    handlers: {
      process: lazyHandler(() => {
        const deps = liveProcessDeps();
        return processDocuments({ ...deps, orders: new RefusingOrderStore(stack.clients.dynamodb, stack.env[ENV.tableName]!) });
      }),
      ingest: lazyHandler(() => {
        const deps = liveIngestDeps();
        const real = deps.documents;
        const documents: DocumentQueue = {
          send: (m) => real.send(m),
          async sendEach(messages) {
            const refused = messages.flatMap((m, i) => (m.body.purchaseOrderNumber === refuseQueuedPo ? [i] : []));
            const report = await real.sendEach(messages.filter((_, i) => !refused.includes(i)));
            return { failed: [...refused, ...report.failed], refused, error: new Error('InvalidParameterValue: MessageGroupId') };
          },
        };
        return ingest({ ...deps, documents });
      }),
    },
  });
  await new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!).put(testPartner());
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const orders = () => new DynamoOrderStore(stack.clients.dynamodb, stack.env[ENV.tableName]!);
const timeline = () => new DynamoTimeline(stack.clients.dynamodb, stack.env[ENV.tableName]!);

async function outboundKeys(): Promise<string[]> {
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, MaxKeys: 1000 }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function dlqCauses(stage: 'ingest' | 'process' | 'mail'): Promise<string[]> {
  const out = await stack.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.resources.queues[stage].dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
  // local-aws-sqs may hand out one message several times in a receive with VisibilityTimeout 0.
  const byId = new Map((out.Messages ?? []).map((m) => [m.MessageId, m.MessageAttributes?.cause?.StringValue ?? '(no cause)']));
  return [...byId.values()];
}

describe('nothing acknowledged is then lost', () => {
  it('a document process cannot store: error record, alert with the reason, DLQ with cause; redrive after the fix makes it once', async () => {
    refuseStoredPo = 'PO-BIG';
    const since = Math.floor(Date.now() / 1000) - 1;
    await stack.putInbound('ACME/in/big.edi', twoSets('000000501', 'PO-BIG', 'PO-OK'));
    await stack.drain({ timeoutMs: 60_000 });

    // The 997 went out; the neighbour set is an order; the refused one is not lost.
    expect((await outboundKeys()).filter((k) => k.includes('/997/'))).toHaveLength(1);
    expect((await orders().get('ACME', 'PO-OK'))?.order.version).toBe(1);
    expect(await orders().get('ACME', 'PO-BIG')).toBeUndefined();
    const errors = (await timeline().order('ACME', 'PO-BIG')).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.reason).toContain('Item size has exceeded');
    expect(errors[0]?.kind).toBe('dead-letter-process');
    const alerts = (await stack.sentEmails(since)).filter((e) => e.subject.includes('processing error'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body.text ?? alerts[0]?.body.html).toContain('Item size has exceeded');
    expect(await dlqCauses('process')).toEqual([expect.stringContaining('ValidationException: Item size has exceeded')]);
    // Retried first (the fault could have been passing), given up on the queue's last receive.
    expect(stack.pollerStats().process?.recordsFailed).toBe(STAGES.find((s) => s.name === 'process')!.queue.maxReceiveCount - 1);
    const listed = captureIo();
    expect(await runDeadLetters(['process'], listed.io)).toBe(1);
    expect(listed.out()).toContain('Item size has exceeded');

    // The cause is fixed; the replay makes the order once, a second replay repeats nothing.
    refuseStoredPo = undefined;
    const redrive = captureIo();
    expect(await runRedrive(['process'], redrive.io)).toBe(0);
    expect(redrive.out()).toContain('1 message(s) replayed');
    await stack.drain({ timeoutMs: 30_000 });
    expect((await orders().get('ACME', 'PO-BIG'))?.order.version).toBe(1);
    expect((await timeline().order('ACME', 'PO-BIG')).events).toHaveLength(1);
    const after = await outboundKeys();
    expect(await runRedrive(['process'], captureIo().io)).toBe(0);
    await stack.drain({ timeoutMs: 30_000 });
    expect(await outboundKeys()).toEqual(after);
    expect((await stack.dlqDepths()).process).toBe(0);
  });

  it('a set the documents queue refuses: the other sets of its file and the 997 go on; the set is recorded, alerted and redriven', async () => {
    refuseQueuedPo = 'PO-REF';
    const since = Math.floor(Date.now() / 1000) - 1;
    // The emulator's `since` is in whole seconds: the earlier tests' alerts may fall inside it.
    const earlier = new Set((await stack.sentEmails(since)).map((e) => JSON.stringify(e)));
    const before997 = (await outboundKeys()).filter((k) => k.includes('/997/')).length;
    await stack.putInbound('ACME/in/refused.edi', twoSets('000000601', 'PO-REF', 'PO-NEXT'));
    await stack.drain({ timeoutMs: 30_000 });
    expect((await orders().get('ACME', 'PO-NEXT'))?.order.version).toBe(1);
    expect((await outboundKeys()).filter((k) => k.includes('/997/')).length).toBe(before997 + 1);
    expect(await orders().get('ACME', 'PO-REF')).toBeUndefined();
    expect((await timeline().order('ACME', 'PO-REF')).errors.map((e) => e.kind)).toEqual(['dead-letter-ingest']);
    expect((await stack.sentEmails(since)).filter((e) => !earlier.has(JSON.stringify(e)) && e.subject.includes('processing error'))).toHaveLength(1);
    expect(await dlqCauses('ingest')).toEqual([expect.stringContaining('refused the 850 set 0001 of PO PO-REF')]);

    refuseQueuedPo = undefined;
    expect(await runRedrive(['ingest'], captureIo().io)).toBe(0);
    await stack.drain({ timeoutMs: 30_000 });
    expect((await orders().get('ACME', 'PO-REF'))?.order.version).toBe(1);
    expect((await stack.dlqDepths()).ingest).toBe(0);
  });

  it('a message that is not of its schema is dead-lettered at once with the schema error as its cause (every stage)', async () => {
    for (const stage of ['deliver', 'mail', 'timers'] as const) {
      await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues[stage].url, MessageBody: '{"schemaVersion":1,"nonsense":true}' }));
    }
    await stack.drain({ timeoutMs: 30_000 });
    const depths = await stack.dlqDepths();
    expect([depths.deliver, depths.mail, depths.timers]).toEqual([1, 1, 1]);
    expect(await dlqCauses('mail')).toEqual([expect.stringContaining('mail: not a valid message')]);
    expect((await stack.pollerStats().mail?.recordsFailed) ?? 0).toBe(0);
  });
});
