/**
 * `edi start [--fresh] [--watch DIR [--partner P]] [--exit] [--data DIR] [--samples DIR]`
 *
 * Runs the whole pipeline on one machine: starts the embedded local stack (infra/local), writes
 * `<data>/endpoints.json` (what `edi history` reads), loads the sample master data, puts every
 * `samples/inbound/<PARTNER>/*.edi` into the inbound bucket as `<PARTNER>/<file>` — one at a
 * time, in name order, as partners send them — waits until every queue is drained, and prints
 * what the stores then hold, read back from them. It keeps running (the emulators serve `edi
 * history` and the SES web page) until Ctrl-C, or returns at once with `--exit`.
 *
 * The demo's clock: when the samples folder has a `demo.json` (the bundled one does), "now" is its
 * `today` at 08:00 in its time zone — the day the samples are anchored at — whatever the real date
 * (`EDI_CLOCK_OFFSET_MS`, see infra/local/demo-clock.ts). After the files, the P3 planner digest
 * runs for that day and the clock moves 12 hours in 4-hour steps, draining after each, so the P1
 * escalation timers fire and their emails are sent; a "demo timeline" section says what fired when.
 *
 * `--watch DIR`: also ingests every file dropped into DIR afterwards (`DIR/<PARTNER>/file`, or
 * `DIR/file` with `--partner P`), printing one line per file with its outcome.
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { keyPart } from '#functions/adapters/dynamo-table.ts';
import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { ENV, STAGES } from '#infra/topology.ts';
import { REPO_ROOT, startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import type { PollerLogger } from '#infra/local/poller.ts';
import { readDemoDay, runDemoTimeline, setDemoClock, type DemoDay } from '#infra/local/demo-clock.ts';
import type { LocalEmail } from '#infra/local/emulators.ts';
import { CLOCK_OFFSET_ENV, clockOffsetMs } from '#functions/adapters/system-clock.ts';
import { UsageError } from './io.ts';
import { formatSummary, listKeys, outboundKindOf, scanTable, subjectPrefix, summarizeStores, type StoreSummary } from './local-summary.ts';

export interface StartIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface StartOptions {
  /** Stops a running `edi start` (tests); Ctrl-C and SIGTERM do the same. */
  signal?: AbortSignal;
  /** Called once the summary is printed, with the stack and the summary (tests). */
  onReady?: (ready: { stack: LocalStack; summary: StoreSummary; endpointsFile: string }) => void | Promise<void>;
  /** Called after each watched file is ingested, with its line (tests). */
  onFile?: (line: string) => void;
  /** Polling interval of `--watch`, ms. Default 500. */
  watchIntervalMs?: number;
}

const USAGE = 'usage: edi start [--fresh] [--watch DIR [--partner P]] [--exit] [--data DIR] [--samples DIR]';

/** Unknown channels are recorded under this partner id by the ingest stage. */
const UNKNOWN_PARTNER = '_unknown';
const DRAIN_TIMEOUT_MS = 180_000;
/** Simulated hours after the files: the P1 escalation steps (every 4 h: manager, director, VP) fall in them. */
export const DEMO_TIMELINE_HOURS = 12;
const DEMO_STEP_HOURS = 4;

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Partner profiles of `master/partners.json` (`{ partners: [...] }` or an array). */
export function parsePartnersFile(text: string): PartnerProfile[] {
  const json = JSON.parse(text) as unknown;
  const list = Array.isArray(json) ? json : (json as { partners?: unknown }).partners;
  if (!Array.isArray(list)) throw new Error('partners.json: expected { "partners": [...] }');
  return list.map((p) => PartnerProfileZ.parse(p));
}

/** The sample inbound files, `<PARTNER>/<file>.edi`, partners and files in name order. */
export async function sampleInboundFiles(samplesDir: string): Promise<{ key: string; path: string }[]> {
  const inbound = join(samplesDir, 'inbound');
  if (!(await exists(inbound))) return [];
  const files: { key: string; path: string }[] = [];
  for (const partner of (await readdir(inbound, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of (await readdir(join(inbound, partner))).filter((f) => /\.(edi|x12|txt)$/i.test(f)).sort()) {
      files.push({ key: `${partner}/${file}`, path: join(inbound, partner, file) });
    }
  }
  return files;
}

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
async function ingestRecordsOf(stack: LocalStack, key: string, since: string): Promise<{ interchanges: Record<string, unknown>[]; refused: Record<string, unknown>[] }> {
  const channel = key.split('/')[0] ?? '';
  const interchanges: Record<string, unknown>[] = [];
  const refused: Record<string, unknown>[] = [];
  for (const partner of new Set([channel, UNKNOWN_PARTNER])) {
    const out = await stack.clients.dynamodb.send(
      new QueryCommand({
        TableName: stack.resources.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
        ExpressionAttributeValues: { ':pk': { S: `PARTNER#${keyPart(partner)}#IX` }, ':since': { S: since } },
      }),
    );
    for (const item of out.Items ?? []) {
      const data = JSON.parse(item.data?.S ?? '{}') as Record<string, unknown>;
      if (data.sourceKey !== key) continue;
      (item.kind?.S === 'rejected-file' ? refused : interchanges).push(data);
    }
  }
  return { interchanges, refused };
}

/** Puts one file into the inbound bucket, drains, and describes what came of it from the stores. */
export async function ingestOne(stack: LocalStack, key: string, body: Uint8Array | string): Promise<string> {
  const before = await snapshot(stack);
  // S3 event times have millisecond precision; a second of slack for clock rounding.
  const since = new Date(Date.now() - 1_000).toISOString();
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
  if (refused.length) outcome = `refused: ${String(refused[0]!.reason)}`;
  else if (interchanges.length) {
    const states = interchanges.map((ix) => `ISA13 ${String(ix.interchangeControlNumber)} ${String(ix.state)}${ix.documentsQueued !== undefined ? ` (${String(ix.documentsQueued)} set(s) to process)` : ''}`);
    outcome = `accepted: ${states.join(', ')}`;
  } else if (after.dead > before.dead) outcome = 'failed: see the dead-letter queue';
  else outcome = 'nothing new: its interchanges were received before (recorded as re-sent) or the file was refused before';
  return `${key}  ${outcome}${effects.length ? ` → ${effects.join(', ')}` : ''}`;
}

/** s3rver keeps each bucket as a folder of `<key>._S3rver_object` files under `<data>/s3/`. */
export function bucketFolder(dataDir: string, bucket: string): string {
  return join(dataDir, 's3', bucket);
}

function streamLogger(io: StartIo): PollerLogger {
  const detail = (d: unknown): string => (d === undefined ? '' : ` ${d instanceof Error ? d.message : typeof d === 'string' ? d : JSON.stringify(d)}`);
  return {
    info: () => undefined,
    warn: (m, d) => void io.stderr.write(`${m}${detail(d)}\n`),
    error: (m, d) => void io.stderr.write(`${m}${detail(d)}\n`),
  };
}

/** Files under `dir` (relative paths) with a size/mtime signature. */
async function listFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
    const path = join(parent, entry.name);
    const info = await stat(path).catch(() => undefined);
    if (info) out.set(relative(dir, path), `${info.size}:${info.mtimeMs}`);
  }
  return out;
}

/** The inbound key of a watched file: `<PARTNER>/<rest>`, the partner from the first folder or `--partner`. */
export function watchedKey(relativePath: string, partner: string | undefined): string | undefined {
  const parts = relativePath.split(sep).filter(Boolean);
  if (parts.length >= 2) return parts.join('/');
  if (partner && parts.length === 1) return `${partner}/${parts[0]}`;
  return undefined;
}

async function watch(stack: LocalStack, dir: string, partner: string | undefined, io: StartIo, signal: AbortSignal, options: StartOptions): Promise<void> {
  const interval = options.watchIntervalMs ?? 500;
  const known = await listFiles(dir);
  io.stdout.write(`\nwatching ${dir} (${partner ? `files go to partner ${partner}, or ` : ''}put files in ${dir}${sep}<PARTNER>${sep}); ${known.size} file(s) already there are left alone\n`);
  const pending = new Map<string, string>();
  while (!signal.aborted) {
    await new Promise<void>((r) => {
      const wake = (): void => {
        clearTimeout(timer);
        r();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', wake);
        r();
      }, interval);
      signal.addEventListener('abort', wake, { once: true });
    });
    if (signal.aborted) break;
    const now = await listFiles(dir);
    for (const [path, sig] of now) {
      if (known.get(path) === sig) continue;
      // A file is taken once its size and mtime held still for one interval (still being written otherwise).
      if (pending.get(path) !== sig) {
        pending.set(path, sig);
        continue;
      }
      pending.delete(path);
      known.set(path, sig);
      const key = watchedKey(path, partner);
      let line: string;
      if (!key) line = `${path}  skipped: put it in a partner folder (${dir}${sep}<PARTNER>${sep}) or start with --partner P`;
      else {
        try {
          line = await ingestOne(stack, key, await readFile(join(dir, path)));
        } catch (error) {
          line = `${key}  failed: ${(error as Error).message}`;
        }
      }
      io.stdout.write(`  ${line}\n`);
      options.onFile?.(line);
    }
  }
}

/** `Mon 08:00` on the desk's wall clock. */
export function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

/** `2026-11-23 08:00` on the desk's wall clock. */
export function wallDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A clock offset as `+2 d 6 h 37 min` (`-…` into the past). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  return `${sign}${days ? `${days} d ` : ''}${days || hours ? `${hours} h ` : ''}${minutes} min`;
}

/** Emails by kind (subject prefix), e.g. `[HOLD] 11, [P1 LINE DOWN] 4`. */
export function emailKinds(emails: readonly Pick<LocalEmail, 'subject'>[]): string {
  const counts = new Map<string, number>();
  for (const email of emails) counts.set(subjectPrefix(email.subject), (counts.get(subjectPrefix(email.subject)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** Emails the SES emulator received since the last call, oldest first. */
function newEmails(stack: LocalStack): () => Promise<LocalEmail[]> {
  let seen = 0;
  return async () => {
    const all = await stack.sentEmails();
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
}

function describeEmails(emails: readonly LocalEmail[]): string {
  return emails.length ? `${emails.length} email(s): ${emailKinds(emails)}` : 'no email';
}

/**
 * The demo after the files: the P3 digest for the demo day, then the timeline in steps, one line
 * each with what fired at that simulated time and the emails that followed.
 */
async function runDemo(stack: LocalStack, day: DemoDay, since: () => Promise<LocalEmail[]>, io: StartIo): Promise<void> {
  const at = (): string => wallClock(new Date(Date.now() + clockOffsetMs()), day.timeZone);
  const { livePlanningService } = await import('#functions/shared/live-deps.ts');
  const digest = await livePlanningService().sendDigest(day.today);
  await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
  io.stdout.write(`  ${at()}  P3 planner digest for ${day.today} (on AWS: the 07:00 Mon–Fri schedule): ${digest.entries} item(s) short of plan for ${digest.planners} planner(s) → ${describeEmails(await since())}\n`);
  await runDemoTimeline(stack, {
    hours: DEMO_TIMELINE_HOURS,
    stepHours: DEMO_STEP_HOURS,
    onStep: async (now, fired) => {
      io.stdout.write(`  ${wallClock(now, day.timeZone)}  clock +${DEMO_STEP_HOURS} h: ${fired} escalation timer(s) fell due → ${describeEmails(await since())}\n`);
    },
  });
}

export async function runStart(argv: string[], io: StartIo, options: StartOptions = {}): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        fresh: { type: 'boolean' },
        watch: { type: 'string' },
        partner: { type: 'string' },
        exit: { type: 'boolean' },
        data: { type: 'string' },
        samples: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.partner && !args.watch) throw new UsageError(`--partner goes with --watch\n${USAGE}`);
  const watchDir = args.watch ? fromRoot(args.watch) : undefined;
  if (watchDir && !(await stat(watchDir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`--watch ${args.watch}: not a directory`);
  const dataDir = args.data ? fromRoot(args.data) : join(REPO_ROOT, '.local');
  const samplesDir = args.samples ? fromRoot(args.samples) : join(REPO_ROOT, 'samples');

  // Handlers log and publish metrics through Powertools; on a terminal only errors are of interest.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

  const stopping = new AbortController();
  const onSignal = (): void => stopping.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  options.signal?.addEventListener('abort', onSignal, { once: true });
  if (options.signal?.aborted) stopping.abort();

  const started = Date.now();
  io.stdout.write(`starting the local stack (data in ${relative(process.cwd(), dataDir) || '.'}${args.fresh ? ', fresh' : ''})…\n`);
  // The samples are anchored at demo.json's today: move "now" there before anything reads the clock.
  const demoFile = join(samplesDir, 'demo.json');
  const demoDay = (await exists(demoFile)) ? await readDemoDay(demoFile) : undefined;
  const previousOffset = process.env[CLOCK_OFFSET_ENV];
  const restoreClock = (): void => {
    if (previousOffset === undefined) delete process.env[CLOCK_OFFSET_ENV];
    else process.env[CLOCK_OFFSET_ENV] = previousOffset;
  };
  const clockLine = (): string => {
    const now = new Date(Date.now() + clockOffsetMs());
    return demoDay
      ? `simulated: ${wallDateTime(now, demoDay.timeZone)} ${demoDay.timeZone} (started at ${relative(process.cwd(), demoFile) || demoFile}'s today ${demoDay.today} 08:00), real clock ${formatOffset(clockOffsetMs())} (${CLOCK_OFFSET_ENV})`
      : `real (no demo.json in ${relative(process.cwd(), samplesDir) || '.'}): ${now.toISOString()}`;
  };
  if (demoDay) await setDemoClock({ day: demoDay });
  io.stdout.write(`clock: ${clockLine()}\n`);
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
    dataDir,
    fresh: args.fresh ?? false,
    // Interactive use: failed records come back in seconds, and batches do not wait for a batching
    // window (a latency/cost knob on AWS; here every file would wait a second per stage for it).
    visibilityScale: 0.05,
      stages: STAGES.map((stage) => ({ ...stage, maxBatchingWindowSeconds: 0 })),
      logger: streamLogger(io),
    });
  } catch (error) {
    restoreClock();
    throw error;
  }
  const endpointsFile = join(dataDir, 'endpoints.json');
  try {
    await writeFile(endpointsFile, `${JSON.stringify({ env: stack.env, endpoints: stack.endpoints, pid: process.pid, startedAt: new Date(started).toISOString() }, null, 2)}\n`);
    const kept = (await scanTable(stack.clients.dynamodb, stack.resources.tableName)).length;
    if (kept > 0) io.stdout.write(`kept ${kept} table item(s) from an earlier run (--fresh starts from empty storage)\n`);

    // Master data. Partner profiles are also put straight into the table, so the inbound files
    // are accepted whether or not the pipeline loads master data from the inbound bucket.
    const partnersFile = join(samplesDir, 'master', 'partners.json');
    const profiles = (await exists(partnersFile)) ? parsePartnersFile(await readFile(partnersFile, 'utf8')) : [];
    const directory = new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!);
    for (const profile of profiles) await directory.put(profile);
    const masterFiles: string[] = [];
    for (const folder of ['master', 'supply']) {
      const dir = join(samplesDir, folder);
      if (!(await exists(dir))) continue;
      for (const file of (await readdir(dir)).sort()) masterFiles.push(`${folder}/${file}`);
    }
    for (const key of masterFiles) {
      await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.resources.buckets.inbound, Key: key, Body: await readFile(join(samplesDir, key)) }));
    }
    if (masterFiles.length) await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
    io.stdout.write(`master data: ${profiles.length} partner profile(s) (${profiles.map((p) => p.id).join(', ')}); ${masterFiles.join(', ') || 'no files'} put into the inbound bucket\n`);

    const since = newEmails(stack);
    await since();
    const samples = await sampleInboundFiles(samplesDir);
    io.stdout.write(`\ningesting ${samples.length} sample file(s), one at a time:\n`);
    for (const file of samples) {
      if (stopping.signal.aborted) break;
      io.stdout.write(`  ${await ingestOne(stack, file.key, await readFile(file.path))}\n`);
    }
    await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });

    if (demoDay && !stopping.signal.aborted) {
      io.stdout.write(`\ndemo timeline (simulated clock, ${demoDay.timeZone}):\n`);
      io.stdout.write(`  ${wallClock(new Date(Date.now() + clockOffsetMs()), demoDay.timeZone)}  ${samples.length} sample file(s) in → ${describeEmails(await since())}\n`);
      await runDemo(stack, demoDay, since, io);
    }

    const summary = await summarizeStores({
      s3: stack.clients.s3,
      dynamodb: stack.clients.dynamodb,
      sqs: stack.clients.sqs,
      buckets: stack.resources.buckets,
      tableName: stack.resources.tableName,
      deadLetterQueues: Object.fromEntries(Object.entries(stack.resources.queues).map(([stage, q]) => [stage, q.dlqUrl])) as Record<keyof typeof stack.resources.queues, string>,
      dlqDepths: () => stack.dlqDepths(),
      sentEmails: () => stack.sentEmails(),
    });
    io.stdout.write(`\nsummary (read back from the stores, ${((Date.now() - started) / 1000).toFixed(1)} s):\n${formatSummary(summary).join('\n')}\n  ${'clock'.padEnd(13)}${clockLine()}\n`);

    const example = summary.orders.samplePurchaseOrders.find((o) => o.partner === 'ACME') ?? summary.orders.samplePurchaseOrders[0];
    const rel = (p: string): string => relative(process.cwd(), p) || '.';
    const historyArgs = dataDir === join(REPO_ROOT, '.local') && process.cwd() === REPO_ROOT.replace(/\/$/, '') ? '' : ` --local ${rel(endpointsFile)}`;
    io.stdout.write(
      [
        '',
        'where to look next:',
        `  outbound files  ${rel(bucketFolder(dataDir, stack.resources.buckets.outbound))}${sep}<partner>/<type>/… (s3rver appends ._S3rver_object to each file name)`,
        `  sent email      ${stack.endpoints.ses}/  (the SES emulator's web page)`,
        example ? `  order history   npx edi history --partner ${example.partner} --po ${example.po}${historyArgs}` : '  order history   npx edi history --partner P --po N (no order yet)',
        `  endpoints       ${rel(endpointsFile)}`,
        '',
      ].join('\n'),
    );
    await options.onReady?.({ stack, summary, endpointsFile });

    if (watchDir) await watch(stack, watchDir, args.partner, io, stopping.signal, options);
    else if (!args.exit && !stopping.signal.aborted) {
      io.stdout.write('the stack keeps running for `edi history` and the web page; Ctrl-C stops it\n');
      await new Promise((r) => stopping.signal.addEventListener('abort', r, { once: true }));
    }
    const dead = Object.values(summary.deadLetters).reduce((n, d) => n + d.depth, 0);
    return dead > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    options.signal?.removeEventListener('abort', onSignal);
    if (stopping.signal.aborted) io.stdout.write('\nstopping…\n');
    await stack.stop();
    await rm(endpointsFile, { force: true });
    restoreClock();
  }
}
