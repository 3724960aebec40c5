import { describe, expect, it } from 'vitest';
import { digest, digestDateOf, localDate } from '#functions/digest/handler.ts';
import type { PlanningService } from '#functions/planning/planning-service.ts';

function fakeService(calls: (string | undefined)[]): PlanningService {
  return {
    sendDigest: async (date?: string) => {
      calls.push(date);
      return { planners: 1, entries: 2 };
    },
  } as unknown as PlanningService;
}

describe('digest handler', () => {
  it('digests the scheduled time’s local date on the desk clock, not the UTC date', () => {
    // 07:00 in Tokyo on Tuesday is 22:00 UTC on Monday.
    expect(digestDateOf({ scheduledTime: '2026-11-23T22:00:00Z', timeZone: 'Asia/Tokyo' })).toBe('2026-11-24');
    expect(digestDateOf({ scheduledTime: '2026-11-23T13:00:00Z', timeZone: 'America/Chicago' })).toBe('2026-11-23');
    expect(localDate('2026-11-24T05:00:00Z', 'America/Chicago')).toBe('2026-11-23');
  });

  it('prefers an explicit date and falls back to the service clock without one', () => {
    expect(digestDateOf({ date: '2026-12-01', scheduledTime: '2026-11-23T13:00:00Z' })).toBe('2026-12-01');
    expect(digestDateOf({})).toBeUndefined();
  });

  it('runs sendDigest once with that date (the EventBridge Scheduler input)', async () => {
    const calls: (string | undefined)[] = [];
    const result = await digest(() => fakeService(calls))({ scheduledTime: '2026-11-23T13:00:00Z', timeZone: 'America/Chicago' });
    expect(calls).toEqual(['2026-11-23']);
    expect(result).toEqual({ date: '2026-11-23', planners: 1, entries: 2 });
  });

  it('refuses an input that is not the schedule’s', async () => {
    await expect(digest(() => fakeService([]))({ scheduledTime: 'yesterday' })).rejects.toThrow();
  });
});
