/**
 * Delay level 3 with the planner seeing the customer's text first (`edi delay confirm`, `POST
 * /orders/{partner}/{po}/lines/{line}/delay`; DOMAIN, delay communication): the preview renders the
 * confirmed-delay email exactly as the notice would be sent — the same pure notice and renderer the
 * delay recompute uses, with the item's delay note's customer texts (or the neutral text) and the
 * delivery date (ship + the partner's transit days) — and names it by a hash of its text. Confirming
 * with that hash decides `date=D` on the line (the replacing 855 with `DR`, and the email through the
 * order); if anything the text depends on changed since the preview, the confirmation is refused.
 */
import { renderDelayEmail } from '#domain/emails/delay-emails.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { confirmedDelayNotice, customerTextsOf, findLine, requestedDateOf } from '#domain/planning/index.ts';
import type { DelayNotes } from '#functions/ports/item-history.ts';
import type { CustomerTextSource } from '#schemas/records/planning-state.ts';
import { decideLine, type DecideLineDeps, type DecisionResult } from './decide-line.ts';
import { RequestRefusedError } from './errors.ts';

export type ConfirmDelayDeps = DecideLineDeps & { notes: Pick<DelayNotes, 'getDelayNote'> };

export interface DelayPreviewRequest {
  partner: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  /** The new ship date, YYYY-MM-DD. */
  date: string;
  by: string;
}

export interface DelayPreview {
  previewId: string;
  subject: string;
  text: string;
  to: string[];
  cc: string[];
  customerText: CustomerTextSource;
  originalDate: string;
  newDate: string;
  newDeliveryDate: string;
}

export async function previewConfirmedDelay(deps: ConfirmDelayDeps, input: DelayPreviewRequest): Promise<DelayPreview> {
  const profile = await deps.partners.get(input.partner);
  if (!profile) throw new RequestRefusedError(`no partner ${input.partner}`);
  const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
  if (!head) throw new RequestRefusedError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
  const vendorPart = head.planning?.items[input.lineNumber];
  const found = findLine(head.order.purchaseOrder, input.lineNumber);
  if (!vendorPart || !found) throw new RequestRefusedError(`PO ${input.purchaseOrderNumber} has no line ${input.lineNumber} of a known item`);
  const item = (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart);
  if (!item) throw new RequestRefusedError(`no item ${vendorPart} in the item master`);
  const originalDate = requestedDateOf(head.order.purchaseOrder, found.line, profile.transitDays)?.shipDate;
  if (!originalDate) throw new RequestRefusedError(`line ${input.lineNumber} has no requested date to be late against`);
  if (!(input.date > originalDate)) throw new RequestRefusedError(`${input.date} is not later than the requested ship date ${originalDate}: a confirmed delay is a later date`);
  const [state, note] = await Promise.all([deps.delays.getDelayState(vendorPart), deps.notes.getDelayNote(vendorPart)]);
  const texts = customerTextsOf(note, state?.state);
  const line = { partnerId: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, lineNumber: input.lineNumber };
  const notice = confirmedDelayNotice(item, { line, newDate: input.date, originalDate, by: input.by }, texts, profile.transitDays);
  const email = renderDelayEmail(notice, item, { [profile.id]: profile });
  return {
    previewId: sha256Hex(JSON.stringify([email.subject, email.text, email.to, email.cc])).slice(0, 16),
    subject: email.subject,
    text: email.text,
    to: email.to,
    cc: email.cc,
    customerText: texts.source,
    originalDate,
    newDate: input.date,
    newDeliveryDate: notice.newDeliveryDate ?? input.date,
  };
}

export async function confirmDelay(deps: ConfirmDelayDeps, input: DelayPreviewRequest & { previewId: string; reason: string }): Promise<{ preview: DelayPreview; decision: DecisionResult }> {
  const preview = await previewConfirmedDelay(deps, input);
  if (preview.previewId !== input.previewId) throw new RequestRefusedError(`the customer's text changed since preview ${input.previewId} (now ${preview.previewId}); preview it again before sending`);
  const decision = await decideLine(deps, { partner: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, lineNumber: input.lineNumber, decision: `date=${input.date}`, by: input.by, reason: input.reason });
  return { preview, decision };
}
