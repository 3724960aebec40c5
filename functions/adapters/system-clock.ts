import type { Clock } from '#functions/ports/clock.ts';

/**
 * Operator setting: milliseconds added to the system time, read on every call (default 0).
 * Demos and drills move "now" with it (the local stack's `advanceClock`); in production it is unset.
 */
export const CLOCK_OFFSET_ENV = 'EDI_CLOCK_OFFSET_MS';

export function clockOffsetMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env[CLOCK_OFFSET_ENV] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

export const systemClock: Clock = { now: () => new Date(Date.now() + clockOffsetMs()) };
