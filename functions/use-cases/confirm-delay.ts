/**
 * Delay level 3 with the planner seeing the customer's text first (`edi delay confirm`, `POST
 * /orders/{partner}/{po}/lines/{line}/delay`; DOMAIN, delay communication): the preview renders the
 * confirmed-delay email exactly as the notice would be sent — the same pure notice and renderer the
 * delay recompute uses, with the item's delay note's customer texts (or the neutral text) and the
 * delivery date (ship + the partner's transit days) — and names it by a hash of its text. Confirming
 * with that hash decides `date=D` on the line (the replacing 855 with `DR`, and the email through the
 * order); if anything the text depends on changed since the preview, the confirmation is refused.
 * A plain `date=` decision (`edi decide`, `POST …/decision`) on a line whose customer was already
 * told of the delay (level 2 or an earlier level 3) is refused with the way through the preview
 * (`decideWithoutPreview`): the level-3 email would otherwise go unseen.
 */
import { renderDelayEmail } from '#domain/emails/delay-emails.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import * as Order from '#domain/orders/transitions.ts';
import { confirmedDelayNotice, customerTextsOf, findLine, lineKey, requestedDateOf } from '#domain/planning/index.ts';
import type { DelayNotes } from '#functions/ports/item-history.ts';
import type { CustomerTextSource } from '#schemas/records/planning-state.ts';
import { decideLine, type DecideLineDeps, type DecisionRequest, type DecisionResult } from './decide-line.ts';
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

/**
 * A planner's plain decision (`edi decide`, `POST /orders/{p}/{po}/lines/{l}/decision`): as
 * decideLine, except that a date which would send the level-3 email to a customer already told
 * of this line's delay (its level-2 risk notice, or an earlier confirmed delay) is refused with
 * the commands that show that email first. The check is the domain's own decision on the stored
 * order, so it refuses exactly the decisions that would be a confirmed delay.
 */
export async function decideWithoutPreview(deps: DecideLineDeps, input: DecisionRequest): Promise<DecisionResult> {
  const [profile, head] = await Promise.all([deps.partners.get(input.partner), deps.orders.get(input.partner, input.purchaseOrderNumber)]);
  const vendorPart = head?.planning?.items[input.lineNumber];
  if (profile && head && vendorPart) {
    const decided = Order.decideLine(head, { ...input, partner: profile }, deps.clock.now().toISOString());
    const delay = Order.isRefusal(decided) ? undefined : decided.confirmedDelay;
    if (delay) {
      const record = (await deps.delays.getDelayState(vendorPart))?.state.lines[lineKey({ partnerId: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, lineNumber: input.lineNumber })];
      const told = record?.level2At ? `its risk notice (level 2) went ${record.level2At}` : record?.level3At ? `a confirmed delay to ${record.level3Date ?? '?'} went ${record.level3At}` : undefined;
      if (told) {
        const line = `--partner ${input.partner} --po ${input.purchaseOrderNumber} --line ${input.lineNumber} --date ${delay.newDate}`;
        throw new RequestRefusedError(
          `PO ${input.purchaseOrderNumber} line ${input.lineNumber}: the customer was told of this delay (${told}), so ${delay.newDate} sends them the confirmed-delay email (level 3), which the planner sees first: edi delay preview ${line} --by NAME, then edi delay confirm ${line} --preview-id ID --by NAME --reason TEXT (POST /orders/${input.partner}/${input.purchaseOrderNumber}/lines/${input.lineNumber}/delay with {"date","preview":true}, then {"date","previewId","reason"})`,
        );
      }
    }
  }
  return decideLine(deps, input);
}
