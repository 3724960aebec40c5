import { describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';
import { assertSscc18, gs1CheckDigit, isValidSscc18, sscc18 } from '#domain/x12/write/sscc.ts';

describe('sscc18', () => {
  // GS1 General Specifications example (00) 1 0614141 123456789 7, and the GS1 Germany
  // example 3 7610425 002123456 9. Note: extension 0 with the same prefix and serial gives check
  // digit 0 (sum of weights 140), not 8 — 006141411234567898 is NOT a valid SSCC.
  it.each([
    { extension: 1, prefix: '0614141', serial: '123456789', expected: '106141411234567897' },
    { extension: 3, prefix: '7610425', serial: '002123456', expected: '376104250021234569' },
    { extension: 0, prefix: '0614141', serial: '123456789', expected: '006141411234567890' },
    { extension: '0', prefix: '0614141999', serial: '000001', expected: '006141419990000019' },
  ])('computes the GS1 mod-10 check digit: $expected', ({ extension, prefix, serial, expected }) => {
    expect(sscc18(extension, prefix, serial)).toBe(expected);
    expect(isValidSscc18(expected)).toBe(true);
  });

  it('computes the GTIN-13 check digit of 400638133393 as 1 (same GS1 algorithm)', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
  });

  it.each([
    ['006141411234567898', 'wrong check digit'],
    ['00614141123456789', '17 digits'],
    ['00006141411234567890', '20 digits (application identifier 00 included)'],
    ['0061414112345678A0', 'a letter'],
  ])('rejects %s (%s)', (value) => {
    expect(isValidSscc18(value)).toBe(false);
    expect(() => assertSscc18(value)).toThrow(InvalidDocumentError);
  });

  it('refuses parts that do not add up to 17 digits before the check digit', () => {
    expect(() => sscc18(0, '0614141', '12345678')).toThrow(/16 digits/);
    expect(() => sscc18(10, '0614141', '123456789')).toThrow(/one digit/);
    expect(() => sscc18(0, '06A4141', '123456789')).toThrow(/company prefix/);
  });
});
