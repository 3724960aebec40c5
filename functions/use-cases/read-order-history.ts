/**
 * An order's timeline for people and auditors: events (with the chain verdict), documents
 * sent with their control numbers, emails, error records and, for each interchange that
 * carried a document of the order, its ledger entry, re-sends and acknowledgments.
 */
import { verifyChain, type ChainVerdict } from '#domain/orders/order-events.ts';
import { enteredSteps } from '#domain/orders/order-stage.ts';
import type { OrderStep } from '#schemas/messages/order-step.ts';
import type { OrderEvent } from '#schemas/records/records.ts';
import type { Timeline } from '#functions/ports/timeline.ts';
import { controlKey } from '#domain/x12/partner-acks.ts';
import type { SentDocument, SentDocumentState } from '#schemas/records/sent-document.ts';

export interface TimelineEntry {
  at: string;
  kind: 'interchange' | 'duplicate' | 'event' | 'step' | 'document' | 'email' | 'error';
  summary: string;
  details: Record<string, unknown>;
}

export interface OrderHistory {
  partner: string;
  purchaseOrderNumber: string;
  found: boolean;
  order?: { version: number; status: string; lines: number; updatedAt: string };
  chain: ChainVerdict;
  /** Where the order stands in its cycle and when each step was reached (README, "The order cycle"). */
  stage?: OrderStage;
  entries: TimelineEntry[];
  /**
   * Each outbound document whose partner acknowledgment we track (855/856/865/810), with its
   * state: sent → accepted / accepted-with-errors / rejected / overdue (README, "Partners'
   * acknowledgments"). The same state is on the document's entry (`details.acknowledgment`).
   */
  acknowledgments: DocumentAcknowledgment[];
}

export interface DocumentAcknowledgment {
  kind: string;
  idempotencyKey: string;
  /** Our ISA13 / GS06 / ST02 as the partner's 997/999 (GS06, ST02) or TA1 (ISA13) names them. */
  interchangeControlNumber: string;
  groupControlNumber: string;
  setControlNumber: string;
  sentAt: string;
  dueAt: string;
  state: SentDocumentState;
  /** Which acknowledgment set the state, when one came: 997, 999 or TA1, when, and its findings. */
  acknowledgment?: SentDocument['acknowledgment'];
}

function acknowledgmentOf(d: SentDocument): DocumentAcknowledgment {
  return {
    kind: d.kind,
    idempotencyKey: d.idempotencyKey,
    interchangeControlNumber: d.interchangeControlNumber,
    groupControlNumber: d.groupControlNumber,
    setControlNumber: d.setControlNumber,
    sentAt: d.sentAt,
    dueAt: d.dueAt,
    state: d.state,
    ...(d.acknowledgment ? { acknowledgment: d.acknowledgment } : {}),
  };
}

/** One line for people: the state, and what said so. */
export function acknowledgmentText(a: DocumentAcknowledgment): string {
  const by = a.acknowledgment ? ` by the partner's ${a.acknowledgment.kind} of ${a.acknowledgment.receivedAt}` : a.state === 'sent' ? `, due by ${a.dueAt}` : ` (due ${a.dueAt})`;
  const first = a.acknowledgment?.findings[0];
  const more = (a.acknowledgment?.findings.length ?? 0) > 1 ? ` (+${a.acknowledgment!.findings.length - 1} more)` : '';
  return `partner ack: ${a.state}${by}${first ? `: ${first}${more}` : ''}`;
}

export interface OrderStage {
  current: OrderStep;
  /** Every step entered, oldest first, with the event that entered it (a step entered again after the order moved back is listed again). */
  steps: { step: OrderStep; at: string; seq: number }[];
}

/** The steps each event entered, from the steps it records (events recorded before steps existed enter none). */
export function stageOfEvents(events: readonly OrderEvent[]): OrderStage | undefined {
  let before: readonly OrderStep[] = [];
  const steps: OrderStage['steps'] = [];
  for (const e of events) {
    if (!e.steps) continue;
    for (const step of enteredSteps(before, e.steps)) steps.push({ step, at: e.at, seq: e.seq });
    before = e.steps;
  }
  const current = before.at(-1);
  return current ? { current, steps } : undefined;
}

function controlNumbersOf(n: { interchange: number; group: number; firstSet: number }): string {
  return `ISA13 ${String(n.interchange).padStart(9, '0')}, GS06 ${n.group}, ST02 ${String(n.firstSet).padStart(4, '0')}`;
}

export async function loadOrderHistory(timeline: Timeline, partner: string, purchaseOrderNumber: string): Promise<OrderHistory> {
  const t = await timeline.order(partner, purchaseOrderNumber);
  const entries: TimelineEntry[] = [];
  const interchanges = new Map<string, { qualifier: string; id: string; isa13: string }>();
  for (const e of [...t.events.map((x) => x.cause), ...t.errors.map((x) => x.cause)]) {
    if (e.sender && e.interchangeControlNumber) interchanges.set(`${e.sender.qualifier}:${e.sender.id}/${e.interchangeControlNumber}`, { ...e.sender, isa13: e.interchangeControlNumber });
  }
  for (const ix of interchanges.values()) {
    const it = await timeline.interchange({ qualifier: ix.qualifier, id: ix.id }, ix.isa13);
    if (it.interchange) {
      entries.push({
        at: it.interchange.receivedAt,
        kind: 'interchange',
        summary: `interchange ISA13 ${ix.isa13} from ${ix.qualifier}/${ix.id} received (${it.interchange.state})`,
        details: { archiveKey: it.interchange.archiveKey, sha256: it.interchange.sha256, sourceKey: it.interchange.sourceKey },
      });
    }
    for (const d of it.duplicates) entries.push({ at: d.receivedAt, kind: 'duplicate', summary: `interchange ISA13 ${ix.isa13} re-sent (ignored)`, details: { sourceKey: d.sourceKey, sha256: d.sha256 } });
    for (const d of it.documents) entries.push({ at: d.recordedAt, kind: 'document', summary: `${d.kind} sent for ISA13 ${ix.isa13}: ${controlNumbersOf(d.numbers)}`, details: { key: d.key, idempotencyKey: d.idempotencyKey } });
    for (const m of it.emails) entries.push({ at: m.sentAt ?? m.claimedAt, kind: 'email', summary: `email '${m.title}' ${m.status} to ${m.recipients.join(', ')}`, details: { idempotencyKey: m.idempotencyKey } });
  }
  for (const e of t.events) entries.push({ at: e.at, kind: 'event', summary: `#${e.seq} ${e.type} (v${e.version}) by ${e.actor}: ${e.summary}`, details: { cause: e.cause, effects: e.effects, hash: e.hash, prevHash: e.prevHash, ...e.details } });
  const stage = stageOfEvents(t.events);
  for (const s of stage?.steps ?? []) entries.push({ at: s.at, kind: 'step', summary: `order step: ${s.step} (event #${s.seq})`, details: { step: s.step, seq: s.seq } });
  const acknowledgments = (t.acknowledgments ?? []).map(acknowledgmentOf);
  const ackOf = (n: { group: number; firstSet: number }) => acknowledgments.find((a) => a.groupControlNumber === controlKey(n.group) && a.setControlNumber === controlKey(n.firstSet));
  for (const d of t.documents) {
    const ack = ackOf(d.numbers);
    entries.push({
      at: d.recordedAt,
      kind: 'document',
      summary: `${d.kind} sent: ${controlNumbersOf(d.numbers)}${ack ? ` — ${acknowledgmentText(ack)}` : ''}`,
      details: { key: d.key, idempotencyKey: d.idempotencyKey, causeEventHash: d.causeEventHash, ...(ack ? { acknowledgment: ack } : {}) },
    });
  }
  for (const m of t.emails) entries.push({ at: m.sentAt ?? m.claimedAt, kind: 'email', summary: `email '${m.title}' ${m.status} to ${m.recipients.join(', ')}`, details: { idempotencyKey: m.idempotencyKey } });
  for (const r of t.errors) entries.push({ at: r.at, kind: 'error', summary: `${r.kind}: ${r.reason}`, details: { cause: r.cause } });
  const order: Record<string, number> = { interchange: 0, duplicate: 1, event: 2, step: 3, document: 4, email: 5, error: 6 };
  entries.sort((a, b) => a.at.localeCompare(b.at) || (order[a.kind] ?? 9) - (order[b.kind] ?? 9));
  return {
    partner,
    purchaseOrderNumber,
    found: t.order !== undefined || entries.length > 0,
    ...(t.order ? { order: { version: t.order.version, status: t.order.status, lines: t.order.purchaseOrder.lines.length, updatedAt: t.order.updatedAt } } : {}),
    chain: verifyChain(t.events, t.order),
    ...(stage ? { stage } : {}),
    entries,
    acknowledgments,
  };
}

/** Plain-text rendering for the terminal. */
export function formatOrderHistory(h: OrderHistory): string {
  const lines = [`Order ${h.purchaseOrderNumber} of partner ${h.partner}`];
  if (h.order) lines.push(`  status ${h.order.status}, version ${h.order.version}, ${h.order.lines} line(s), updated ${h.order.updatedAt}`);
  else lines.push('  no order stored');
  lines.push(h.chain.valid ? '  event chain: intact' : `  event chain: BROKEN at event ${h.chain.brokenAtSeq} (${h.chain.reason})`);
  if (h.stage) lines.push(`  stage ${h.stage.current}: ${h.stage.steps.map((s) => `${s.step} ${s.at}`).join(' → ')}`);
  for (const a of h.acknowledgments) lines.push(`  ${a.kind} ${a.idempotencyKey}: ${acknowledgmentText(a)}`);
  lines.push('');
  for (const e of h.entries) lines.push(`${e.at}  ${e.kind.padEnd(11)} ${e.summary}`);
  return lines.join('\n');
}
