/**
 * Expedite e-mails (README, "Planning intelligence"): the P1 line-down alert to the 24/7 team and the
 * item's owner, each escalation step to the one person responsible at that step, and the P2
 * order-at-risk alert to the allocation team.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { EscalationState, ExpediteReason, PlannedStep } from '../planning/expedite.ts';
import { addresses, composeEmail, formatInstant, formatNumber, type Block, type RenderedEmail } from './rendered-email.ts';
import { decideCommand } from './anomaly-email.ts';
import { shellQuote } from './escape.ts';

/** One sentence per reason, for the alert body. */
export function describeReason(reason: ExpediteReason): string {
  switch (reason.code) {
    case 'rush-order-type':
      return `Order type ${reason.orderType} (rush).`;
    case 'line-down-code':
      return `Line-down code ${reason.value} in ${reason.segment} at ${reason.level} level.`;
    case 'planner-flag':
      return `Flagged line-down by ${reason.by}.`;
    case 'inside-lead-time':
      return `Requested ship date ${reason.requestedShipDate} is inside the lead time (earliest ${reason.earliestShipDate}).`;
    case 'pab-shortage':
      return `Projected available balance ${formatNumber(reason.pab)} in the week of ${reason.weekStart}.`;
    case 'forecast-not-covered':
      return `Forecast not covered: ${formatNumber(reason.quantity ?? -reason.pab)} short in the week of ${reason.weekStart} (projected balance ${formatNumber(reason.pab)}).`;
    case 'safety-stock-not-covered':
      return `Below safety stock ${formatNumber(reason.safetyStock)} by ${formatNumber(reason.quantity ?? reason.safetyStock - reason.pab)} in the week of ${reason.weekStart} (projected balance ${formatNumber(reason.pab)}).`;
  }
}

export interface ExpediteLine {
  partner: PartnerProfile;
  item: Item;
  purchaseOrderNumber: string;
  lineNumber: string;
  quantity?: number;
  requestedShipDate?: string;
}

function caseTitle(l: ExpediteLine): string {
  return `${l.partner.id} PO ${l.purchaseOrderNumber} line ${l.lineNumber} ${l.item.buyerParts[l.partner.id] ?? l.item.vendorPart}`;
}

function facts(l: ExpediteLine): string {
  return [
    `Customer: ${l.partner.name} (${l.partner.id})`,
    `PO ${l.purchaseOrderNumber}, line ${l.lineNumber}`,
    `Item: ${l.item.vendorPart} ${l.item.description}${l.item.buyerParts[l.partner.id] ? ` (customer part ${l.item.buyerParts[l.partner.id]})` : ''}`,
    ...(l.quantity !== undefined ? [`Quantity: ${formatNumber(l.quantity)} ${l.item.unitOfMeasure}`] : []),
    ...(l.requestedShipDate ? [`Requested ship date: ${l.requestedShipDate}`] : []),
    `Responsible (owner): ${l.item.escalation.owner.name}`,
  ].join('\n');
}

function confirmCommand(l: ExpediteLine): string {
  return decideCommand(l.partner, l.purchaseOrderNumber, l.lineNumber, 'date=YYYY-MM-DD', 'expedite confirm');
}

/** P1 line-down alert: the 24/7 expedite contacts and the item owner, at once. */
export function renderP1Alert(l: ExpediteLine, reasons: readonly ExpediteReason[], state: EscalationState): RenderedEmail {
  const to = addresses([...l.partner.contacts.expedite24x7, l.item.escalation.owner]);
  return composeEmail(
    `[P1 LINE DOWN] ${caseTitle(l)}: confirm a date by ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}`,
    [
      { p: `The customer's line is stopped or about to stop for this part. Confirm a ship date by ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}; until then it escalates every interval: owner → manager → director → VP.` },
      { p: facts(l) },
      { list: reasons.map(describeReason) },
      { p: 'Confirm the date (stops the escalation):' },
      { code: [confirmCommand(l)] },
    ],
    to,
    addresses([l.partner.contacts.customerService, l.item.planner], to),
  );
}

/** One P1 escalation step: to the one person responsible at that step. */
export function renderEscalationStep(l: ExpediteLine, step: PlannedStep, state: EscalationState): RenderedEmail {
  const hours = (Date.parse(step.dueAt) - Date.parse(state.createdAt)) / 3_600_000;
  const to = addresses([step.contact]);
  const earlier = state.steps.filter((s) => Date.parse(s.dueAt) < Date.parse(step.dueAt)).map((s) => s.contact);
  return composeEmail(
    `[P1 ESCALATION ${step.step.toUpperCase()}] ${caseTitle(l)}: no date confirmed after ${formatNumber(hours)} h`,
    [
      { p: `Dear ${step.contact.name},` },
      { p: `a line-down request raised ${formatInstant(state.createdAt, l.partner.desk.timeZone)} still has no confirmed date (due ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}). You are the responsible ${step.step} for this item.` },
      { p: facts(l) },
      { p: 'Confirm the date (stops the escalation):' },
      { code: [confirmCommand(l)] },
    ],
    to,
    addresses([...l.partner.contacts.expedite24x7, ...earlier], to),
  );
}

/** The `edi allocate` command of each short item and week among `lines` (README, "Priority and allocation"). */
function allocateBlocks(partner: Pick<PartnerProfile, 'desk'>, lines: readonly { line: ExpediteLine; reasons: readonly ExpediteReason[] }[]): Block[] {
  const commands = [...new Set(lines.flatMap((x) => x.reasons.flatMap((r) => (r.code === 'pab-shortage' ? [`${partner.desk.commandPrefix} allocate --item ${shellQuote(x.line.item.vendorPart)} --week ${r.weekStart}`] : []))))];
  return commands.length ? [{ p: 'Propose an allocation of the short week by priority (tier, customer class, value), then confirm it:' }, { code: commands }] : [];
}

/**
 * P2 order at risk: the allocation team, due the same business day. One email per order: the
 * order's other lines at risk (`more`) are listed in it, not sent one email each.
 */
export function renderP2Alert(l: ExpediteLine, reasons: readonly ExpediteReason[], dueAt: string, more: readonly { line: ExpediteLine; reasons: readonly ExpediteReason[] }[] = []): RenderedEmail {
  const to = addresses(l.partner.contacts.allocationTeam);
  const lines = [{ line: l, reasons }, ...more];
  const title = more.length ? `${l.partner.id} PO ${l.purchaseOrderNumber}, ${lines.length} lines` : caseTitle(l);
  return composeEmail(
    `[P2 AT RISK] ${title}: allocate by ${formatInstant(dueAt, l.partner.desk.timeZone)}`,
    [
      { p: `An entered order cannot be met by the current promise; the customer is not stopped yet. Decide allocation or expedite by ${formatInstant(dueAt, l.partner.desk.timeZone)}, close of business of the desk's business day.` },
      ...lines.flatMap((x) => [{ p: facts(x.line) }, { list: x.reasons.map(describeReason) }]),
      ...allocateBlocks(l.partner, lines),
    ],
    to,
    addresses([...new Set(lines.map((x) => x.line.item.planner))].concat(l.partner.contacts.customerService), to),
  );
}
