/**
 * The scheduler emulator's schedules outlive the process when it has a file (the local stack's
 * data folder): a schedule created, then the emulator gone without a word (a hard stop) and
 * started again on the same file, still fires once when due; a deleted or fired one does not.
 * Through the real @aws-sdk/client-scheduler and SQS clients against the local emulators.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '#functions/adapters/system-clock.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startEmulators, type Emulators } from '#infra/local/emulators.ts';
import { startSchedulerEmulator, type SchedulerEmulator } from '#infra/local/scheduler-emulator.ts';

let dataDir: string;
let emulators: Emulators;
let sqs: SQSClient;
let queueUrl: string;
const started: SchedulerEmulator[] = [];
const clock = new OffsetClock(0);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'edi-scheduler-'));
  emulators = await startEmulators({ dataDir, fresh: true });
  sqs = new SQSClient({ endpoint: emulators.endpoints.sqs, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'timers-test' }))).QueueUrl!;
});

afterAll(async () => {
  for (const s of started) await s.stop();
  await emulators?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function scheduler(): Promise<{ emulator: SchedulerEmulator; client: SchedulerClient }> {
  const emulator = await startSchedulerEmulator({ sqs, queueUrls: [queueUrl], clock, tickMs: 0, file: join(dataDir, 'schedules.json') });
  started.push(emulator);
  return { emulator, client: new SchedulerClient({ endpoint: emulator.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } }) };
}

const at = (ms: number): string => `at(${new Date(clock.now().getTime() + ms).toISOString().slice(0, 19)})`;

async function create(client: SchedulerClient, name: string, inMs: number, input: string): Promise<void> {
  await client.send(
    new CreateScheduleCommand({
      Name: name,
      GroupName: 'escalations',
      ScheduleExpression: at(inMs),
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:timers-test', RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: input },
    }),
  );
}

async function received(): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!page.Messages?.length) return out;
    out.push(...page.Messages.map((m) => m.Body ?? ''));
  }
}

describe('the scheduler emulator with a file', () => {
  it('keeps a pending schedule across a restart and fires it once; a deleted one never', async () => {
    const first = await scheduler();
    await create(first.client, 'hold-4h', 4 * 3_600_000, '{"kind":"hold"}');
    await create(first.client, 'p1-manager', 4 * 3_600_000, '{"kind":"p1"}');
    await first.client.send(new DeleteScheduleCommand({ Name: 'p1-manager', GroupName: 'escalations' }));
    // The file holds what the answers said, before the process is gone.
    expect(JSON.parse(await readFile(join(dataDir, 'schedules.json'), 'utf8')).map((s: { name: string }) => s.name)).toEqual(['hold-4h']);

    // A second emulator on the same file, as after a restart: the first is never asked again.
    const second = await scheduler();
    expect(second.emulator.schedules().map((s) => s.name)).toEqual(['hold-4h']);
    expect(await second.emulator.advanceClock(3 * 3_600_000)).toBe(0);
    expect(await second.emulator.advanceClock(2 * 3_600_000)).toBe(1);
    expect(await received()).toEqual(['{"kind":"hold"}']);

    // Fired, then forgotten: a third start has nothing to fire.
    const third = await scheduler();
    expect(third.emulator.schedules()).toEqual([]);
    expect(await third.emulator.advanceClock(3_600_000)).toBe(0);
    expect(await received()).toEqual([]);
  });
});
