/**
 * Calendar arithmetic for planning, on ISO strings and UTC milliseconds only (no clock: `now` is
 * always an argument). Dates are `YYYY-MM-DD`, instants ISO 8601 with an offset or `Z`.
 */

import { isIsoDate } from '#schemas/records/planning-state.ts';

export { isIsoDate };

const DAY_MS = 86_400_000;

function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch of an ISO instant (throws on text that is not one). */
export function instantMs(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${instant}`);
  return ms;
}

/** ISO instant (`…Z`) of epoch milliseconds. */
export function toInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC calendar date of an instant. */
export function dateOfInstant(instant: string): string {
  return formatDate(instantMs(instant));
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

export function addHours(instant: string, hours: number): string {
  return toInstant(instantMs(instant) + hours * 3_600_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}

/** The Monday of the ISO week that holds `date`. */
export function weekStartOf(date: string): string {
  const ms = parseDate(date);
  const weekday = new Date(ms).getUTCDay();
  return formatDate(ms - ((weekday + 6) % 7) * DAY_MS);
}

/** Last day of the month that holds `date`. */
export function endOfMonth(date: string): string {
  const ms = parseDate(date);
  const d = new Date(ms);
  return formatDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
}

/** `YYYY-MM-DD` from X12 `CCYYMMDD`/`YYMMDD` or an ISO date; undefined when neither. */
export function normaliseDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (isIsoDate(v)) return v;
  if (/^\d{8}$/.test(v)) {
    const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
    return isIsoDate(iso) ? iso : undefined;
  }
  if (/^\d{6}$/.test(v)) {
    const iso = `20${v.slice(0, 2)}-${v.slice(2, 4)}-${v.slice(4, 6)}`;
    return isIsoDate(iso) ? iso : undefined;
  }
  return undefined;
}
