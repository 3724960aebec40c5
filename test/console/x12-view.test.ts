/**
 * The console's X12 view (functions/console/x12.js) on the sample files: delimiters read from the
 * ISA (a 004010 file with `~`, a 005010 one with `^` repetition and `:` components), every segment
 * named from schemas/x12, each element by its reference and dictionary name, and the items on the
 * lines found by their VP qualifier.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '#infra/local/stack.ts';
// @ts-expect-error -- a browser ES module without types (the console has no build step)
import { describe as describeX12, itemsOf, namedJson, parseX12 } from '../../functions/console/x12.js';

interface Described {
  version: string;
  set: string;
  setName?: string;
  segments: { id: string; name?: string; elements: { ref: string; id?: string; name?: string; value: string }[] }[];
}

const sample = (path: string) => readFile(join(REPO_ROOT, 'samples/inbound', path), 'latin1');

describe('console X12 view', () => {
  beforeEach(() => {
    // The console fetches the schema JSON relative to itself; here from the repository's schemas folder.
    vi.stubGlobal('fetch', async (url: string) => {
      const file = join(REPO_ROOT, url);
      try {
        const text = await readFile(file, 'utf8');
        return { ok: true, json: async () => JSON.parse(text) };
      } catch {
        return { ok: false, json: async () => undefined };
      }
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('names every segment and element of a 004010 850', async () => {
    const text = await sample('ACME/03-850-4500098802-decimal-shift.edi');
    const parsed = parseX12(text);
    expect(parsed.delimiters).toEqual({ element: '*', component: text[104], terminator: text[105] });
    const d = (await describeX12(parsed)) as Described;
    expect(d).toMatchObject({ version: '004010', set: '850', setName: 'Purchase Order' });
    expect(d.segments.map((s) => s.id)).toEqual(text.split(text[105]!).map((s) => s.trim().split('*')[0]).filter(Boolean));
    for (const s of d.segments) expect(s.name, s.id).toBeTruthy();
    const beg = d.segments.find((s) => s.id === 'BEG')!;
    expect(beg.elements[2]).toEqual({ ref: 'BEG03', id: '324', name: 'Purchase Order Number', value: '4500098802' });
    const isa = d.segments.find((s) => s.id === 'ISA')!;
    expect(isa.elements[12]).toMatchObject({ ref: 'ISA13', name: 'Interchange Control Number' });
    expect(itemsOf(parsed)).toContain('KPC-3400');
    expect(namedJson(d).find((s: { segment: string }) => s.segment === 'BEG').elements['BEG03 Purchase Order Number']).toBe('4500098802');
  });

  it('reads a 005010 interchange with its own delimiters and the 005010 schema', async () => {
    const text = await sample('CIRRUS/02-850-CX26-0041180-clean.edi');
    const parsed = parseX12(text);
    expect(parsed.delimiters).toEqual({ element: '*', component: ':', terminator: '~' });
    const d = (await describeX12(parsed)) as Described;
    expect(d.version).toBe('005010');
    expect(d.segments.find((s) => s.id === 'ISA')!.elements[10]).toMatchObject({ ref: 'ISA11', value: '^' });
    expect(d.segments.find((s) => s.id === 'BEG')!.elements[2]).toMatchObject({ name: 'Purchase Order Number', value: 'CX26-0041180' });
  });

  it('says so when there is no ISA', () => {
    expect(parseX12('GS*PO*A*B~')).toEqual({ segments: [], error: 'no ISA header' });
  });
});
