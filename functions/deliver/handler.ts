/**
 * Deliver stage: outbound queue → rendered X12 in the outbound bucket (deliver-document.ts).
 * decode: each SQS record is an outbound message; a record that is not one, or whose document
 * can never be rendered, is a permanent error — recorded, alerted and sent to this stage's DLQ
 * at once with its cause, instead of being retried until SQS moves it.
 */
import type { SQSRecord } from 'aws-lambda';
import type { DeadLetters } from '#functions/ports/stage-queue.ts';
import { OutboundMessageZ, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
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
  const lastReceive = stageGiveUp('deliver', { errors: deps.deliveries, notify: deps.notify, deadLetters: deps.deadLetters, clock: deps.clock, telemetry: obs, partners: deps.partners });

  async function giveUp(record: SQSRecord, message: OutboundMessage | undefined, error: UndeliverableError): Promise<void> {
    const cause = error.message;
    if (message) await delivery.recordUndeliverable(message, cause, record.body, record.messageId);
    await deps.deadLetters.send({ messageId: record.messageId, body: record.body, ...(record.attributes?.MessageGroupId ? { messageGroupId: record.attributes.MessageGroupId } : {}) }, cause);
    obs.count('DocumentsUndeliverable');
    obs.logger.error('document dead-lettered', { cause, ...(message ? { kind: message.kind, idempotencyKey: message.idempotencyKey } : {}) });
  }

  async function deliverOne(record: SQSRecord, planned: Planned | undefined, sent: SentDocument[]): Promise<void> {
    let message: OutboundMessage | undefined = planned?.message;
    try {
      message ??= parse(record);
      const m = message;
      await withCorrelation(obs.logger, { partner: m.partner, messageId: record.messageId }, () => delivery.deliver(m, planned, isRedelivery(record), sent));
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
    const sentBy = new Map<string, SentDocument[]>();
    const response = await sqsBatchHandler(
      (record) => {
        const sent: SentDocument[] = [];
        sentBy.set(record.messageId, sent);
        return deliverOne(record, planned.get(record.messageId), sent);
      },
      { fifo: false, observability: obs, giveUp: lastReceive },
    )(event, context);
    // The batch's acknowledgment timers, one per partner. If they cannot be set, the records that
    // sent documents are retried: a redelivery writes the same file, records nothing new and sets
    // the timer again (an overdue alert is keyed by its document, so none is sent twice).
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const delivered = [...sentBy].filter(([id, sent]) => !failed.has(id) && sent.length > 0);
    try {
      await delivery.scheduleAckTimers(delivered.flatMap(([, sent]) => sent));
    } catch (error) {
      obs.logger.warn('acknowledgment timers not set; the batch is retried', { error: String(error) });
      return { batchItemFailures: [...response.batchItemFailures, ...delivered.map(([id]) => ({ itemIdentifier: id }))] };
    }
    return response;
  };
}
