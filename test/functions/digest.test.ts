import { describe, expect, it } from 'vitest';
import { digest, digestDateOf, localDate } from '#functions/digest/handler.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { testItem, testPartner } from '../support/partners.ts';

/** A desk whose one item runs short of its safety stock: one P3 entry for one planner, on the day asked. */
function fakeService(calls: (string | undefined)[]) {
  const desk = fakeDesk(testPartner());
  void desk.store.putItems([testItem('KPC-1', { safetyStock: 50 }), testItem('KPC-2', { safetyStock: 50 })]);
  void desk.store.putSupplyPlans([
    { schemaVersion: 1, item: 'KPC-1', onHand: 10, weeks: [] },
    { schemaVersion: 1, item: 'KPC-2', onHand: 20, weeks: [] },
  ]);
  const send = desk.notify.send.bind(desk.notify);
  desk.notify.send = async (messages) => {
    for (const m of messages) if (m.body.template === 'planning-p3-digest') calls.push(m.body.data.date);
    return send(messages);
  };
  return desk;
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
    const result = await digest(fakeService(calls))({ scheduledTime: '2026-11-23T13:00:00Z', timeZone: 'America/Chicago' });
    expect(calls).toEqual(['2026-11-23']);
    expect(result).toEqual({ date: '2026-11-23', planners: 1, entries: 2 });
  });

  it('refuses an input that is not the schedule’s', async () => {
    await expect(digest(fakeService([]))({ scheduledTime: 'yesterday' })).rejects.toThrow();
  });
});
