/**
 * Nothing lost, nothing twice in the last two stages under faults (README "Guarantees"): the mail
 * and timers stages run the live handlers wrapped by the seeded fault injector
 * (test/support/fault-injector.ts) — a crash after each of their write points (in mail: the body
 * kept, the copy claimed, SES accepted and the mail log not yet written, the copy marked sent),
 * transient request faults and duplicate delivery — on alerts put straight on the notify queue
 * and daily-seal timers each fired twice. Then: every alert reached operations, no copy twice
 * beyond the one documented window (send-email.ts: SES accepted, then the attempt died before
 * the mail log was written), every day sealed, no DLQ.
 *
 * `FAULT_SEED=<n>` runs only that seed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { SEAL_PREFIX } from '#functions/adapters/s3-audit-archive.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { ENV, STAGES } from '#infra/topology.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { sealedDayOf, TIMER_MESSAGE_SCHEMA_VERSION, type TimerMessage } from '#schemas/messages/timer-message.ts';
import { createFaultInjector, type FaultInjector } from '../support/fault-injector.ts';

const SEEDS = process.env.FAULT_SEED ? [Number(process.env.FAULT_SEED)] : [1];
const ALERTS = 8;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
// One record per invocation, so "the Nth write of an invocation" is a write point of one message's path.
const stages = STAGES.map((s) => ({ ...s, batchSize: 1, maxBatchingWindowSeconds: 0 }));

let stack: LocalStack | undefined;
let injector: FaultInjector | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  injector?.remove();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  stack = injector = dataDir = undefined;
});

describe('the mail and timers stages under seeded faults', () => {
  it.each(SEEDS)('seed %i: every alert once (bar the SES window), every day sealed, every write point crashed at, no DLQ', async (seed) => {
    process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    dataDir = await mkdtemp(join(tmpdir(), 'edi-faults-mail-'));
    let stackRef: LocalStack | undefined;
    injector = createFaultInjector(
      {
        seed,
        requestFaultRate: 0.04,
        crashSweep: true,
        duplicateRate: 0.25,
        get dynamodb() {
          return stackRef?.clients.dynamodb;
        },
      },
      stages,
    );
    const handlers = { ingest: null, process: null, deliver: null, mail: injector.handlers.mail, timers: injector.handlers.timers };
    stack = stackRef = await startLocalStack({ dataDir, fresh: true, visibilityScale: 0.005, logger: silentLogger, stages, handlers });
    const { sqs } = stack.clients;

    const reasons = Array.from({ length: ALERTS }, (_, i) => `mail fault ${seed}/${i + 1}`);
    for (const [i, reason] of reasons.entries()) {
      const body = notifyMessage('processing-error', {
        partner: '_faults',
        recipients: ['operations'],
        idempotencyKey: `faults-mail/${seed}/${i + 1}`,
        subject: { kind: 'file', partner: '_faults', sha256: `${seed}-${i + 1}` },
        createdAt: '2026-11-02T08:00:00.000Z',
        data: { reason, facts: { Alert: String(i + 1) }, diagnostics: [] },
      });
      await sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.mail.url, MessageBody: JSON.stringify(body) }));
    }
    // Each day's seal timer fires twice, as EventBridge Scheduler may (at least once).
    const timers: Extract<TimerMessage, { kind: 'daily-seal' }>[] = DAYS.map((day) => ({ schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION, kind: 'daily-seal', scheduledTime: `${day}T00:05:00.000Z` }));
    for (const timer of timers) {
      for (let n = 0; n < 2; n++) await sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.timers.url, MessageBody: JSON.stringify(timer) }));
    }
    await stack.drain({ timeoutMs: 60_000 });

    const coverage = injector.crashCoverage();
    const why = `seed ${seed}: ${JSON.stringify({ counts: injector.counts, coverage })}`;
    expect(await stack.dlqDepths(), why).toMatchObject({ mail: 0, timers: 0 });

    // Nothing lost: every alert reached operations. Nothing twice, but for SES's window.
    const emails = await stack.sentEmails();
    const copies = reasons.map((reason) => emails.filter((e) => (e.body.text ?? '').includes(reason)).length);
    for (const n of copies) expect(n, why).toBeGreaterThanOrEqual(1);
    const extra = copies.reduce((a, n) => a + n - 1, 0);
    expect(extra, why).toBeLessThanOrEqual(injector.counts.emailsAcceptedThenFailed);

    // Every day sealed, each once (one seal object per day), though each timer fired at least twice.
    const { Contents = [] } = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.archiveBucket]!, Prefix: SEAL_PREFIX }));
    expect(Contents.map((o) => o.Key).sort(), why).toEqual(timers.map((t) => `${SEAL_PREFIX}${sealedDayOf(t)}.json`).sort());

    // Every write point of both stages was crashed at — in mail the one after SendEmail too, the
    // crash between SES accepting a copy and the mail log recording it.
    for (const stage of ['mail', 'timers'] as const) {
      const { crashedAt, maxWrites } = coverage[stage];
      expect(maxWrites, why).toBeGreaterThan(0);
      for (let n = 1; n <= maxWrites; n++) expect(crashedAt, `${why}: ${stage} write point ${n}`).toContain(n);
    }
    expect(Object.keys(injector.counts.crashes).some((k) => k.startsWith('mail@') && k.endsWith(':SendEmail')), why).toBe(true);
    expect(injector.counts.duplicates, why).toBeGreaterThan(0);
  }, 120_000);
});
