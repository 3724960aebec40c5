/**
 * `edi translate` writes its JSON while reading: the output is the same object translateFile
 * builds in memory — one file, several (an array), with --pretty, with a file that is not X12.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printableDiagnostic, runTranslate, translateFile } from '#functions/cli/x12-commands.ts';
import { captureIo } from '../support/cli-io.ts';
import { sample830, sample850 } from '../support/edi-samples.ts';

let dir: string;
let good: string;
let warned: string;
let notX12: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edi-translate-'));
  good = join(dir, 'good.edi');
  warned = join(dir, 'warned.edi');
  notX12 = join(dir, 'not.txt');
  await writeFile(good, sample850('PO-1') + sample830({ isa13: '000000102' }));
  await writeFile(warned, sample850('PO-2').replace('PO1*1*10*EA', 'PO1*1*10*EACH'));
  await writeFile(notX12, 'hello');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the command printed before it streamed: the in-memory translation, made printable. */
async function expected(file: string) {
  const t = await translateFile(file);
  const printable = <T extends { diagnostics: Parameters<typeof printableDiagnostic>[0][] }>(v: T) => ({ ...v, diagnostics: v.diagnostics.map(printableDiagnostic) });
  return { ...printable(t), documents: t.documents.map(printable) };
}

describe('edi translate output', () => {
  it('is the in-memory translation of one file, compact or pretty', async () => {
    for (const flags of [[], ['--pretty']]) {
      const cap = captureIo();
      expect(await runTranslate([...flags, good], cap.io)).toBe(0);
      expect(JSON.parse(cap.out())).toEqual(await expected(good));
      if (flags.length) expect(cap.out()).toMatch(/^\{\n {2}"file": /);
    }
  });

  it('is an array for several files, a file that is not X12 left out (exit 2, one line on stderr)', async () => {
    for (const flags of [[], ['--pretty']]) {
      const cap = captureIo();
      expect(await runTranslate([...flags, good, notX12, warned], cap.io)).toBe(2);
      expect(JSON.parse(cap.out())).toEqual([await expected(good), await expected(warned)]);
      expect(cap.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('writes nothing for a single file that is not X12', async () => {
    const cap = captureIo();
    expect(await runTranslate([notX12], cap.io)).toBe(2);
    expect(cap.out()).toBe('');
  });
});
