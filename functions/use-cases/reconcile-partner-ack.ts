/**
 * A partner's 997/999 or TA1 arrived (ingest stage): find the documents of ours it acknowledges —
 * by AK102 (our GS06) and AK202 (our ST02), or by TA101 (our ISA13) — and move each on: accepted,
 * accepted with errors, or rejected. A rejection is emailed to EDI operations with the AK3/AK4
 * findings in plain English and the document's key, once per document and acknowledgment.
 * A repeated or late acknowledgment changes nothing (`movesOn`), and an acknowledgment that names
 * nothing we sent is reported back, not an error.
 */
import { advanceSentDocument } from '#domain/audit/record-hashes.ts';
import { deskOf, formatDeskTime, type DeskView } from '#domain/planning/business-calendar.ts';
import { acknowledgedBy997, acknowledgedByTa1, controlKey, movesOn, type AcknowledgedDocument } from '#domain/x12/partner-acks.ts';
import type { NotifyQueue, QueuedMessage } from '#functions/ports/stage-queue.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { Telemetry } from '#functions/ports/telemetry.ts';
import type { FunctionalAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { notifyMessage, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { OrderConflictError } from './errors.ts';

export interface ReconcilePartnerAckDeps {
  sentDocuments: Pick<SentDocuments, 'byGroup' | 'byInterchange' | 'update'>;
  notify: NotifyQueue;
  telemetry: Telemetry;
}

export type PartnerAcknowledgment =
  | { kind: '997' | '999'; document: FunctionalAcknowledgment }
  | { kind: 'TA1'; interchangeControlNumber: string; acknowledgmentCode: string; noteCode: string };

export interface ReceivedAck {
  partner: string;
  acknowledgment: PartnerAcknowledgment;
  /** When it arrived (the inbound file's event time). */
  receivedAt: string;
  /** The partner's interchange that carried it, and where its bytes are archived. */
  interchangeControlNumber: string;
  archiveKey: string;
  /** SHA-256 of the file's bytes (the archive key's last part, the ledger's `sha256`). */
  sha256: string;
  /**
   * The desk serving the partner (its profile's `desk`): the rejection alert prints its times in
   * the desk's zone and its command as the desk runs it, as the overdue alert does. Default: the
   * default desk.
   */
  desk?: DeskView;
}

export interface ReconcileOutcome {
  /** Documents whose state changed, as written. */
  changed: SentDocument[];
  /** True when the acknowledgment named nothing we sent. */
  unmatched: boolean;
}

export async function reconcilePartnerAck(deps: ReconcilePartnerAckDeps, input: ReceivedAck): Promise<ReconcileOutcome> {
  const ack = input.acknowledgment;
  const documents =
    ack.kind === 'TA1'
      ? await deps.sentDocuments.byInterchange(input.partner, controlKey(ack.interchangeControlNumber))
      : await deps.sentDocuments.byGroup(input.partner, controlKey(ack.document.group.controlNumber));
  const changed: SentDocument[] = [];
  const alerts: QueuedMessage<NotifyMessage>[] = [];
  for (const found of documents) {
    const verdict: AcknowledgedDocument =
      ack.kind === 'TA1' ? acknowledgedByTa1(ack.acknowledgmentCode, ack.noteCode) : acknowledgedBy997(ack.document, found.setControlNumber);
    const written = await moveOn(deps, found, verdict, input);
    if (!written) continue;
    changed.push(written);
    deps.telemetry.count(`PartnerAcks_${written.state}`);
    if (written.state === 'rejected') alerts.push({ body: rejectionAlert(written, input) });
  }
  if (alerts.length > 0) await deps.notify.send(alerts);
  if (documents.length === 0) deps.telemetry.warn('partner acknowledgment names nothing we sent', { partner: input.partner, kind: ack.kind });
  return { changed, unmatched: documents.length === 0 };
}

/** Writes the new state unless it is no change; retries on a concurrent write (the overdue timer). */
async function moveOn(deps: ReconcilePartnerAckDeps, found: SentDocument, verdict: AcknowledgedDocument, input: ReceivedAck): Promise<SentDocument | undefined> {
  let current = found;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!movesOn(current, verdict.state)) return undefined;
    const next = advanceSentDocument(current, {
      state: verdict.state,
      acknowledgment: {
        kind: input.acknowledgment.kind,
        receivedAt: input.receivedAt,
        interchangeControlNumber: input.interchangeControlNumber,
        archiveKey: input.archiveKey,
        sha256: input.sha256,
        findings: verdict.findings,
      },
    });
    if (await deps.sentDocuments.update(next)) return next;
    const fresh = (await deps.sentDocuments.byGroup(current.partner, current.groupControlNumber)).find((d) => d.setControlNumber === current.setControlNumber);
    if (!fresh) return undefined;
    current = fresh;
  }
  throw new OrderConflictError(`sent document ${found.idempotencyKey} kept changing`);
}

function rejectionAlert(document: SentDocument, input: ReceivedAck): NotifyMessage {
  const findings = document.acknowledgment?.findings ?? [];
  const desk = input.desk ?? deskOf(undefined);
  return notifyMessage('partner-ack-rejected', {
    partner: document.partner,
    recipients: ['operations'],
    idempotencyKey: `partner-ack-rejected/${document.partner}/${document.groupControlNumber}/${document.setControlNumber}/${input.interchangeControlNumber}`,
    subject: document.subject,
    createdAt: input.receivedAt,
    data: {
      reason: `${document.partner}'s ${input.acknowledgment.kind} rejected our ${document.kind} for ${document.documentKey}${findings.length ? `: ${findings[0]}` : ''}`,
      facts: {
        Document: `${document.kind} ${document.documentKey}`,
        'Document key': document.idempotencyKey,
        'Our control numbers (ISA13 / GS06 / ST02)': `${document.interchangeControlNumber} / ${document.groupControlNumber} / ${document.setControlNumber}`,
        'Sent at': formatDeskTime(document.sentAt, desk.timeZone),
        'Acknowledgment': `${input.acknowledgment.kind} in the partner's interchange ${input.interchangeControlNumber}, received ${formatDeskTime(input.receivedAt, desk.timeZone)}`,
        'Archived as': input.archiveKey,
        ...Object.fromEntries(findings.map((f, i) => [`Finding ${i + 1}`, f])),
        'See all rejected': `${desk.commandPrefix} acks --partner ${document.partner} --state rejected`,
      },
      diagnostics: [],
    },
  });
}
