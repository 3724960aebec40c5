/**
 * Ingest stage: inbound queue (S3 object-created) → receive-interchange. decode: the S3
 * notification names the objects; each is one call of the use case.
 */
import type { SQSRecord } from 'aws-lambda';
import { channelPartnerOf, interchangeReceiver, type ReceiveInterchangeDeps } from '#functions/use-cases/receive-interchange.ts';
import { parseInboundEvent } from '#schemas/messages/inbound-event.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { stageGiveUp, type StageFailureDeps } from '#functions/shared/dead-letter.ts';

export { senderMismatches, UNKNOWN_PARTNER } from '#functions/use-cases/receive-interchange.ts';

export type IngestDeps = Omit<ReceiveInterchangeDeps, 'telemetry'> & {
  observability: Observability;
  /** Error record, alert and this stage's DLQ for a message it gives up on; without it SQS moves such a message. */
  failures?: StageFailureDeps;
};

export function ingestRecord(deps: IngestDeps): (record: SQSRecord) => Promise<void> {
  const receive = interchangeReceiver({ ...deps, telemetry: deps.observability });
  return async (record: SQSRecord) => {
    for (const object of parseInboundEvent(record.body)) {
      await withCorrelation(deps.observability.logger, { partner: channelPartnerOf(object.key), messageId: record.messageId }, () => receive(object));
    }
  };
}

/** The Lambda handler factory. */
export function ingest(deps: IngestDeps): SqsHandler {
  const giveUp = deps.failures ? stageGiveUp('ingest', { ...deps.failures, telemetry: deps.observability }) : undefined;
  return sqsBatchHandler(ingestRecord(deps), { fifo: false, observability: deps.observability, ...(giveUp ? { giveUp } : {}) });
}
