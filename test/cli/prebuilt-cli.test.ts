/**
 * The `edi` command built ahead of time (functions/cli/build-cli.mjs): the bundle answers exactly
 * as the sources do, and edi.mjs runs it only while no source it was built from is newer.
 * Builds into a temporary folder (EDI_CLI_OUT), leaving the checkout's dist/cli/ alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as mainFromSources } from '#functions/cli/main.ts';
import { captureIo } from '../support/cli-io.ts';
import { sample850 } from '../support/edi-samples.ts';

const EDI = fileURLToPath(new URL('../../functions/cli/edi.mjs', import.meta.url));
const BUILD = fileURLToPath(new URL('../../functions/cli/build-cli.mjs', import.meta.url));
let dir: string;
let out: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edi-prebuilt-'));
  out = join(dir, 'cli');
  file = join(dir, 'po.edi');
  await writeFile(file, sample850('PO-PREBUILT').replace('PO1*2*20*EA', 'PO1*2*20*ZZZZZ'));
  const build = spawnSync(process.execPath, [BUILD], { env: { ...process.env, EDI_CLI_OUT: out }, encoding: 'utf8', timeout: 120_000 });
  expect(build.status, build.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the prebuilt edi command', () => {
  it('answers translate and validate exactly as the TypeScript sources do', async () => {
    const { main: mainFromBundle } = (await import(pathToFileURL(join(out, 'main.mjs')).href)) as { main: typeof mainFromSources };
    for (const argv of [['translate', file], ['validate', file], ['translate', '--ndjson', file]]) {
      const bundled = captureIo();
      const sources = captureIo();
      const bundledCode = await mainFromBundle(argv, bundled.io);
      expect(bundledCode).toBe(await mainFromSources(argv, sources.io));
      expect(bundled.out()).toBe(sources.out());
      expect(bundled.out().length).toBeGreaterThan(100);
    }
  });

  it('runs the bundle while it is fresh and the sources through tsx once a source is newer', async () => {
    const run = () => spawnSync(process.execPath, [EDI, 'validate', file], { env: { ...process.env, EDI_CLI_OUT: out, EDI_DEBUG: '1' }, encoding: 'utf8', timeout: 60_000 });
    const fresh = run();
    expect(fresh.stderr).toContain('edi: running the prebuilt');
    const manifest = JSON.parse(await readFile(join(out, 'inputs.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    expect(manifest.inputs).toContain('functions/domain/x12/tokenizer.ts');
    // As if tokenizer.ts had been edited after the build.
    await writeFile(join(out, 'inputs.json'), JSON.stringify({ ...manifest, builtAt: 0 }));
    const stale = run();
    expect(stale.stderr).toContain('edi: running the sources through tsx');
    expect(stale.stdout).toBe(fresh.stdout);
    expect(stale.status).toBe(fresh.status);
  }, 60_000);

  it('leaves the pipeline commands on the sources (the local stack loads handler modules by path)', () => {
    const run = spawnSync(process.execPath, [EDI, 'history'], { env: { ...process.env, EDI_CLI_OUT: out, EDI_DEBUG: '1' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toContain('edi: running the sources through tsx');
  }, 60_000);
});
