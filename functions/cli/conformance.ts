/**
 * `edi conformance DIR`: runs the `edi translate` command on every file listed in DIR/EXPECTED.tsv
 * (as a separate process, exactly as a user would) and checks the outcome the row expects:
 * accept → exit 0 with the listed document counts and ids; reject → exit 1 with an error
 * diagnostic; not-x12 → exit 2; fail → non-zero; any → exit 0 or 1 without a crash.
 * Prints one line per file and `N passed, M failed` last; exit 1 when any failed.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, write, type CliIo } from './io.ts';

// Two levels below the repository root both here and in the prebuilt bundle (dist/cli/).
const EDI = fileURLToPath(new URL('../../functions/cli/edi.mjs', import.meta.url));

export interface ExpectedRow {
  file: string;
  outcome: 'accept' | 'reject' | 'not-x12' | 'fail' | 'any';
  /** Document counts per transaction set id, e.g. { '850': 2 }. */
  sets: Map<string, number>;
  /** Expected key ids per set id, in reading order (850/860/855/865 PO number, 856 shipment id). */
  ids: Map<string, string[]>;
}

/** Parses EXPECTED.tsv (header: file, outcome, sets, ids). */
export function parseExpected(text: string): ExpectedRow[] {
  const rows: ExpectedRow[] = [];
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  for (const line of lines.slice(1)) {
    const [file = '', outcome = '', sets = '', ids = ''] = line.split('\t');
    if (!['accept', 'reject', 'not-x12', 'fail', 'any'].includes(outcome)) throw new UsageError(`EXPECTED.tsv: unknown outcome ${JSON.stringify(outcome)} for ${file}`);
    const setMap = new Map<string, number>();
    for (const part of sets.split(',').filter(Boolean)) {
      const [id = '', count = '0'] = part.split(':');
      setMap.set(id, Number(count));
    }
    const idMap = new Map<string, string[]>();
    for (const part of ids.split(';').filter(Boolean)) {
      const eq = part.indexOf('=');
      idMap.set(part.slice(0, eq), part.slice(eq + 1).split('|'));
    }
    rows.push({ file, outcome: outcome as ExpectedRow['outcome'], sets: setMap, ids: idMap });
  }
  return rows;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [EDI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

interface TranslateJson {
  documents: { type: string; purchaseOrderNumber?: string; shipmentId?: string }[];
  diagnostics: { severity: string }[];
}

/** Checks one row; returns the reasons it failed (empty when it passed). */
export function judge(row: ExpectedRow, run: Run): string[] {
  const problems: string[] = [];
  const crashed = run.signal !== null || run.code === null || run.code > 2 || /\n\s+at .+\(.+:\d+:\d+\)/.test(run.stderr);
  if (crashed) return [`crashed (exit ${run.code ?? run.signal}): ${run.stderr.split('\n').slice(0, 3).join(' | ')}`];
  if (run.code === 2 && run.stderr.trim().split('\n').length !== 1) problems.push('exit 2 must print exactly one line on stderr');
  let json: TranslateJson | undefined;
  if (run.code !== 2) {
    try {
      json = JSON.parse(run.stdout) as TranslateJson;
    } catch {
      problems.push('stdout is not one JSON document');
    }
  }
  switch (row.outcome) {
    case 'accept': {
      if (run.code !== 0) problems.push(`expected exit 0, got ${run.code}`);
      if (!json) break;
      const counts = new Map<string, number>();
      for (const d of json.documents) counts.set(d.type, (counts.get(d.type) ?? 0) + 1);
      const want = [...row.sets.entries()].sort().map(([k, v]) => `${k}:${v}`).join(',');
      const got = [...counts.entries()].sort().map(([k, v]) => `${k}:${v}`).join(',');
      if (want !== got) problems.push(`document counts ${got || 'none'}, expected ${want || 'none'}`);
      for (const [type, ids] of row.ids) {
        const actual = json.documents.filter((d) => d.type === type).map((d) => (type === '856' ? d.shipmentId : d.purchaseOrderNumber) ?? '');
        if (actual.join('|') !== ids.join('|')) problems.push(`${type} ids ${actual.join('|')}, expected ${ids.join('|')}`);
      }
      break;
    }
    case 'reject':
      if (run.code !== 1) problems.push(`expected exit 1, got ${run.code}`);
      if (json && !json.diagnostics.some((d) => d.severity === 'error')) problems.push('no error diagnostic');
      break;
    case 'not-x12':
      if (run.code !== 2) problems.push(`expected exit 2, got ${run.code}`);
      break;
    case 'fail':
      if (run.code === 0) problems.push('expected a non-zero exit, got 0');
      break;
    case 'any':
      if (run.code !== 0 && run.code !== 1) problems.push(`expected exit 0 or 1, got ${run.code}`);
      break;
  }
  return problems;
}

/** `edi conformance DIR [--verbose]` */
export async function runConformance(argv: string[], io: CliIo): Promise<number> {
  const dir = argv.find((a) => !a.startsWith('--'));
  if (!dir) throw new UsageError('usage: edi conformance DIR   (DIR holds EXPECTED.tsv)');
  let expectedText: string;
  try {
    expectedText = await readFile(join(dir, 'EXPECTED.tsv'), 'utf8');
  } catch {
    throw new UsageError(`${dir}: no EXPECTED.tsv`);
  }
  const rows = parseExpected(expectedText);
  let passed = 0;
  let failed = 0;
  const queue = [...rows];
  const results = new Map<ExpectedRow, string[]>();
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const run = await runCli(['translate', resolve(dir, row.file)]);
      results.set(row, judge(row, run));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  for (const row of rows) {
    const problems = results.get(row) ?? ['not run'];
    if (problems.length === 0) {
      passed++;
      await write(io.stdout, `ok   ${row.outcome.padEnd(7)} ${row.file}\n`);
    } else {
      failed++;
      await write(io.stdout, `FAIL ${row.outcome.padEnd(7)} ${row.file}: ${problems.join('; ')}\n`);
    }
  }
  await write(io.stdout, `${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
