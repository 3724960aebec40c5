/**
 * The P3 planner digest on AWS: a recurring EventBridge Scheduler schedule (the desk's morning,
 * Monday to Friday) invokes this function with `{ "scheduledTime": "<aws.scheduler.scheduled-time>",
 * "timeZone": "America/Chicago" }`. It runs the same call as `edi digest`: project PAB per item,
 * classify P3 plan shortfalls and queue one digest email per planner on the notify queue.
 *
 * Why a function and not a message straight into the notify queue: the digest's notify message
 * carries the shortfalls, computed at send time from the supply plan and open demand; the mail
 * stage only renders it. A fixed message would carry none. The digest date is the scheduled
 * time's local date in the desk's time zone, and the emails' idempotency key is per date and
 * planner, so a retried invocation sends nothing twice.
 */
import { z } from 'zod';
import { sendDigest, type SendDigestDeps } from '#functions/use-cases/send-digest.ts';

export const DigestEventZ = z
  .object({
    /** ISO instant the schedule fired for (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`). */
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    /** IANA zone of the planning desk; the digest date is the local date of `scheduledTime` there. */
    timeZone: z.string().min(1).optional(),
    /** An explicit digest date (a re-run by hand). */
    date: z.iso.date().optional(),
  })
  .loose();
export type DigestEvent = z.infer<typeof DigestEventZ>;

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** The digest date an event asks for: `date`, else the scheduled time's local date, else today (the service's clock). */
export function digestDateOf(event: DigestEvent): string | undefined {
  if (event.date) return event.date;
  if (event.scheduledTime) return localDate(event.scheduledTime, event.timeZone ?? 'UTC');
  return undefined;
}

export function digest(deps: SendDigestDeps): (event: unknown) => Promise<{ date: string; planners: number; entries: number }> {
  return async (event) => sendDigest(deps, digestDateOf(DigestEventZ.parse(event ?? {})));
}
