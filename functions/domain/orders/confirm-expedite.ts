/**
 * The supplier confirms the date of P1 line-down lines: an `expedite.confirmed` event on the
 * order with who confirmed which date and why. The confirmed date becomes the lines' promised
 * ship date, so the replacing 855 (BAK01 `05`, ACK `DR` when it differs from the requested date)
 * goes with the event once no line is held; and everyone the cases had reached — the internal
 * chain and, for a bought-in part, the supplier and purchasing chain — gets a stand-down email
 * (README, "Planning intelligence"). The caller then stops the lines' escalation timers.
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage, type NotifyMessage, type TemplateData } from '#schemas/messages/notify-message.ts';
import type { EscalationState } from '#schemas/records/planning-state.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { buildAcknowledgment, isIsoDate, p1EmailKey, type PlannedStep } from '../planning/index.ts';
import { orderAckKey } from './order-keys.ts';
import { documentMessage, orderSubject } from './order-messages.ts';
import { advance, refuse, type Refusal, type Transition } from './transition.ts';

/** A P1 case being confirmed: its escalation state (who was reached) and the line its emails describe. */
export interface ConfirmedCase {
  state: EscalationState;
  line: TemplateData<'planning-p1-stand-down'>['line'];
}

export interface ExpediteConfirmation {
  lines: readonly string[];
  /** YYYY-MM-DD. */
  date: string;
  by: string;
  reason?: string;
  /** The lines' P1 cases; each person a case reached is told to stand down. */
  cases?: readonly ConfirmedCase[];
}

/**
 * One stand-down per person and step the cases reached — one email per order and recipient, the
 * lines confirmed together listed in it (README, "Guarantees"); keyed by those lines and the step.
 */
function standDowns(head: OrderHead, input: ExpediteConfirmation, now: string): NotifyMessage[] {
  const { order } = head;
  const groups = new Map<string, { step: PlannedStep; cases: ConfirmedCase[] }>();
  for (const c of input.cases ?? []) {
    for (const sent of c.state.sent) {
      const step = c.state.steps.find((s) => s.step === sent.step);
      if (!step) continue;
      const key = `${step.step}\u0000${step.contact.email.toLowerCase()}`;
      groups.set(key, { step: groups.get(key)?.step ?? step, cases: [...(groups.get(key)?.cases ?? []), c] });
    }
  }
  return [...groups.values()].map(({ step, cases }) => {
    const [first, ...more] = [...cases].sort((a, b) => a.state.case.lineNumber.localeCompare(b.state.case.lineNumber, undefined, { numeric: true })) as [ConfirmedCase, ...ConfirmedCase[]];
    return notifyMessage('planning-p1-stand-down', {
      partner: order.partner,
      recipients: ['template'],
      idempotencyKey: p1EmailKey('p1-stand-down', cases.map((c) => c.state.case), step.step),
      subject: orderSubject(order.partner, order.purchaseOrderNumber),
      createdAt: now,
      data: { line: first.line, step, state: first.state, confirmation: { date: input.date, by: input.by.trim(), ...(input.reason ? { reason: input.reason } : {}) }, ...(more.length ? { more: more.map((m) => ({ line: m.line, state: m.state })) } : {}) },
    });
  });
}

export function confirmExpedite(head: OrderHead, input: ExpediteConfirmation & { partner: PartnerProfile }, now: string): Transition | Refusal {
  const { order } = head;
  if (input.lines.length === 0) return refuse(`no P1 line to confirm on PO ${order.purchaseOrderNumber}`);
  if (!isIsoDate(input.date)) return refuse(`date ${input.date} is not YYYY-MM-DD`);
  if (!input.by.trim()) return refuse('--by NAME is required');
  const lines = [...input.lines].sort();
  const planning = head.planning;
  const version = order.version + 1;
  // The confirmed date is the lines' promise from now on: the replacing 855 and what ships carry it.
  const lineStates = planning?.lineStates.map((s) => (lines.includes(s.lineNumber) && s.status !== 'rejected' ? { ...s, date: input.date } : s));
  const outcome =
    planning && lineStates
      ? buildAcknowledgment({ order: order.purchaseOrder, lineStates, decisions: [], now, controlNumber: '0001', purpose: planning.acknowledgmentsSent > 0 ? '05' : '00', partner: input.partner })
      : undefined;
  const ack = outcome?.status === 'ready' ? outcome.acknowledgment : undefined;
  return advance(
    head,
    input.partner,
    {
      type: 'expedite.confirmed',
      cause: { partner: order.partner, type: 'expedite-confirmation', id: `expedite-confirmed/${order.partner}/${order.purchaseOrderNumber}/${lines.join(',')}/${input.date}` },
      actor: `planner:${input.by.trim()}`,
      summary: `P1 date ${input.date} confirmed for line ${lines.join(', ')} by ${input.by.trim()}${input.reason ? ` (${input.reason})` : ''}`,
      details: { lines, date: input.date, by: input.by.trim(), ...(input.reason ? { reason: input.reason } : {}) },
      ...(planning && lineStates ? { planning: { ...planning, lineStates, acknowledgmentsSent: planning.acknowledgmentsSent + (ack ? 1 : 0) } } : {}),
      outbound: ack ? [documentMessage(order.partner, order.purchaseOrderNumber, orderAckKey(order.partner, order.purchaseOrderNumber, version), ack, now)] : [],
      notify: standDowns(head, input, now),
    },
    now,
  );
}
