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

/** One line-down line of an order, as the order's P1 alert lists it. */
export interface P1AlertLine {
  line: ExpediteLine;
  reasons: readonly ExpediteReason[];
  state: EscalationState;
  supply?: P1SupplyPicture | undefined;
}

const byLine = (a: { line: ExpediteLine }, b: { line: ExpediteLine }): number => a.line.lineNumber.localeCompare(b.line.lineNumber, undefined, { numeric: true });

/** "ACME PO 4500 line 2 BP-1", or "ACME PO 4500, 2 lines" for several. */
function orderTitle(lines: readonly { line: ExpediteLine }[]): string {
  const [first] = lines;
  if (!first) return '';
  return lines.length === 1 ? caseTitle(first.line) : `${first.line.partner.id} PO ${first.line.purchaseOrderNumber}, ${lines.length} lines`;
}

/**
 * P1 line-down alert: the 24/7 expedite contacts and the owner of each item, at once — one email
 * per order (README, "Guarantees"): `l` and the order's other line-down lines (`more`), each with
 * its item, quantity, date, on hand per location, open supply and its confirm command.
 */
export function renderP1Alert(l: ExpediteLine, reasons: readonly ExpediteReason[], state: EscalationState, supply?: P1SupplyPicture, more: readonly P1AlertLine[] = []): RenderedEmail {
  const lines = [{ line: l, reasons, state, supply }, ...more].sort(byLine);
  const to = addresses([...l.partner.contacts.expedite24x7, ...lines.map((x) => x.line.item.escalation.owner)]);
  const due = lines.map((x) => x.state.confirmDueAt).sort()[0] ?? state.confirmDueAt;
  const dueText = formatInstant(due, l.partner.desk.timeZone);
  const several = lines.length > 1;
  const suppliers = lines.flatMap((x) => {
    const supplier = x.state.steps.find((s) => s.step === 'supplier');
    return supplier ? [{ p: `Bought-in part${several ? ` ${x.line.item.vendorPart}` : ''}: supplier ${supplier.contact.name} (${supplier.contact.email}) was asked to confirm a date by ${formatInstant(x.state.confirmDueAt, l.partner.desk.timeZone)}.` }] : [];
  });
  return composeEmail(
    `[P1 LINE DOWN] ${orderTitle(lines)}: confirm a date by ${dueText}`,
    [
      several
        ? { p: `The customer's line is stopped or about to stop for ${lines.length} lines of this order. Confirm a ship date for each by ${dueText}; until then each escalates every interval along its item's chain.` }
        : { p: `The customer's line is stopped or about to stop for this part. Confirm a ship date by ${dueText}; until then it escalates every interval: ${chainText(state)}.` },
      ...suppliers,
      ...lines.flatMap((x) => [
        { p: facts(x.line) },
        ...(several ? [{ p: `Escalates: ${chainText(x.state)}.` }] : []),
        ...supplyBlocks(x.line, x.supply),
        { list: x.reasons.map(describeReason) },
        { p: several ? `Confirm the date of line ${x.line.lineNumber} (stops its escalation):` : 'Confirm the date (stops the escalation):' },
        { code: [confirmCommand(x.line)] },
      ]),
    ],
    to,
    addresses([l.partner.contacts.customerService, ...lines.map((x) => x.line.item.planner)], to),
  );
}

/** Another line of the same order at the same step, told in the same email. */
export interface P1StepLine {
  line: ExpediteLine;
  state: EscalationState;
}

/** The parts and quantities a supplier is asked for, one per line. */
function neededText(lines: readonly P1StepLine[]): string {
  return lines.map(({ line: l }) => `${l.item.vendorPart} (${l.item.description})${l.quantity !== undefined ? `, ${formatNumber(l.quantity)} ${l.item.unitOfMeasure} needed` : ''}${l.requestedShipDate ? ` to ship ${l.requestedShipDate}` : ''}`).join('; ');
}

/** A bought-in part's supplier, asked at once to confirm a date within the interval. */
function renderSupplierRequest(l: ExpediteLine, step: PlannedStep, state: EscalationState, more: readonly P1StepLine[]): RenderedEmail {
  const to = addresses([step.contact]);
  const due = formatInstant(state.confirmDueAt, l.partner.desk.timeZone);
  const lines = [{ line: l, state }, ...more].sort(byLine);
  const parts = [...new Set(lines.map((x) => x.line.item.vendorPart))];
  return composeEmail(
    lines.length === 1 ? `[P1 LINE DOWN] ${l.item.vendorPart} ${l.item.description}: please confirm a ship date by ${due}` : `[P1 LINE DOWN] ${parts.join(', ')}: please confirm ship dates by ${due}`,
    [
      { p: `Dear ${step.contact.name},` },
      { p: `our customer's line is stopped for ${lines.length === 1 ? 'part ' : 'parts '}${neededText(lines)}. Please reply with the date you can ship by ${due}; unanswered, it goes to our purchasing management.` },
    ],
    to,
    addresses([...l.partner.contacts.expedite24x7, ...lines.map((x) => x.line.item.escalation.owner)], to),
  );
}

/**
 * One P1 escalation step: to the one person responsible at that step — one email per order and
 * person: `l` and the order's other lines at the same step for the same person (`more`).
 */
export function renderEscalationStep(l: ExpediteLine, step: PlannedStep, state: EscalationState, more: readonly P1StepLine[] = []): RenderedEmail {
  if (step.step === 'supplier') return renderSupplierRequest(l, step, state, more);
  const lines = [{ line: l, state }, ...more].sort(byLine);
  const hours = (Date.parse(step.dueAt) - Date.parse(state.createdAt)) / 3_600_000;
  const to = addresses([step.contact]);
  const purchasing = isPurchasing(step.step);
  const earlier = lines.flatMap((x) => x.state.steps.filter((s) => Date.parse(s.dueAt) < Date.parse(step.dueAt) && isPurchasing(s.step) === purchasing).map((s) => s.contact));
  const supplier = state.steps.find((s) => s.step === 'supplier');
  const role = step.step.replace('purchasing-', 'purchasing ');
  const several = lines.length > 1;
  return composeEmail(
    `[P1 ESCALATION ${role.toUpperCase()}] ${orderTitle(lines)}: no date confirmed after ${formatNumber(hours)} h`,
    [
      { p: `Dear ${step.contact.name},` },
      {
        p: `${several ? `${lines.length} line-down requests` : 'a line-down request'} raised ${formatInstant(state.createdAt, l.partner.desk.timeZone)} still ${several ? 'have' : 'has'} no confirmed date (due ${formatInstant(state.confirmDueAt, l.partner.desk.timeZone)}). ${
          purchasing && supplier ? `The supplier ${supplier.contact.name} (${supplier.contact.email}) has not confirmed. ` : ''
        }You are the responsible ${role} for ${several ? 'these items' : 'this item'}.`,
      },
      ...lines.flatMap((x) => [{ p: facts(x.line) }, { p: several ? `Confirm the date of line ${x.line.lineNumber} (stops its escalation):` : 'Confirm the date (stops the escalation):' }, { code: [confirmCommand(x.line)] }]),
    ],
    to,
    addresses([...l.partner.contacts.expedite24x7, ...earlier], to),
  );
}

/** A confirmed P1 date: each person the cases reached stands down — one email per order, person and step (`more`: the order's other lines confirmed with it). */
export function renderP1StandDown(l: ExpediteLine, step: PlannedStep, state: EscalationState, confirmation: { date: string; by: string; reason?: string | undefined }, more: readonly P1StepLine[] = []): RenderedEmail {
  const lines = [{ line: l, state }, ...more].sort(byLine);
  const to = addresses([step.contact]);
  const several = lines.length > 1;
  return composeEmail(
    `[P1 STAND DOWN] ${orderTitle(lines)}: ship date ${confirmation.date} confirmed`,
    [
      { p: `Dear ${step.contact.name},` },
      {
        p: `the line-down ${several ? `requests of ${lines.length} lines` : 'request'} raised ${formatInstant(state.createdAt, l.partner.desk.timeZone)}, which reached you as ${step.step.replace('purchasing-', 'purchasing ')}, ${several ? 'have' : 'has'} a confirmed ship date: ${confirmation.date}, confirmed by ${confirmation.by}${confirmation.reason ? ` (${confirmation.reason})` : ''}. No further escalation follows; the customer receives a replacing order acknowledgment (855) with that date. No action needed from you.`,
      },
      ...lines.map((x) => ({ p: facts(x.line) })),
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
