/** `edi guide check`: each set of a file against the partner's implementation guide, one line per finding. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuide } from '#functions/cli/guide-commands.ts';
import { UsageError } from '#functions/cli/io.ts';
import { captureIo } from '../support/cli-io.ts';
import { SAMPLES } from '../support/samples-dir.ts';
import { CLEAN_850, sampleText } from '../support/outbound-documents.ts';

const PROFILES = join(SAMPLES, 'master/partners.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edi-guide-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('edi guide check', () => {
  it('exits 0 for an inbound 850 that keeps the partner guide', async () => {
    const cli = captureIo();
    expect(await runGuide(['check', '--partner', 'ACME', '--profiles', PROFILES, join(SAMPLES, CLEAN_850.ACME!)], cli.io)).toBe(0);
    expect(cli.out()).toContain('0 finding(s) in 1 set(s) against partner ACME');
  });

  it('exits 1 and prints position, rule, 997 code, the rule in plain English and its source for each finding', async () => {
    const file = join(dir, 'no-ship-to.edi');
    await writeFile(file, sampleText(CLEAN_850.ACME!).replace('N1*ST*', 'N1*BT*'));
    const cli = captureIo();
    expect(await runGuide(['check', '--partner', 'ACME', '--profiles', PROFILES, file], cli.io)).toBe(1);
    expect(cli.out()).toMatch(/no-ship-to\.edi: 850 \d+: -: 850-n1-st AK3-3 The partner's guide requires a N1 with N101 'ST'; the document has none\. \(source: AIAG/);
    expect(cli.out()).toContain('1 finding(s) in 1 set(s)');
  });

  it('checks against a guide by id, and refuses an unknown partner or guide', async () => {
    const file = join(dir, 'bolt.edi');
    await writeFile(file, sampleText(CLEAN_850.BOLT!).replace(/PO1\*1\*(\d+)\*BX/, 'PO1*1*$1*XX'));
    const cli = captureIo();
    expect(await runGuide(['check', '--guide', 'retail-distribution-4010', file], cli.io)).toBe(1);
    expect(cli.out()).toContain('850-po103-codes AK4-7');
    await expect(runGuide(['check', '--partner', 'NOPE', '--profiles', PROFILES, file], captureIo().io)).rejects.toThrow(UsageError);
    await expect(runGuide(['check', '--guide', 'nope', file], captureIo().io)).rejects.toThrow(/we hold: /);
  });
});
