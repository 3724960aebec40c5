/**
 * A handler past its timeout is stopped, as Lambda stops it (README, "Guarantees"): the local
 * poller cuts off every AWS call the timed-out invocation still makes, so nothing it does lands
 * after its message went back to the queue or to the DLQ.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type SqsHandler } from '../../../infra/local/poller.ts';
import { startLocalStack, type LocalStack } from '../../../infra/local/stack.ts';
import { STAGES, type Stage } from '../../../infra/topology.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a handler past its timeout', () => {
  let stack: LocalStack;
  let dataDir: string;
  const attempts: { label: string; error?: string }[] = [];

  // mail: 1 s timeout, one receive, then the DLQ
  const stages: Stage[] = STAGES.map((s) => (s.name === 'mail' ? { ...s, timeoutSeconds: 1, queue: { ...s.queue, maxReceiveCount: 1 } } : s));
  const handler: SqsHandler = async (event: SQSEvent) => {
    for (const record of event.Records) {
      const { label, delayMs } = JSON.parse(record.body) as { label: string; delayMs: number };
      await sleep(delayMs);
      try {
        // a write at the end of the work: after the deadline it must never land
        await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.resources.buckets.archive, Key: `late/${label}`, Body: label }));
        attempts.push({ label });
      } catch (error) {
        attempts.push({ label, error: (error as Error).message });
        throw error;
      }
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'edi-timeout-'));
    stack = await startLocalStack({ dataDir, fresh: true, visibilityScale: 1 / 180, stages, handlers: { ingest: null, process: null, deliver: null, timers: null, mail: handler }, logger: silentLogger });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const stored = (label: string) =>
    stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.resources.buckets.archive, Key: `late/${label}` })).then(
      () => true,
      () => false,
    );

  it('cannot write once its time is up: the message is in the DLQ and its late write never lands', async () => {
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.mail.url, MessageBody: JSON.stringify({ label: 'slow', delayMs: 1_500 }) }));
    await stack.drain();
    await sleep(1_000);
    expect((await stack.dlqDepths()).mail).toBe(1);
    expect(attempts.find((a) => a.label === 'slow')?.error).toMatch(/timed out/);
    expect(await stored('slow')).toBe(false);
  });

  it('writes as usual within its time', async () => {
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.mail.url, MessageBody: JSON.stringify({ label: 'quick', delayMs: 10 }) }));
    await stack.drain();
    expect(attempts.find((a) => a.label === 'quick')).toEqual({ label: 'quick' });
    expect(await stored('quick')).toBe(true);
  });
});
