/**
 * `npm run bench:x12`: X12 reading against the peers, every figure measured in this one run on
 * the same generated file of 20-line 850s (test/bench/generate-850s.ts):
 *
 * - in process (after a warm-up, median of N): our `translateStream` (tokenize, envelope,
 *   validate against the schema, map to typed documents, 997s; no JSON output), x12-parser's
 *   streaming tokenizer alone, node-x12's strict parse to its object model;
 * - whole process, as a user runs it (median of N, the commands run in turn so load on the
 *   machine hits each alike; peak RSS of each): `edi translate FILE` and `edi translate --ndjson
 *   FILE` with their JSON written to /dev/null, a script running x12-parser's tokenizer over the
 *   file, one running node-x12's strict parse, `edi validate FILE` (the same read, no JSON out) and
 *   `edi validate` of a one-segment file (start-up);
 * - peak RSS of `edi translate --ndjson` on a generated file of --big-gb gigabytes.
 *
 * Prints one JSON object. Options: --mb N (default 6.5), --runs N (default 5), --big-gb N
 * (default 1, 0 to skip).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { X12parser } from 'x12-parser';
// node-x12 is CommonJS without types.
import nodeX12 from 'node-x12';
import { generate850Text, write850File } from './generate-850s.ts';
import { translateStream } from '../../functions/domain/x12/translate.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MB = option('mb', 6.5);
const BIG_GB = option('big-gb', 1);
const RUNS = option('runs', 5);

const EDI = fileURLToPath(new URL('../../functions/cli/edi.mjs', import.meta.url));
const RSS_REPORTER = fileURLToPath(new URL('./report-max-rss.mjs', import.meta.url));
const PEER_X12_PARSER = fileURLToPath(new URL('./peer-x12-parser.mjs', import.meta.url));
const PEER_NODE_X12 = fileURLToPath(new URL('./peer-node-x12.mjs', import.meta.url));

const round = (n: number): number => Math.round(n * 1000) / 1000;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function chunksOf(buffer: Buffer, size = 1 << 16): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

async function inProcess(run: () => Promise<number>): Promise<{ seconds: number; count: number }> {
  const count = await run(); // warm-up
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: median(seconds), count };
}

async function runTranslate(chunks: Buffer[]): Promise<number> {
  let documents = 0;
  await translateStream(Readable.from(chunks), () => {
    documents++;
  });
  return documents;
}

function runX12Parser(chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let segments = 0;
    const parser = new X12parser();
    parser.on('data', () => {
      segments++;
    });
    parser.on('end', () => resolve(segments));
    parser.on('error', reject);
    Readable.from(chunks).pipe(parser);
  });
}

async function runNodeX12(text: string): Promise<number> {
  const parser = new (nodeX12 as { X12Parser: new (strict: boolean) => { parse(t: string): { functionalGroups: { transactions: unknown[] }[] } } }).X12Parser(true);
  return parser.parse(text).functionalGroups.reduce((n, g) => n + g.transactions.length, 0);
}

interface ProcessRun {
  seconds: number;
  /** User + system CPU of the process and any child it spawns: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssBytes: number;
  exitCode: number;
  stderr: string;
  stdoutBytes: number;
}

/** One whole process, stdout to /dev/null unless counted; peak RSS of it and any child it spawns. */
async function runProcess(argv: string[], countStdout = false): Promise<ProcessRun> {
  const devNull = countStdout ? undefined : await open('/dev/null', 'w');
  try {
    const started = process.hrtime.bigint();
    return await new Promise<ProcessRun>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', RSS_REPORTER, ...argv], {
        stdio: ['ignore', devNull ? devNull.fd : 'pipe', 'pipe'],
        env: { ...process.env, EDI_DEBUG: '1' },
      });
      let stderr = '';
      let stdoutBytes = 0;
      child.stdout?.on('data', (c: Buffer) => (stdoutBytes += c.length));
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // A command that re-runs itself (--ndjson with a heap ceiling) reports once per process: the largest counts.
        const peaks = [...stderr.matchAll(/"maxRssBytes":(\d+)/g)].map((m) => Number(m[1]));
        const cpu = [...stderr.matchAll(/"cpuMicroseconds":(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0) / 1e6;
        resolve({ seconds, cpuSeconds: cpu, peakRssBytes: Math.max(0, ...peaks), exitCode: code ?? -1, stderr, stdoutBytes });
      });
    });
  } finally {
    await devNull?.close();
  }
}

async function wholeProcess(commands: Record<string, string[]>): Promise<Record<string, { seconds: number; cpuSeconds: number; peakRssMegabytes: number; exitCode: number; runs: number[] }>> {
  const runs = new Map<string, ProcessRun[]>(Object.keys(commands).map((k) => [k, []]));
  // A warm-up round (file cache, node's own start-up), then RUNS rounds of every command in turn.
  for (const argv of Object.values(commands)) await runProcess(argv);
  for (let i = 0; i < RUNS; i++) for (const [name, argv] of Object.entries(commands)) runs.get(name)!.push(await runProcess(argv));
  return Object.fromEntries(
    [...runs].map(([name, list]) => [
      name,
      { seconds: round(median(list.map((r) => r.seconds))), cpuSeconds: round(median(list.map((r) => r.cpuSeconds))), peakRssMegabytes: round(median(list.map((r) => r.peakRssBytes)) / 1024 ** 2), exitCode: list[0]!.exitCode, runs: list.map((r) => round(r.seconds)) },
    ]),
  );
}

async function bigNdjson(dir: string, gigabytes: number): Promise<Record<string, number | string>> {
  const file = join(dir, 'big.edi');
  const generatedAt = Date.now();
  await write850File(file, gigabytes * 1024 ** 3);
  const bytes = (await stat(file)).size;
  const generateSeconds = (Date.now() - generatedAt) / 1000;
  const run = await runProcess([EDI, 'translate', '--ndjson', file], true);
  await rm(file, { force: true });
  return {
    fileBytes: bytes,
    generateSeconds: round(generateSeconds),
    exitCode: run.exitCode,
    outputBytes: run.stdoutBytes,
    seconds: round(run.seconds),
    megabytesPerSecond: round(bytes / 1e6 / run.seconds),
    peakRssMegabytes: round(run.peakRssBytes / 1024 ** 2),
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edi-bench-x12-'));
  try {
    const text = generate850Text(MB * 1e6);
    const buffer = Buffer.from(text, 'utf8');
    const file = join(dir, '850s.edi');
    await writeFile(file, buffer);
    const oneSegment = join(dir, 'one-segment.edi');
    await writeFile(oneSegment, text.slice(0, text.indexOf('~') + 1));
    const megabytes = buffer.length / 1e6;
    const chunks = chunksOf(buffer);

    const translate = await inProcess(() => runTranslate(chunks));
    const x12parser = await inProcess(() => runX12Parser(chunks));
    const nodex12 = await inProcess(() => runNodeX12(text));

    const startup = await runProcess([EDI, 'validate', oneSegment]);
    const whole = await wholeProcess({
      ediTranslate: [EDI, 'translate', file],
      ediTranslateNdjson: [EDI, 'translate', '--ndjson', file],
      x12ParserTokenize: [PEER_X12_PARSER, file],
      nodeX12StrictParse: [PEER_NODE_X12, file],
      // The same read as translate without its JSON output: what the output itself costs.
      ediValidate: [EDI, 'validate', file],
      ediValidateOneSegment: [EDI, 'validate', oneSegment],
    });
    const rate = (seconds: number) => round(megabytes / seconds);
    const result: Record<string, unknown> = {
      benchmark: 'x12-read',
      node: process.version,
      // edi.mjs says on stderr (EDI_DEBUG) whether it ran the prebuilt bundle or the sources through tsx.
      ediRan: /running the prebuilt/.test(startup.stderr) ? 'prebuilt bundle (dist/cli)' : 'sources through tsx (no fresh bundle: npm run build:cli)',
      file: { megabytes: round(megabytes), transactionSets: translate.count, linesPerOrder: 20 },
      runs: RUNS,
      inProcess: {
        what: 'median seconds after a warm-up; input already in memory as 64 KB chunks; no output',
        seconds: { translate: round(translate.seconds), x12ParserTokenize: round(x12parser.seconds), nodeX12StrictParse: round(nodex12.seconds) },
        megabytesPerSecond: { translate: rate(translate.seconds), x12ParserTokenize: rate(x12parser.seconds), nodeX12StrictParse: rate(nodex12.seconds) },
      },
      wholeProcess: {
        what: 'median seconds of whole processes from spawn to exit (and their CPU seconds, user + system, children included), run in turn; edi output to /dev/null; peak RSS',
        loadAverage: loadavg().map(round),
        ...whole,
      },
      ratios: {
        inProcessTranslateVsNodeX12: round(nodex12.seconds / translate.seconds),
        inProcessTranslateVsX12Parser: round(x12parser.seconds / translate.seconds),
        wholeProcessTranslateVsNodeX12: round(whole.nodeX12StrictParse!.seconds / whole.ediTranslate!.seconds),
        wholeProcessTranslateVsX12Parser: round(whole.x12ParserTokenize!.seconds / whole.ediTranslate!.seconds),
        wholeProcessCpuTranslateVsNodeX12: round(whole.nodeX12StrictParse!.cpuSeconds / whole.ediTranslate!.cpuSeconds),
        wholeProcessCpuTranslateVsX12Parser: round(whole.x12ParserTokenize!.cpuSeconds / whole.ediTranslate!.cpuSeconds),
      },
      goals: {
        oneSegmentWithin0_15s: whole.ediValidateOneSegment!.seconds <= 0.15,
        wholeProcessAtLeast2xNodeX12: whole.nodeX12StrictParse!.seconds / whole.ediTranslate!.seconds >= 2,
        wholeProcessNoSlowerThanX12Parser: whole.ediTranslate!.seconds <= whole.x12ParserTokenize!.seconds,
        inProcessAtLeast40MBps: rate(translate.seconds) >= 40,
        translatePeakRssAtMost128MB: whole.ediTranslate!.peakRssMegabytes <= 128,
      },
    };
    if (BIG_GB > 0) {
      const big = await bigNdjson(dir, BIG_GB);
      result.bigNdjson = big;
      (result.goals as Record<string, boolean>).bigNdjsonPeakRssUnder256MB = typeof big.peakRssMegabytes === 'number' && big.peakRssMegabytes < 256;
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
