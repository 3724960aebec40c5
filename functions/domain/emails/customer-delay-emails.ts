/**
 * The delay e-mails the customer reads (DOMAIN, delay communication levels 2 and 3, and the
 * all-clear after a level-2 notice), and the note to the planner when a notice went with the
 * neutral text. Addressed to the customer's buyer, copying customer service and the planner. They
 * quote only what was written for the customer (the planner's notice, the item's delay note, or the
 * neutral text): never an internal note, an internal reason or a PAB figure. Dates are given as
 * the customer asked for them: delivery dates (ship + the partner's transit days) beside ship dates.
 */
import type { Item } from '#schemas/master-data/item.ts';
import { DEFAULT_COMMAND_PREFIX, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { DelayNotification } from '../planning/delay-risks.ts';
import { shellQuote } from './escape.ts';
import { addresses, composeEmail, formatNumber, renderTable, type Block, type RenderedEmail } from './rendered-email.ts';

type Partners = Readonly<Record<string, PartnerProfile>>;
export type CustomerNotification = Extract<DelayNotification, { kind: 'risk-notice' | 'confirmed-delay' | 'customer-all-clear' | 'notice-text-missing' }>;

export function isCustomerNotice(n: DelayNotification): n is CustomerNotification {
  return n.kind === 'risk-notice' || n.kind === 'confirmed-delay' || n.kind === 'customer-all-clear' || n.kind === 'notice-text-missing';
}

const plural = (n: number, word: string): string => `${word}${n === 1 ? '' : 's'}`;

function customerCopies(partner: PartnerProfile | undefined, items: readonly Item[]): { to: string[]; cc: string[] } {
  const to = addresses([partner?.contacts.buyer]);
  return { to, cc: addresses([partner?.contacts.customerService, ...items.map((i) => i.planner)], to) };
}

const questions = (partner: PartnerProfile | undefined): string => `Questions: ${partner?.contacts.customerService.name ?? ''} <${partner?.contacts.customerService.email ?? ''}>`;

/** Another item's notice of the same kind to the same order, told in the same email. */
export interface MoreCustomerNotice {
  notification: CustomerNotification;
  item: Item;
}

const byLineNumber = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });

/** The order lines a notice names, in line order. */
function linesOf(n: CustomerNotification): string[] {
  const lines = n.kind === 'risk-notice' ? n.lines.map((l) => l.line.lineNumber) : n.kind === 'customer-all-clear' || n.kind === 'notice-text-missing' ? n.lines.map((l) => (typeof l === 'string' ? l : l.lineNumber)) : [n.lineNumber];
  return [...lines].sort(byLineNumber);
}

/** One item's part of a risk notice: its lines (available on time, expected delivery), the cause and what is done, as written for the customer. */
function riskSection(n: Extract<CustomerNotification, { kind: 'risk-notice' }>, item: Item, partner: PartnerProfile | undefined, heading: boolean): Block[] {
  const buyerPart = partner ? item.buyerParts[partner.id] : undefined;
  const outlook = new Map(n.outlook.map((o) => [o.lineNumber, o]));
  return [
    ...(heading ? [{ p: `Item ${buyerPart ?? item.vendorPart} (${item.description}):` }] : []),
    {
      table: renderTable(
        ['line', 'your part', 'our part', 'ordered', 'available on time', 'requested delivery', 'expected delivery in full'],
        [...n.lines]
          .sort((a, b) => byLineNumber(a.line.lineNumber, b.line.lineNumber))
          .map((l) => {
            const o = outlook.get(l.line.lineNumber);
            return [l.line.lineNumber, buyerPart, item.vendorPart, formatNumber(l.line.quantity), formatNumber(o?.available), o?.requestedDeliveryDate, o ? (o.newDeliveryDate ?? 'to be confirmed') : undefined];
          }),
      ),
    },
    { p: `Cause: ${n.cause}` },
    { p: 'What we are doing about it:' },
    { list: n.countermeasures },
  ];
}

/**
 * The customer email of `notification` and, for the same order, the other items' notices of the
 * same kind (`more`): one email per order and recipient, a section per item (README, "Planning
 * intelligence", delay communication). Alone, a notice reads as it always did — the level-3 text
 * the planner previews is the text the customer gets.
 */
export function renderCustomerDelayEmail(notification: CustomerNotification, item: Item, partners: Partners, more: readonly MoreCustomerNotice[] = []): RenderedEmail {
  const partner = partners[notification.partnerId];
  const buyerPart = partner ? item.buyerParts[partner.id] : undefined;
  const part = buyerPart ?? item.vendorPart;
  const all = [{ notification, item }, ...more.filter((m) => m.notification.kind === notification.kind)];
  const items = all.map((a) => a.item);
  const parts = items.map((i) => (partner ? i.buyerParts[partner.id] : undefined) ?? i.vendorPart);
  const lines = [...new Set(all.flatMap((a) => linesOf(a.notification)))].sort(byLineNumber);
  const { to, cc } = customerCopies(partner, items);
  switch (notification.kind) {
    case 'risk-notice': {
      return composeEmail(
        `[DELIVERY RISK] PO ${notification.purchaseOrderNumber} ${plural(lines.length, 'line')} ${lines.join(', ')}, ${plural(parts.length, 'item')} ${parts.join(', ')}: risk of late delivery`,
        [
          { p: `Dear ${partner?.contacts.buyer.name ?? 'customer'},` },
          { p: `we see a risk that we cannot deliver the following ${plural(lines.length, 'line')} of your purchase order ${notification.purchaseOrderNumber} on the requested date. We are telling you now so that you can plan with us.` },
          ...all.flatMap((a) => (a.notification.kind === 'risk-notice' ? riskSection(a.notification, a.item, partner, all.length > 1) : [])),
          { p: `We will confirm the delivery date as soon as it is certain. ${questions(partner)}` },
        ],
        to,
        cc,
      );
    }
    case 'confirmed-delay': {
      const delivery = notification.newDeliveryDate ? `The new delivery date is ${notification.newDeliveryDate} (ship date ${notification.newDate}).` : `The new ship date is ${notification.newDate}.`;
      return composeEmail(
        `[CONFIRMED DELAY] PO ${notification.purchaseOrderNumber} line ${notification.lineNumber}, item ${part}: new ship date ${notification.newDate}`,
        [
          { p: `Dear ${partner?.contacts.buyer.name ?? 'customer'},` },
          { p: `we cannot ship line ${notification.lineNumber} of your purchase order ${notification.purchaseOrderNumber} (${part}, ${item.description}) ${notification.originalDate ? `on ${notification.originalDate}` : 'on the requested date'}. ${delivery}` },
          ...(notification.cause ? [{ p: `Cause: ${notification.cause}` }] : []),
          ...(notification.countermeasures.length ? [{ p: 'What we are doing about it:' }, { list: notification.countermeasures }] : []),
          { p: 'A revised order acknowledgment (855) with the rescheduled date follows by EDI.' },
          { p: questions(partner) },
        ],
        to,
        cc,
      );
    }
    case 'customer-all-clear': {
      const what = all.length === 1 ? `${plural(lines.length, 'line')} ${lines.join(', ')} of your purchase order ${notification.purchaseOrderNumber} (${part}, ${item.description})` : `${plural(lines.length, 'line')} ${all.map((a) => `${linesOf(a.notification).join(', ')} (${(partner ? a.item.buyerParts[partner.id] : undefined) ?? a.item.vendorPart}, ${a.item.description})`).join('; ')} of your purchase order ${notification.purchaseOrderNumber}`;
      return composeEmail(
        `[DELIVERY ON TIME] PO ${notification.purchaseOrderNumber} ${plural(lines.length, 'line')} ${lines.join(', ')}, ${plural(parts.length, 'item')} ${parts.join(', ')}: the delivery risk is resolved`,
        [
          { p: `Dear ${partner?.contacts.buyer.name ?? 'customer'},` },
          { p: `we wrote to you of a risk of late delivery for ${what}. Our supply now covers ${lines.length === 1 ? 'it' : 'them'}: we expect to deliver on the date you requested.` },
          { p: questions(partner) },
        ],
        to,
        cc,
      );
    }
    case 'notice-text-missing': {
      const prefix = partner?.desk.commandPrefix ?? DEFAULT_COMMAND_PREFIX;
      return composeEmail(
        `[DELAY NOTE MISSING] ${item.vendorPart}: the risk notice to ${notification.partnerId} PO ${notification.purchaseOrderNumber} went with the neutral text`,
        [
          { p: `Dear ${item.planner.name},` },
          {
            p: `the customer risk notice (level 2) for ${notification.partnerId} PO ${notification.purchaseOrderNumber} ${plural(notification.lines.length, 'line')} ${notification.lines.join(', ')} of ${item.vendorPart} went out with the neutral text, because no customer cause and countermeasure are recorded for the current shortage. Record them, so the next notice (and a confirmed delay) tells the customer what is being done:`,
          },
          { code: [`${prefix} delay note --item ${shellQuote(item.vendorPart)} --cause 'INTERNAL CAUSE' --countermeasure 'INTERNAL ACTION' --customer-cause 'FOR THE CUSTOMER' --customer-countermeasure 'FOR THE CUSTOMER' --by 'YOUR NAME'`] },
        ],
        addresses([item.planner]),
        [],
      );
    }
  }
}
