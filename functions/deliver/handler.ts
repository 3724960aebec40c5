/**
 * Deliver stage: outbound queue → rendered X12 in the outbound bucket (deliver-document.ts).
 * decode: each SQS record is an outbound message; a record that is not one, or whose document
 * can never be rendered, is a permanent error — recorded, alerted and sent to this stage's DLQ
 * at once with its cause, instead of being retried until SQS moves it.
 */
import type { SQSRecord } from 'aws-lambda';
import type { DeadLetters } from '#functions/ports/stage-queue.ts';
import { OutboundMessageZ, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { documentDelivery, UndeliverableError, type DeliverDocumentDeps, type Planned } from '#functions/use-cases/deliver-document.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { receiveCountOf, sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { stageGiveUp } from '#functions/shared/dead-letter.ts';

export { envelopeSettingsOf, envelopeTimeOf, renderOutbound, UndeliverableError, UnknownPartnerError } from '#functions/use-cases/deliver-document.ts';

export type DeliverDeps = Omit<DeliverDocumentDeps, 'telemetry'> & {
  /** This stage's own DLQ, for messages that can never be delivered. */
  deadLetters: DeadLetters;
  observability: Observability;
};

/** A redelivery (receive count > 1) reuses the numbers recorded for its document. */
function isRedelivery(record: SQSRecord): boolean {
  return receiveCountOf(record) > 1;
}

function parse(record: SQSRecord): OutboundMessage {
  try {
    return OutboundMessageZ.parse(JSON.parse(record.body));
  } catch (error) {
    throw new UndeliverableError(`not an outbound message: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

export function deliver(deps: DeliverDeps): SqsHandler {
  const { observability: obs } = deps;
  const delivery = documentDelivery({ ...deps, telemetry: obs });
  // Any other error, on the last receive: error record, alert and the DLQ with its cause too.
  const lastReceive = stageGiveUp('deliver', { errors: deps.deliveries, notify: deps.notify, deadLetters: deps.deadLetters, clock: deps.clock, telemetry: obs });

  async function giveUp(record: SQSRecord, message: OutboundMessage | undefined, error: UndeliverableError): Promise<void> {
    const cause = error.message;
    if (message) await delivery.recordUndeliverable(message, cause, record.body, record.messageId);
    await deps.deadLetters.send({ messageId: record.messageId, body: record.body, ...(record.attributes?.MessageGroupId ? { messageGroupId: record.attributes.MessageGroupId } : {}) }, cause);
    obs.count('DocumentsUndeliverable');
    obs.logger.error('document dead-lettered', { cause, ...(message ? { kind: message.kind, idempotencyKey: message.idempotencyKey } : {}) });
  }

  async function deliverOne(record: SQSRecord, planned: Planned | undefined): Promise<void> {
    let message: OutboundMessage | undefined = planned?.message;
    try {
      message ??= parse(record);
      const m = message;
      await withCorrelation(obs.logger, { partner: m.partner, messageId: record.messageId }, () => delivery.deliver(m, planned, isRedelivery(record)));
    } catch (error) {
      if (error instanceof UndeliverableError) return giveUp(record, message, error);
      throw error;
    }
  }

  return async (event, context) => {
    const batch = event.Records.flatMap((record) => {
      try {
        return [{ id: record.messageId, message: parse(record), redelivery: isRedelivery(record) }];
      } catch {
        return []; // left unplanned: the record handler parses again and fails this record alone.
      }
    });
    const planned = await delivery.plan(batch).catch(() => new Map<string, Planned>());
    return sqsBatchHandler((record) => deliverOne(record, planned.get(record.messageId)), { fifo: false, observability: obs, giveUp: lastReceive })(event, context);
  };
}
