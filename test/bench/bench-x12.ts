/**
 * `npm run bench:x12`: X12 reading throughput against the peers, measured in one run on the same
 * generated file, and peak memory translating a 1 GB file with `edi translate --ndjson`.
 * Prints one JSON object. Options: --mb N (throughput file size, default 6), --big-gb N (default 1,
 * 0 to skip), --runs N (timed runs per reader, default 5; the median is reported).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
const MB = option('mb', 6);
const BIG_GB = option('big-gb', 1);
const RUNS = option('runs', 5);

function chunksOf(buffer: Buffer, size = 1 << 16): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

async function timeIt(run: () => Promise<number>): Promise<{ seconds: number; count: number }> {
  const start = process.hrtime.bigint();
  const count = await run();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, count };
}

async function median(run: () => Promise<number>): Promise<{ seconds: number; count: number }> {
  await run(); // warm-up
  const results: { seconds: number; count: number }[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await timeIt(run));
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)]!;
}

/** Our reader: tokenize, check the envelope, validate against the schema, map to typed documents, build 997s. */
async function runTranslate(chunks: Buffer[]): Promise<number> {
  let documents = 0;
  await translateStream(Readable.from(chunks), () => {
    documents++;
  });
  return documents;
}

/** x12-parser's streaming tokenizer alone: segments out, nothing else. */
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

/** node-x12's strict parser to its interchange object model. */
async function runNodeX12(text: string): Promise<number> {
  const parser = new (nodeX12 as { X12Parser: new (strict: boolean) => { parse(t: string): { functionalGroups: { transactions: unknown[] }[] } } }).X12Parser(true);
  const interchange = parser.parse(text);
  return interchange.functionalGroups.reduce((n, g) => n + g.transactions.length, 0);
}

async function peakRssOfNdjson(gigabytes: number): Promise<Record<string, number | string>> {
  const dir = await mkdtemp(join(tmpdir(), 'edi-bench-'));
  const file = join(dir, 'big.edi');
  try {
    const generatedAt = Date.now();
    await write850File(file, gigabytes * 1024 ** 3);
    const bytes = (await stat(file)).size;
    const generateSeconds = (Date.now() - generatedAt) / 1000;
    const edi = fileURLToPath(new URL('../../functions/cli/edi.mjs', import.meta.url));
    const rssReporter = fileURLToPath(new URL('./report-max-rss.mjs', import.meta.url));
    const started = Date.now();
    const { code, stderr, lines } = await new Promise<{ code: number | null; stderr: string; lines: number }>((resolve) => {
      const child = spawn(process.execPath, ['--import', rssReporter, edi, 'translate', '--ndjson', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderrText = '';
      let count = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderrText += c));
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr: stderrText, lines: count }));
    });
    const seconds = (Date.now() - started) / 1000;
    // The CLI re-runs itself with a heap ceiling for --ndjson: every process reports; the largest counts.
    const peaks = [...stderr.matchAll(/"maxRssBytes":(\d+)/g)].map((m) => Number(m[1]));
    return {
      fileBytes: bytes,
      generateSeconds: round(generateSeconds),
      exitCode: code ?? -1,
      ndjsonLines: lines,
      seconds: round(seconds),
      megabytesPerSecond: round(bytes / 1e6 / seconds),
      peakRssMegabytes: peaks.length > 0 ? round(Math.max(...peaks) / 1024 ** 2) : 'unknown',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function main(): Promise<void> {
  const text = generate850Text(MB * 1e6);
  const buffer = Buffer.from(text, 'utf8');
  const chunks = chunksOf(buffer);
  const megabytes = buffer.length / 1e6;

  const translate = await median(() => runTranslate(chunks));
  const x12parser = await median(() => runX12Parser(chunks));
  const nodex12 = await median(() => runNodeX12(text));

  const rate = (r: { seconds: number }) => round(megabytes / r.seconds);
  const result: Record<string, unknown> = {
    benchmark: 'x12-read',
    node: process.version,
    file: { megabytes: round(megabytes), transactionSets: translate.count, linesPerOrder: 20 },
    runs: RUNS,
    megabytesPerSecond: {
      translate: rate(translate),
      x12ParserTokenizeOnly: rate(x12parser),
      nodeX12: rate(nodex12),
    },
    ratios: {
      translateVsNodeX12: round(nodex12.seconds / translate.seconds),
      translateVsX12ParserTokenize: round(x12parser.seconds / translate.seconds),
    },
    goals: {
      translateAtLeast1_5xNodeX12: nodex12.seconds / translate.seconds >= 1.5,
      translateWithin1_3xOfX12Parser: translate.seconds <= x12parser.seconds * 1.3,
    },
  };
  if (BIG_GB > 0) {
    const big = await peakRssOfNdjson(BIG_GB);
    result.bigFile = big;
    (result.goals as Record<string, boolean>).peakRssUnder256MB = typeof big.peakRssMegabytes === 'number' && big.peakRssMegabytes < 256;
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
