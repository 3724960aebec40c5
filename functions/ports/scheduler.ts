import type { EscalationTimer } from '#schemas/messages/timer-message.ts';

/**
 * One-time timers that put a timer message on the timers queue at a given instant
 * (EventBridge Scheduler `at(...)` schedules in AWS, the scheduler emulator locally).
 */
export interface Scheduler {
  /** Creates the schedule `name`; an existing schedule of that name is left as is (idempotent). */
  scheduleAt(name: string, at: Date, message: EscalationTimer): Promise<void>;
  /** Deletes the schedule; a missing one is fine. */
  cancel(name: string): Promise<void>;
}
