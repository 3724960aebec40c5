/**
 * `edi start` in process, on a temp data directory: the samples end to end, the summary checked
 * against the stores. (`--watch` is in start-watch.test.ts: the handlers' SDK clients are built
 * once per process, as in a Lambda container, so each stack gets its own test file.)
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStart, sampleInboundFiles, type StartOptions } from '#functions/cli/start.ts';
import type { StoreSummary } from '#functions/cli/start/summary.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { REPO_ROOT } from '#infra/local/stack.ts';

function captureIo() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

async function countKind(stack: LocalStack, kind: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await stack.clients.dynamodb.send(
      new ScanCommand({ TableName: stack.resources.tableName, FilterExpression: 'kind = :k', ExpressionAttributeValues: { ':k': { S: kind } }, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

async function outboundByKind(stack: LocalStack): Promise<Record<string, number>> {
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.resources.buckets.outbound }));
  const byKind: Record<string, number> = {};
  for (const o of out.Contents ?? []) {
    const kind = o.Key!.split('/')[1]!;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return byKind;
}

const dirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('edi start on the samples', () => {
  let output = '';
  let summary: StoreSummary | undefined;
  let checks: Record<string, unknown> = {};
  let code: number | undefined;
  let endpointsFile = '';

  beforeAll(async () => {
    const dataDir = await tempDir('edi-start-');
    const capture = captureIo();
    const options: StartOptions = {
      onReady: async (ready) => {
        summary = ready.summary;
        endpointsFile = ready.endpointsFile;
        const { stack } = ready;
        checks = {
          endpoints: JSON.parse(await readFile(ready.endpointsFile, 'utf8')),
          outbound: await outboundByKind(stack),
          orders: await countKind(stack, 'order'),
          interchanges: await countKind(stack, 'interchange'),
          refused: await countKind(stack, 'rejected-file'),
          emails: (await stack.sentEmails()).length,
          subjects: (await stack.sentEmails()).map((e) => e.subject),
          dlq: await stack.dlqDepths(),
          tableName: stack.resources.tableName,
          consoleUrl: ready.console.url,
          consolePage: await fetch(ready.console.url).then(async (r) => `${r.status} ${await r.text()}`),
        };
      },
    };
    code = await runStart(['--fresh', '--exit', '--data', dataDir], capture.io, options);
    output = capture.out();
  }, 300_000);

  it('ingests every sample file, each with an outcome line, and exits 0 with empty DLQs', async () => {
    const samples = await sampleInboundFiles(join(REPO_ROOT, 'samples'));
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(output).toMatch(new RegExp(`${sample.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  (accepted|refused): `));
    expect(output).not.toMatch(/ {2}failed: | nothing new: /);
    expect(checks.dlq).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });
    expect(code).toBe(0);
  });

  it('prints a summary whose numbers are what the stores hold', () => {
    const s = summary!;
    const samplesCount = output.match(/^ {2}\S+\/\S+ {2}(accepted|refused): /gm)?.length ?? 0;
    expect(s.files.inbound).toBe(samplesCount);
    expect(s.interchanges.total).toBe(checks.interchanges);
    expect(s.refusedFiles.length).toBe(checks.refused);
    // every sample file is either a claimed interchange or a refused file
    expect(s.interchanges.total + s.refusedFiles.filter((f) => !/^(master|supply)\//.test(f.sourceKey)).length).toBe(samplesCount);
    expect(s.orders.total).toBe(checks.orders);
    expect(s.outbound).toEqual(checks.outbound);
    expect(s.outboundRecords).toEqual(checks.outbound);
    expect(s.emails.total).toBe(checks.emails);
    expect(Object.fromEntries(Object.entries(s.deadLetters).map(([k, d]) => [k, d.depth]))).toEqual(checks.dlq);
    expect(output).toContain(`orders       ${s.orders.total} (`);
    expect(output).toContain(`997 ${s.outbound['997'] ?? 0}, 855 ${s.outbound['855'] ?? 0}, 865 ${s.outbound['865'] ?? 0}`);
    expect(output).toContain(`emails       ${s.emails.total} sent`);
  });

  it('runs on the demo clock (demo.json today, 08:00 America/Chicago) and says so, with the offset from the real clock', () => {
    expect(output).toMatch(/^clock: simulated: 2026-11-23 08:00 America\/Chicago .*real clock [+-].*\(EDI_CLOCK_OFFSET_MS\)$/m);
    expect(output).toMatch(/^ {2}clock {8}simulated: 2026-11-23 20:0\d America\/Chicago /m);
    // the run leaves the process's clock as it found it
    expect(process.env.EDI_CLOCK_OFFSET_MS).toBeUndefined();
  });

  it('sends holds, a level-1 delay alert, the P1 line-down alert, its escalation steps and the P3 digest (read from the SES store)', () => {
    const subjects = checks.subjects as string[];
    const kinds = (prefix: string): string[] => subjects.filter((s) => s.startsWith(prefix));
    expect(kinds('[HOLD] ').length).toBeGreaterThan(0);
    expect(kinds('[DELAY RISK L1] ').length).toBeGreaterThan(0);
    expect(kinds('[P1 LINE DOWN] ').length).toBeGreaterThan(0);
    for (const step of ['MANAGER', 'DIRECTOR', 'VP']) expect(kinds(`[P1 ESCALATION ${step}] `).length, step).toBeGreaterThan(0);
    expect(kinds('[P3 DIGEST] ').length).toBeGreaterThan(0);
    // one warning, to the item's manager and a copy to its planner
    const overStock = /^\[OVER-STOCK\] KPC-1075 .*: projected 1420 above the maximum of 1200 from week 2027-01-25$/;
    expect(kinds('[OVER-STOCK] ')).toEqual([expect.stringMatching(overStock), expect.stringMatching(overStock)]);
  });

  it('prints the demo timeline: the files at 08:00, the digest, then each 4-hour step with what fired', () => {
    // The simulated clock runs on with the real one while the files are ingested (a minute or more
    // on a loaded machine), so each step's minute is :00 to :09.
    const timeline = output.slice(output.indexOf('demo timeline'), output.indexOf('\nsummary'));
    // The supply plan's recompute opens it: KPC-1075's receipts take PAB above its maximum stock
    // (samples/README.md), one over-stock warning (the manager's and the planner's copy), and nothing else.
    expect(timeline).toMatch(/Mon 08:0\d {2}master data and supply plan loaded \(PAB of every planned item\) → 2 email\(s\): \[OVER-STOCK\] 2$/m);
    expect(timeline).toMatch(/Mon 08:0\d {2}21 sample file\(s\) in → \d+ email\(s\): .*\[HOLD\] \d+/);
    // The digest counts every buyer's forecast, consumed by its orders, so it lists forecast
    // shortfalls too (README, "Planning intelligence"): one email per planner with something short.
    const digest = /Mon 08:0\d {2}P3 planner digest for 2026-11-23 .*: (\d+) item\(s\) short of plan for (\d+) planner\(s\) → \d+ email\(s\): \[P3 DIGEST\] (\d+)/.exec(timeline);
    expect(digest, timeline).not.toBeNull();
    expect(Number(digest![1])).toBeGreaterThanOrEqual(Number(digest![2]));
    expect(digest![3]).toBe(digest![2]);
    expect(timeline).toMatch(/Mon 12:0\d {2}clock \+4 h: \d+ escalation timer\(s\) fell due → .*\[P1 ESCALATION MANAGER\]/);
    expect(timeline).toMatch(/Mon 16:0\d {2}.*\[P1 ESCALATION DIRECTOR\]/);
    expect(timeline).toMatch(/Mon 20:0\d {2}.*\[P1 ESCALATION VP\]/);
    // The planner at the end of the day: a delay note, then the P1 date, which stands down
    // everyone the P1 reached by then (internal chain and purchasing chain), each once.
    // the planner reads the allocation of KPC-3310's short week: its booked lines ranked with their class and proposed decision
    expect(timeline).toMatch(/Mon 20:0\d {2}planner: edi allocate --item KPC-3310 --week \d{4}-\d{2}-\d{2} → \d+ available for \d+ booked: 1\. \S+ [ABC] PO .*\(proposal [0-9a-f]{12}, left to confirm\)$/m);
    // the warehouse's shipments file: BOLT's clean order shipped whole, its 856 and 810 out, the order invoiced
    expect(timeline).toMatch(/Mon 20:0\d {2}warehouse: shipments\/2026-11-23-wave1\.csv ships BOLT PO P221870 whole → 856 and 810 to BOLT; order received → confirmed → shipped → invoiced → closed /m);
    expect(timeline).toMatch(/Mon 20:0\d {2}planner: delay note on KPC-3310 \(edi delay note\), P1 ACME PO 4500098803 line 1 confirmed for 2026-11-24 \(edi confirm\) → \d+ email\(s\): \[P1 STAND DOWN\] \d+$/m);
  });

  it('names every kind of email in the summary, one line per subject prefix with its count', () => {
    for (const [kind, n] of Object.entries(summary!.emails.bySubject)) {
      expect(output).toMatch(new RegExp(`^ {15}${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${n}$`, 'm'));
    }
    expect(Object.keys(summary!.emails.bySubject)).toEqual(expect.arrayContaining(['[HOLD]', '[DELAY RISK L1]', '[P1 LINE DOWN]', '[P1 ESCALATION VP]', '[P3 DIGEST]', '[OVER-STOCK]']));
  });

  it('wrote endpoints.json for edi history while running, removed it on exit, and names a real PO in the history example', async () => {
    expect((checks.endpoints as { env: Record<string, string> }).env.EDI_TABLE).toBe(checks.tableName);
    await expect(stat(endpointsFile)).rejects.toThrow();
    const match = /npx edi history --partner (\S+) --po (\S+)/.exec(output);
    expect(match).not.toBeNull();
    expect(summary!.orders.samplePurchaseOrders).toContainEqual({ partner: match![1], po: match![2] });
    expect(output).toMatch(/sent email {6}http:\/\/127\.0\.0\.1:\d+\//);
    expect(output).toMatch(/outbound files {2}\S*local-edi-outbound/);
  });

  it('serves the web console while running (its URL among where to look next) and stops it on --exit', async () => {
    expect(output).toContain(`  console         ${checks.consoleUrl as string}  `);
    expect(checks.consolePage).toMatch(/^200 <!doctype html>/);
    await expect(fetch(checks.consoleUrl as string)).rejects.toThrow();
  });
});
