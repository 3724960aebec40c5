/**
 * Timers queue message (EventBridge Scheduler → timers stage): a one-time timer that fell due.
 * The timers stage decides whether what it was set for still applies (a decision or a
 * confirmation may have settled it), so a late or repeated timer changes nothing.
 */
import { z } from 'zod';
import { P1StepZ } from '../master-data/common.ts';
import { ExpediteCaseZ, LineRefZ } from '../records/planning-state.ts';

export const TIMER_MESSAGE_SCHEMA_VERSION = 1;

/** At most a deliver batch's documents (SQS batch size 10) per acknowledgment timer, with room. */
export const ACK_TIMER_MAX_DOCUMENTS = 50;

/** One of our sent documents, by the keys a partner's 997 (GS06/ST02) finds it under. */
export const SentDocumentRefZ = z.object({ partner: z.string(), groupControlNumber: z.string(), setControlNumber: z.string(), idempotencyKey: z.string() });
export type SentDocumentRef = z.infer<typeof SentDocumentRefZ>;

export const TimerMessageZ = z.discriminatedUnion('kind', [
  /** Step `stepIndex` (0-based) of the partner's hold-SLA chain for a line held since `heldSince`. */
  z.object({
    schemaVersion: z.literal(TIMER_MESSAGE_SCHEMA_VERSION),
    kind: z.literal('hold-escalation'),
    hold: z.object({ partnerId: z.string(), purchaseOrderNumber: z.string(), lineNumber: z.string(), heldSince: z.string() }),
    stepIndex: z.number().int().nonnegative(),
    dueAt: z.string(),
  }),
  /** A step of a P1 line-down case's escalation while no date is confirmed. */
  z.object({ schemaVersion: z.literal(TIMER_MESSAGE_SCHEMA_VERSION), kind: z.literal('p1-escalation'), case: ExpediteCaseZ, step: P1StepZ, dueAt: z.string() }),
  /**
   * The partner's acknowledgment of our documents is due (`ackDueHours` after they were sent): one
   * timer per partner per deliver batch, not per document, so tracking acks costs a fraction of a
   * scheduler request per order (README, "Figures").
   */
  z.object({
    schemaVersion: z.literal(TIMER_MESSAGE_SCHEMA_VERSION),
    kind: z.literal('ack-overdue'),
    documents: z.array(SentDocumentRefZ).min(1).max(ACK_TIMER_MAX_DOCUMENTS),
    dueAt: z.string(),
  }),
  /**
   * Delay level 2 by a schedule (README, "Planning intelligence", delay communication): the
   * partner's `autoRiskNoticeAfterHours` after the level-1 alert of a line (its episode), the risk
   * notice goes to the customer if the line is still short then.
   */
  z.object({
    schemaVersion: z.literal(TIMER_MESSAGE_SCHEMA_VERSION),
    kind: z.literal('delay-risk-notice'),
    item: z.string(),
    line: LineRefZ,
    episodeStart: z.string(),
    dueAt: z.string(),
  }),
  /**
   * The daily seal (README, "Verification"), from a recurring schedule shortly after midnight UTC:
   * seals the day that ended before `scheduledTime` (EventBridge Scheduler fills it in).
   */
  z.object({ schemaVersion: z.literal(TIMER_MESSAGE_SCHEMA_VERSION), kind: z.literal('daily-seal'), scheduledTime: z.string().datetime({ offset: true }) }),
]);
export type TimerMessage = z.infer<typeof TimerMessageZ>;
/** The timers that escalate something (the ones fire-escalation handles). */
export type EscalationTimer = Exclude<TimerMessage, { kind: 'daily-seal' }>;

/** The day a daily-seal timer seals: the UTC day before the one it fired in. */
export function sealedDayOf(timer: Extract<TimerMessage, { kind: 'daily-seal' }>): string {
  return new Date(Date.parse(timer.scheduledTime) - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
