/**
 * Deliver stage: outbound queue → rendered X12 in the outbound bucket.
 *
 * Control numbers are allocated exactly once per document: the batch allocates one block per
 * partner (one atomic counter update) for its first deliveries, and records each document with
 * its numbers by a conditional write before writing the file; only a conflict reads the record
 * that won. A redelivery (receive count > 1) looks its record up first, reuses its numbers and
 * envelope time, and so writes the same bytes to the same key. Two deliveries racing on one
 * message both allocate, one record wins and both write the winner's file; the loser's numbers
 * are a gap, never a duplicate.
 *
 * A message that can never be delivered (not an outbound message, or a document that does not
 * render as X12) is a permanent error: recorded under its subject, alerted to operations and
 * sent to this stage's DLQ at once with its cause, instead of being retried until SQS moves it.
 */
import type { SQSRecord } from 'aws-lambda';
import { hashRecord } from '#domain/orders/order-events.ts';
import type { ControlNumbers as EnvelopeNumbers, EnvelopeSettings } from '#domain/x12/types.ts';
import { acknowledgeInterchange } from '#domain/x12/write/ta1.ts';
import { writeDocuments, writeInterchange } from '#domain/x12/write/write-interchange.ts';
import type { Archive, OutboundFiles } from '#functions/ports/archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ControlNumbers } from '#functions/ports/control-numbers.ts';
import type { DeliveryLog } from '#functions/ports/delivery-log.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { DeadLetters, NotifyQueue } from '#functions/ports/stage-queue.ts';
import { NOTIFY_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/notify-message.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { OutboundDocumentZ, OutboundMessageZ, type OutboundDocument, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { RECORD_SCHEMA_VERSION, type OutboundRecord } from '#schemas/records/records.ts';
import { lazyHandler, liveDeliverDeps } from '#functions/shared/live-deps.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { receiveCountOf, sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';

export interface DeliverDeps {
  partners: PartnerDirectory;
  controlNumbers: ControlNumbers;
  deliveries: DeliveryLog;
  archive: Archive;
  outboundFiles: OutboundFiles;
  /** Alerts (a document that cannot be delivered). */
  notify: NotifyQueue;
  /** This stage's own DLQ, for messages that can never be delivered. */
  deadLetters: DeadLetters;
  clock: Clock;
  observability: Observability;
}

export class UnknownPartnerError extends Error {
  override name = 'UnknownPartnerError';
}

/** Our envelope towards a partner, from its profile (we are ISA05/06, the partner ISA07/08). */
export function envelopeSettingsOf(profile: PartnerProfile): EnvelopeSettings {
  const d = profile.delimiters;
  return {
    senderQualifier: profile.ours.isaQualifier,
    senderId: profile.ours.isaId,
    receiverQualifier: profile.isa.qualifier,
    receiverId: profile.isa.id,
    groupSenderId: profile.ours.gsId,
    groupReceiverId: profile.gsId,
    version: profile.version,
    delimiters: {
      element: d?.element ?? '*',
      component: d?.component ?? '>',
      segment: d?.segment ?? '~',
      ...(profile.version === '005010' ? { repetition: d?.repetition ?? '^' } : {}),
    },
    usageIndicator: profile.usage,
    acknowledgmentRequested: false,
  };
}

/** ISA09/GS04 date and ISA10/GS05 time (UTC) of the moment the deciding stage created the document. */
export function envelopeTimeOf(createdAt: string): { date: string; time: string } {
  const iso = new Date(createdAt).toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 16).replace(':', '') };
}

/** Renders one outbound document as a complete interchange. */
export function renderOutbound(document: OutboundDocument, settings: EnvelopeSettings, numbers: EnvelopeNumbers, now: { date: string; time: string }): string {
  if (document.type === 'TA1') {
    const ta1 = acknowledgeInterchange({
      isa13: document.interchangeControlNumber,
      date: document.interchangeDate,
      time: document.interchangeTime,
      diagnostics: document.acknowledgmentCode === 'A' ? [] : [{ severity: document.acknowledgmentCode === 'R' ? 'error' : 'warning', code: `TA1-${document.noteCode}`, message: 'interchange envelope' }],
    });
    return writeInterchange([], settings, numbers, now, { ta1: [ta1] });
  }
  return writeDocuments([document], settings, numbers, now);
}

interface Planned {
  message: OutboundMessage;
  existing?: OutboundRecord;
  numbers?: EnvelopeNumbers;
}

/** A message this stage can never deliver: recorded, alerted and dead-lettered at once, not retried. */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
}

/**
 * First deliveries (receive count 1) skip the lookup and try the conditional put of their record
 * at once; only a conflict reads the winner. A redelivery looks its record up first, so a retry
 * after a crash reuses its numbers without allocating new ones. (A message sent twice by a
 * producer is a first delivery both times: its second allocation is a gap, never a duplicate.)
 */
function isRedelivery(record: SQSRecord): boolean {
  return receiveCountOf(record) > 1;
}

export function deliver(deps: DeliverDeps): SqsHandler {
  const { observability: obs } = deps;

  function parse(record: SQSRecord): OutboundMessage {
    try {
      return OutboundMessageZ.parse(JSON.parse(record.body));
    } catch (error) {
      throw new UndeliverableError(`not an outbound message: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  }

  async function plan(records: readonly SQSRecord[]): Promise<Map<string, Planned>> {
    const planned = new Map<string, Planned>();
    await Promise.all(
      records.map(async (record) => {
        try {
          const message = parse(record);
          const existing = isRedelivery(record) ? await deps.deliveries.find(message.subject, message.idempotencyKey) : undefined;
          planned.set(record.messageId, { message, ...(existing ? { existing } : {}) });
        } catch {
          // left unplanned: the record handler parses again and fails this record alone.
        }
      }),
    );
    const needing = new Map<string, Planned[]>();
    for (const p of planned.values()) if (!p.existing) needing.set(p.message.partner, [...(needing.get(p.message.partner) ?? []), p]);
    for (const [partner, list] of needing) {
      try {
        const numbers = await deps.controlNumbers.allocate(partner, list.length);
        list.forEach((p, i) => {
          const n = numbers[i];
          if (n) p.numbers = n;
        });
      } catch (error) {
        obs.logger.warn('block allocation failed; documents allocate one by one', { partner, error: error as Error });
      }
    }
    return planned;
  }

  function render(document: OutboundDocument, profile: PartnerProfile, delivery: Pick<OutboundRecord, 'numbers' | 'envelopeDate' | 'envelopeTime'>): string {
    try {
      return renderOutbound(document, envelopeSettingsOf(profile), delivery.numbers, { date: delivery.envelopeDate, time: delivery.envelopeTime });
    } catch (error) {
      // Rendering is a pure function of the message and the profile: it fails the same way every time.
      throw new UndeliverableError(`the ${document.type} cannot be rendered as X12: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Records the error under the document's subject, alerts operations, and dead-letters the message with its cause. */
  async function giveUp(record: SQSRecord, message: OutboundMessage | undefined, error: UndeliverableError): Promise<void> {
    const cause = error.message;
    if (message) {
      const at = deps.clock.now().toISOString();
      await deps.deliveries.recordError(message.subject, message.idempotencyKey, {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: message.partner,
        kind: `deliver-${message.kind}`,
        cause: { partner: message.partner, type: message.kind, id: message.idempotencyKey },
        at,
        reason: cause,
        message: record.body,
      });
      await deps.notify.send([
        {
          body: {
            schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
            template: 'processing-error',
            partner: message.partner,
            recipients: ['operations'],
            idempotencyKey: `undeliverable/${message.idempotencyKey}`,
            subject: message.subject,
            ...(message.causeEventHash ? { causeEventHash: message.causeEventHash } : {}),
            createdAt: message.createdAt,
            data: {
              reason: `The outbound ${message.kind} was not sent: ${cause}`,
              facts: { Document: message.kind, 'Idempotency key': message.idempotencyKey, Partner: message.partner, 'SQS message': record.messageId },
              diagnostics: [],
            },
          },
        },
      ]);
    }
    await deps.deadLetters.send({ messageId: record.messageId, body: record.body, ...(record.attributes?.MessageGroupId ? { messageGroupId: record.attributes.MessageGroupId } : {}) }, cause);
    obs.count('DocumentsUndeliverable');
    obs.logger.error('document dead-lettered', { cause, ...(message ? { kind: message.kind, idempotencyKey: message.idempotencyKey } : {}) });
  }

  async function deliverOne(record: SQSRecord, planned: Planned | undefined): Promise<void> {
    let message: OutboundMessage | undefined = planned?.message;
    try {
      message ??= parse(record);
      await deliverMessage(record, message, planned);
    } catch (error) {
      if (error instanceof UndeliverableError) return giveUp(record, message, error);
      throw error;
    }
  }

  async function deliverMessage(record: SQSRecord, message: OutboundMessage, planned: Planned | undefined): Promise<void> {
    await withCorrelation(obs.logger, { partner: message.partner, messageId: record.messageId }, async () => {
      const profile = await deps.partners.get(message.partner);
      if (!profile) throw new UnknownPartnerError(`no partner profile '${message.partner}'`);
      const document =
        message.payload.kind === 'inline' ? message.payload.document : OutboundDocumentZ.parse(JSON.parse(await deps.archive.readClaim(message.payload.claim)));
      let delivery = planned?.existing ?? (planned || !isRedelivery(record) ? undefined : await deps.deliveries.find(message.subject, message.idempotencyKey));
      let text: string;
      if (!delivery) {
        const numbers = planned?.numbers ?? (await deps.controlNumbers.allocate(message.partner, 1))[0];
        if (!numbers) throw new Error('no control numbers allocated');
        const when = envelopeTimeOf(message.createdAt);
        const unsealed: Omit<OutboundRecord, 'hash'> = {
          schemaVersion: RECORD_SCHEMA_VERSION,
          partner: message.partner,
          kind: message.kind,
          idempotencyKey: message.idempotencyKey,
          subject: message.subject,
          numbers,
          envelopeDate: when.date,
          envelopeTime: when.time,
          bucket: deps.outboundFiles.bucket,
          key: `${message.partner}/${message.kind}/${when.date}-${String(numbers.interchange).padStart(9, '0')}.x12`,
          recordedAt: deps.clock.now().toISOString(),
          ...(message.causeEventHash ? { causeEventHash: message.causeEventHash } : {}),
        };
        const candidate: OutboundRecord = { ...unsealed, hash: hashRecord(unsealed) };
        // Rendered before it is recorded: a document that cannot be rendered uses up no record.
        text = render(document, profile, candidate);
        const result = await deps.deliveries.record(candidate);
        if (result.recorded) delivery = candidate;
        else {
          delivery = result.existing;
          text = render(document, profile, delivery);
          obs.count('ControlNumbersWasted');
        }
      } else {
        text = render(document, profile, delivery);
        obs.count('DeliveriesRepeated');
      }
      await deps.outboundFiles.put(delivery.key, text);
      obs.count(`Sent${message.kind}`);
      obs.logger.info('document delivered', { kind: message.kind, key: delivery.key, isa13: String(delivery.numbers.interchange) });
    });
  }

  return async (event, context) => {
    const planned = await plan(event.Records);
    return sqsBatchHandler((record) => deliverOne(record, planned.get(record.messageId)), { fifo: false, observability: obs })(event, context);
  };
}

export const handler: SqsHandler = lazyHandler(() => deliver(liveDeliverDeps()));
