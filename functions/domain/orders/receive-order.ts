/**
 * An 850 arrives. A new PO number becomes order version 1 with the planning checks' line states,
 * the 855 when no line is held (and the partner takes 855s) and the planner's email when the
 * checks found something. A PO number we already have is a re-sent 850: recorded on the stored
 * order and sent to operations, never applied; when its content differs, the partner's
 * `duplicate-po` rule applies to it, and a `hold` holds the stored order's lines until a planner
 * decides (the original stands meanwhile: no new order; its held lines leave the item's open
 * demand, as every held line does, until the planner decides).
 */
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { Cause, OrderHead } from '#schemas/records/records.ts';
import { createOrder } from './create-order.ts';
import { anomalyEmail, documentMessage, orderAlert, orderSubject } from './order-messages.ts';
import { anomalyEmailKey, duplicateAlertKey, orderAckKey } from './order-keys.ts';
import { checkOrder, itemsOfAssessments, reviewDetailsOf, type PlanningContext } from './order-checks.ts';
import { advance, type Transition } from './transition.ts';

export interface ReceivedOrder {
  purchaseOrder: PurchaseOrder;
  /** The inbound set (sender + ISA13 + GS06 + ST02) and where it is archived. */
  cause: Cause;
  /** When the file arrived: the event's time, stable across retries. */
  receivedAt: string;
  partner: PartnerProfile;
  /** The item master and forecast; undefined while no item master is loaded (checks off). */
  context: PlanningContext | undefined;
}

/** The 850 transition: creates the order, or records a re-send on the order already stored. */
export function receiveOrder(head: OrderHead | undefined, input: ReceivedOrder, now: string): Transition {
  return head ? receiveDuplicateOrder(head, input, now) : createFromOrder(input, now);
}

function createFromOrder(input: ReceivedOrder, now: string): Transition {
  const { purchaseOrder: po, partner } = input;
  const review = checkOrder({ order: po, partner, context: input.context, now, receivedAt: input.receivedAt });
  const ack = partner.acks.orderAck855 && !review.hold ? review.acknowledgment : undefined;
  const outbound = ack ? [documentMessage(partner.id, po.purchaseOrderNumber, orderAckKey(partner.id, po.purchaseOrderNumber, 1), ack, input.receivedAt)] : [];
  const notify: NotifyMessage[] = review.findings.length
    ? [
        anomalyEmail({
          key: anomalyEmailKey(partner.id, po.purchaseOrderNumber, input.cause.id),
          partner,
          subject: orderSubject(partner.id, po.purchaseOrderNumber),
          order: { purchaseOrderNumber: po.purchaseOrderNumber, orderType: po.orderType, ...(po.orderDate ? { orderDate: po.orderDate } : {}) },
          assessments: review.assessments,
          items: itemsOfAssessments(review.assessments, input.context?.items ?? []),
          now,
        }),
      ]
    : [];
  return createOrder({
    partner: partner.id,
    acks: partner.acks,
    purchaseOrder: po,
    cause: input.cause,
    at: input.receivedAt,
    details: reviewDetailsOf(review),
    ...(review.planning ? { planning: review.planning } : {}),
    outbound,
    notify,
  });
}

function receiveDuplicateOrder(head: OrderHead, input: ReceivedOrder, now: string): Transition {
  const { partner } = input;
  const o = head.order;
  const review = checkOrder({ order: input.purchaseOrder, partner, context: input.context, now, receivedAt: input.receivedAt, previousOrder: o.purchaseOrder });
  const findings = review.findings.filter((f) => f.rule === 'duplicate-po');
  const held = new Map((review.planning?.lineStates ?? []).filter((s) => s.status === 'held' && s.reasons.includes('duplicate-po')).map((s) => [s.lineNumber, s]));
  const planning =
    head.planning && held.size
      ? {
          ...head.planning,
          lineStates: head.planning.lineStates.map((s) => {
            const hold = held.get(s.lineNumber);
            return hold ? { ...s, status: 'held' as const, reasons: [...new Set([...s.reasons, 'duplicate-po' as const])], heldSince: hold.heldSince ?? input.receivedAt, escalationsSent: 0 } : s;
          }),
        }
      : head.planning;
  const holding = planning !== head.planning && (planning?.lineStates.some((s) => s.status === 'held' && s.reasons.includes('duplicate-po')) ?? false);
  const { cause } = input;
  const differences = findings.find((f) => f.rule === 'duplicate-po')?.evidence;
  const story = duplicateStory({
    purchaseOrderNumber: o.purchaseOrderNumber,
    ...(cause.interchangeControlNumber ? { interchange: cause.interchangeControlNumber } : {}),
    ...(cause.setControlNumber ? { set: cause.setControlNumber } : {}),
    differences: differences && 'differences' in differences ? differences.differences : [],
    heldLines: holding && planning ? planning.lineStates.filter((l) => l.status === 'held' && l.reasons.includes('duplicate-po')).map((l) => l.lineNumber) : [],
    acknowledged: (head.planning?.acknowledgmentsSent ?? 0) > 0,
  });
  const storyFindings = findings.map((f) => ({ ...f, message: story }));
  const alert = orderAlert(
    'order-duplicate',
    o.partner,
    o.purchaseOrderNumber,
    duplicateAlertKey(o.partner, o.purchaseOrderNumber, input.cause.id),
    {
      reason: story,
      facts: {
        'Purchase order': o.purchaseOrderNumber,
        ...(cause.interchangeControlNumber ? { 'Interchange (ISA13)': cause.interchangeControlNumber } : {}),
        ...(cause.setControlNumber ? { 'Set (ST02)': cause.setControlNumber } : {}),
      },
      diagnostics: [],
    },
    input.receivedAt,
  );
  const planner = findings.length
    ? [
        anomalyEmail({
          key: anomalyEmailKey(partner.id, o.purchaseOrderNumber, input.cause.id),
          partner,
          subject: orderSubject(partner.id, o.purchaseOrderNumber),
          order: { purchaseOrderNumber: o.purchaseOrderNumber, orderType: input.purchaseOrder.orderType, ...(input.purchaseOrder.orderDate ? { orderDate: input.purchaseOrder.orderDate } : {}) },
          assessments: review.assessments.map((a) => ({ ...a, anomalies: a.anomalies.map((x) => (x.rule === 'duplicate-po' ? { ...x, message: story } : x)) })),
          items: itemsOfAssessments(review.assessments, input.context?.items ?? []),
          now,
        }),
      ]
    : [];
  return advance(
    head,
    partner,
    {
      type: 'order.duplicate-received',
      cause: input.cause,
      actor: `partner:${o.partner}`,
      at: input.receivedAt,
      summary: `another 850 for PO ${o.purchaseOrderNumber} was received and not applied${holding ? '; its lines are held for a planner (duplicate PO)' : ''}`,
      details: findings.length
        ? { findings: storyFindings, held: holding, ...(holding && planning ? { lineStates: planning.lineStates.map((l) => ({ line: l.lineNumber, status: l.status, reasons: l.reasons })) } : {}) }
        : {},
      ...(planning ? { planning } : {}),
      notify: [alert, ...planner],
    },
    now,
  );
}

/**
 * One account of a re-sent 850, the same in the operations alert, the planner's email and the
 * order's history: what came (the differences), that it is not applied, whether the original's
 * 855 went out, which lines are held, and what each decision does to them.
 */
export function duplicateStory(input: { purchaseOrderNumber: string; interchange?: string; set?: string; differences: readonly string[]; heldLines: readonly string[]; acknowledged: boolean }): string {
  const from = [input.interchange ? `ISA13 ${input.interchange}` : undefined, input.set ? `set ${input.set}` : undefined].filter(Boolean).join(', ');
  const what = input.differences.length > 0 ? `with different content: ${input.differences.join('; ')}` : 'with the same content';
  const original = `The second 850 is not applied: the order stands as first received${input.acknowledged ? ', and its 855 went out' : ', and no 855 has gone out for it yet'}.`;
  if (input.heldLines.length === 0) return `PO ${input.purchaseOrderNumber} came again${from ? ` (${from})` : ''} ${what}. ${original} Nothing is held.`;
  const lines = input.heldLines.length === 1 ? `line ${input.heldLines[0]}` : `lines ${input.heldLines.join(', ')}`;
  const answer = input.acknowledged ? 'a replacing 855 (BAK01 05)' : 'the 855';
  return (
    `PO ${input.purchaseOrderNumber} came again${from ? ` (${from})` : ''} ${what}. ${original} Held for a planner: ${lines}, as first ordered. ` +
    `Per line: approve keeps it as first ordered; reject acknowledges it as rejected (IR); quantity=Q, date=D or price=P confirms the re-sent value instead. ` +
    `Once no line is held, ${answer} tells the buyer.`
  );
}
