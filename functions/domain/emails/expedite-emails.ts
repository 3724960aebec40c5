/**
 * Expedite e-mails (README, "Planning intelligence"): the P1 line-down alert to the 24/7 team and the
 * item's owner (with on hand per location, open supply and what can ship now), a bought-in part's
 * request to its supplier, each escalation step to the one person responsible at that step, the
 * stand-down to everyone reached once a date is confirmed, and the P2 order-at-risk alert to the
 * allocation team.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { EscalationState, ExpediteReason, P1SupplyPicture, PlannedStep } from '../planning/expedite.ts';
import { addresses, composeEmail, formatInstant, formatNumber, renderTable, type Block, type RenderedEmail } from './rendered-email.ts';
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

function supplyBlocks(l: ExpediteLine, supply: P1SupplyPicture | undefined) {
  if (!supply) return [{ p: 'No supply plan is loaded for this item: on hand and open supply are unknown.' }];
  const unit = l.item.unitOfMeasure;
  return [
    { p: `Can ship now from on hand: ${formatNumber(supply.canShipNow)} ${unit}${l.quantity !== undefined ? ` of ${formatNumber(l.quantity)}` : ''} (on hand is not reserved for this line).` },
    { table: renderTable(['location', 'on hand'], supply.locations.map((x) => [x.location, `${formatNumber(x.onHand)} ${unit}`])) },
    supply.open.length
      ? { table: renderTable(['open supply, week of', 'MPS', 'receipts'], supply.open.map((w) => [w.weekStart, formatNumber(w.mps), formatNumber(w.receipts)])) }
      : { p: 'No open supply is planned.' },
  ];
}

function isPurchasing(step: PlannedStep['step']): boolean {
  return step === 'supplier' || step.startsWith('purchasing-');
}

function chainText(state: EscalationState): string {
  const internal = state.steps.filter((s) => !isPurchasing(s.step)).map((s) => s.step).join(' → ');
  const purchasing = state.steps.filter((s) => isPurchasing(s.step)).map((s) => s.step.replace('purchasing-', 'purchasing ')).join(' → ');
  return purchasing ? `${internal}; bought-in part: ${purchasing}` : internal;
}

/** P1 line-down alert: the 24/7 expedite contacts and the item owner, at once. */
export function renderP1Alert(l: ExpediteLine, reasons: readonly ExpediteReason[], state: EscalationState, supply?: P1SupplyPicture): RenderedEmail {
  const to = addresses([...l.partner.contacts.expedite24x7, l.item.escalation.owner]);
  const supplier = state.steps.find((s) => s.step === 'supplier');
  return composeEmail(
    `[P1 LINE DOWN] ${caseTitle(l)}: confirm a date by ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}`,
    [
      { p: `The customer's line is stopped or about to stop for this part. Confirm a ship date by ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}; until then it escalates every interval: ${chainText(state)}.` },
      ...(supplier ? [{ p: `Bought-in part: supplier ${supplier.contact.name} (${supplier.contact.email}) was asked to confirm a date by ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}.` }] : []),
      { p: facts(l) },
      ...supplyBlocks(l, supply),
      { list: reasons.map(describeReason) },
      { p: 'Confirm the date (stops the escalation):' },
      { code: [confirmCommand(l)] },
    ],
    to,
    addresses([l.partner.contacts.customerService, l.item.planner], to),
  );
}

/** A bought-in part's supplier, asked at once to confirm a date within the interval. */
function renderSupplierRequest(l: ExpediteLine, step: PlannedStep, state: EscalationState): RenderedEmail {
  const to = addresses([step.contact]);
  const due = formatInstant(state.confirmDueAt, l.partner.desk.timeZone);
  return composeEmail(
    `[P1 LINE DOWN] ${l.item.vendorPart} ${l.item.description}: please confirm a ship date by ${due}`,
    [
      { p: `Dear ${step.contact.name},` },
      { p: `our customer's line is stopped for part ${l.item.vendorPart} (${l.item.description})${l.quantity !== undefined ? `, ${formatNumber(l.quantity)} ${l.item.unitOfMeasure} needed` : ''}${l.requestedShipDate ? ` to ship ${l.requestedShipDate}` : ''}. Please reply with the date you can ship by ${due}; unanswered, it goes to our purchasing management.` },
    ],
    to,
    addresses([...l.partner.contacts.expedite24x7, l.item.escalation.owner], to),
  );
}

/** One P1 escalation step: to the one person responsible at that step. */
export function renderEscalationStep(l: ExpediteLine, step: PlannedStep, state: EscalationState): RenderedEmail {
  if (step.step === 'supplier') return renderSupplierRequest(l, step, state);
  const hours = (Date.parse(step.dueAt) - Date.parse(state.createdAt)) / 3_600_000;
  const to = addresses([step.contact]);
  const purchasing = isPurchasing(step.step);
  const earlier = state.steps.filter((s) => Date.parse(s.dueAt) < Date.parse(step.dueAt) && isPurchasing(s.step) === purchasing).map((s) => s.contact);
  const supplier = state.steps.find((s) => s.step === 'supplier');
  const role = step.step.replace('purchasing-', 'purchasing ');
  return composeEmail(
    `[P1 ESCALATION ${role.toUpperCase()}] ${caseTitle(l)}: no date confirmed after ${formatNumber(hours)} h`,
    [
      { p: `Dear ${step.contact.name},` },
      {
        p: `a line-down request raised ${formatInstant(state.createdAt, l.partner.desk.timeZone)} still has no confirmed date (due ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}). ${
          purchasing && supplier ? `The supplier ${supplier.contact.name} (${supplier.contact.email}) has not confirmed. ` : ''
        }You are the responsible ${role} for this item.`,
      },
      { p: facts(l) },
      { p: 'Confirm the date (stops the escalation):' },
      { code: [confirmCommand(l)] },
    ],
    to,
    addresses([...l.partner.contacts.expedite24x7, ...earlier], to),
  );
}

/** A confirmed P1 date: each person the case reached stands down. */
export function renderP1StandDown(l: ExpediteLine, step: PlannedStep, state: EscalationState, confirmation: { date: string; by: string; reason?: string | undefined }): RenderedEmail {
  const to = addresses([step.contact]);
  return composeEmail(
    `[P1 STAND DOWN] ${caseTitle(l)}: ship date ${confirmation.date} confirmed`,
    [
      { p: `Dear ${step.contact.name},` },
      {
        p: `the line-down request raised ${formatInstant(state.createdAt, l.partner.desk.timeZone)}, which reached you as ${step.step.replace('purchasing-', 'purchasing ')}, has a confirmed ship date: ${confirmation.date}, confirmed by ${confirmation.by}${confirmation.reason ? ` (${confirmation.reason})` : ''}. No further escalation follows; the customer receives a replacing order acknowledgment (855) with that date. No action needed from you.`,
      },
      { p: facts(l) },
    ],
    to,
    [],
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
