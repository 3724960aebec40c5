/**
 * The local stack survives a hard stop (README "Guarantees"): a child process runs the stack on
 * a persistent data folder, puts 30 files of two 850s at once and is killed with SIGKILL once
 * some of their orders exist — mid-batch — and once an unreadable timer message is in the timers DLQ.
 * The stack restarted on the same folder finds its queues and DLQs as they were (the SQS journal,
 * infra/local/sqs-journal.ts) and re-announces what arrived after its queues were last empty;
 * every file ends as its orders, its 997 and its 855s, each exactly once: none silently missing,
 * none twice; and the DLQ still holds the poison with its cause.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DYNAMODB_ENDPOINT_ENV } from '#infra/local/emulators.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { REPO_ROOT, startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { CHILD_POISON, childFiles } from '../../support/local-stack-child.ts';
import { checkLedger } from '../../support/ledger.ts';

const FILES = 30;
// What persists is the data folder: the embedded dynalite's, even when the suite runs against an external DynamoDB.
delete process.env[DYNAMODB_ENDPOINT_ENV];

let stack: LocalStack | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs the child until its files are queued and some orders exist, kills it with SIGKILL, and waits for it to be gone. */
async function runAndKill(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/local-stack-child.ts', '--data', dir, '--files', String(FILES)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child did not queue its files in time: ${out}${err}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const orders = Math.max(0, ...[...out.matchAll(/^orders (\d+)$/gm)].map((m) => Number(m[1])));
      if (out.includes('all queued\n') && orders >= 6 && /^dlq 1$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the child exited early: ${out}${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return out;
}

describe('a SIGKILL mid-batch', () => {
  it('leaves nothing silently undone: after the restart every file is its orders, 997 and 855s, once each', async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    dataDir = await mkdtemp(join(tmpdir(), 'edi-sigkill-'));
    const out = await runAndKill(dataDir);
    expect(out.match(/^queued /gm)).toHaveLength(FILES);
    const ordersAtKill = Math.max(...[...out.matchAll(/^orders (\d+)$/gm)].map((m) => Number(m[1])));
    expect(ordersAtKill).toBeLessThan(2 * FILES);

    stack = await startLocalStack({ dataDir, fresh: false, visibilityScale: 0.02, logger: silentLogger });
    // The kill came while files were in the pipeline: the restart found them unfinished.
    expect(stack.reconciled.length).toBeGreaterThan(0);
    await stack.drain({ timeoutMs: 120_000 });

    const files = childFiles(FILES);
    const ledger = await checkLedger(stack, { purchaseOrders: files.flatMap((f) => f.purchaseOrders), groups: files.map((_, i) => String(i + 1)) });
    expect(ledger.exactlyOnce, JSON.stringify(ledger.exactlyOnce)).toMatchObject({ ok: true });
    // The dead letter the kill found in the DLQ is there, once, with its cause.
    expect(ledger.deadLetters.map((d) => ({ stage: d.stage, body: d.body }))).toEqual([{ stage: 'timers', body: CHILD_POISON }]);
    expect(ledger.deadLetters[0]?.cause).toMatch(/\S/);
    expect(ledger.duplicateEmails).toEqual([]);

    // Settled now: a second restart re-announces nothing.
    await stack.stop();
    stack = await startLocalStack({ dataDir, fresh: false, visibilityScale: 0.02, logger: silentLogger });
    expect(stack.reconciled).toEqual([]);
  }, 240_000);
});
