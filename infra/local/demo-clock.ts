/**
 * The demo's clock: "now" is samples/demo.json's `today` at 08:00 in its time zone (America/Chicago)
 * when the run starts, by moving the stack's clock; then the timeline moves in steps of 4 hours
 * (the P1 escalation interval) and drains the pipeline after each, so the escalation emails appear.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { zonedTimeToInstant } from '#domain/planning/business-calendar.ts';
import type { OffsetClock } from '#functions/adapters/system-clock.ts';
import type { LocalStack } from './stack.ts';
import { REPO_ROOT } from './stack.ts';

export interface DemoDay {
  today: string;
  timeZone: string;
}

export async function readDemoDay(file = resolve(REPO_ROOT, 'samples/demo.json')): Promise<DemoDay> {
  const demo = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoDay>;
  if (!demo.today || !demo.timeZone) throw new Error(`${file}: needs "today" and "timeZone"`);
  return { today: demo.today, timeZone: demo.timeZone };
}

/** Sets `clock` so that now = `today` at `time` (default 08:00) in the demo's time zone; returns that instant. */
export async function setDemoClock(clock: OffsetClock, options: { day?: DemoDay; time?: string } = {}): Promise<Date> {
  const day = options.day ?? (await readDemoDay());
  const target = new Date(zonedTimeToInstant(day.today, options.time ?? '08:00', day.timeZone));
  clock.setNow(target);
  return target;
}

/**
 * Runs the demo timeline: `hours` of local time in steps of `stepHours` (default 4), draining the
 * pipeline after each step so due escalation timers are delivered and mailed. Call it after the
 * samples are loaded and drained (and after {@link setDemoClock}). `onStep` gets the local clock's
 * time after the step and how many schedules fell due in it.
 */
export async function runDemoTimeline(
  stack: LocalStack,
  options: { hours: number; stepHours?: number; onStep?: (now: Date, fired: number) => void | Promise<void> },
): Promise<void> {
  const step = options.stepHours ?? 4;
  for (let elapsed = 0; elapsed < options.hours; elapsed += step) {
    const fired = await stack.advanceClock(Math.min(step, options.hours - elapsed) * 3_600_000);
    await stack.drain();
    await options.onStep?.(stack.scheduler.now(), fired);
  }
}
