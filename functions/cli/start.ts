/**
 * `edi start [--fresh] [--watch DIR [--partner P]] [--exit] [--data DIR] [--samples DIR]`
 *
 * Runs the whole pipeline on one machine: starts the embedded local stack (infra/local), writes
 * `<data>/endpoints.json` (what the other `edi` commands read: endpoints, resources, the stack's
 * clock), loads the sample master data, puts every `samples/inbound/<PARTNER>/*.edi` into the
 * inbound bucket as `<PARTNER>/<file>` — one at a time, in name order, as partners send them —
 * and prints what came of each; then the demo timeline, and a summary read back from the stores.
 * It keeps running (the emulators serve `edi history` and the SES web page) until Ctrl-C, or
 * returns at once with `--exit`.
 *
 * The demo's clock: when the samples folder has a `demo.json` (the bundled one does), "now" is its
 * `today` at 08:00 in its time zone — the day the samples are anchored at — whatever the real date.
 *
 * One concern per module in ./start/: arguments, samples (seeding), ingest-file (one file and
 * its outcome), demo (the timeline), watch, summary (the report).
 */
import { readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT, startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import type { PollerLogger } from '#infra/local/poller.ts';
import { readDemoDay, setDemoClock } from '#infra/local/demo-clock.ts';
import { STAGES } from '#infra/topology.ts';
import { CLOCK_OFFSET_ENV, OffsetClock } from '#functions/adapters/system-clock.ts';
import { takeInventory } from '#functions/adapters/dynamo-inventory.ts';
import { writeEndpointsFile } from './connect.ts';
import { parseStartArgs, START_USAGE } from './start/arguments.ts';
import { describeEmails, formatOffset, newEmails, runDemo, wallClock, wallDateTime } from './start/demo.ts';
import { DRAIN_TIMEOUT_MS, ingestOne } from './start/ingest-file.ts';
import { exists, sampleInboundFiles, seedMasterData } from './start/samples.ts';
import { formatSummary, summarizeStores, type StoreSummary } from './start/summary.ts';
import { watch } from './start/watch.ts';
import { startConsoleServer, type ConsoleServer } from '#infra/local/console-server.ts';
import { liveApiHandlers } from '#functions/composition/api-handlers.ts';

export { bucketFolder, ingestOne } from './start/ingest-file.ts';
export { parsePartnersFile, sampleInboundFiles } from './start/samples.ts';
export { watchedKey } from './start/watch.ts';
export { DEMO_TIMELINE_HOURS, emailKinds, formatOffset, wallClock, wallDateTime } from './start/demo.ts';

/** The console's port (default 0: an ephemeral port, as the emulators use). */
export const CONSOLE_PORT_ENV = 'EDI_CONSOLE_PORT';

export interface StartIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface StartOptions {
  /** Stops a running `edi start` (tests); Ctrl-C and SIGTERM do the same. */
  signal?: AbortSignal;
  /** Called once the summary is printed, with the stack and the summary (tests). */
  onReady?: (ready: { stack: LocalStack; summary: StoreSummary; endpointsFile: string; console: ConsoleServer }) => void | Promise<void>;
  /** Called after each watched file is ingested, with its line (tests). */
  onFile?: (line: string) => void;
  /** Polling interval of `--watch`, ms. Default 500. */
  watchIntervalMs?: number;
}

function streamLogger(io: StartIo): PollerLogger {
  const detail = (d: unknown): string => (d === undefined ? '' : ` ${d instanceof Error ? d.message : typeof d === 'string' ? d : JSON.stringify(d)}`);
  return {
    info: () => undefined,
    warn: (m, d) => void io.stderr.write(`${m}${detail(d)}\n`),
    error: (m, d) => void io.stderr.write(`${m}${detail(d)}\n`),
  };
}

export async function runStart(argv: string[], io: StartIo, options: StartOptions = {}): Promise<number> {
  const args = await parseStartArgs(argv);
  if (args.help) {
    io.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  const { dataDir, samplesDir, watchDir } = args;

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
  // The samples are anchored at demo.json's today: the stack's clock starts there.
  const demoFile = join(samplesDir, 'demo.json');
  const demoDay = (await exists(demoFile)) ? await readDemoDay(demoFile) : undefined;
  const clock = new OffsetClock(0);
  if (demoDay) await setDemoClock(clock, { day: demoDay });
  const clockLine = (): string => {
    const now = clock.now();
    return demoDay
      ? `simulated: ${wallDateTime(now, demoDay.timeZone)} ${demoDay.timeZone} (started at ${relative(process.cwd(), demoFile) || demoFile}'s today ${demoDay.today} 08:00), real clock ${formatOffset(clock.offsetMs)} (${CLOCK_OFFSET_ENV})`
      : `real (no demo.json in ${relative(process.cwd(), samplesDir) || '.'}): ${now.toISOString()}`;
  };
  io.stdout.write(`clock: ${clockLine()}\n`);
  const stack = await startLocalStack({
    dataDir,
    fresh: args.fresh,
    clock,
    // Interactive use: failed records come back in seconds, and batches do not wait for a batching
    // window (a latency/cost knob on AWS; here every file would wait a second per stage for it).
    visibilityScale: 0.05,
    stages: STAGES.map((stage) => ({ ...stage, maxBatchingWindowSeconds: 0 })),
    logger: streamLogger(io),
  });
  // The web console (infra/local/console-server.ts) over the same handlers' API, on the stack's clock.
  let consoleServer: ConsoleServer;
  try {
    consoleServer = await startConsoleServer({
      handlers: liveApiHandlers({ clock }),
      port: Number(process.env[CONSOLE_PORT_ENV] ?? 0),
      onError: (m, e) => void io.stderr.write(`${m} ${e instanceof Error ? e.message : String(e)}\n`),
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const endpointsFile = join(dataDir, 'endpoints.json');
  const writeEndpoints = () => writeEndpointsFile(endpointsFile, { env: stack.env, clockOffsetMs: clock.offsetMs, endpoints: { ...stack.endpoints }, pid: process.pid, startedAt: new Date(started).toISOString() });
  try {
    await writeEndpoints();
    const kept = Object.values((await takeInventory(stack.clients.dynamodb, stack.resources.tableName)).itemsByKind).reduce((a, b) => a + b, 0);
    if (kept > 0) io.stdout.write(`kept ${kept} table item(s) from an earlier run (--fresh starts from empty storage)\n`);

    // What the master data sends (the supply plan's recompute: an over-stock warning) opens the
    // demo timeline, so the emails are counted from before it is loaded.
    const since = newEmails(stack);
    await since();
    const masterAt = clock.now();
    const master = await seedMasterData(stack, samplesDir, DRAIN_TIMEOUT_MS);
    io.stdout.write(`master data: ${master.profiles.length} partner profile(s) (${master.profiles.map((p) => p.id).join(', ')}); ${master.files.join(', ') || 'no files'} put into the inbound bucket\n`);
    const masterEmails = await since();
    const samples = await sampleInboundFiles(samplesDir);
    io.stdout.write(`\ningesting ${samples.length} sample file(s), one at a time:\n`);
    for (const file of samples) {
      if (stopping.signal.aborted) break;
      io.stdout.write(`  ${await ingestOne(stack, file.key, await readFile(file.path))}\n`);
    }
    await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });

    if (demoDay && !stopping.signal.aborted) {
      io.stdout.write(`\ndemo timeline (simulated clock, ${demoDay.timeZone}):\n`);
      io.stdout.write(`  ${wallClock(masterAt, demoDay.timeZone)}  master data and supply plan loaded (PAB of every planned item) → ${describeEmails(masterEmails)}\n`);
      io.stdout.write(`  ${wallClock(clock.now(), demoDay.timeZone)}  ${samples.length} sample file(s) in → ${describeEmails(await since())}\n`);
      await runDemo(stack, demoDay, since, io);
      // The other `edi` commands act on the stack's clock as it stands after the timeline.
      await writeEndpoints();
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
      orderEvents: () => stack.bus.countsByDetailType(),
    });
    io.stdout.write(`\nsummary (read back from the stores, ${((Date.now() - started) / 1000).toFixed(1)} s):\n${formatSummary(summary).join('\n')}\n  ${'clock'.padEnd(13)}${clockLine()}\n`);

    const example = summary.orders.samplePurchaseOrders.find((o) => o.partner === 'ACME') ?? summary.orders.samplePurchaseOrders[0];
    const rel = (p: string): string => relative(process.cwd(), p) || '.';
    const historyArgs = dataDir === join(REPO_ROOT, '.local') && process.cwd() === REPO_ROOT.replace(/\/$/, '') ? '' : ` --local ${rel(endpointsFile)}`;
    io.stdout.write(
      [
        '',
        'where to look next:',
        `  outbound files  ${rel(join(dataDir, 's3', stack.resources.buckets.outbound))}${sep}<partner>/<type>/… (s3rver appends ._S3rver_object to each file name)`,
        `  console         ${consoleServer.url}  (sign in as planner or auditor; local demo users)`,
        `  sent email      ${stack.endpoints.ses}/  (the SES emulator's web page)`,
        example ? `  order history   npx edi history --partner ${example.partner} --po ${example.po}${historyArgs}` : '  order history   npx edi history --partner P --po N (no order yet)',
        `  endpoints       ${rel(endpointsFile)}`,
        '',
      ].join('\n'),
    );
    await options.onReady?.({ stack, summary, endpointsFile, console: consoleServer });

    if (watchDir) await watch(stack, watchDir, args.partner, io, stopping.signal, options);
    else if (!args.exit && !stopping.signal.aborted) {
      io.stdout.write('the stack keeps running for `edi history`, the console and the web page; Ctrl-C stops it\n');
      await new Promise((r) => stopping.signal.addEventListener('abort', r, { once: true }));
    }
    const dead = Object.values(summary.deadLetters).reduce((n, d) => n + d.depth, 0);
    return dead > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    options.signal?.removeEventListener('abort', onSignal);
    if (stopping.signal.aborted) io.stdout.write('\nstopping…\n');
    await consoleServer.stop();
    await stack.stop();
    await rm(endpointsFile, { force: true });
  }
}
