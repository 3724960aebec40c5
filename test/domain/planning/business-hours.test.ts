/** The hold SLA counts the desk's business hours (business-calendar.ts, `addBusinessHours`). */
import { describe, expect, it } from 'vitest';
import { addBusinessHours, DEFAULT_BUSINESS_CALENDAR } from '#domain/planning/business-calendar.ts';
import { holdStepDueAt } from '#domain/planning/decisions.ts';

// The demo desk: America/Chicago (CST = UTC−6 in November), 08:00–17:00, Monday to Friday.
describe('addBusinessHours, the demo desk', () => {
  it.each([
    ['within the day', '2026-11-23T15:00:00.000Z' /* Mon 09:00 CST */, 4, '2026-11-23T19:00:00.000Z' /* 13:00 */],
    ['ending exactly at close', '2026-11-23T14:00:00.000Z' /* 08:00 */, 9, '2026-11-23T23:00:00.000Z' /* 17:00 */],
    ['Friday 16:00 + 8 h → Monday 15:00', '2026-11-27T22:00:00.000Z', 8, '2026-11-30T21:00:00.000Z'],
    ['held overnight: counts from opening', '2026-11-24T04:00:00.000Z' /* Mon 22:00 */, 2, '2026-11-24T16:00:00.000Z' /* Tue 10:00 */],
    ['held on Saturday', '2026-11-28T18:00:00.000Z', 1, '2026-11-30T15:00:00.000Z' /* Mon 09:00 */],
    ['two days of hours', '2026-11-23T14:00:00.000Z', 18, '2026-11-24T23:00:00.000Z'],
  ])('%s', (_what, at, hours, due) => {
    expect(addBusinessHours(at, hours, DEFAULT_BUSINESS_CALENDAR)).toBe(due);
  });

  it('skips the desk holidays', () => {
    const thanksgiving = { ...DEFAULT_BUSINESS_CALENDAR, holidays: ['2026-11-26', '2026-11-27'] };
    // Wednesday 16:00 CST + 8 h: 1 h on Wednesday, then Monday 08:00 + 7 h.
    expect(addBusinessHours('2026-11-25T22:00:00.000Z', 8, thanksgiving)).toBe('2026-11-30T21:00:00.000Z');
  });

  it('follows the zone across DST (CDT = UTC−5 before 1 Nov 2026)', () => {
    // Friday 30 Oct 16:00 CDT + 2 h: 1 h Friday, Monday 2 Nov 08:00 CST + 1 h.
    expect(addBusinessHours('2026-10-30T21:00:00.000Z', 2, DEFAULT_BUSINESS_CALENDAR)).toBe('2026-11-02T15:00:00.000Z');
  });
});

describe('holdStepDueAt', () => {
  it("each step is holdSlaHours more of the desk's business hours", () => {
    const profile = { holdSlaHours: 8, desk: { ...DEFAULT_BUSINESS_CALENDAR, workdays: [1, 2, 3, 4, 5], holidays: [], commandPrefix: 'npx edi' } };
    expect(holdStepDueAt('2026-11-27T22:00:00.000Z', 0, profile)).toBe('2026-11-30T21:00:00.000Z');
    expect(holdStepDueAt('2026-11-27T22:00:00.000Z', 1, profile)).toBe('2026-12-01T20:00:00.000Z');
  });
});
