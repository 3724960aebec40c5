/**
 * A queue message its stage cannot process — a permanent error (it can never be parsed or
 * handled), or the last receive SQS allows before it would move the message to the DLQ itself —
 * is not lost silently (README "Guarantees", nothing lost). In this order:
 * 1. an error record under the message's subject (`ERROR#dead-letter/<stage>/<sha256 of body>`,
 *    a conditional put: a retry of this step records nothing twice);
 * 2. an alert to operations with the reason (idempotency key from the same facts: stage + body
 *    hash, never the time of the attempt, so the mail stage sends it once); the mail stage does
 *    not alert about its own messages (an alert about a failed alert could loop) — its DLQ alarm
 *    is the operations alert there;
 * 3. the message goes to the stage's own DLQ with the reason as its `cause` attribute, ready for
 *    `edi redrive` once the cause is fixed. A crash between the steps re-runs them on the next
 *    receive; each is idempotent.
 */
import { sha256Hex } from '#domain/orders/sha256.ts';
import { businessCalendarOf, formatDeskTime } from '#domain/planning/business-calendar.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { DeliveryLog } from '#functions/ports/delivery-log.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { DeadLetters, NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { Telemetry } from '#functions/ports/telemetry.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { DEFAULT_COMMAND_PREFIX } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION, type Cause } from '#schemas/records/records.ts';

export interface DeadLetterMessageDeps {
  /** Where error records are kept (under the message's subject). */
  errors: Pick<DeliveryLog, 'recordError'>;
  /** The notify queue; absent for the mail stage itself. */
  notify?: NotifyQueue;
  deadLetters: DeadLetters;
  clock: Clock;
  telemetry: Telemetry;
  /**
   * The partner's desk (README, "Desk time"): the alert prints when it happened in the desk's zone
   * and the redrive command as the desk runs it. Without it, or for a message naming no known
   * partner, the default desk's.
   */
  partners?: Pick<PartnerDirectory, 'get'>;
}


/** What a stage could read of the failed message: whom it is about. */
export interface FailedMessageFacts {
  subject: Subject;
  /** The cause the error record is filed under (the inbound set, the outbound document…). */
  cause: Cause;
  /** Extra facts for the alert (label → value). */
  facts?: Record<string, string>;
  causeEventHash?: string;
}

export interface DeadLetterInput {
  stage: string;
  record: { messageId: string; body: string; messageGroupId?: string; receiveCount: number };
  reason: string;
  /** The facts of the message, or undefined when it could not even be read. */
  facts: FailedMessageFacts | undefined;
}

/** Partner id of error records for messages that name no partner (they could not be read). */
export const UNREADABLE_PARTNER = '_unknown';

/** The error record key of a dead-lettered message: its stage and the hash of its body. */
export function deadLetterKey(stage: string, body: string): string {
  return `dead-letter/${stage}/${sha256Hex(body)}`;
}

export async function deadLetterMessage(deps: DeadLetterMessageDeps, input: DeadLetterInput): Promise<void> {
  const { stage, record, reason } = input;
  const key = deadLetterKey(stage, record.body);
  const bodyHash = sha256Hex(record.body);
  const facts: FailedMessageFacts = input.facts ?? {
    subject: { kind: 'file', partner: UNREADABLE_PARTNER, sha256: bodyHash },
    cause: { partner: UNREADABLE_PARTNER, type: `${stage}-message`, id: key },
  };
  const partner = facts.subject.partner;
  const cause = `${stage}: ${reason}`;
  await deps.errors.recordError(facts.subject, key, {
    schemaVersion: RECORD_SCHEMA_VERSION,
    partner,
    kind: `dead-letter-${stage}`,
    cause: facts.cause,
    at: deps.clock.now().toISOString(),
    reason: cause,
    message: record.body,
  });
  if (deps.notify) {
    // The alert must go even when the directory cannot answer (it may be why the message failed).
    const profile = partner === UNREADABLE_PARTNER ? undefined : await deps.partners?.get(partner).catch(() => undefined);
    const prefix = profile?.desk.commandPrefix ?? DEFAULT_COMMAND_PREFIX;
    const zone = businessCalendarOf(profile?.desk).timeZone;
    await deps.notify.send([
      {
        body: notifyMessage('processing-error', {
          partner,
          recipients: ['operations'],
          idempotencyKey: key,
          subject: facts.subject,
          ...(facts.causeEventHash ? { causeEventHash: facts.causeEventHash } : {}),
          createdAt: deps.clock.now().toISOString(),
          data: {
            reason: `A ${stage} message could not be processed and is in the ${stage} dead-letter queue: ${reason}. Fix the cause, then run \`${prefix} redrive ${stage}\`.`,
            facts: { Stage: stage, 'Dead-lettered at': formatDeskTime(deps.clock.now().toISOString(), zone), 'SQS message': record.messageId, 'Receive count': String(record.receiveCount), 'Message SHA-256': bodyHash, ...(facts.facts ?? {}) },
            diagnostics: [],
          },
        }),
      },
    ]);
  }
  await deps.deadLetters.send({ messageId: record.messageId, body: record.body, ...(record.messageGroupId ? { messageGroupId: record.messageGroupId } : {}) }, cause);
  deps.telemetry.count('MessagesDeadLettered');
  deps.telemetry.warn('message dead-lettered with its cause', { stage, cause, messageId: record.messageId });
}
