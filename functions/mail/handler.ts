/**
 * Mail stage: notify queue → SES. decode: each SQS record is a notify message (its schema per
 * template); send-email.ts renders it, addresses it and sends each recipient's copy once.
 */
import type { SQSRecord } from 'aws-lambda';
import { NotifyMessageZ } from '#schemas/messages/notify-message.ts';
import { emailSender, type SendEmailDeps } from '#functions/use-cases/send-email.ts';
import { PIPELINE_SETTINGS } from '#functions/shared/config.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { receiveCountOf, sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { stageByName } from '#infra/topology.ts';
import { stageGiveUp, type StageFailureDeps } from '#functions/shared/dead-letter.ts';

export { emailCopyKey, EmailInFlightError, NoRecipientsError, resolveRecipients } from '#functions/use-cases/send-email.ts';

export type MailDeps = Omit<SendEmailDeps, 'telemetry' | 'leaseSeconds'> & {
  observability: Observability;
  leaseSeconds?: number;
  /** Error record and this stage's DLQ for a message it gives up on (no alert email: the DLQ alarm is the alert). */
  failures?: Omit<StageFailureDeps, 'notify'>;
};

export function mailRecord(deps: MailDeps): (record: SQSRecord) => Promise<void> {
  const send = emailSender({ ...deps, telemetry: deps.observability, leaseSeconds: deps.leaseSeconds ?? PIPELINE_SETTINGS.mailClaimLeaseSeconds });
  const maxReceives = stageByName('mail').queue.maxReceiveCount;
  return async (record) => {
    const message = NotifyMessageZ.parse(JSON.parse(record.body));
    const lastAttempt = receiveCountOf(record) >= maxReceives;
    await withCorrelation(deps.observability.logger, { partner: message.partner, messageId: record.messageId }, () => send(message, { lastAttempt }));
  };
}

export function mail(deps: MailDeps): SqsHandler {
  const giveUp = deps.failures ? stageGiveUp('mail', { ...deps.failures, telemetry: deps.observability }) : undefined;
  return sqsBatchHandler(mailRecord(deps), { fifo: false, observability: deps.observability, ...(giveUp ? { giveUp } : {}) });
}
