/**
 * Business days of the supplier's desk, for P2 "same business day" (README, "Planning intelligence").
 *
 * Time-zone rule: business hours are those of the supplier's desk, in the IANA time zone the
 * calendar names (default `America/Chicago`, the demo desk's), DST included; the customer's time zone does not matter. A P2
 * raised on a business day before close of business is due at close of business that day; raised
 * after close, on a weekend or a holiday, it is due at close of business on the next business day.
 */
import { DEFAULT_COMMAND_PREFIX, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { addDays } from './dates.ts';

export interface BusinessCalendar {
  /** IANA zone, e.g. `Europe/Berlin`, `America/Chicago`. */
  timeZone: string;
  /** `HH:MM` local opening of business (hold SLAs count business hours from here to close). */
  openOfBusiness: string;
  /** `HH:MM` local close of business. */
  closeOfBusiness: string;
  /** ISO weekdays that are business days: 1 Monday … 7 Sunday. */
  workdays: readonly number[];
  /** Local dates `YYYY-MM-DD` that are not business days. */
  holidays: readonly string[];
}

/** The demo desk's calendar, also the partner profile's default `desk`. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = { timeZone: 'America/Chicago', openOfBusiness: '08:00', closeOfBusiness: '17:00', workdays: [1, 2, 3, 4, 5], holidays: [] };

/** A desk setting as a profile holds it (any field may be missing in a message written before it existed). */
export function businessCalendarOf(desk: Partial<BusinessCalendar> | undefined): BusinessCalendar {
  return { ...DEFAULT_BUSINESS_CALENDAR, ...(desk ?? {}) };
}

/** What an alert to the desk prints by: its time zone and how the desk runs `edi`. */
export interface DeskView {
  timeZone: string;
  commandPrefix: string;
}

/** The desk serving the partner (the profile's `desk`; the default desk when the profile is gone). */
export function deskOf(profile: Pick<PartnerProfile, 'desk'> | undefined): DeskView {
  return { timeZone: businessCalendarOf(profile?.desk).timeZone, commandPrefix: profile?.desk.commandPrefix ?? DEFAULT_COMMAND_PREFIX };
}

/**
 * An instant as the desk reads it: `16:00 CST Mon 23 Nov` — 24-hour time, the zone's short name
 * (CST/CDT across DST; `UTC`; others as `GMT+1`), weekday, day and month, all in the desk's zone.
 */
export function formatDeskTime(instant: string, timeZone: string = DEFAULT_BUSINESS_CALENDAR.timeZone): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(new Date(instant));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')} ${get('timeZoneName')} ${get('weekday')} ${get('day')} ${get('month')}`;
}

interface WallClock {
  date: string;
  minutes: number;
}

function wallClock(ms: number, timeZone: string): { wall: WallClock; asUtcMs: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(ms),
  );
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const [y, mo, d, h, mi, s] = [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
  const date = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { wall: { date, minutes: h * 60 + mi }, asUtcMs: Date.UTC(y, mo - 1, d, h, mi, s) };
}

/** UTC instant of a local wall-clock time in a zone (for a skipped DST hour, the instant just after). */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let result = guess - (wallClock(guess, timeZone).asUtcMs - guess);
  const offsetAtResult = wallClock(result, timeZone).asUtcMs - result;
  result = guess - offsetAtResult;
  return new Date(result).toISOString();
}

function isoWeekday(date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return calendar.workdays.includes(isoWeekday(date)) && !calendar.holidays.includes(date);
}

/** The "same business day" deadline for something raised at `at` (see the module's time-zone rule). */
export function sameBusinessDayDeadline(at: string, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): string {
  const { wall } = wallClock(Date.parse(at), calendar.timeZone);
  const [ch, cm] = calendar.closeOfBusiness.split(':').map(Number) as [number, number];
  const close = ch * 60 + cm;
  let date = wall.date;
  if (!(isBusinessDay(date, calendar) && wall.minutes < close)) {
    date = addDays(date, 1);
    for (let guard = 0; guard < 366 && !isBusinessDay(date, calendar); guard++) date = addDays(date, 1);
  }
  return zonedTimeToInstant(date, calendar.closeOfBusiness, calendar.timeZone);
}

/**
 * `hours` of the desk's business hours after `at` (between `openOfBusiness` and
 * `closeOfBusiness` of its business days, in its zone): the hold SLA, which the desk works in
 * its own hours — a line held at 16:00 Friday with an 8-hour SLA (08:00–17:00) is due at 15:00
 * Monday. Time before opening, after close, on weekends and holidays does not count.
 */
export function addBusinessHours(at: string, hours: number, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): string {
  let remainingMs = hours * 3_600_000;
  let posMs = Date.parse(at);
  let date = wallClock(posMs, calendar.timeZone).wall.date;
  for (let guard = 0; guard < 3_660; guard++) {
    if (isBusinessDay(date, calendar)) {
      const openMs = Date.parse(zonedTimeToInstant(date, calendar.openOfBusiness, calendar.timeZone));
      const closeMs = Date.parse(zonedTimeToInstant(date, calendar.closeOfBusiness, calendar.timeZone));
      const startMs = Math.max(posMs, openMs);
      if (startMs < closeMs) {
        if (remainingMs <= closeMs - startMs) return new Date(startMs + remainingMs).toISOString();
        remainingMs -= closeMs - startMs;
      }
    }
    date = addDays(date, 1);
    posMs = Date.parse(zonedTimeToInstant(date, '00:00', calendar.timeZone));
  }
  return new Date(posMs + remainingMs).toISOString();
}
