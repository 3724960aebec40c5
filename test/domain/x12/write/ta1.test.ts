import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '#domain/x12/types.ts';
import { acknowledgeInterchange, buildTa1 } from '#domain/x12/write/ta1.ts';

describe('buildTa1', () => {
  it('writes TA101 zero-padded, TA102 YYMMDD, TA103 HHMM, TA104 and TA105', () => {
    expect(buildTa1(4471, '20240301', '2359', 'A', '000')).toEqual({ tag: 'TA1', elements: ['000004471', '240301', '2359', 'A', '000'] });
  });

  it('refuses a note code X12 does not define (I18)', () => {
    expect(() => buildTa1('1', '240301', '2359', 'R', '099')).toThrow(/TA105/);
  });
});

describe('acknowledgeInterchange', () => {
  const d = (code: Diagnostic['code'], severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ code, severity, message: code });
  it.each([
    { diagnostics: [], expected: ['A', '000'] },
    { diagnostics: [d('W-version', 'warning'), d('AK9-5')], expected: ['A', '000'] },
    { diagnostics: [d('TA1-006', 'warning')], expected: ['E', '006'] },
    { diagnostics: [d('TA1-006', 'warning'), d('TA1-022')], expected: ['R', '022'] },
  ])('answers $expected for its TA1 diagnostics', ({ diagnostics, expected }) => {
    expect(acknowledgeInterchange({ isa13: '000000001', date: '240301', time: '1200', diagnostics }).elements.slice(3)).toEqual(expected);
  });
});
