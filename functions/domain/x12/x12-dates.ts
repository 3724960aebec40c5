/**
 * X12 DT and TM values (X12.6): dates CCYYMMDD or YYMMDD, times HHMM[SS[d[d]]].
 * Two-digit years use a fixed window: 00–69 → 20xx, 70–99 → 19xx.
 */

/** True when `value` is a real calendar date of the given length (6 = YYMMDD, 8 = CCYYMMDD). */
export function isValidX12Date(value: string, length: 6 | 8): boolean {
  if (value.length !== length || !/^\d+$/.test(value)) return false;
  const year = length === 8 ? Number(value.slice(0, 4)) : windowYear(Number(value.slice(0, 2)));
  const month = Number(value.slice(length - 4, length - 2));
  const day = Number(value.slice(length - 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when `value` is HHMM, HHMMSS, HHMMSSd or HHMMSSdd with valid hours, minutes and seconds. */
export function isValidX12Time(value: string): boolean {
  if (value.length < 4 || value.length > 8 || value.length === 5 || !/^\d+$/.test(value)) return false;
  const hh = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const ss = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return hh <= 23 && mm <= 59 && ss <= 59;
}

/** CCYYMMDD or YYMMDD → `YYYY-MM-DD`; undefined when not a valid date. */
export function isoDateFromX12(value: string): string | undefined {
  if (value.length === 8 && isValidX12Date(value, 8)) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (value.length === 6 && isValidX12Date(value, 6)) {
    return `${windowYear(Number(value.slice(0, 2)))}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
  }
  return undefined;
}

/** HHMM[SS…] → `HH:MM` or `HH:MM:SS`; undefined when not a valid time. */
export function isoTimeFromX12(value: string): string | undefined {
  if (!isValidX12Time(value)) return undefined;
  const hm = `${value.slice(0, 2)}:${value.slice(2, 4)}`;
  return value.length >= 6 ? `${hm}:${value.slice(4, 6)}` : hm;
}

/** `YYYY-MM-DD` → CCYYMMDD. */
export function x12DateFromIso(iso: string): string {
  return iso.replaceAll('-', '');
}

function windowYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
