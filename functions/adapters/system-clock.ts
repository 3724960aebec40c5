import type { Clock } from '#functions/ports/clock.ts';

/**
 * Operator setting: milliseconds added to the system time (default 0). Demos and drills move
 * "now" with it; in production it is unset. Read once, with the rest of the configuration.
 */
export const CLOCK_OFFSET_ENV = 'EDI_CLOCK_OFFSET_MS';

/** The offset `EDI_CLOCK_OFFSET_MS` names (0 when unset or not a number). */
export function clockOffsetMs(env: Record<string, string | undefined>): number {
  const value = Number(env[CLOCK_OFFSET_ENV] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/**
 * The system clock moved by an offset: the pipeline's clock. The local stack shares one among
 * all its handlers and its scheduler emulator and moves it for the demo timeline; a CLI command
 * against the running stack takes the stack's offset, so its events land on the same time line.
 */
export class OffsetClock implements Clock {
  private readonly listeners = new Set<(offsetMs: number) => void>();

  constructor(private offset = 0) {}

  /** Calls `listener` with the new offset whenever the clock is moved; returns the function that removes it. */
  onChange(listener: (offsetMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Moves the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offset += ms;
    for (const listener of this.listeners) listener(this.offset);
  }

  /** Sets "now" to `instant`. */
  setNow(instant: Date): void {
    this.offset = instant.getTime() - Date.now();
    for (const listener of this.listeners) listener(this.offset);
  }
}

export const systemClock: Clock = { now: () => new Date() };
