/**
 * The order aggregate's one way forward. Every transition of an order (850, 860, duplicate PO,
 * decision, shipment, hold escalation, expedite confirmation, delay notice) is a pure function
 * `(head, input, now) → { next, events, messages } | refusal`, and each ends in {@link advance}:
 * the only place that computes the next version, the applied causes, the hash-chain link and the
 * status, and that links the messages to the event that decided them.
 */
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import {
  RECORD_SCHEMA_VERSION,
  type Cause,
  type EventDetails,
  type EventType,
  type Order,
  type OrderEvent,
  type OrderHead,
  type OrderPlanning,
  type OrderStatus,
  type Outbox,
} from '#schemas/records/records.ts';
import { GENESIS_HASH, sealEvent, type UnsealedEvent } from './order-events.ts';
import { enteredSteps, stageFactsOf, stepsOf, type StageAcks } from './order-stage.ts';
import { orderStepEvents } from './order-step-events.ts';
import { shipToOf } from './ship-to.ts';
import { orderStateHash } from '../audit/record-hashes.ts';

/** A transition that happened: the next head, the events it appends and the messages it sends. */
export interface Transition {
  next: OrderHead;
  events: OrderEvent[];
  messages: Outbox;
}

/** A transition the order does not allow (a decision on a line that is not held, a shipment over the ordered quantity …). */
export interface Refusal {
  refused: true;
  reason: string;
}

export type TransitionResult = Transition | Refusal;

export function isRefusal<T extends object>(result: T | Refusal): result is Refusal {
  return 'refused' in result;
}

export function refuse(reason: string): Refusal {
  return { refused: true, reason };
}

/**
 * Which events change the order's version. The version is the revision of what the order says
 * and what we agreed to — lines, quantities, dates, prices, line decisions, shipments — so each
 * 855/865 names the version it answers. An event that only records something (a re-sent 850 that
 * was not applied, an escalation email, a notice to the customer) leaves the version as it is.
 */
export const CHANGES_VERSION: Readonly<Record<EventType, boolean>> = {
  'order.created': true,
  'order.changed': true,
  'order.cancelled': true,
  'order.duplicate-received': false,
  'line.decided': true,
  'line.hold-escalated': false,
  'expedite.confirmed': true,
  'order.shipped': true,
  'order.delay-notified': false,
  'order.invoice-delivered': false,
};

/** An order is cancelled for good; otherwise held while any line waits for a planner, else open. */
export function statusOf(cancelled: boolean, planning: OrderPlanning | undefined): OrderStatus {
  if (cancelled) return 'cancelled';
  return planning?.lineStates.some((s) => s.status === 'held') ? 'held' : 'open';
}

/** One step of an order: the event to record and what it changes. */
export interface Step<T extends EventType> {
  type: T;
  cause: Cause;
  /** `partner:<id>`, `planner:<name>`, `system:<what>`. */
  actor: string;
  summary: string;
  details: EventDetails<T>;
  /** When it happened (default `now`): an inbound document's receipt time, so a retry records the same event. */
  at?: string;
  /** The purchase order as it is after the step (default: unchanged; required to create an order). */
  purchaseOrder?: PurchaseOrder;
  /** The step cancels the order (BCH01 `01`, or an 850 with BEG01 `01`). */
  cancels?: boolean;
  /** The planning state after the step (default: unchanged). */
  planning?: OrderPlanning;
  /** Documents and emails the step sends; each is linked to the step's event. */
  outbound?: readonly OutboundMessage[];
  notify?: readonly NotifyMessage[];
  /** Further causes the step applies besides `cause` (the item notices a grouped customer notice tells), so each is recognised as applied on its own. */
  alsoApplies?: readonly string[];
}

/**
 * Applies one step to `head` (undefined: the step creates the order, version 1). Returns the
 * next head with the sealed event chained after the current one, the version moved when the
 * event type changes it, the cause recorded as applied, the status recomputed, and the messages
 * carrying the event's hash (`causeEventHash`), their keys listed as the event's effects.
 */
export function advance<T extends EventType>(head: Pick<OrderHead, 'order' | 'planning'> | undefined, partner: Pick<PartnerProfile, 'id'> & { acks?: StageAcks | undefined }, step: Step<T>, now: string): Transition {
  const at = step.at ?? now;
  const before = head?.order;
  const purchaseOrder = step.purchaseOrder ?? before?.purchaseOrder;
  if (!purchaseOrder) throw new Error(`${step.type} needs a purchase order to create the order`);
  const planning = step.planning ?? head?.planning;
  const version = before ? before.version + (CHANGES_VERSION[step.type] ? 1 : 0) : 1;
  const outbound = step.outbound ?? [];
  const notify = step.notify ?? [];
  const cancelled = step.cancels === true || before?.status === 'cancelled' || (!before && purchaseOrder.purpose === '01');
  const shipTo = shipToOf(purchaseOrder);
  const state: Omit<Order, 'lastEventSeq' | 'lastEventHash'> = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    partner: partner.id,
    purchaseOrderNumber: purchaseOrder.purchaseOrderNumber,
    version,
    status: statusOf(cancelled, planning),
    purchaseOrder,
    ...(shipTo ? { shipTo } : {}),
    ...(purchaseOrder.orderDate ? { orderDate: purchaseOrder.orderDate } : {}),
    createdAt: before?.createdAt ?? at,
    updatedAt: before && before.updatedAt > at ? before.updatedAt : at,
    appliedCauses: [...(before?.appliedCauses ?? []), step.cause.id, ...(step.alsoApplies ?? []).filter((id) => id !== step.cause.id)],
  };
  const stepsBefore = head ? stepsOf(stageFactsOf(head, partner)) : [];
  const after = stepsOf(stageFactsOf({ order: state, planning }, partner));
  // The event carries the hash of the state it produced, so the head is covered by the chain (README, "Verification").
  const event = sealEvent(
    {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: partner.id,
      purchaseOrderNumber: purchaseOrder.purchaseOrderNumber,
      type: step.type,
      at,
      cause: step.cause,
      actor: step.actor,
      version,
      summary: step.summary,
      details: step.details,
      effects: [...outbound, ...notify].map((m) => m.idempotencyKey),
      stateHash: orderStateHash({ order: state, planning }),
      steps: after,
    } as UnsealedEvent,
    before ? { seq: before.lastEventSeq, hash: before.lastEventHash } : { seq: 0, hash: GENESIS_HASH },
  );
  const order: Order = { ...state, lastEventSeq: event.seq, lastEventHash: event.hash };
  const messages: Outbox = {
    outbound: outbound.map((m) => ({ ...m, causeEventHash: event.hash })),
    notify: notify.map((m) => ({ ...m, causeEventHash: event.hash })),
    // Carried in the outbox, so a step is published only once its transition committed (README, "Order events").
    events: orderStepEvents(event, enteredSteps(stepsBefore, after), after),
  };
  return { next: { order, lastEvent: event, outbox: messages, ...(planning ? { planning } : {}) }, events: [event], messages };
}

/** True when the document or action `causeId` was already applied to the order (a redelivery). */
export function hasApplied(head: OrderHead | undefined, causeId: string): boolean {
  return head?.order.appliedCauses.includes(causeId) ?? false;
}
