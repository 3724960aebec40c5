import { describe, expect, it } from 'vitest';
import { dateLengthOf, isoDateFromX12, isX12Date, isX12Time, shortX12Date, windowYear, x12DateFromIso, x12TimeFromIso } from '#domain/x12/x12-dates.ts';

describe('x12 dates: one century window', () => {
  it.each([
    [0, 2000],
    [49, 2049],
    [50, 1950],
    [99, 1999],
  ])('reads the two-digit year %i as %i', (yy, year) => {
    expect(windowYear(yy)).toBe(year);
  });

  it('reads YYMMDD through the window, leap days included', () => {
    expect(isoDateFromX12('000229')).toBe('2000-02-29');
    expect(isoDateFromX12('960229')).toBe('1996-02-29');
    expect(isoDateFromX12('970229')).toBeUndefined();
  });

  it('checks a range of a padded value without slicing it', () => {
    expect(isX12Date(' 20240229 ', 1, 9)).toBe(true);
    expect(isX12Date('20240229', 0, 8, 6)).toBe(false);
    expect(isX12Time(' 2359 ', 1, 5)).toBe(true);
    expect(isX12Time('2400')).toBe(false);
  });
});

describe('x12 dates: date length by release', () => {
  it.each([
    ['00401', 'I08', 6],
    ['00501', 'I08', 6],
    ['003060', undefined, 6],
    ['002040', '373', 6],
    ['004010VICS', '373', 8],
    ['005010X220', undefined, 8],
  ] as const)('%s element %s is %i digits', (version, element, length) => {
    expect(dateLengthOf(version, element)).toBe(length);
  });
});

describe('x12 dates: writing', () => {
  it('writes ISO dates as CCYYMMDD and shortens CCYYMMDD to YYMMDD for ISA09 and TA102', () => {
    expect(x12DateFromIso('2024-02-29')).toBe('20240229');
    expect(x12DateFromIso('2023-02-29')).toBeUndefined();
    expect(shortX12Date('20261123')).toBe('261123');
    expect(shortX12Date('261123')).toBe('261123');
    expect(x12TimeFromIso('07:05')).toBe('0705');
    expect(x12TimeFromIso('24:00')).toBeUndefined();
  });
});
