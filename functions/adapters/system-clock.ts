import type { Clock } from '#functions/ports/clock.ts';

export const systemClock: Clock = { now: () => new Date() };
