/**
 * The embedded local AWS stack: emulators + resources from the topology + S3 → SQS notification
 * for the inbound bucket + one event-source-mapping poller per stage. Handlers run unchanged,
 * in process: the composition root builds them from `process.env` (which the stack sets to the
 * emulators' endpoints and the resources' names) and the stack's one shared clock.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STAGES, type Stage } from '../topology.ts';
import { TABLE_DEFINITION } from '../table-definition.ts';
import {
  EMULATOR_HOST,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  emulatorEnv,
  externalDynamoEndpoint,
  listSentEmails,
  startEmulators,
  type EmulatorEndpoints,
  type EmulatorPorts,
  type Emulators,
  type LocalEmail,
  type S3rverEvent,
} from './emulators.ts';
import { createResources, type LocalResources } from './resources.ts';
import { startSchedulerEmulator, type SchedulerEmulator } from './scheduler-emulator.ts';
import { startEventBridgeEmulator, type EventBridgeEmulator } from './eventbridge-emulator.ts';
import { StagePoller, consoleLogger, countRequests, loadHandler, type PollerLogger, type PollerStats, type SqsHandler } from './poller.ts';
import { CLOCK_OFFSET_ENV, OffsetClock } from '#functions/adapters/system-clock.ts';
import { LIVE_STAGE_HANDLERS } from '#functions/composition/stage-handlers.ts';

/** Repository root: module paths in the topology and the default data directory are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type StageName = Stage['name'];

export interface LocalStackOptions {
  /** Where S3 objects and DynamoDB data persist (repository-relative unless absolute). Default `.local`. */
  dataDir?: string;
  /**
   * Start from empty S3, DynamoDB, SQS and SES stores. Default false. (A start on kept data finds
   * its queues and DLQs as they were, from the SQS journal, and re-announces what arrived after the
   * queues were last empty, see {@link SETTLED_FILE}.)
   */
  fresh?: boolean;
  /**
   * Multiplies every queue's visibility timeout as applied by the pollers (min 1 s), so failed
   * records come back quickly; queue attributes keep the topology's values. Default 1.
   */
  visibilityScale?: number;
  ports?: EmulatorPorts;
  /**
   * Use this DynamoDB endpoint instead of the embedded dynalite (default `EDI_DYNAMODB_ENDPOINT`).
   * With `fresh`, the stack gets a table of its own there (a unique name, deleted by `stop()`), so
   * stacks sharing one endpoint never see each other's items.
   */
  dynamodbEndpoint?: string;
  /**
   * Per stage: a module path (repository-relative or absolute) exporting `handler`, a handler
   * function, or `null` for no poller (the queue still exists). Default: the stage's live
   * handler from the composition root, on the stack's clock.
   */
  handlers?: Partial<Record<StageName, string | SqsHandler | null>>;
  /** Stage list; default the topology's `STAGES`. Tests may tweak batch sizes or receive counts. */
  stages?: readonly Stage[];
  /** Concurrent invocations, for every stage or per stage. Default `reservedConcurrency ?? 4`. */
  concurrency?: number | Partial<Record<StageName, number>>;
  /** Physical-name prefix. Default `local`. */
  prefix?: string;
  /** Write `env` into `process.env` (restored by `stop()`). Default true; handlers read their config there. */
  setProcessEnv?: boolean;
  /** The clock every handler and the scheduler emulator share. Default: the system clock (offset 0). */
  clock?: OffsetClock;
  mailFrom?: string;
  operationsEmail?: string;
  logger?: PollerLogger;
}

export interface DrainOptions {
  /** Reject after this long. Default 30 s. */
  timeoutMs?: number;
}

export interface LocalStackClients {
  s3: S3Client;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  ses: SESClient;
}

export interface RequestCounts {
  /** SQS requests of the event-source-mapping emulators (receive, delete, visibility, DLQ). */
  poller: Record<string, number>;
  /** SQS requests of the stack itself: S3 notifications, drain() and dlqDepths() probes. */
  control: Record<string, number>;
}

export interface LocalStack {
  /** Everything written to process.env: AWS endpoint/region/credential settings and the handlers' `ENV` names. */
  env: Record<string, string>;
  endpoints: EmulatorEndpoints;
  resources: LocalResources;
  /** SDK clients configured for the emulators, for tests and tools (not counted as poller requests). */
  clients: LocalStackClients;
  /** Puts an object into the inbound bucket and waits until its S3 notification is on the inbound queue. */
  putInbound(key: string, body: string | Uint8Array): Promise<void>;
  /** Resolves when every polled stage queue is empty (visible + in flight) and no invocation runs. */
  drain(options?: DrainOptions): Promise<void>;
  /** Messages in each stage's dead-letter queue. */
  dlqDepths(): Promise<Record<StageName, number>>;
  /** Emails the SES emulator received, oldest first. */
  sentEmails(sinceEpochSeconds?: number): Promise<LocalEmail[]>;
  requestCounts(): RequestCounts;
  /** The EventBridge Scheduler emulator (escalation timers), firing at the local clock's time. */
  scheduler: SchedulerEmulator;
  /** The EventBridge emulator: the order-step events published on the stack's bus. */
  bus: EventBridgeEmulator;
  /** The clock every handler shares (the demo moves it). */
  clock: OffsetClock;
  /** Moves the local clock forward and sends the schedules that fell due; resolves with how many. */
  advanceClock(ms: number): Promise<number>;
  pollerStats(): Partial<Record<StageName, PollerStats>>;
  /**
   * Inbound objects re-announced at start (not fresh): put after the last moment every queue was
   * seen empty, so their S3 notifications may not have reached the inbound queue before a hard stop.
   */
  reconciled: string[];
  /** Stops pollers, then emulators; restores process.env. Idempotent. */
  stop(): Promise<void>;
}

/**
 * `<data>/queues-settled.json`: the last moment every stage queue was seen empty with nothing in
 * flight. The queues themselves outlive a hard stop (infra/local/sqs-journal.ts); what does not is
 * an S3 notification the stack had not yet put on the inbound queue (on AWS, S3 delivers it
 * regardless). Everything that arrived before this moment was finished, what arrived after may not
 * have been announced, so it is announced again.
 */
export const SETTLED_FILE = 'queues-settled.json';
/** The scheduler emulator's pending schedules (escalation and ack timers), kept across a hard stop. */
export const SCHEDULES_FILE = 'schedules.json';
/** S3 times are whole seconds and an S3 event trails its PUT: objects this close before the checkpoint are re-announced too. */
const SETTLED_MARGIN_MS = 2_000;
/** How often an idle stack records its checkpoint. */
const SETTLED_EVERY_MS = 1_000;

const S3RVER_OBJECT = '._S3rver_object';
const S3RVER_METADATA = '._S3rver_metadata.json';

/**
 * s3rver writes an object's file, then its metadata: a hard stop between the two leaves an
 * object without (or with an empty) metadata file, which fails every later listing of its
 * bucket. On S3 a PUT that did not complete does not exist, so such files are removed; the
 * writer's retry (each stage writes the same bytes to the same key) puts the object again.
 */
export async function removeIncompleteS3Objects(s3Dir: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(s3Dir, { recursive: true }).catch(() => [] as string[]);
  const names = new Set(entries.map(String));
  for (const name of names) {
    if (!name.endsWith(S3RVER_OBJECT)) continue;
    const base = name.slice(0, -S3RVER_OBJECT.length);
    let complete = false;
    try {
      JSON.parse(await readFile(join(s3Dir, base + S3RVER_METADATA), 'utf8'));
      complete = true;
    } catch {
      complete = false;
    }
    if (complete) continue;
    for (const suffix of [S3RVER_OBJECT, `${S3RVER_OBJECT}.md5`, S3RVER_METADATA]) await rm(join(s3Dir, base + suffix), { force: true });
    removed.push(base);
  }
  return removed;
}

async function readSettledAt(dataDir: string): Promise<number> {
  try {
    const { settledAt } = JSON.parse(await readFile(join(dataDir, SETTLED_FILE), 'utf8')) as { settledAt?: string };
    const at = Date.parse(String(settledAt));
    return Number.isFinite(at) ? at : 0;
  } catch {
    return 0;
  }
}

async function writeSettledAt(dataDir: string, at: number): Promise<void> {
  const file = join(dataDir, SETTLED_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify({ settledAt: new Date(at).toISOString() }));
  await rename(`${file}.tmp`, file);
}

/**
 * The restart reconcile: every inbound object put after the checkpoint gets its notification
 * again, marked `resume`, so ingest forwards its sets and acknowledgments again — a file never
 * claimed is ingested, one claimed but not finished is resumed, one whose sets were queued is
 * re-queued; each later stage is idempotent on its messages, so what was done is not repeated.
 */
async function reconcileInbound(clients: LocalStackClients, bucket: string, queueUrl: string, settledAt: number, clockOffsetMs: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) {
      if (!o.Key || (o.LastModified?.getTime() ?? 0) < settledAt - SETTLED_MARGIN_MS) continue;
      keys.push(o.Key);
      // LastModified is the emulator's real time; the event carries the stack's clock, as a live put does.
      const eventTime = new Date((o.LastModified ?? new Date()).getTime() + clockOffsetMs).toISOString();
      const body = JSON.parse(toS3Notification({ eventTime, eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key: o.Key, size: o.Size ?? 0 } } } as S3rverEvent['Records'][number], LOCAL_REGION)) as Record<string, unknown>;
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ...body, resume: true }) }));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * Encodes an object key as S3 event notifications do (form-URL-encoding: space → `+`, `/` kept).
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** The S3 → SQS event notification body AWS sends for an object-created event. */
export function toS3Notification(record: S3rverEvent['Records'][number], region: string): string {
  const { bucket, object } = record.s3;
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: record.eventTime,
        eventName: record.eventName,
        userIdentity: { principalId: 'AWS:LOCAL' },
        requestParameters: { sourceIPAddress: record.requestParameters?.sourceIPAddress ?? EMULATOR_HOST },
        responseElements: { 'x-amz-request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'inbound-object-created',
          bucket: { name: bucket.name, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket.name}` },
          object: {
            key: encodeS3EventKey(object.key),
            size: object.size ?? 0,
            ...(object.eTag ? { eTag: object.eTag } : {}),
            sequencer: object.sequencer ?? Date.now().toString(16).toUpperCase(),
          },
        },
      },
    ],
  });
}

/**
 * Starts the local stack. Order matters: emulators, resources, `process.env`, then the handler
 * modules are imported (their SDK clients read the environment) and the pollers start.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const logger = options.logger ?? consoleLogger;
  const stages = options.stages ?? STAGES;
  const dataDir = isAbsolute(options.dataDir ?? '.local') ? (options.dataDir as string) : resolve(REPO_ROOT, options.dataDir ?? '.local');
  const visibilityScale = options.visibilityScale ?? 1;
  if (!(visibilityScale > 0)) throw new Error('visibilityScale must be > 0');

  const incomplete = options.fresh ? [] : await removeIncompleteS3Objects(join(dataDir, 's3'));
  if (incomplete.length) logger.warn(`[local-stack] ${incomplete.length} object(s) half-written by an unclean stop removed (their writers put them again): ${incomplete.slice(0, 5).join(', ')}`);
  const external = externalDynamoEndpoint(options);
  const emulators = await startEmulators({ dataDir, fresh: options.fresh ?? false, ports: options.ports ?? {}, ...(external ? { dynamodbEndpoint: external } : {}) });
  const cleanups: (() => Promise<void> | void)[] = [() => emulators.stop()];
  let previousEnv: Record<string, string | undefined> | undefined;
  const pollers: StagePoller[] = [];

  const runCleanups = async (): Promise<void> => {
    for (const poller of pollers.splice(0)) await poller.stop();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (previousEnv) restoreEnv(previousEnv);
    previousEnv = undefined;
  };

  try {
    const clients = createClients(emulators.endpoints);
    cleanups.push(() => Object.values(clients).forEach((c) => c.destroy()));
    const controlCounts = countRequests(clients.sqs, 'countControlRequests');
    const pollerSqs = new SQSClient(clientConfig(emulators.endpoints.sqs));
    cleanups.push(() => pollerSqs.destroy());
    const pollerCounts = countRequests(pollerSqs, 'countPollerRequests');

    const ownTable = external && options.fresh ? `${options.prefix ?? 'local'}-${randomUUID().slice(0, 8)}-${TABLE_DEFINITION.name}` : undefined;
    const resources = await createResources({
      clients,
      stages,
      ...(ownTable ? { tableName: ownTable } : {}),
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
      ...(options.mailFrom !== undefined ? { mailFrom: options.mailFrom } : {}),
      ...(options.operationsEmail !== undefined ? { operationsEmail: options.operationsEmail } : {}),
    });
    if (ownTable) cleanups.push(() => clients.dynamodb.send(new DeleteTableCommand({ TableName: ownTable })).then(() => undefined, () => undefined));
    const clock = options.clock ?? new OffsetClock(0);
    const schedulesFile = join(dataDir, SCHEDULES_FILE);
    if (options.fresh) await rm(schedulesFile, { force: true });
    const scheduler = await startSchedulerEmulator({ sqs: clients.sqs, queueUrls: Object.values(resources.queues).map((q) => q.url), clock, file: schedulesFile });
    cleanups.push(() => scheduler.stop());
    const bus = await startEventBridgeEmulator({ now: () => clock.now() });
    cleanups.push(() => bus.stop());
    const env = { ...emulatorEnv(emulators.endpoints), ...resources.env, ...scheduler.env, ...bus.env };
    if (options.setProcessEnv ?? true) {
      previousEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      // A session token from the user's shell would be sent with the dummy keys.
      previousEnv.AWS_SESSION_TOKEN = process.env.AWS_SESSION_TOKEN;
      previousEnv[CLOCK_OFFSET_ENV] = process.env[CLOCK_OFFSET_ENV];
      delete process.env.AWS_SESSION_TOKEN;
      Object.assign(process.env, env);
      // A command run in this process (an `edi` CLI command, a test) reads the stack's clock there.
      process.env[CLOCK_OFFSET_ENV] = String(clock.offsetMs);
      cleanups.push(clock.onChange((offset) => void (process.env[CLOCK_OFFSET_ENV] = String(offset))));
    }

    const notifications = new Set<Promise<void>>();
    const inboundQueue = resources.queues.ingest;
    const unsubscribe = emulators.onS3Event((event) => {
      for (const record of event.Records) {
        if (record.s3.bucket.name !== resources.buckets.inbound || !record.eventName.startsWith('ObjectCreated:') || !inboundQueue) continue;
        const sent = clients.sqs
          .send(new SendMessageCommand({ QueueUrl: inboundQueue.url, MessageBody: toS3Notification({ ...record, eventTime: clock.now().toISOString() }, LOCAL_REGION) }))
          .then(
            () => undefined,
            (error: unknown) => logger.error(`[local-stack] S3 notification for ${record.s3.object.key} not delivered`, error),
          )
          .finally(() => notifications.delete(sent));
        notifications.add(sent);
      }
    });
    cleanups.push(unsubscribe);

    // A hard stop may have lost a notification not yet queued: re-announce what arrived since the queues were last empty.
    const reconciled = !(options.fresh ?? false) && inboundQueue ? await reconcileInbound(clients, resources.buckets.inbound, inboundQueue.url, await readSettledAt(dataDir), clock.offsetMs) : [];
    if (reconciled.length) logger.info(`[local-stack] ${reconciled.length} inbound object(s) arrived after the queues were last empty (an unclean stop lost what was queued): announced again`);

    for (const stage of stages) {
      const override = options.handlers?.[stage.name];
      if (override === null) continue;
      const handler = typeof override === 'function' ? override : override ? await loadHandler(override, REPO_ROOT) : LIVE_STAGE_HANDLERS[stage.name]({ clock });
      const queue = resources.queues[stage.name];
      const concurrency = typeof options.concurrency === 'number' ? options.concurrency : options.concurrency?.[stage.name];
      const poller = new StagePoller({
        stage,
        queue,
        handler,
        sqs: pollerSqs,
        region: LOCAL_REGION,
        functionName: `${options.prefix ?? 'local'}-${stage.name}`,
        visibilityTimeoutSeconds: Math.max(1, Math.round(stage.queue.visibilityTimeoutSeconds * visibilityScale)),
        ...(concurrency !== undefined ? { concurrency } : {}),
        logger,
      });
      pollers.push(poller);
      poller.start();
    }
    const polled = [...pollers];
    const probeSqs = new SQSClient(clientConfig(emulators.endpoints.sqs));
    cleanups.push(() => probeSqs.destroy());

    const queueDepth = async (url: string): Promise<number> => {
      const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      // local-aws-sqs counts in-flight messages in ApproximateNumberOfMessages too; any non-zero means busy.
      return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    };

    // The checkpoint of SETTLED_FILE, probed with a client of its own (not among the counted requests).
    const idle = (): boolean => notifications.size === 0 && polled.every((p) => p.isIdle());
    const recordIfSettled = async (): Promise<void> => {
      const at = Date.now();
      if (!idle()) return;
      for (const p of polled) {
        const { Attributes = {} } = await probeSqs.send(
          new GetQueueAttributesCommand({ QueueUrl: resources.queues[p.stage.name].url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
        );
        if (Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0) > 0) return;
      }
      if (idle()) await writeSettledAt(dataDir, at);
    };
    let probing = false;
    const settledTimer = setInterval(() => {
      if (probing) return;
      probing = true;
      void recordIfSettled()
        .catch(() => undefined)
        .finally(() => (probing = false));
    }, SETTLED_EVERY_MS);
    settledTimer.unref();
    cleanups.push(() => clearInterval(settledTimer));

    let stopping: Promise<void> | undefined;
    return {
      env,
      endpoints: emulators.endpoints,
      resources,
      clients,
      async putInbound(key, body) {
        await clients.s3.send(new PutObjectCommand({ Bucket: resources.buckets.inbound, Key: key, Body: body }));
        await Promise.all([...notifications]);
      },
      async drain({ timeoutMs = 30_000 } = {}) {
        const deadline = Date.now() + timeoutMs;
        let quietRounds = 0;
        let quietSince = Date.now();
        for (;;) {
          const round = Date.now();
          await Promise.all([...notifications]);
          const idle = notifications.size === 0 && polled.every((p) => p.isIdle());
          let depths: number[] = [];
          if (idle) depths = await Promise.all(polled.map((p) => queueDepth(resources.queues[p.stage.name].url)));
          const quiet = idle && depths.every((d) => d === 0) && polled.every((p) => p.isIdle());
          if (quiet && quietRounds === 0) quietSince = round;
          quietRounds = quiet ? quietRounds + 1 : 0;
          if (quietRounds >= 2) {
            await writeSettledAt(dataDir, quietSince).catch(() => undefined);
            return;
          }
          if (Date.now() > deadline) {
            throw new Error(`drain timed out after ${timeoutMs} ms: ${polled.map((p) => p.describe()).join('; ')}; depths ${depths.join(',') || 'n/a'}`);
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      async dlqDepths() {
        const entries = await Promise.all(
          stages.map(async (stage) => [stage.name, await queueDepth(resources.queues[stage.name].dlqUrl)] as const),
        );
        return Object.fromEntries(entries) as Record<StageName, number>;
      },
      sentEmails: (since) => listSentEmails(emulators.endpoints.ses, since),
      requestCounts: () => ({ poller: { ...pollerCounts }, control: { ...controlCounts } }),
      scheduler,
      bus,
      clock,
      advanceClock: (ms) => scheduler.advanceClock(ms),
      pollerStats: () => Object.fromEntries(polled.map((p) => [p.stage.name, p.stats()])),
      reconciled,
      stop() {
        stopping ??= runCleanups();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanups().catch(() => undefined);
    throw error;
  }
}

function clientConfig(endpoint: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}

function createClients(endpoints: EmulatorEndpoints): LocalStackClients {
  return {
    s3: new S3Client({ ...clientConfig(endpoints.s3), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    sqs: new SQSClient(clientConfig(endpoints.sqs)),
    dynamodb: new DynamoDBClient(clientConfig(endpoints.dynamodb)),
    ses: new SESClient(clientConfig(endpoints.ses)),
  };
}

function restoreEnv(previous: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

export type { Emulators };
