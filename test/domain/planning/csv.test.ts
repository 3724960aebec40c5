import { describe, expect, it } from 'vitest';
import { parseCsv } from '#domain/planning/csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it.each([
    ['plain fields, LF', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF line ends', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a quoted comma', 'a,b\r\n"x, y",2', [['a', 'b'], ['x, y', '2']]],
    ['doubled quotes inside quotes', 'a\n"say ""hi"""', [['a'], ['say "hi"']]],
    ['a line break inside quotes', 'a,b\n"two\r\nlines",2\n', [['a', 'b'], ['two\r\nlines', '2']]],
    ['empty trailing field', 'a,b,\n', [['a', 'b', '']]],
    ['a BOM and blank lines', '\uFEFFa\n\n1\n', [['a'], ['1']]],
  ])('reads %s', (_name, text, expected) => {
    const result = parseCsv(text);
    expect(result.ok && result.records.map((r) => r.fields)).toEqual(expected);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const result = parseCsv('h\n"a\nb"\nc\n');
    expect(result.ok && result.records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(parseCsv('a\n"open\n')).toEqual({ ok: false, line: 2, message: 'unterminated quoted field' });
  });
});
