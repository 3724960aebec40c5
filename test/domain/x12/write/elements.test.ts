import { describe, expect, it } from 'vitest';
import { date, decimal, integer, segment, setControlNumber, text, time } from '#domain/x12/write/elements.ts';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';

describe('element formatting', () => {
  it.each([
    [12.5, '12.5'],
    [12.0, '12'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '0.0000001'],
    [123456789012, '123456789012'],
    [-3.25, '-3.25'],
    [-0, '0'],
  ])('writes the decimal %s as %s (no exponent, no trailing zeros)', (n, expected) => {
    expect(decimal(n, 'X')).toBe(expected);
  });

  it('refuses non-finite numbers and fractional whole numbers', () => {
    expect(() => decimal(Number.NaN, 'PO102')).toThrow(InvalidDocumentError);
    expect(() => integer(1.5, 'CTT01')).toThrow(/whole number/);
  });

  it('refuses a decimal with more digits than its element allows (PO102 R 1-15)', () => {
    expect(() => segment('PO1', ['1', decimal(0.1 + 0.2, 'PO102'), 'EA'])).toThrow(/PO102/);
  });

  it('converts ISO dates and times to CCYYMMDD and HHMM[SS]', () => {
    expect(date('2024-02-29', 'DTM02')).toBe('20240229');
    expect(() => date('2023-02-29', 'DTM02')).toThrow(/DTM02/);
    expect(() => date('20240229', 'DTM02')).toThrow(/ISO/);
    expect(time('07:05', 'BSN04')).toBe('0705');
    expect(time('23:59:58', 'BSN04')).toBe('235958');
    expect(() => time('24:00', 'BSN04')).toThrow(/BSN04/);
  });

  it('truncates free text at the element maximum and pads to the minimum', () => {
    expect(text('N'.repeat(70), '93')).toHaveLength(60);
    expect(text('X', '19')).toBe('X ');
    expect(text('   ', '93')).toBeUndefined();
  });

  it('pads numeric set control numbers to 4 digits and refuses bad ones', () => {
    expect(setControlNumber(7)).toBe('0007');
    expect(setControlNumber(123456)).toBe('123456');
    expect(setControlNumber('000000123')).toBe('000000123');
    expect(() => setControlNumber(0)).toThrow(/ST02/);
    expect(() => setControlNumber('12')).toThrow(/ST02/);
  });

  it('checks mandatory elements and syntax notes', () => {
    expect(() => segment('N1', ['ST'])).toThrow(/R0203/);
    expect(() => segment('N1', ['ST', 'NAME', '92'])).toThrow(/P0304/);
    expect(() => segment('BSN', ['00', 'SHIP1', '20240101'])).toThrow(/BSN04/);
    expect(segment('N1', ['ST', undefined, '92', 'DC12'])).toEqual({ tag: 'N1', elements: ['ST', '', '92', 'DC12'] });
  });
});
