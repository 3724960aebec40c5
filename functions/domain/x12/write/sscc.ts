import { InvalidDocumentError } from './errors.ts';

/**
 * GS1 mod-10 check digit of a digit string: from the rightmost digit leftwards, weights 3, 1, 3, …;
 * the check digit brings the weighted sum up to a multiple of 10 (GS1 General Specifications 7.9.1).
 */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new InvalidDocumentError(`'${digits}' is not a digit string`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const weight = (digits.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Builds an SSCC-18 (Serial Shipping Container Code, the value of an 856 `MAN*GM` label):
 * extension digit (1) + GS1 company prefix + serial reference (together 16 digits) + the GS1
 * mod-10 check digit. Example: `sscc18(0, '0614141', '123456789')` → `006141411234567890`.
 *
 * @throws InvalidDocumentError when the parts are not digits of the right lengths.
 */
export function sscc18(extensionDigit: string | number, companyPrefix: string, serialReference: string): string {
  const extension = String(extensionDigit);
  if (!/^\d$/.test(extension)) throw new InvalidDocumentError(`extension digit '${extension}' must be one digit`, 'SSCC');
  if (!/^\d{6,12}$/.test(companyPrefix)) throw new InvalidDocumentError(`company prefix '${companyPrefix}' must be 6-12 digits`, 'SSCC');
  if (!/^\d+$/.test(serialReference)) throw new InvalidDocumentError(`serial reference '${serialReference}' must be digits`, 'SSCC');
  const body = `${extension}${companyPrefix}${serialReference}`;
  if (body.length !== 17) {
    throw new InvalidDocumentError(`company prefix and serial reference must together be 16 digits, got ${body.length - 1}`, 'SSCC');
  }
  return `${body}${gs1CheckDigit(body)}`;
}

/** True when `value` is exactly 18 digits whose last digit is the GS1 check digit of the first 17. */
export function isValidSscc18(value: string): boolean {
  return /^\d{18}$/.test(value) && gs1CheckDigit(value.slice(0, 17)) === Number(value[17]);
}

/** GS1 application identifier of an SSCC (the `(00)` a GS1-128 label prints before the 18 digits). */
export const SSCC_APPLICATION_IDENTIFIER = '00';

/**
 * The MAN02 value of a container label by its MAN01 qualifier (element 88): `GM` is the SSCC-18
 * with its application identifier (`00` + 18 digits, as the GS1-128 barcode encodes it), `AA` the
 * bare 18-digit SSCC.
 */
export function manValueOf(qualifier: 'GM' | 'AA', sscc: string): string {
  return qualifier === 'GM' ? `${SSCC_APPLICATION_IDENTIFIER}${sscc}` : sscc;
}

/** Refuses a `MAN*GM` value that is not `00` + a valid SSCC-18. */
export function assertGmLabel(value: string, ref = 'MAN02'): void {
  if (!value.startsWith(SSCC_APPLICATION_IDENTIFIER) || value.length !== 20) throw new InvalidDocumentError(`MAN*GM '${value}' must be the application identifier 00 followed by the 18-digit SSCC`, ref);
  assertSscc18(value.slice(2), ref);
}

/**
 * Refuses an SSCC-18 we are about to send that is not 18 digits with a valid check digit. The
 * GS1 application identifier `00` is not part of it (`MAN*AA` carries these 18 digits; `MAN*GM`
 * prefixes them with `00`, {@link manValueOf}).
 */
export function assertSscc18(value: string, ref = 'MAN02'): void {
  if (!/^\d{18}$/.test(value)) throw new InvalidDocumentError(`SSCC '${value}' must be exactly 18 digits`, ref);
  if (!isValidSscc18(value)) {
    throw new InvalidDocumentError(`SSCC '${value}' has check digit ${value[17]}; expected ${gs1CheckDigit(value.slice(0, 17))}`, ref);
  }
}
