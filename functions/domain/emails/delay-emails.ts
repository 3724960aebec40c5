/**
 * Delay communication e-mails (README, "Planning intelligence"): level 1 internal alert and all-clear to
 * the planner and customer service, the over-stock warning; what the customer reads (level 2, level
 * 3, the customer all-clear) is rendered in customer-delay-emails.ts.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { DelayNotification } from '../planning/delay-risks.ts';
import type { PabRow } from '../planning/pab.ts';
import { renderCustomerDelayEmail, type MoreCustomerNotice } from './customer-delay-emails.ts';
import { addresses, composeEmail, formatNumber, renderTable, type Block, type RenderedEmail } from './rendered-email.ts';

type Partners = Readonly<Record<string, PartnerProfile>>;

function pabTable(rows: readonly PabRow[]): Block {
  return {
    table: renderTable(
      ['week', 'orders', 'forecast left', 'MPS', 'receipts', 'PAB', 'ATP', 'safety', 'status'],
      rows.map((row) => [
        row.weekStart,
        formatNumber(row.orders),
        formatNumber(row.unconsumedForecast),
        formatNumber(row.mps),
        formatNumber(row.receipts),
        formatNumber(row.pab),
        row.atp === undefined ? '' : formatNumber(row.atp),
        formatNumber(row.safetyStock),
        row.shortage ? 'SHORT' : row.pab < 0 ? 'negative' : row.belowSafetyStock ? 'below safety stock' : row.aboveMax ? 'above max' : 'ok',
      ]),
    ),
  };
}

function internalRecipients(item: Item, partnerIds: readonly string[], partners: Partners): { to: string[]; cc: string[] } {
  const to = addresses([item.planner, ...partnerIds.map((id) => partners[id]?.contacts.customerService)]);
  return { to, cc: [] };
}

/**
 * Render a delay notification as the e-mail it stands for; a customer notice with the other items'
 * notices of the same kind to the same order (`more`), told in one email.
 */
export function renderDelayEmail(notification: DelayNotification, item: Item, partners: Partners, more: readonly MoreCustomerNotice[] = []): RenderedEmail {
  switch (notification.kind) {
    case 'delay-alert': {
      const first = notification.lines.map((l) => l.weekStart).sort()[0];
      const worst = Math.min(...notification.lines.map((l) => l.pab));
      const { to, cc } = internalRecipients(item, notification.partnerIds, partners);
      return composeEmail(
        `[DELAY RISK L1] ${item.vendorPart} ${item.description}: short from week ${first}, ${notification.lines.length} order line${notification.lines.length === 1 ? '' : 's'} affected`,
        [
          { p: `Projected available balance of ${item.vendorPart} (${item.description}) goes below zero: ${formatNumber(-worst)} short at worst. Internal alert, level 1: record the root cause and the countermeasure; if it cannot be closed quickly, send the customer a risk notice (level 2).` },
          {
            table: renderTable(
              ['partner', 'PO', 'line', 'quantity', 'due', 'week', 'PAB'],
              notification.lines.map((l) => [l.line.partnerId, l.line.purchaseOrderNumber, l.line.lineNumber, formatNumber(l.line.quantity), l.line.dueDate, l.weekStart, formatNumber(l.pab)]),
            ),
          },
          { p: 'Weekly projection:' },
          pabTable(notification.rows),
        ],
        to,
        cc,
      );
    }
    case 'all-clear': {
      const { to, cc } = internalRecipients(item, notification.partnerIds, partners);
      return composeEmail(
        `[ALL CLEAR] ${item.vendorPart} ${item.description}: projected shortage resolved for ${notification.lines.length} order line${notification.lines.length === 1 ? '' : 's'}`,
        [
          {
            p:
              notification.customerNotified.length === 0
                ? `The latest supply plan covers the order lines alerted earlier for ${item.vendorPart}. No customer notice went out for them, and none is needed.`
                : `The latest supply plan covers the order lines alerted earlier for ${item.vendorPart}. The customer had a risk notice for ${notification.customerNotified.map((l) => `${l.partnerId} PO ${l.purchaseOrderNumber} line ${l.lineNumber}`).join(', ')}: an all-clear goes to them.`,
          },
          { table: renderTable(['partner', 'PO', 'line'], notification.lines.map((l) => [l.partnerId, l.purchaseOrderNumber, l.lineNumber])) },
          pabTable(notification.rows),
        ],
        to,
        cc,
      );
    }
    case 'risk-notice':
    case 'confirmed-delay':
    case 'customer-all-clear':
    case 'notice-text-missing':
      return renderCustomerDelayEmail(notification, item, partners, more);
    case 'over-stock': {
      const peak = Math.max(...notification.weeks.map((w) => w.pab));
      return composeEmail(
        `[OVER-STOCK] ${item.vendorPart} ${item.description}: projected ${formatNumber(peak)} above the maximum of ${formatNumber(notification.maxStock)} from week ${notification.weeks[0]?.weekStart ?? ''}`,
        [
          { p: `Dear ${item.escalation.manager.name},` },
          { p: `the projected available balance of ${item.vendorPart} (${item.description}), planned by ${item.planner.name}, goes above its maximum stock of ${formatNumber(notification.maxStock)} in ${notification.weeks.length} week${notification.weeks.length === 1 ? '' : 's'}: review the MPS and open receipts (defer or cancel supply) before the stock builds up.` },
          { table: renderTable(['week', 'PAB', 'above max by'], notification.weeks.map((w) => [w.weekStart, formatNumber(w.pab), formatNumber(w.pab - notification.maxStock)])) },
          { p: 'Weekly projection:' },
          pabTable(notification.rows),
        ],
        addresses([item.escalation.manager]),
        addresses([item.planner], addresses([item.escalation.manager])),
      );
    }
  }
}
