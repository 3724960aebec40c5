import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SETS,
  buildHandBuiltSet,
  buildEnvelope,
  buildSet,
  expandCodes,
  formatEnvelope,
  formatSet,
  parsePositions,
  parseSetStructure,
  parseSyntaxNotes,
  readSef,
  toVersion,
  type HandBuiltSet,
  type VersionOverrides,
  type Sef,
} from '../../../schemas/x12/build-from-sef.ts';
import { HAS_SEF, NEEDS_SEF, SEF_004010 } from '../../support/shared-dir.ts';

const SCHEMAS = fileURLToPath(new URL('../../../schemas/x12/', import.meta.url));

describe('SEF syntax notes', () => {
  it('reads 2-digit position pairs', () => {
    expect(parseSyntaxNotes('C0302C0504P0607', 'PO1')).toEqual([
      { kind: 'C', positions: [3, 2] },
      { kind: 'C', positions: [5, 4] },
      { kind: 'P', positions: [6, 7] },
    ]);
  });

  it('reads notes over more than two positions', () => {
    expect(parseSyntaxNotes('R020304L13101112E0110', 'X')).toEqual([
      { kind: 'R', positions: [2, 3, 4] },
      { kind: 'L', positions: [13, 10, 11, 12] },
      { kind: 'E', positions: [1, 10] },
    ]);
  });

  it('rejects an odd number of digits', () => {
    expect(() => parseSyntaxNotes('P060', 'X')).toThrow(/bad syntax note/);
  });
});

describe('SEF segment positions', () => {
  it('expands a repeated group {10[235][234]} into ten pairs', () => {
    const { positions, syntax } = parsePositions('[350][330]{3[235][234]}[1,M]+P0304', 'T');
    expect(positions.map((p) => `${p.id}${p.usage === 'M' ? '!' : ''}`)).toEqual(['350', '330', '235', '234', '235', '234', '235', '234', '1!']);
    expect(syntax).toEqual([{ kind: 'P', positions: [3, 4] }]);
  });

  it('keeps the usage inside a repeated group ({2[373,M][373]})', () => {
    const { positions } = parsePositions('{2[373,M][373]}', 'T');
    expect(positions.map((p) => p.usage)).toEqual(['M', 'O', 'M', 'O']);
  });
});

describe('SEF set layout', () => {
  it('reads areas, usage, max use, offsets and nested loops', () => {
    const structure = parseSetStructure('T', '^[ST,M][BEG,M]+20[REF,,>1]^{:100[PO1,M]+5[PID,,9]{:>1[N1][N4,,>1]}}^[SE,M]');
    expect(structure).toEqual([
      { kind: 'segment', id: 'ST', usage: 'M', max: 1, area: 1 },
      { kind: 'segment', id: 'BEG', usage: 'M', max: 1, area: 1 },
      { kind: 'segment', id: 'REF', usage: 'O', max: null, area: 1 },
      {
        kind: 'loop', id: 'PO1', usage: 'M', max: 100, area: 2,
        children: [
          { kind: 'segment', id: 'PO1', usage: 'M', max: 1, area: 2 },
          { kind: 'segment', id: 'PID', usage: 'O', max: 9, area: 2 },
          {
            kind: 'loop', id: 'N1', usage: 'O', max: null, area: 2,
            children: [
              { kind: 'segment', id: 'N1', usage: 'O', max: 1, area: 2 },
              { kind: 'segment', id: 'N4', usage: 'O', max: null, area: 2 },
            ],
          },
        ],
      },
      { kind: 'segment', id: 'SE', usage: 'M', max: 1, area: 3 },
    ]);
  });

  it('takes the loop id from the trigger segment, not the SEF loop id', () => {
    const [loop] = parseSetStructure('T', '[ST,M]{0100:10[N1,M][N2]}[SE,M]').slice(1);
    expect(loop).toMatchObject({ kind: 'loop', id: 'N1', usage: 'M', max: 10, area: 1 });
  });

  it('rejects an unclosed loop', () => {
    expect(() => parseSetStructure('T', '[ST,M]{:10[N1]')).toThrow(/missing '}'/);
  });
});

describe('SEF code lists', () => {
  it('expands numeric ranges keeping their width, and single-letter ranges', () => {
    expect(expandCodes('100,104:106,A-C,ZZ')).toEqual(['100', '104', '105', '106', 'A', 'B', 'C', 'ZZ']);
    expect(expandCodes('008:010')).toEqual(['008', '009', '010']);
  });
});

describe('the 999 (hand-built, 005010 only)', () => {
  const spec = JSON.parse(readFileSync(`${SCHEMAS}/999-005010X231.json`, 'utf8')) as HandBuiltSet;
  const base = JSON.parse(readFileSync(`${SCHEMAS}/005010/997.json`, 'utf8')) as Parameters<typeof buildHandBuiltSet>[1];

  it('005010/999.json is what the generator makes of 999-005010X231.json and the 005010 997 (regenerate if this fails)', () => {
    expect(readFileSync(`${SCHEMAS}/005010/999.json`, 'utf8')).toBe(formatSet(buildHandBuiltSet(spec, base)));
  });

  it('refuses a definition naming an element it neither defines nor reuses', () => {
    const broken = { ...spec, reuse: spec.reuse.filter((id) => id !== '719') };
    expect(() => buildHandBuiltSet(broken, base)).toThrow(/IK302 names element 719/);
  });
});

describe.skipIf(!HAS_SEF)(`generated files ${NEEDS_SEF}`, () => {
  let sef: Sef;
  let overrides: VersionOverrides;
  beforeAll(() => {
    sef = readSef(readFileSync(SEF_004010, 'latin1'));
    overrides = JSON.parse(readFileSync(`${SCHEMAS}/005010-overrides.json`, 'utf8')) as VersionOverrides;
  });

  it.each(Object.keys(SETS))('%s JSON is what the generator produces from the SEF (regenerate if this fails)', (id) => {
    const s4 = buildSet(sef, id);
    expect(readFileSync(`${SCHEMAS}/004010/${id}.json`, 'utf8')).toBe(formatSet(s4));
    expect(readFileSync(`${SCHEMAS}/005010/${id}.json`, 'utf8')).toBe(formatSet(toVersion(s4, sef, overrides)));
  });

  it('envelope JSON is what the generator produces from the SEF', () => {
    const env = buildEnvelope(sef);
    expect(readFileSync(`${SCHEMAS}/004010/envelope.json`, 'utf8')).toBe(formatEnvelope(env));
    expect(readFileSync(`${SCHEMAS}/005010/envelope.json`, 'utf8')).toBe(formatEnvelope(toVersion(env, sef, overrides)));
  });
});
