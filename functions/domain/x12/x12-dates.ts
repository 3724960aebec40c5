/**
 * X12 DT and TM values (X12.6 data element types): the one place that knows how an X12 date or
 * time looks, which century a two-digit year is in, and which date length each release uses.
 * The envelope reader, the validator, the mappers and the writers all use it.
 *
 * - DT: `CCYYMMDD` (8 digits) or `YYMMDD` (6), a real calendar date.
 * - TM: `HHMM`, `HHMMSS`, `HHMMSSd` or `HHMMSSdd`, 24-hour clock.
 * - Century window: a two-digit year below {@link CENTURY_PIVOT} is 20YY, any other 19YY.
 * - Date length by release: up to 003070 a DT element is `YYMMDD`; from 004010 on most DT elements
 *   are `CCYYMMDD`, but ISA09 (element I08) is `YYMMDD` in every version.
 *
 * The checks take a `start`/`end` range so the validator can test a padded value without slicing.
 */

/** Two-digit years below this pivot are read as 20YY, the others as 19YY. */
export const CENTURY_PIVOT = 50;

const ZERO = 48;
const NINE = 57;

/** True when `v[start, end)` is one or more ASCII digits (the characters DT and TM allow). */
export function allDigits(v: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

function twoDigits(v: string, i: number): number {
  return (v.charCodeAt(i) - ZERO) * 10 + (v.charCodeAt(i + 1) - ZERO);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The four-digit year of a two-digit X12 year, by the century window. */
export function windowYear(yy: number): number {
  return yy < CENTURY_PIVOT ? 2000 + yy : 1900 + yy;
}

/** The calendar year of the DT value `v[start, end)` (8 or 6 digits, already known to be digits). */
function yearOf(v: string, start: number, length: 6 | 8): number {
  return length === 8 ? twoDigits(v, start) * 100 + twoDigits(v, start + 2) : windowYear(twoDigits(v, start));
}

/**
 * True when `v[start, end)` is an X12 DT value: 8 digits `CCYYMMDD` or 6 digits `YYMMDD` (its
 * year by the century window) naming a real calendar date. `length` restricts it to one form.
 */
export function isX12Date(v: string, start = 0, end = v.length, length?: 6 | 8): boolean {
  const n = end - start;
  if ((n !== 6 && n !== 8) || (length !== undefined && n !== length) || !allDigits(v, start, end)) return false;
  const month = twoDigits(v, end - 4);
  const day = twoDigits(v, end - 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(yearOf(v, start, n), month);
}

/** True when `v[start, end)` is an X12 TM value: HHMM, HHMMSS, HHMMSSd or HHMMSSdd with valid hours, minutes and seconds. */
export function isX12Time(v: string, start = 0, end = v.length): boolean {
  const n = end - start;
  if ((n !== 4 && n !== 6 && n !== 7 && n !== 8) || !allDigits(v, start, end)) return false;
  if (twoDigits(v, start) > 23 || twoDigits(v, start + 2) > 59) return false;
  return n === 4 || twoDigits(v, start + 4) <= 59;
}

/** How the DT forms an element of this minimum length accepts are named in a message. */
export function dateFormatName(minLength: number): string {
  return minLength <= 6 ? 'CCYYMMDD or YYMMDD' : 'CCYYMMDD';
}

export { dateLengthOf } from '#schemas/x12/date-length.ts';

/** X12 DT (`CCYYMMDD`, or `YYMMDD` by the century window; surrounding spaces ignored) → `YYYY-MM-DD`; undefined when not a date. */
export function isoDateFromX12(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = raw.length === 8 || raw.length === 6 ? raw : raw.trim();
  if (!isX12Date(v)) return undefined;
  const year = v.length === 8 ? v.slice(0, 4) : String(windowYear(twoDigits(v, 0)));
  return `${year}-${v.slice(-4, -2)}-${v.slice(-2)}`;
}

/** X12 TM → `HH:MM` or `HH:MM:SS` (decimal seconds dropped; surrounding spaces ignored); undefined when not a time. */
export function isoTimeFromX12(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (!isX12Time(v)) return undefined;
  const hm = `${v.slice(0, 2)}:${v.slice(2, 4)}`;
  return v.length >= 6 ? `${hm}:${v.slice(4, 6)}` : hm;
}

/** `YYYY-MM-DD` → X12 DT `CCYYMMDD`; undefined when `iso` is not a calendar date in that form. */
export function x12DateFromIso(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) return undefined;
  const compact = `${m[1]}${m[2]}${m[3]}`;
  return isX12Date(compact) ? compact : undefined;
}

/** `CCYYMMDD` → `YYMMDD` of the same day (ISA09, TA102); the value unchanged when it is not 8 digits. */
export function shortX12Date(value: string): string {
  return value.length === 8 && allDigits(value, 0, 8) ? value.slice(2) : value;
}

/** `HH:MM` or `HH:MM:SS` → X12 TM `HHMM` / `HHMMSS`; undefined when not a time of day. */
export function x12TimeFromIso(value: string): string | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(value);
  return m === null ? undefined : `${m[1]}${m[2]}${m[3] ?? ''}`;
}
