/**
 * The X12 commands as a user runs them: `edi ack` answers a refused interchange envelope with a
 * TA1 `R` (and no 997 accepting its groups); output to a pipe closed early ends quietly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAck } from '#functions/cli/x12-commands.ts';
import { captureIo } from '../support/cli-io.ts';
import { sample850 } from '../support/edi-samples.ts';

const EDI = fileURLToPath(new URL('../../functions/cli/edi.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edi-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('edi ack', () => {
  it('answers an interchange whose IEA02 does not match its ISA13 with a TA1 R and no 997', async () => {
    const file = join(dir, 'bad-iea.edi');
    await writeFile(file, sample850('PO-1').replace(/IEA\*1\*\d+/, 'IEA*1*000000999'));
    const cap = captureIo();
    const code = await runAck([file], cap.io, new Date('2025-01-02T03:04:05Z'));
    expect(code).toBe(1);
    expect(cap.out()).toMatch(/^TA1\*\d{9}\*\d{6}\*\d{4}\*R\*001~?$/m);
    expect(cap.out()).not.toMatch(/AK1\*/);
    expect(cap.err()).toContain('interchange 000000101 refused at the envelope (TA1 R, note 001): a TA1 and no 997');
  });

  it('answers a good interchange with its 997 and no TA1', async () => {
    const file = join(dir, 'good.edi');
    await writeFile(file, sample850('PO-2'));
    const cap = captureIo();
    expect(await runAck([file], cap.io, new Date('2025-01-02T03:04:05Z'))).toBe(0);
    expect(cap.out()).toMatch(/AK9\*A\*1\*1\*1/);
    expect(cap.out()).not.toMatch(/TA1\*/);
  });
});

describe('edi validate and edi ack into a closed pipe', () => {
  it.each(['validate', 'ack'])('edi %s ends quietly when the reader stops early (as `edi … FILE | head -1` does)', async (command) => {
    const file = join(dir, 'many.edi');
    const sets = Array.from({ length: 5000 }, (_, i) => `ST*850*${String(i + 1).padStart(4, '0')}~BEG*00*SA*PO-${i}**20250101~SE*3*${String(i + 1).padStart(4, '0')}~`).join('');
    await writeFile(file, `ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250102*0304*U*00401*000000101*0*T*>~GS*PO*ACMEBUYER*OURSUPPLIER*20250102*0304*101*X*004010~${sets}GE*5000*101~IEA*1*000000101~`);
    const run = spawnSync('bash', ['-c', `set -o pipefail; node "${EDI}" ${command} "${file}" | head -1`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect([0, 141]).toContain(run.status);
  }, 60_000);
});
