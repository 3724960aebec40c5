/**
 * An acknowledgment timer fell due (timers stage) for the documents of one deliver batch: each
 * whose partner's 997/999/TA1 has still not come becomes `overdue` and EDI operations get one
 * alert for it (its key is the document's, so a repeated timer, or the same document in a second
 * timer after a redelivery, sends nothing twice). An acknowledgment that came meanwhile settles a
 * document: nothing happens for it.
 */
import { advanceSentDocument } from '#domain/audit/record-hashes.ts';
import { isOverdue } from '#domain/x12/partner-acks.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import { deskOf, formatDeskTime, type DeskView } from '#domain/planning/business-calendar.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import type { SentDocumentRef, TimerMessage } from '#schemas/messages/timer-message.ts';

export interface FlagOverdueAckDeps {
  sentDocuments: Pick<SentDocuments, 'byGroup' | 'update'>;
  /** The partner's desk: the alert prints its times in the desk's zone and its command as the desk runs it. */
  partners: Pick<PartnerDirectory, 'get'>;
  notify: NotifyQueue;
  clock: Clock;
}

export type OverdueOutcome = { fired: true; key: string } | { fired: false; reason: string };

export async function flagOverdueAck(deps: FlagOverdueAckDeps, timer: Extract<TimerMessage, { kind: 'ack-overdue' }>): Promise<OverdueOutcome> {
  const outcomes: OverdueOutcome[] = [];
  const desks = new Map<string, Desk>();
  for (const ref of timer.documents) {
    if (!desks.has(ref.partner)) desks.set(ref.partner, deskOf(await deps.partners.get(ref.partner)));
    outcomes.push(await flagOne(deps, ref, timer.dueAt, desks.get(ref.partner)!));
  }
  const fired = outcomes.flatMap((o) => (o.fired ? [o.key] : []));
  if (fired.length > 0) return { fired: true, key: fired.join(' ') };
  return { fired: false, reason: outcomes.map((o) => (o.fired ? '' : o.reason)).join('; ') };
}

type Desk = DeskView;


async function flagOne(deps: FlagOverdueAckDeps, ref: SentDocumentRef, dueAt: string, desk: Desk): Promise<OverdueOutcome> {
  const key = `partner-ack-overdue/${ref.partner}/${ref.groupControlNumber}/${ref.setControlNumber}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const document = (await deps.sentDocuments.byGroup(ref.partner, ref.groupControlNumber)).find((d) => d.setControlNumber === ref.setControlNumber);
    if (!document) return { fired: false, reason: 'no such sent document' };
    if (document.state === 'overdue') {
      // A crash between the update and the alert: the alert's key makes sending it again harmless.
      await deps.notify.send([{ body: overdueAlert(document, key, desk) }]);
      return { fired: false, reason: 'already overdue' };
    }
    const now = deps.clock.now().toISOString();
    if (!isOverdue(document, now > dueAt ? now : dueAt)) return { fired: false, reason: `acknowledged: ${document.state}` };
    if (await deps.sentDocuments.update(advanceSentDocument(document, { state: 'overdue' }))) {
      await deps.notify.send([{ body: overdueAlert(document, key, desk) }]);
      return { fired: true, key };
    }
  }
  return { fired: false, reason: 'the document kept changing' };
}

function overdueAlert(document: { partner: string; kind: string; documentKey: string; idempotencyKey: string; subject: Parameters<typeof notifyMessage>[1]['subject']; sentAt: string; dueAt: string; interchangeControlNumber: string; groupControlNumber: string; setControlNumber: string }, key: string, desk: Desk) {
  const sentAt = formatDeskTime(document.sentAt, desk.timeZone);
  const due = formatDeskTime(document.dueAt, desk.timeZone);
  return notifyMessage('partner-ack-overdue', {
    partner: document.partner,
    recipients: ['operations'],
    idempotencyKey: key,
    subject: document.subject,
    createdAt: document.dueAt,
    data: {
      reason: `no 997/999 or TA1 from ${document.partner} for our ${document.kind} for ${document.documentKey}, sent ${sentAt}, due by ${due}`,
      facts: {
        Document: `${document.kind} ${document.documentKey}`,
        'Document key': document.idempotencyKey,
        'Our control numbers (ISA13 / GS06 / ST02)': `${document.interchangeControlNumber} / ${document.groupControlNumber} / ${document.setControlNumber}`,
        'Sent at': sentAt,
        'Due by': due,
        'See all overdue': `${desk.commandPrefix} acks --partner ${document.partner} --state overdue`,
      },
      diagnostics: [],
    },
  });
}
