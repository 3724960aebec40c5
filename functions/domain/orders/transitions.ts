/**
 * Every transition of an order, in one place to import from (`import * as Order from …`): each
 * is a pure `(head, input, now) → { next, events, messages } | refusal` that ends in `advance`.
 */
export { receiveOrder, type ReceivedOrder } from './receive-order.ts';
export { changeOrder, type ReceivedChange } from './change-order.ts';
export { decideLine, type DecidedLine, type LineDecision } from './decide-line.ts';
export { shipOrder, isAlreadyShipped, type AlreadyShipped, type ShipmentInput, type ShippedOrder } from './ship-order.ts';
export { recordHoldEscalation, holdEscalationDue, holdEscalationKey, heldLinesOf, type HoldTimer } from './record-hold-escalation.ts';
export { confirmExpedite, type ExpediteConfirmation } from './confirm-expedite.ts';
export { groupNoticeId, noticeLines, recordDelayNotice, type CustomerDelayNotice, type ItemNotice } from './record-delay-notice.ts';
export { advance, hasApplied, isRefusal, type Refusal, type Transition, type TransitionResult } from './transition.ts';
export { recordInvoiceDelivered, isInvoiceRecorded, invoiceDeliveredCauseId, type DeliveredInvoice } from './record-invoice-delivered.ts';
