/** `edi start --watch` in process: a file dropped into a partner folder is ingested, one line with its outcome. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStart } from '#functions/cli/start.ts';
import { sample850 } from '../support/edi-samples.ts';
import { testPartner } from '../support/partners.ts';

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

describe('edi start --watch', () => {
  it('ingests a file dropped into a partner folder, one line with its outcome, and stops cleanly', async () => {
    const dataDir = await tempDir('edi-watch-');
    const samplesDir = await tempDir('edi-watch-samples-');
    const watchDir = await tempDir('edi-watch-in-');
    await mkdir(join(samplesDir, 'master'), { recursive: true });
    await writeFile(join(samplesDir, 'master', 'partners.json'), JSON.stringify({ schemaVersion: 1, partners: [testPartner()] }));
    const stop = new AbortController();
    const giveUp = setTimeout(() => stop.abort(), 60_000);
    const lines: string[] = [];
    let out = '';
    const capture = { io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } }, out: () => out };
    const running = runStart(['--fresh', '--data', dataDir, '--samples', samplesDir, '--watch', watchDir], capture.io, {
      signal: stop.signal,
      watchIntervalMs: 100,
      // dropped once the watcher runs (files already there when it starts are left alone)
      onReady: () =>
        void setTimeout(() => {
          void mkdir(join(watchDir, 'ACME'), { recursive: true }).then(() => writeFile(join(watchDir, 'ACME', 'po-777.edi'), sample850('PO-777', { isa13: '000000777' })));
        }, 500),
      onFile: (line) => {
        lines.push(line);
        stop.abort();
      },
    });
    const code = await running;
    clearTimeout(giveUp);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ACME\/po-777\.edi {2}accepted: ISA13 000000777 queued .*→ .*997/);
    expect(capture.out()).toContain(`watching ${watchDir}`);
    expect(capture.out()).toContain('stopping…');
  }, 120_000);
});
