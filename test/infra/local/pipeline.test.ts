import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../infra/local/poller.ts';
import { startLocalStack, type LocalStack } from '../../../infra/local/stack.ts';
import { STAGES, queueUrlEnv, type Stage } from '../../../infra/topology.ts';
import { recording, resetRecording } from './fixtures/recording-handler.ts';

const FIXTURE = 'test/infra/local/fixtures/recording-handler.ts';

/** The topology with receive limits small enough for a test, and FIFO batches of two. */
const testStages: Stage[] = STAGES.map((stage) => {
  if (stage.name === 'mail') return { ...stage, queue: { ...stage.queue, maxReceiveCount: 2 } };
  if (stage.name === 'process') return { ...stage, batchSize: 2 };
  return stage;
});

describe('local stack pipeline', () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'edi-local-stack-'));
    stack = await startLocalStack({
      dataDir,
      fresh: true,
      // 180 s → 1 s, 360 s → 2 s: failed records come back quickly.
      visibilityScale: 1 / 180,
      stages: testStages,
      handlers: { ingest: FIXTURE, process: FIXTURE, deliver: FIXTURE, mail: FIXTURE },
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => resetRecording());

  it('points the SDK at the emulators through the standard environment variables', async () => {
    // Prepare
    const sqs = new SQSClient({});
    try {
      // Act
      await sqs.send(new SendMessageCommand({ QueueUrl: process.env[queueUrlEnv('deliver')], MessageBody: '{"label":"env"}' }));
      await stack.drain();

      // Assess
      expect(process.env.AWS_ENDPOINT_URL_SQS).toBe(stack.endpoints.sqs);
      expect(process.env.AWS_ENDPOINT_URL_S3).toBe(stack.endpoints.s3);
      expect(process.env.EDI_TABLE).toBe(stack.resources.tableName);
      expect(process.env[queueUrlEnv('process')]).toBe(stack.resources.queues.process.url);
      expect(recording().processed.map((p) => p.label)).toEqual(['env']);
    } finally {
      sqs.destroy();
    }
  });

  it('turns an object put into the inbound bucket into a well-formed SQS event for the ingest handler', async () => {
    // Prepare
    const key = 'partner a/2024/file 1+2.edi';
    const body = 'ISA*00*          *00*          ~';

    // Act
    await stack.putInbound(key, body);
    await stack.drain();

    // Assess
    const [invocation, ...others] = recording().invocations;
    expect(others).toEqual([]);
    expect(invocation?.functionName).toBe('local-ingest');
    expect(invocation?.remainingMs).toBeGreaterThan(0);
    expect(invocation?.remainingMs).toBeLessThanOrEqual(60_000);
    const record = invocation?.event.Records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: stack.resources.queues.ingest.arn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
    });
    expect(record?.messageId).toEqual(expect.any(String));
    expect(record?.receiptHandle).toEqual(expect.any(String));
    expect(Number(record?.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(record?.md5OfBody).toBe(createHash('md5').update(record?.body ?? '').digest('hex'));
    const notification = JSON.parse(record?.body ?? '{}') as {
      Records: { eventSource: string; eventName: string; s3: { bucket: { name: string }; object: { key: string; size: number } } }[];
    };
    expect(notification.Records).toHaveLength(1);
    expect(notification.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: stack.resources.buckets.inbound }, object: { key: 'partner+a/2024/file+1%2B2.edi', size: Buffer.byteLength(body) } },
    });
    const decodedKey = decodeURIComponent((notification.Records[0]?.s3.object.key ?? '').replace(/\+/g, ' '));
    const object = await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.resources.buckets.inbound, Key: decodedKey }));
    expect(await object.Body?.transformToString()).toBe(body);
  });

  it('notifies the inbound queue for a put made by any SDK client, not only putInbound', async () => {
    // Prepare
    const s3 = new S3Client({});
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: process.env.EDI_INBOUND_BUCKET, Key: 'direct.edi', Body: 'x' }));
      await stack.drain();

      // Assess
      const bodies = recording().invocations.flatMap((i) => i.event.Records.map((r) => r.body));
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toContain('"key":"direct.edi"');
    } finally {
      s3.destroy();
    }
  });

  it('deletes the successful neighbours of a failed record and redelivers only the failed one', async () => {
    // Prepare
    const entries = [{ label: 'ok-1' }, { label: 'flaky', failTimes: 1 }, { label: 'ok-2' }].map((body, n) => ({
      Id: String(n),
      MessageBody: JSON.stringify(body),
    }));

    // Act
    await stack.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.resources.queues.deliver.url, Entries: entries }));
    await stack.drain();

    // Assess
    const deliveries = recording().invocations.filter((i) => i.functionName === 'local-deliver');
    expect(deliveries.map((i) => i.event.Records.length)).toEqual([3, 1]);
    expect(recording().processed.map((p) => [p.label, p.receiveCount, p.ok])).toEqual([
      ['ok-1', 1, true],
      ['flaky', 1, false],
      ['ok-2', 1, true],
      ['flaky', 2, true],
    ]);
    expect((await stack.dlqDepths()).deliver).toBe(0);
  });

  it('retries the whole batch when the handler throws', async () => {
    // Prepare
    const entries = [{ label: 'thrower', throwTimes: 1 }, { label: 'neighbour' }].map((body, n) => ({ Id: String(n), MessageBody: JSON.stringify(body) }));

    // Act
    await stack.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.resources.queues.deliver.url, Entries: entries }));
    await stack.drain();

    // Assess
    const processed = recording().processed.map((p) => [p.label, p.receiveCount, p.ok]);
    expect(processed).toEqual([
      ['thrower', 2, true],
      ['neighbour', 2, true],
    ]);
    expect(stack.pollerStats().deliver?.invocationErrors).toBeGreaterThanOrEqual(1);
  });

  it('moves a record that fails maxReceiveCount times to the dead-letter queue', async () => {
    // Prepare
    const body = JSON.stringify({ label: 'poison', fail: 'always' });

    // Act
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.mail.url, MessageBody: body }));
    await stack.drain();

    // Assess
    expect(recording().processed.map((p) => p.receiveCount)).toEqual([1, 2]);
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 1, timers: 0 });
    const dlq = await stack.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.resources.queues.mail.dlqUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
    expect(dlq.Messages?.map((m) => m.Body)).toEqual([body]);
  });

  it('keeps FIFO message groups in order and never runs one group in two invocations at once', async () => {
    // Prepare
    const messages = [
      { group: 'PO-A', body: { label: 'a1', failTimes: 1, delayMs: 50 } },
      { group: 'PO-B', body: { label: 'b1', delayMs: 50 } },
      { group: 'PO-A', body: { label: 'a2', delayMs: 50 } },
      { group: 'PO-B', body: { label: 'b2', failTimes: 1, delayMs: 50 } },
      { group: 'PO-A', body: { label: 'a3', delayMs: 50 } },
      { group: 'PO-B', body: { label: 'b3', delayMs: 50 } },
      { group: 'PO-A', body: { label: 'a4', delayMs: 50 } },
    ];

    // Act
    await stack.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.resources.queues.process.url,
        Entries: messages.map((m, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify(m.body),
          MessageGroupId: m.group,
          MessageDeduplicationId: m.body.label,
        })),
      }),
    );
    await stack.drain();

    // Assess
    const succeeded = (group: string): (string | undefined)[] =>
      recording()
        .processed.filter((p) => p.group === group && p.ok)
        .map((p) => p.label);
    expect(succeeded('PO-A')).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(succeeded('PO-B')).toEqual(['b1', 'b2', 'b3']);
    expect(recording().groupOverlaps).toEqual([]);
    const firstA = recording().processed.find((p) => p.label === 'a1' && p.ok);
    expect(firstA?.receiveCount).toBe(2);
    expect(recording().invocations.every((i) => i.event.Records.every((r) => r.attributes.MessageGroupId && r.attributes.MessageDeduplicationId))).toBe(true);
  });

  it('drain() waits for a slow invocation to finish', async () => {
    // Prepare
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.mail.url, MessageBody: JSON.stringify({ label: 'slow', delayMs: 400 }) }));

    // Act
    await stack.drain();

    // Assess
    expect(recording().processed.map((p) => [p.label, p.ok])).toEqual([['slow', true]]);
  });

  it('counts the pollers’ SQS requests apart from the stack’s own', () => {
    // Act
    const counts = stack.requestCounts();

    // Assess
    expect(counts.poller.ReceiveMessage).toBeGreaterThan(0);
    expect(counts.poller.DeleteMessageBatch).toBeGreaterThan(0);
    expect(counts.poller.GetQueueAttributes).toBeUndefined();
    expect(counts.control.GetQueueAttributes).toBeGreaterThan(0);
  });
});
