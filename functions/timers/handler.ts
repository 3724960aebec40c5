/**
 * Timers stage: timers queue (EventBridge Scheduler one-time schedules) → fire-escalation;
 * the recurring daily-seal schedule → seal-day (README, "Verification").
 * decode: each record is a timer message; the use case decides whether what it was set for
 * still applies. A timer that no longer applies is done, not an error.
 */
import type { SQSRecord } from 'aws-lambda';
import { fireEscalation, type FireEscalationDeps } from '#functions/use-cases/fire-escalation.ts';
import { sealDay, type SealDayDeps } from '#functions/use-cases/seal-day.ts';
import { sealedDayOf, TimerMessageZ } from '#schemas/messages/timer-message.ts';
import type { Observability } from '#functions/shared/observability.ts';
import { sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { stageGiveUp, type StageFailureDeps } from '#functions/shared/dead-letter.ts';

export type TimersDeps = FireEscalationDeps & {
  observability: Observability;
  /** What the daily seal reads and writes. */
  sealing: SealDayDeps;
  /** Error record, alert and this stage's DLQ for a message it gives up on. */
  failures?: StageFailureDeps;
};

export function timerRecord(deps: TimersDeps): (record: SQSRecord) => Promise<void> {
  return async (record) => {
    const timer = TimerMessageZ.parse(JSON.parse(record.body));
    if (timer.kind === 'daily-seal') {
      // A repeated schedule finds the day sealed and leaves the seal as it is.
      const sealed = await sealDay(deps.sealing, sealedDayOf(timer));
      deps.observability.count(sealed.written ? 'DaysSealed' : 'SealsAlreadyWritten');
      deps.observability.info('daily seal', { day: sealed.day, root: sealed.root, orders: String(sealed.orders) });
      return;
    }
    const outcome = await fireEscalation(deps, timer);
    if (outcome.fired) deps.observability.count(timer.kind === 'hold-escalation' ? 'HoldEscalationsSent' : timer.kind === 'p1-escalation' ? 'P1EscalationsSent' : timer.kind === 'delay-risk-notice' ? 'RiskNoticesSent' : 'PartnerAcksOverdue');
    else {
      deps.observability.count('TimersSettled');
      deps.observability.info('timer no longer applies', { kind: timer.kind, reason: outcome.reason });
    }
  };
}

export function timers(deps: TimersDeps): SqsHandler {
  const giveUp = deps.failures ? stageGiveUp('timers', { ...deps.failures, telemetry: deps.observability }) : undefined;
  return sqsBatchHandler(timerRecord(deps), { fifo: false, observability: deps.observability, ...(giveUp ? { giveUp } : {}) });
}
