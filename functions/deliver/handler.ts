/**
 * Deliver stage: outbound queue → rendered X12 in the outbound bucket.
 *
 * Control numbers are allocated exactly once per document: the batch first looks up which
 * documents were already recorded (a redelivery), allocates one block per partner for the
 * rest (one atomic counter update), and records each document with its numbers by a
 * conditional write before writing the file. A retry finds the record and reuses its numbers
 * and envelope time, so it writes the same bytes to the same key. Two deliveries racing on
 * one message both allocate, one record wins and both write the winner's file; the loser's
 * numbers are a gap, never a duplicate.
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
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { OutboundDocumentZ, OutboundMessageZ, type OutboundDocument, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { RECORD_SCHEMA_VERSION, type OutboundRecord } from '#schemas/records/records.ts';
import { lazyHandler, liveDeliverDeps } from '#functions/shared/live-deps.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { sqsBatchHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';

export interface DeliverDeps {
  partners: PartnerDirectory;
  controlNumbers: ControlNumbers;
  deliveries: DeliveryLog;
  archive: Archive;
  outboundFiles: OutboundFiles;
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

export function deliver(deps: DeliverDeps): SqsHandler {
  const { observability: obs } = deps;

  async function plan(records: readonly SQSRecord[]): Promise<Map<string, Planned>> {
    const planned = new Map<string, Planned>();
    await Promise.all(
      records.map(async (record) => {
        try {
          const message = OutboundMessageZ.parse(JSON.parse(record.body));
          const existing = await deps.deliveries.find(message.subject, message.idempotencyKey);
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

  async function deliverOne(record: SQSRecord, planned: Planned | undefined): Promise<void> {
    const message = planned?.message ?? OutboundMessageZ.parse(JSON.parse(record.body));
    await withCorrelation(obs.logger, { partner: message.partner, messageId: record.messageId }, async () => {
      const profile = await deps.partners.get(message.partner);
      if (!profile) throw new UnknownPartnerError(`no partner profile '${message.partner}'`);
      let delivery = planned?.existing ?? (await deps.deliveries.find(message.subject, message.idempotencyKey));
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
        const result = await deps.deliveries.record(candidate);
        delivery = result.recorded ? candidate : result.existing;
        if (!result.recorded) obs.count('ControlNumbersWasted');
      } else {
        obs.count('DeliveriesRepeated');
      }
      const document =
        message.payload.kind === 'inline' ? message.payload.document : OutboundDocumentZ.parse(JSON.parse(await deps.archive.readClaim(message.payload.claim)));
      const text = renderOutbound(document, envelopeSettingsOf(profile), delivery.numbers, { date: delivery.envelopeDate, time: delivery.envelopeTime });
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
