import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSegmentElements, validateTransactionSet } from '#domain/x12/validate-set.ts';
import type { Delimiters, Diagnostic, Segment } from '#domain/x12/types.ts';
import { getEnvelopeSchema, getTransactionSetSchema } from '#schemas/x12/registry.ts';
import { CORPUS_DIR, HAS_CORPUS, NEEDS_CORPUS } from '../../support/shared-dir.ts';
import { DELIMITERS, DELIMITERS_5010, MINI_850, MINI_850_5010, seg, set, VALID_BODY } from './validate-fixtures.ts';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.segmentPosition}:${d.segmentId}${d.elementPosition ? `/${d.elementPosition}` : ''}${d.componentPosition ? `-${d.componentPosition}` : ''}`);

const HEADER = ['CUR', 'REF', 'PER', 'DTM', 'N1', 'N2', 'N3', 'N4'];

/** The valid body with `line` in its place: replacing the segment with its tag, after BEG for header segments, in a PID loop for MEA. */
function place(line: string): string[] {
  const tag = line.split('*')[0]!;
  if (tag === 'MEA') return ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PID*F****X', line, 'CTT*1'];
  if (HEADER.includes(tag)) return [VALID_BODY[0]!, line, ...VALID_BODY.slice(1)];
  return VALID_BODY.map((b) => (b.startsWith(`${tag}*`) ? line : b));
}

describe('validateTransactionSet — a well-formed set', () => {
  it.each([
    ['the minimal valid body', VALID_BODY],
    ['every header segment and two N1 loops', [
      'BEG*00*SA*PO-1**20240131', 'CUR*BY*USD', 'REF*IA*123', 'REF*DP*9', 'PER*BD*ANN*TE*555', 'DTM*002*20240201',
      'N1*ST*STORE 1*92*0001', 'N2*EXTRA', 'N3*1 MAIN ST', 'N4*CITY*NY*10001', 'N1*BT*HQ', 'N3*2 ELM ST',
      'PO1*1*10*EA*2.5*PE*VP*ABC-1', 'CTT*1', 'AMT*TT*25',
    ]],
    ['nested loops, a return to the parent loop and a new line', [
      'BEG*00*SA*PO-1**20240131',
      'PO1*1*10*EA', 'PID*F****RED', 'MEA*WT*G*10', 'PID*F****LARGE', 'LM*AB', 'LQ*1', 'LQ*2', 'SLN*1**I', 'N1*ST*A', 'N3*X', 'N1*BT*B', 'SLN*2**O',
      'PO1*2*5*CA', 'DTM*002*20240301', 'PID*S****X',
      'CTT*2',
    ]],
    ['a segment id shared by the header and a line (DTM) in both places', ['BEG*00*SA*PO-1**20240131', 'DTM*002*20240201', 'PO1*1*1*EA', 'DTM*010*20240202', 'DTM*002*20240203', 'CTT*1']],
    ['empty trailing elements', ['BEG*00*SA*PO-1**20240131***', 'PO1*1*10*EA*2.5*PE*VP*ABC-1*', 'CTT*1*']],
    ['no summary at all (optional CTT loop)', ['BEG*00*SA*PO-1**20240131', 'PO1*1*10*EA']],
  ])('accepts %s with no diagnostics', (_name, body) => {
    // Prepare
    const segments = set(...body);
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([]);
  });
});

describe('validateTransactionSet — segment placement (AK3)', () => {
  it.each<[string, string[], string[]]>([
    ['reports AK3-1 when a tag is not a segment id at all', ['BEG*00*SA*PO-1**20240131', 'p o*1', 'PO1*1*1*EA'], ['AK3-1@3:p o']],
    ['reports AK3-1 for a one-letter tag', ['BEG*00*SA*PO-1**20240131', 'T*850', 'PO1*1*1*EA'], ['AK3-1@3:T']],
    ['reports AK3-6 for a partner-specific segment the set does not define', ['BEG*00*SA*PO-1**20240131', 'ZZZ*CUSTOM', 'PO1*1*1*EA'], ['AK3-6@3:ZZZ']],
    ['reports AK3-2 when N2 comes without the N1 that starts its loop', ['BEG*00*SA*PO-1**20240131', 'N2*ORPHAN', 'PO1*1*1*EA'], ['AK3-2@3:N2']],
    ['reports AK3-2 when LQ (defined only inside the LM loop) comes after a line without LM', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'LQ*1'], ['AK3-2@4:LQ']],
    ['reports AK3-3 when BEG is missing', ['CUR*BY*USD', 'PO1*1*1*EA'], ['AK3-3@2:BEG']],
    ['reports AK3-3 when the mandatory PO1 loop is missing', ['BEG*00*SA*PO-1**20240131', 'CTT*0'], ['AK3-3@3:PO1']],
    ['reports AK3-3 when LQ is missing from an LM loop closed by the next line', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'LM*AB', 'PO1*2*1*EA'], ['AK3-3@5:LQ']],
    ['reports AK3-3 when LQ is missing from an LM loop at the end of the set', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'LM*AB'], ['AK3-3@5:LQ']],
    ['reports AK3-3 when LQ is missing from an LM loop that repeats', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'LM*AB', 'LM*CD', 'LQ*1'], ['AK3-3@5:LQ']],
    ['reports AK3-4 once when the PO1 loop occurs a 4th time (max 3)', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PO1*2*1*EA', 'PO1*3*1*EA', 'PO1*4*1*EA', 'PID*F****X', 'CTT*4'], ['AK3-4@6:PO1']],
    ['reports AK3-4 when a nested N1 loop inside SLN exceeds 2', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'SLN*1**I', 'N1*ST*A', 'N1*ST*B', 'N1*ST*C'], ['AK3-4@7:N1']],
    ['reports AK3-5 for the 4th PER (max 3)', ['BEG*00*SA*PO-1**20240131', 'PER*BD', 'PER*BD', 'PER*BD', 'PER*BD', 'PO1*1*1*EA'], ['AK3-5@6:PER']],
    ['reports AK3-5 for the 3rd MEA within one PID loop (max 2)', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PID*F****X', 'MEA*WT*G*1', 'MEA*WT*G*2', 'MEA*WT*G*3'], ['AK3-5@7:MEA']],
    ['reports AK3-7 when REF comes after DTM in the header', ['BEG*00*SA*PO-1**20240131', 'DTM*002*20240201', 'REF*IA*1', 'PO1*1*1*EA'], ['AK3-7@4:REF']],
    ['reports AK3-7 when a header segment (CUR) comes inside a line', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'CUR*BY*USD', 'CTT*1'], ['AK3-7@4:CUR']],
    ['reports AK3-7 when BEG comes again after the lines', ['BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'BEG*00*SA*PO-1**20240131'], ['AK3-7@4:BEG']],
  ])('%s', (_name, body, expected) => {
    // Prepare
    const segments = set(...body);
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(expected);
  });

  it('recovers after one stray segment between lines: one diagnostic, the rest placed normally', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PID*F****X', 'ZZA*1', 'MEA*WT*G*1', 'PO1*2*1*EA', 'CTT*2');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(['AK3-6@5:ZZA']);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', segmentPosition: 5, segmentId: 'ZZA' });
    expect(diagnostics[0]!.message).toContain('not defined in transaction set 850');
  });

  it('recovers after an out-of-sequence segment without losing its place in the loop', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'N1*ST*A', 'REF*IA*1', 'N3*X', 'N1*BT*B', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(['AK3-7@4:REF']);
  });

  it('reports AK3-1 instead of AK3-6 when a dictionary of known ids is given and lacks the tag', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'ZZZ*1', 'CLM*1', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS, { knownSegmentIds: new Set(['CLM', 'BEG', 'PO1']) });
    // Assess
    expect(brief(diagnostics)).toEqual(['AK3-1@3:ZZZ', 'AK3-6@4:CLM']);
  });

  it('names the loop of a segment (AK303) in its diagnostics', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PID*F****X', 'MEA*WT*G*X1');
    // Act
    const [diagnostic] = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostic).toMatchObject({ code: 'AK4-6', segmentId: 'MEA', loopId: 'PID', elementPosition: 3 });
  });

  it('does not report a missing SE or ST (the envelope checker does)', () => {
    // Prepare
    const segments = set(...VALID_BODY).slice(1, -1);
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([]);
  });

  it('never emits AK3-8: element errors are AK4 diagnostics carrying their segment position', () => {
    // Prepare
    const segments = set('BEG*99*SA*PO-1**20240131', 'PO1*1*X*EA', 'CTT*1');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(codes(diagnostics)).toEqual(['AK4-7', 'AK4-6']);
    expect(diagnostics.map((d) => [d.segmentPosition, d.segmentId])).toEqual([[2, 'BEG'], [3, 'PO1']]);
  });
});

describe('validateTransactionSet — data elements (AK4)', () => {
  it.each<[string, string, Partial<Diagnostic>]>([
    ['reports AK4-1 when BEG03 (mandatory) is missing', 'BEG*00*SA***20240131', { code: 'AK4-1', elementPosition: 3, elementReference: '324' }],
    ['reports AK4-2 when PO102 is missing although PO103 is present (C0302)', 'PO1*1**EA', { code: 'AK4-2', elementPosition: 2, elementReference: '330' }],
    ['reports AK4-2 when PO107 is missing although PO106 is present (P0607)', 'PO1*1*1*EA***VP', { code: 'AK4-2', elementPosition: 7 }],
    ['reports AK4-3 when CUR has a third element', 'CUR*BY*USD*X', { code: 'AK4-3', elementPosition: 3, value: 'X' }],
    ['reports AK4-4 when REF01 is 1 character (min 2)', 'REF*I*1', { code: 'AK4-4', elementPosition: 1, value: 'I' }],
    ['reports AK4-5 when PO103 is longer than 2 characters', 'PO1*1*25*INVALID', { code: 'AK4-5', elementPosition: 3, elementReference: '355', value: 'INVALID', message: "PO103 'INVALID' is longer than 2 characters (max 2)" }],
    ['reports AK4-6 when PO102 is written with an exponent', 'PO1*1*1E3*EA', { code: 'AK4-6', elementPosition: 2, value: '1E3' }],
    ['reports AK4-6 when PO102 has two decimal points', 'PO1*1*1.2.3*EA', { code: 'AK4-6', elementPosition: 2 }],
    ['reports AK4-6 when PO102 has a plus sign', 'PO1*1*+5*EA', { code: 'AK4-6', elementPosition: 2 }],
    ['reports AK4-6 when CTT01 (N0) has a decimal point', 'CTT*1.5', { code: 'AK4-6', elementPosition: 1 }],
    ['reports AK4-7 when PO103 is not a known unit of measure', 'PO1*1*25*QX', { code: 'AK4-7', elementPosition: 3, elementReference: '355', value: 'QX' }],
    ['reports AK4-7 when BEG01 is not a known purpose code', 'BEG*99*SA*PO-1**20240131', { code: 'AK4-7', elementPosition: 1, value: '99' }],
    ['reports AK4-8 when BEG05 is 30 February', 'BEG*00*SA*PO-1**20240230', { code: 'AK4-8', elementPosition: 5, value: '20240230' }],
    ['reports AK4-8 when BEG05 is 29 February of a common year', 'BEG*00*SA*PO-1**20230229', { code: 'AK4-8', elementPosition: 5 }],
    ['reports AK4-8 when BEG05 is 29 February 1900', 'BEG*00*SA*PO-1**19000229', { code: 'AK4-8', elementPosition: 5 }],
    ['reports AK4-8 when BEG05 has month 13', 'BEG*00*SA*PO-1**20241301', { code: 'AK4-8', elementPosition: 5 }],
    ['reports AK4-8 when BEG05 is not numeric', 'BEG*00*SA*PO-1**2024013A', { code: 'AK4-8', elementPosition: 5 }],
    ['reports AK4-4 when BEG05 is a 6-digit date where 8 are required', 'BEG*00*SA*PO-1**240131', { code: 'AK4-4', elementPosition: 5 }],
    ['reports AK4-5 when BEG05 has 9 digits', 'BEG*00*SA*PO-1**202401311', { code: 'AK4-5', elementPosition: 5 }],
    ['reports AK4-9 when DTM03 has hour 24', 'DTM*002*20240131*2400', { code: 'AK4-9', elementPosition: 3, value: '2400' }],
    ['reports AK4-9 when DTM03 has minute 60', 'DTM*002*20240131*1260', { code: 'AK4-9', elementPosition: 3 }],
    ['reports AK4-9 when DTM03 has second 60', 'DTM*002*20240131*123060', { code: 'AK4-9', elementPosition: 3 }],
    ['reports AK4-9 when DTM03 has 5 digits', 'DTM*002*20240131*12300', { code: 'AK4-9', elementPosition: 3 }],
    ['reports AK4-4 when DTM03 has 3 digits (min 4)', 'DTM*002*20240131*123', { code: 'AK4-4', elementPosition: 3 }],
    ['reports AK4-10 when MEA08 and MEA03 are both present (E0803)', 'MEA*WT*G*10*****AB', { code: 'AK4-10', elementPosition: 8 }],
  ])('%s', (_name, line, expected) => {
    // Prepare
    const segments = set(...place(line));
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', ...expected });
  });

  it.each<[string, string, string[]]>([
    ['a negative decimal', 'PO1*1*-1.5*EA', []],
    ['a decimal with a leading point', 'PO1*1*.5*EA', []],
    ['a decimal with a trailing point', 'PO1*1*5.*EA', []],
    ['15 digits with a minus sign and a point (sign and point do not count)', 'PO1*1*-1234567890.12345*EA', []],
    ['16 digits (too long even without sign)', 'PO1*1*1234567890123456*EA', ['AK4-5']],
    ['a code with a trailing space', 'PO1*1*1*EA ', []],
    ['a number padded with spaces', 'PO1* 1*  12 *EA', []],
    ['an ID of spaces only (present but too short)', 'PO1*1*1*  ', ['AK4-4']],
    ['a number of spaces only (present but not numeric)', 'PO1*1* *EA', ['AK4-6']],
    ['an AN value longer than its max only because of surrounding spaces', 'PO1*  12345678901234567890  *1*EA', []],
    ['a component separator inside a non-composite element (data)', 'PO1*A>B*1*EA', []],
    ['a minus sign alone', 'PO1*1*-*EA', ['AK4-6']],
  ])('checks PO1 with %s', (_name, line, expected) => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', line, 'CTT*1');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(codes(diagnostics)).toEqual(expected);
  });

  it('accepts a valid 29 February and each valid time form', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240229', 'DTM*002*20000229*0000', 'DTM*002**2359', 'DTM*002**235959', 'DTM*002**2359599', 'DTM*002**23595999*UT', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([]);
  });

  it('treats a value of spaces as present for mandatory and syntax-note checks', () => {
    // Prepare: N102 of spaces satisfies R0203; AN accepts spaces
    const segments = set('BEG*00*SA*PO-1**20240131', 'N1*ST*   ', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([]);
  });

  it('validates ST and SE elements like any other segment', () => {
    // Prepare
    const segments = [seg('ST*850*1'), ...VALID_BODY.map((b) => seg(b)), seg('SE*X5*0001')];
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(['AK4-4@1:ST/2', 'AK4-6@5:SE/1']);
  });

  it('reports AK4-3 once for a segment with several surplus elements', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'CUR*BY*USD**X*Y*', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'AK4-3', segmentPosition: 3, elementPosition: 4, value: 'X', message: "CUR has 5 data elements, more than the 2 defined (CUR04 'X')" }),
    ]);
  });
});

describe('validateTransactionSet — syntax notes', () => {
  it.each<[string, string, string[]]>([
    ['P paired: PER03 without PER04 reports the missing PER04', 'PER*BD*ANN*TE', ['AK4-2@3:PER/4']],
    ['P paired: PER04 without PER03 reports the missing PER03', 'PER*BD*ANN**555', ['AK4-2@3:PER/3']],
    ['P paired: both present is fine', 'PER*BD*ANN*TE*555', []],
    ['R required: N1 with neither N102 nor N103 points at N102', 'N1*ST', ['AK4-2@3:N1/2']],
    ['R required: DTM with only a qualifier', 'DTM*002', ['AK4-2@3:DTM/2']],
    ['C conditional: DTM04 without DTM03 reports DTM03', 'DTM*002*20240101**UT', ['AK4-2@3:DTM/3']],
    ['C conditional: DTM03 without DTM04 is fine', 'DTM*002**1200', []],
    ['R required: REF with neither REF02 nor REF03', 'REF*IA', ['AK4-2@3:REF/2']],
  ])('%s', (_name, line, expected) => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', line, 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['L list conditional: MEA07 with MEA08 but none of MEA03/05/06 reports MEA03', 'MEA*WT*G*****X*AB', ['AK4-2@5:MEA/3']],
    ['R and L both pointing at MEA03 report it once', 'MEA*WT*G*****X', ['AK4-2@5:MEA/3']],
    ['L list conditional: MEA07 with MEA05 is fine', 'MEA*WT*G**EA*1**X', []],
    ['E exclusion: MEA03 and MEA08 both present flags MEA08', 'MEA*WT*G*10*****AB', ['AK4-10@5:MEA/8']],
    ['R required over four positions: MEA with none of 03/05/06/08', 'MEA*WT*G', ['AK4-2@5:MEA/3']],
    ['C conditional: MEA05 with the MEA04 composite is fine', 'MEA*WT*G**EA*5', []],
    ['C conditional: MEA05 without MEA04 composite reports MEA04', 'MEA*WT*G***5', ['AK4-2@5:MEA/4']],
  ])('%s', (_name, line, expected) => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'PID*F****X', line);
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(expected);
  });

  it('does not repeat a missing mandatory element as a conditional one', () => {
    // Prepare: C040 P0304 is checked; C04001 is mandatory and missing
    const segments = set('BEG*00*SA*PO-1**20240131', 'REF*IA*1**>X', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(['AK4-1@3:REF/4-1']);
  });
});

describe('validateTransactionSet — composites', () => {
  it.each<[string, string, string[]]>([
    ['a valid composite unit of measure', 'SLN*1**I*2*EA>1>2', []],
    ['a simple value in a composite position (one component)', 'SLN*1**I*2*EA', []],
    ['an unknown unit in SLN05-01 (AK4-7 with component position)', 'SLN*1**I*2*QX', ['AK4-7@4:SLN/5-1']],
    ['a non-numeric SLN05-02', 'SLN*1**I*2*EA>X', ['AK4-6@4:SLN/5-2']],
    ['a missing mandatory SLN05-01', 'SLN*1**I*2*>2', ['AK4-1@4:SLN/5-1']],
    ['seven components where C001 defines six (AK4-13)', 'SLN*1**I*2*EA>1>2>EA>1>2>X', ['AK4-13@4:SLN/5-7']],
    ['trailing empty components', 'SLN*1**I*2*EA>>>', []],
    ['a composite of separators only counts as absent (P0405 then applies)', 'SLN*1**I*2*>>', ['AK4-2@4:SLN/5']],
  ])('checks SLN with %s', (_name, line, expected) => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', line);
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(brief(diagnostics)).toEqual(expected);
  });

  it('reports composite syntax notes at the missing component (C040 P0304)', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'REF*IA*1**VN>2>DP', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'AK4-2', elementPosition: 4, componentPosition: 4, elementReference: '127', message: expect.stringContaining('REF04-04') }),
    ]);
  });

  it('names the component in the message and carries its dictionary id', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'PO1*1*1*EA', 'SLN*1**I*2*QX');
    // Act
    const [diagnostic] = validateTransactionSet(segments, MINI_850, DELIMITERS);
    // Assess
    expect(diagnostic).toMatchObject({ elementReference: '355', value: 'QX', message: "SLN05-01 'QX' is not a valid code for element 355", loopId: 'SLN' });
  });
});

describe('validateTransactionSet — 005010 repetitions', () => {
  it.each<[string, string, Delimiters, string[]]>([
    ['two repetitions of a composite that may repeat twice', 'REF*IA*1**VN:2^DP:3', DELIMITERS_5010, []],
    ['three repetitions where two are allowed (AK4-12)', 'REF*IA*1**VN:2^DP:3^ZZ:4', DELIMITERS_5010, ['AK4-12@3:REF/4']],
    ['an error inside the second repetition', 'REF*IA*1**VN:2^QQ:3', DELIMITERS_5010, ['AK4-7@3:REF/4-1']],
    ['a repetition separator in a non-repeating element (data)', 'REF*IA*A^B^C', DELIMITERS_5010, []],
    ['no repetition separator in the interchange (004010): the character is data', 'REF*IA*1**VN:2^DP:3', { ...DELIMITERS_5010, repetition: undefined }, ['AK4-4@3:REF/4-3', 'AK4-2@3:REF/4-4']],
  ])('checks REF with %s', (_name, line, delimiters, expected) => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', line, 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850_5010, delimiters);
    // Assess
    expect(brief(diagnostics)).toEqual(expected);
  });

  it('sets the repetition number on an error inside a repetition', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'REF*IA*1**VN:2^QQ:3', 'PO1*1*1*EA');
    // Act
    const [diagnostic] = validateTransactionSet(segments, MINI_850_5010, DELIMITERS_5010);
    // Assess
    expect(diagnostic).toMatchObject({ code: 'AK4-7', repetition: 2, componentPosition: 1, value: 'QQ' });
  });

  it('keeps a dash in data when the repetition separator is a dash and the element does not repeat (00406 ISA11 "-")', () => {
    // Prepare
    const segments = set('BEG*00*SA*PO-1**20240131', 'N1*ST*A-B*92*00-1', 'N4*CITY*GA*31139-0020', 'PO1*1*1*EA');
    // Act
    const diagnostics = validateTransactionSet(segments, MINI_850_5010, { ...DELIMITERS_5010, repetition: '-' });
    // Assess: N102 repeats (3) so 'A-B' is two repetitions, still valid; N104/N403 do not repeat
    expect(diagnostics).toEqual([]);
  });
});

describe('validateSegmentElements', () => {
  const envelope = getEnvelopeSchema('00401').schema;

  it.each<[string, string, string[]]>([
    ['a valid GS', 'GS*PO*SENDER*RECEIVER*20240131*1230*1*X*004010', []],
    ['a GS04 date of 6 digits (GS04 is CCYYMMDD in 004010)', 'GS*PO*SENDER*RECEIVER*240131*1230*1*X*004010', ['AK4-4']],
    ['a GS05 time out of range', 'GS*PO*SENDER*RECEIVER*20240131*2960*1*X*004010', ['AK4-9']],
    ['a GS05 time with hundredths', 'GS*PO*SENDER*RECEIVER*20240131*12300599*1*X*004010', []],
    ['a GS04 that is not a date', 'GS*PO*SENDER*RECEIVER*BAD_DATE*1230*1*X*004010', ['AK4-8']],
  ])('checks %s against the envelope definition', (_name, line, expected) => {
    // Prepare
    const gs = seg(line);
    // Act
    const diagnostics = validateSegmentElements(gs, envelope.segments.GS!, envelope, DELIMITERS, 0);
    // Assess
    expect(codes(diagnostics)).toEqual(expected);
  });

  it('checks ISA09 as a 6-digit YYMMDD date', () => {
    // Prepare
    const good = seg('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1230*U*00401*000000001*0*P*>');
    const bad = seg('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240231*1230*U*00401*000000001*0*P*>');
    // Act
    const ok = validateSegmentElements(good, envelope.segments.ISA!, envelope, DELIMITERS, 0);
    const wrong = validateSegmentElements(bad, envelope.segments.ISA!, envelope, DELIMITERS, 0);
    // Assess
    expect(ok).toEqual([]);
    expect(wrong).toEqual([expect.objectContaining({ code: 'AK4-8', elementPosition: 9, value: '240231', segmentId: 'ISA' })]);
  });

  it('reports the position and loop it is given', () => {
    // Prepare
    const po1 = seg('PO1*1*1*QX');
    // Act
    const diagnostics = validateSegmentElements(po1, MINI_850.segments.PO1!, MINI_850, DELIMITERS, 7, 'PO1');
    // Assess
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'AK4-7', message: "PO103 'QX' is not a valid code for element 355", segmentPosition: 7, segmentId: 'PO1', elementPosition: 3, elementReference: '355', value: 'QX', loopId: 'PO1' },
    ]);
  });
});

// ── Real files with the generated schemas ──────────────────────────────────────────────────────

interface ReadSet {
  setId: string;
  segments: Segment[];
  schemaVersion: string;
  delimiters: Delimiters;
}

/** Minimal reader for well-formed corpus files: delimiters from fixed ISA positions, one segment per terminator. */
function readSets(file: string): ReadSet[] {
  let text = readFileSync(`${CORPUS_DIR}/${file}`, 'utf8');
  text = text.slice(text.indexOf('ISA'));
  const element = text[3]!;
  const component = text[104]!;
  const terminator = text[105] === '\r' || text[105] === '\n' ? '\n' : text[105]!;
  const isa = text.slice(0, 106).split(element);
  const repetition = isa[12]! >= '00402' ? isa[11] : undefined;
  const delimiters: Delimiters = { element, component, segment: terminator, ...(repetition ? { repetition } : {}) };
  const sets: ReadSet[] = [];
  let gs08 = '';
  let current: Segment[] | undefined;
  for (const raw of text.split(terminator)) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(element);
    const segment = { tag: parts[0]!, elements: parts.slice(1) };
    if (segment.tag === 'GS') gs08 = segment.elements[7] ?? '';
    if (segment.tag === 'ST') current = [];
    current?.push(segment);
    if (segment.tag === 'SE' && current) {
      sets.push({ setId: current[0]!.elements[0]!, segments: current, schemaVersion: gs08, delimiters });
      current = undefined;
    }
  }
  return sets;
}

function validateFile(file: string): Diagnostic[][] {
  return readSets(file).map((s) => {
    const found = getTransactionSetSchema(s.setId, s.schemaVersion);
    if (!found) throw new Error(`no schema for ${s.setId}`);
    return validateTransactionSet(s.segments, found.schema, s.delimiters);
  });
}

describe.skipIf(!HAS_CORPUS)(`validateTransactionSet — corpus files with the generated schemas ${NEEDS_CORPUS}`, () => {
  it('reports AK4-5 for PO103 INVALID in edifabric-850-invalid-uom.edi and nothing else', () => {
    // Prepare
    const file = '850/edifabric-850-invalid-uom.edi';
    // Act
    const [diagnostics] = validateFile(file);
    // Assess
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'AK4-5',
        message: "PO103 'INVALID' is longer than 2 characters (max 2)",
        segmentPosition: 8,
        segmentId: 'PO1',
        elementPosition: 3,
        elementReference: '355',
        value: 'INVALID',
        loopId: 'PO1',
      },
    ]);
  });

  it.each([
    '850/nodex12-850-vics.edi',
    '850/nodex12-850-petco.edi',
    '850/ediengine-850-sln-composite.edi',
    '850/bots-850-canadian-cad.edi',
    '850/bots-850-pipe-elem.edi',
    '850/flextronics-850-pipe-term.edi',
    '850/oop-850-adobe-tlp.edi',
    '850/oop-850-sitestuff.edi',
    '855/bots-855-safeway-ucs.edi',
    '855/oop-855-adobe.edi',
    '856/nodex12-856-4060.edi',
    '856/ediengine-856-crossdock.edi',
    '856/oop-856-steel-tilde.edi',
    '856/oop-856-davidyurman.edi',
    '856/bots-856-sopi-retail.edi',
    '997/staedi-997-5010-simple.edi',
    '997/bots-997-ak4-composite.edi',
    '997/bots-997-multi-st-reject.edi',
    '997/bots-generated-997-4sets.edi',
  ])('finds no problem in %s', (file) => {
    // Act
    const results = validateFile(file);
    // Assess
    expect(results.length).toBeGreaterThan(0);
    expect(results.flat()).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['997/staedi-997-invalid-min.edi', ['AK4-5@2:AK1/1']],
    ['997/staedi-997-empty-ST03.edi', ['AK3-3@2:AK1', 'AK3-3@2:AK9']],
    ['other/oop-865-advanceauto.edi', ['AK4-5@6:DTM/2']],
    ['850/edifabric-850-multi-st.edi', ['AK4-5@9:PO1/3']],
    // Codes outside the dictionary's list, reported on every ID element that has one (warnings by policy).
    ['855/nodex12-855-book.edi', ['AK4-7@4:REF/1']],
    ['855/edifabric-855-kohls.edi', ['AK4-7@4:N1/3']],
  ])('reports the known problems of %s', (file, expected) => {
    // Act
    const results = validateFile(file);
    // Assess
    expect(results.flatMap(brief)).toEqual(expected);
  });
});

describe.skipIf(!HAS_CORPUS)(`validateTransactionSet — edited corpus files with the generated schemas ${NEEDS_CORPUS}`, () => {
  let original: ReadSet | undefined;
  beforeAll(() => {
    [original] = readSets('850/nodex12-850-vics.edi');
  });
  const schema = getTransactionSetSchema('850', '004010VICS')!.schema;

  /** The VICS 850 with `edit` applied to its segment list (ST … SE). */
  function edited(edit: (segments: Segment[]) => Segment[]): Diagnostic[] {
    return validateTransactionSet(edit([...original!.segments]), schema, original!.delimiters);
  }

  const firstIndex = (segments: Segment[], tag: string) => segments.findIndex((s) => s.tag === tag);

  it('reports one AK3-6 for a partner segment inserted after the first PO1', () => {
    // Act
    const diagnostics = edited((s) => {
      s.splice(firstIndex(s, 'PO1') + 1, 0, seg('ZZP*PARTNER*DATA'));
      return s;
    });
    // Assess
    expect(codes(diagnostics)).toEqual(['AK3-6']);
  });

  it('reports one AK3-7 for a BEG repeated inside the lines', () => {
    // Act
    const diagnostics = edited((s) => {
      const beg = s[firstIndex(s, 'BEG')]!;
      s.splice(firstIndex(s, 'PO1') + 1, 0, beg);
      return s;
    });
    // Assess
    expect(codes(diagnostics)).toEqual(['AK3-7']);
  });

  it('reports AK3-3 for BEG removed from the header', () => {
    // Act
    const diagnostics = edited((s) => s.filter((x) => x.tag !== 'BEG'));
    // Assess
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'AK3-3', segmentId: 'BEG', segmentPosition: 2 })]);
  });

  it('reports AK3-3 for a set with no PO1 loop', () => {
    // Act
    const diagnostics = edited((s) => s.filter((x) => !['PO1', 'PID', 'PO4'].includes(x.tag)));
    // Assess
    expect(codes(diagnostics)).toEqual(['AK3-3']);
    expect(diagnostics[0]).toMatchObject({ segmentId: 'PO1', loopId: 'PO1' });
  });
});
