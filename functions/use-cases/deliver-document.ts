/**
 * Outbound documents to partners (deliver stage): render each as X12 with control numbers
 * allocated exactly once, record it, write it to the outbound bucket.
 *
 * Control numbers: a batch allocates one block per partner (one atomic counter update) for its
 * first deliveries and records each document with its numbers by a conditional write before
 * writing the file; only a conflict reads the record that won. A redelivery looks its record up
 * first, reuses its numbers and envelope time, and so writes the same bytes to the same key. Two
 * deliveries racing on one message both allocate, one record wins and both write the winner's
 * file; the loser's numbers are a gap, never a duplicate.
 *
 * A document that can never be delivered (it does not render as X12 for the partner's settings,
 * or it breaks the partner's implementation guide)
 * is an {@link UndeliverableError}: recorded under its subject and alerted to operations by
 * {@link DocumentDelivery.recordUndeliverable}; the stage dead-letters its message with the cause.
 */
import { stampRecord } from '#domain/audit/record-hashes.ts';
import { hashRecord } from '#domain/orders/order-events.ts';
import type { ControlNumbers as EnvelopeNumbers, EnvelopeSettings } from '#domain/x12/types.ts';
import { checkTextAgainstGuides, describeFindings } from '#domain/x12/guide/guide-check.ts';
import { acknowledgeInterchange } from '#domain/x12/write/ta1.ts';
import { writeDocuments, writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { build999 } from '#domain/x12/write/build-999.ts';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';
import type { ClaimStore, OutboundFiles } from '#functions/ports/archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ControlNumbers } from '#functions/ports/control-numbers.ts';
import type { DeliveryLog } from '#functions/ports/delivery-log.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { Telemetry } from '#functions/ports/telemetry.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { OutboundDocumentZ, type OutboundDocument, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { RECORD_SCHEMA_VERSION, type OutboundRecord } from '#schemas/records/records.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { recordSentDocument, scheduleAckTimers, type TrackSentDocumentDeps } from './track-sent-document.ts';
import { recordInvoiceDelivered, type RecordInvoiceDeliveredDeps } from './record-invoice-delivered.ts';

export interface DeliverDocumentDeps {
  partners: PartnerDirectory;
  controlNumbers: ControlNumbers;
  deliveries: DeliveryLog;
  claims: Pick<ClaimStore, 'readClaim'>;
  outboundFiles: OutboundFiles;
  /** Alerts (a document that cannot be delivered). */
  notify: NotifyQueue;
  clock: Clock;
  telemetry: Telemetry;
  /** Where sent 855/856/865/810s wait for the partner's acknowledgment, and its overdue timer. */
  sentDocuments: TrackSentDocumentDeps['sentDocuments'];
  scheduler: TrackSentDocumentDeps['scheduler'];
  /**
   * The orders, for the order cycle: a delivered 810 makes its order invoiced then
   * (record-invoice-delivered.ts), with the order-step events through `outbox`. Without it
   * (a deliver stage set up without the order table's writer) nothing is recorded on the order.
   */
  orderCycle?: Pick<RecordInvoiceDeliveredDeps, 'orders' | 'outbox' | 'claims'>;
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
export function renderOutbound(document: OutboundDocument, settings: EnvelopeSettings, numbers: EnvelopeNumbers, now: { date: string; time: string }, kind?: OutboundMessage['kind']): string {
  // A 999 is the functional acknowledgment written as the 999 (005010X231A1) for a partner whose profile asks for it.
  if (kind === '999') {
    if (document.type !== '997') throw new InvalidDocumentError(`a 999 is written from a functional acknowledgment, not a ${document.type}`, 'ST01');
    return writeInterchange([[build999(document, numbers.firstSet)]], settings, numbers, now);
  }
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

export interface Planned {
  message: OutboundMessage;
  existing?: OutboundRecord;
  numbers?: EnvelopeNumbers;
}

/** A message this stage can never deliver: recorded, alerted and dead-lettered at once, not retried. */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
}


export interface DocumentDelivery {
  /**
   * Plans a batch: a redelivery looks up its record (to reuse its numbers); the first deliveries
   * get one block of control numbers per partner. First deliveries skip the lookup and try the
   * conditional put of their record at once; only a conflict reads the winner. (A message sent
   * twice by a producer is a first delivery both times: its second allocation is a gap, never a
   * duplicate.)
   */
  plan(batch: readonly { id: string; message: OutboundMessage; redelivery: boolean }[]): Promise<Map<string, Planned>>;
  /**
   * Renders, records and writes one document, and records it as sent for the partner's
   * acknowledgment. With `sent`, the sent document is added there for the batch's
   * {@link DocumentDelivery.scheduleAckTimers}; without, its timer is set at once. Throws
   * {@link UndeliverableError} when it can never be delivered.
   */
  deliver(message: OutboundMessage, planned: Planned | undefined, redelivery: boolean, sent?: SentDocument[]): Promise<OutboundRecord>;
  /** One acknowledgment timer per partner for the documents a batch sent. */
  scheduleAckTimers(sent: readonly SentDocument[]): Promise<void>;
  /** Records why a document can never be delivered under its subject, and alerts operations (once per document). */
  recordUndeliverable(message: OutboundMessage, cause: string, rawMessage: string, transportId: string): Promise<void>;
}

export function documentDelivery(deps: DeliverDocumentDeps): DocumentDelivery {
  const obs = deps.telemetry;

  function render(document: OutboundDocument, profile: PartnerProfile, delivery: Pick<OutboundRecord, 'numbers' | 'envelopeDate' | 'envelopeTime' | 'kind'>): string {
    let text: string;
    try {
      text = renderOutbound(document, envelopeSettingsOf(profile), delivery.numbers, { date: delivery.envelopeDate, time: delivery.envelopeTime }, delivery.kind as OutboundMessage['kind']);
    } catch (error) {
      // Rendering is a pure function of the message and the profile: it fails the same way every time.
      throw new UndeliverableError(`the ${document.type} cannot be rendered as X12: ${(error as Error).message}`, { cause: error });
    }
    // The partner's implementation guide (README, "Implementation guides"): a document that breaks
    // it would be refused or charged back, so it is never sent; the cause names each rule.
    const reports = checkTextAgainstGuides(text, profile, 'outbound');
    if (reports.some((r) => r.findings.length > 0)) {
      throw new UndeliverableError(`the ${document.type} breaks ${profile.id}'s implementation guide, so it was not sent:\n${describeFindings(reports)}`);
    }
    return text;
  }

  return {
    async plan(batch) {
      const planned = new Map<string, Planned>();
      await Promise.all(
        batch.map(async ({ id, message, redelivery }) => {
          const existing = redelivery ? await deps.deliveries.find(message.subject, message.idempotencyKey) : undefined;
          planned.set(id, { message, ...(existing ? { existing } : {}) });
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
          obs.warn('block allocation failed; documents allocate one by one', { partner, error: String(error) });
        }
      }
      return planned;
    },

    async deliver(message, planned, redelivery, sent) {
      const profile = await deps.partners.get(message.partner);
      if (!profile) throw new UnknownPartnerError(`no partner profile '${message.partner}'`);
      const document = message.payload.kind === 'inline' ? message.payload.document : OutboundDocumentZ.parse(JSON.parse(await deps.claims.readClaim(message.payload.claim)));
      let delivery = planned?.existing ?? (planned || !redelivery ? undefined : await deps.deliveries.find(message.subject, message.idempotencyKey));
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
      // Written, so the partner may acknowledge it now (a redelivery records and schedules nothing new).
      const tracked = await recordSentDocument(deps, { profile, kind: message.kind, idempotencyKey: message.idempotencyKey, subject: message.subject, numbers: delivery.numbers, sentAt: delivery.recordedAt, documentHash: delivery.hash });
      if (tracked && sent) sent.push(tracked);
      else if (tracked) await scheduleAckTimers(deps, [tracked]);
      // Written for the partner: an 810 makes its order invoiced now (README, "The order cycle").
      // After the file, so a crash between leaves a redelivery that records it; a redelivery of a
      // recorded one changes nothing.
      if (message.kind === '810' && message.subject.kind === 'order' && deps.orderCycle) {
        const outcome = await recordInvoiceDelivered(
          { ...deps.orderCycle, partners: deps.partners, clock: deps.clock },
          { partner: message.partner, purchaseOrderNumber: message.subject.purchaseOrderNumber, invoice: { invoiceKey: message.idempotencyKey, deliveredAt: delivery.recordedAt, numbers: delivery.numbers, outboundKey: delivery.key } },
        );
        if (outcome.recorded) obs.count('InvoicesRecordedOnOrder');
        else if (outcome.reason !== 'recorded already') obs.warn('810 delivered, not recorded on its order', { idempotencyKey: message.idempotencyKey, reason: outcome.reason });
      }
      obs.count(`Sent${message.kind}`);
      obs.info('document delivered', { kind: message.kind, key: delivery.key, isa13: String(delivery.numbers.interchange) });
      return delivery;
    },

    scheduleAckTimers: (sent) => scheduleAckTimers(deps, sent),

    async recordUndeliverable(message, cause, rawMessage, transportId) {
      const at = deps.clock.now().toISOString();
      await deps.deliveries.recordError(message.subject, message.idempotencyKey, stampRecord({
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: message.partner,
        kind: `deliver-${message.kind}`,
        cause: { partner: message.partner, type: message.kind, id: message.idempotencyKey },
        at,
        reason: cause,
        message: rawMessage,
      }));
      await deps.notify.send([
        {
          body: notifyMessage('processing-error', {
            partner: message.partner,
            recipients: ['operations'],
            idempotencyKey: `undeliverable/${message.idempotencyKey}`,
            subject: message.subject,
            ...(message.causeEventHash ? { causeEventHash: message.causeEventHash } : {}),
            createdAt: message.createdAt,
            data: {
              reason: `The outbound ${message.kind} was not sent: ${cause}`,
              facts: { Document: message.kind, 'Idempotency key': message.idempotencyKey, Partner: message.partner, 'SQS message': transportId },
              diagnostics: [],
            },
          }),
        },
      ]);
    },
  };
}
