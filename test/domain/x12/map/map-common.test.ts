import { describe, expect, it } from 'vitest';
import {
  componentOf,
  firstRepetition,
  readDateTime,
  readProductIds,
  readReference,
  toDecimal,
  toImpliedDecimal,
  toIsoDate,
  toIsoTime,
} from '#domain/x12/map/map-common.ts';
import { inlineSegments } from './support.ts';

const seg = (text: string) => {
  const s = inlineSegments(text).segments[0];
  if (s === undefined) throw new Error('no segment');
  return s;
};

describe('toIsoDate', () => {
  it.each([
    ['20101127', '2010-11-27'],
    ['20240229', '2024-02-29'],
    [' 20101127 ', '2010-11-27'],
  ])('reads CCYYMMDD %s as %s', (raw, iso) => {
    expect(toIsoDate(raw)).toBe(iso);
  });

  it.each([
    ['181120', '2018-11-20'],
    ['490101', '2049-01-01'],
    ['500101', '1950-01-01'],
    ['991231', '1999-12-31'],
  ])('reads 6-digit YYMMDD %s with the century window as %s', (raw, iso) => {
    expect(toIsoDate(raw)).toBe(iso);
  });

  it.each(['200902164', '2009021', 'PO DATE', '20231301', '20230230', '20230229', '20230100', '', '2023-01-01'])(
    'returns undefined for %j, which is not a real X12 date',
    (raw) => {
      expect(toIsoDate(raw)).toBeUndefined();
    },
  );

  it('returns undefined for an absent value', () => {
    expect(toIsoDate(undefined)).toBeUndefined();
  });
});

describe('toIsoTime', () => {
  it.each([
    ['1719', '17:19'],
    ['195335', '19:53:35'],
    ['1643470', '16:43:47'],
    ['16434712', '16:43:47'],
  ])('reads TM %s as %s', (raw, iso) => {
    expect(toIsoTime(raw)).toBe(iso);
  });

  it.each(['2400', '1260', '123', '12a0', '295335', '120060', ''])('returns undefined for the impossible or malformed time %j', (raw) => {
    expect(toIsoTime(raw)).toBeUndefined();
  });
});

describe('toDecimal (R)', () => {
  it.each([
    ['9.25', 9.25],
    ['120', 120],
    ['-3.5', -3.5],
    ['.5', 0.5],
    [' 42 ', 42],
    ['0000000.00', 0],
  ])('reads %j as %d', (raw, n) => {
    expect(toDecimal(raw)).toBe(n);
  });

  it.each(['', 'EA', '1,000', '0x1A', '1e5', '1.2.3', '-', 'Infinity', '12-'])('returns undefined for the non-numeric %j', (raw) => {
    expect(toDecimal(raw)).toBeUndefined();
  });
});

describe('toImpliedDecimal (Nn)', () => {
  it('places the implied decimal point of an N2 value', () => {
    expect(toImpliedDecimal('1234', 2)).toBe(12.34);
    expect(toImpliedDecimal('-500', 2)).toBe(-5);
    expect(toImpliedDecimal('7', 2)).toBe(0.07);
  });

  it('reads N0 as an integer, leading zeros ignored', () => {
    expect(toImpliedDecimal('000001', 0)).toBe(1);
  });

  it('reads a value sent with an explicit decimal point as written', () => {
    expect(toImpliedDecimal('12.34', 2)).toBe(12.34);
  });

  it('returns undefined for a blank or garbled value', () => {
    expect(toImpliedDecimal('', 2)).toBeUndefined();
    expect(toImpliedDecimal('AB', 2)).toBeUndefined();
  });
});

describe('componentOf and firstRepetition', () => {
  it('splits a composite by the component separator', () => {
    expect(componentOf('PC>11.1>12.2>EA', '>', 1)).toBe('PC');
    expect(componentOf('PC>11.1>12.2>EA', '>', 4)).toBe('EA');
    expect(componentOf('2:1', ':', 2)).toBe('1');
  });

  it('returns undefined for a missing or blank component', () => {
    expect(componentOf('8', ':', 2)).toBeUndefined();
    expect(componentOf('PC>>X', '>', 2)).toBeUndefined();
    expect(componentOf(undefined, ':', 1)).toBeUndefined();
  });

  it('takes the first repetition only when the interchange declares a repetition separator', () => {
    expect(firstRepetition('A^B', { element: '*', component: ':', segment: '~', repetition: '^' })).toBe('A');
    expect(firstRepetition('A^B', { element: '*', component: ':', segment: '~' })).toBe('A^B');
  });
});

describe('segment readers', () => {
  it('reads product id pairs and skips pairs missing a half', () => {
    expect(readProductIds(seg('PO1*1*120*EA*9.25*TE*CB*065322-117**RO*VN*AB3542*UP'), 6, 10)).toEqual([
      { qualifier: 'CB', value: '065322-117' },
      { qualifier: 'VN', value: 'AB3542' },
    ]);
  });

  it('stops product ids after the maximum number of pairs', () => {
    expect(readProductIds(seg('LIN*1*BP*A*VP*B*UP*C'), 2, 2)).toEqual([
      { qualifier: 'BP', value: 'A' },
      { qualifier: 'VP', value: 'B' },
    ]);
  });

  it('reads a REF carrying only REF03 with an empty value', () => {
    expect(readReference(seg('REF*ZZ**FREE TEXT'))).toEqual({ qualifier: 'ZZ', value: '', description: 'FREE TEXT' });
    expect(readReference(seg('REF*ZZ'))).toBeUndefined();
  });

  it('reads DTM date and time, and DTM05/06 D8, RD8 and DT periods when DTM02 is absent', () => {
    expect(readDateTime(seg('DTM*011*190214*1321'))).toEqual({ qualifier: '011', date: '2019-02-14', time: '13:21' });
    expect(readDateTime(seg('DTM*002****D8*20240105'))).toEqual({ qualifier: '002', date: '2024-01-05' });
    expect(readDateTime(seg('DTM*002****RD8*20240105-20240110'))).toEqual({ qualifier: '002', date: '2024-01-05' });
    expect(readDateTime(seg('DTM*002****DT*202401051230'))).toEqual({ qualifier: '002', date: '2024-01-05', time: '12:30' });
  });

  it('drops a DTM whose date cannot be read', () => {
    expect(readDateTime(seg('DTM*038*200902164'))).toBeUndefined();
    expect(readDateTime(seg('DTM'))).toBeUndefined();
  });
});
