/**
 * The failure path every queue stage shares (README "Guarantees", nothing lost): what each
 * stage can read of a message it gives up on (whom it is about), and the {@link GiveUp} that
 * dead-letters it through dead-letter-message.ts.
 */
import type { SQSRecord } from 'aws-lambda';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { deadLetterMessage, type DeadLetterMessageDeps, type FailedMessageFacts } from '#functions/use-cases/dead-letter-message.ts';
import { channelPartnerOf } from '#functions/use-cases/receive-interchange.ts';
import { stageByName, type Stage } from '#infra/topology.ts';
import { DocumentMessageZ } from '#schemas/messages/document-message.ts';
import { parseInboundEvent } from '#schemas/messages/inbound-event.ts';
import { NotifyMessageZ } from '#schemas/messages/notify-message.ts';
import { OutboundMessageZ } from '#schemas/messages/outbound-message.ts';
import { TimerMessageZ } from '#schemas/messages/timer-message.ts';
import { causeOfInboundSet } from '#schemas/records/records.ts';
import { reasonOf, receiveCountOf, type GiveUp } from './sqs-batch.ts';

/** What a stage needs to dead-letter a message with its cause (the stage's telemetry is added). */
export type StageFailureDeps = Omit<DeadLetterMessageDeps, 'telemetry'>;

type FactsOf = (body: string) => FailedMessageFacts | undefined;

function readJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const FACTS: Record<Stage['name'], FactsOf> = {
  ingest(body) {
    let keys: string[];
    try {
      keys = parseInboundEvent(body).map((o) => o.key);
    } catch {
      return undefined;
    }
    const partner = keys.map(channelPartnerOf).find((p) => p !== undefined) ?? '_unknown';
    return {
      subject: { kind: 'file', partner, sha256: sha256Hex(body) },
      cause: { partner, type: 'inbound-file', id: keys.join(', ') || '(no object)' },
      facts: { 'Inbound objects': keys.join(', ') || '(none)' },
    };
  },
  process(body) {
    const parsed = DocumentMessageZ.safeParse(readJson(body));
    if (!parsed.success) return undefined;
    const m = parsed.data;
    const cause = causeOfInboundSet(m);
    const po = m.purchaseOrderNumber;
    return {
      subject: po ? { kind: 'order', partner: m.partner, purchaseOrderNumber: po } : { kind: 'interchange', partner: m.partner, sender: m.source.sender, interchangeControlNumber: m.source.interchangeControlNumber },
      cause,
      facts: { Document: m.type, ...(po ? { PO: po } : {}), 'Interchange control number (ISA13)': m.source.interchangeControlNumber, 'Set control number (ST02)': m.source.setControlNumber, 'Archived as': m.source.archiveKey },
    };
  },
  deliver(body) {
    const parsed = OutboundMessageZ.safeParse(readJson(body));
    if (!parsed.success) return undefined;
    const m = parsed.data;
    return {
      subject: m.subject,
      cause: { partner: m.partner, type: m.kind, id: m.idempotencyKey },
      facts: { Document: m.kind, 'Idempotency key': m.idempotencyKey },
      ...(m.causeEventHash ? { causeEventHash: m.causeEventHash } : {}),
    };
  },
  mail(body) {
    const parsed = NotifyMessageZ.safeParse(readJson(body));
    if (!parsed.success) return undefined;
    const m = parsed.data;
    return { subject: m.subject, cause: { partner: m.partner, type: `email-${m.template}`, id: m.idempotencyKey }, facts: { Template: m.template, 'Idempotency key': m.idempotencyKey } };
  },
  timers(body): FailedMessageFacts | undefined {
    const parsed = TimerMessageZ.safeParse(readJson(body));
    if (!parsed.success) return undefined;
    const t = parsed.data;
    if (t.kind === 'daily-seal') {
      // The day's seal of all chain heads (README, "Verification"): about no one order.
      return {
        subject: { kind: 'file', partner: 'ALL', sha256: sha256Hex(body) },
        cause: { partner: 'ALL', type: `timer-${t.kind}`, id: t.scheduledTime },
        facts: { Timer: t.kind, 'Scheduled time': t.scheduledTime },
      };
    }
    if (t.kind === 'ack-overdue') {
      // Not an order's timer: our sent document awaiting the partner's 997 (README, "Acknowledgments").
      const d = t.documents[0]!;
      const refs = t.documents.map((r) => `${r.groupControlNumber}/${r.setControlNumber}`);
      return {
        subject: { kind: 'file', partner: d.partner, sha256: sha256Hex(body) },
        cause: { partner: d.partner, type: `timer-${t.kind}`, id: `${refs.join(',')}/${t.dueAt}` },
        facts: { Timer: t.kind, 'Documents (GS06/ST02)': refs.join(', '), 'Due at': t.dueAt },
      };
    }
    const of =
      t.kind === 'hold-escalation'
        ? { partner: t.hold.partnerId, po: t.hold.purchaseOrderNumber, line: t.hold.lineNumber }
        : t.kind === 'delay-risk-notice'
          ? { partner: t.line.partnerId, po: t.line.purchaseOrderNumber, line: t.line.lineNumber }
          : { partner: t.case.partnerId, po: t.case.purchaseOrderNumber, line: t.case.lineNumber };
    return {
      subject: { kind: 'order', partner: of.partner, purchaseOrderNumber: of.po },
      cause: { partner: of.partner, type: `timer-${t.kind}`, id: `${of.po}/${of.line}/${t.dueAt}` },
      facts: { Timer: t.kind, PO: of.po, Line: of.line, 'Due at': t.dueAt },
    };
  },
};

/** The facts a stage reads of one of its messages (undefined when it cannot be read at all). */
export function failedMessageFacts(stage: Stage['name'], body: string): FailedMessageFacts | undefined {
  return FACTS[stage](body);
}

/** The {@link GiveUp} of a stage: its queue's receive limit, dead-lettering through dead-letter-message.ts. */
export function stageGiveUp(stageName: Stage['name'], deps: DeadLetterMessageDeps, options: { isPermanent?: (error: unknown) => boolean } = {}): GiveUp {
  const stage = stageByName(stageName);
  return {
    maxReceiveCount: stage.queue.maxReceiveCount,
    ...(options.isPermanent ? { isPermanent: options.isPermanent } : {}),
    async deadLetter(record: SQSRecord, error: unknown) {
      const groupId = record.attributes?.MessageGroupId;
      await deadLetterMessage(deps, {
        stage: stageName,
        record: { messageId: record.messageId, body: record.body, receiveCount: receiveCountOf(record), ...(groupId ? { messageGroupId: groupId } : {}) },
        reason: reasonOf(error),
        facts: failedMessageFacts(stageName, record.body),
      });
    },
  };
}
