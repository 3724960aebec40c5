/**
 * Small planning scenarios for the use-case tests, on the sample 850 (PO-1: line 1 10 EA of
 * ITEM-1, line 2 20 EA of ITEM-2, both at 2.5, requested for 2025-03-01) and the fake clock's
 * 2025-01-02. Each variant changes one thing, so a test names the rule it relies on.
 */
import { planningContextOf } from '#domain/orders/order-checks.ts';
import * as Order from '#domain/orders/transitions.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { sample850, type SampleIds } from './edi-samples.ts';
import { orderSet } from './inbound-sets.ts';
import { testItem, testPartner } from './partners.ts';

/**
 * ACME with a two-step hold chain (manager, director; 8 h apart), `LD` as its line-down code,
 * and the never-forecast rule off, so an order of known items is accepted as ordered.
 */
export function planningPartner(overrides: Partial<Record<string, unknown>> = {}): PartnerProfile {
  return testPartner({
    escalationChain: [
      { role: 'manager', name: 'Mia Manager', email: 'mia@supplier.example' },
      { role: 'director', name: 'Dan Director', email: 'dan@supplier.example' },
    ],
    holdSlaHours: 8,
    lineDownCodes: ['LD'],
    ruleSeverity: { 'never-forecast': 'off' },
    ...overrides,
  });
}

/** The item master of the sample 850: ITEM-1 and ITEM-2, nothing to find. */
export function sampleItems(overrides: { item1?: Partial<Record<string, unknown>>; item2?: Partial<Record<string, unknown>> } = {}): Item[] {
  return [testItem('ITEM-1', overrides.item1), testItem('ITEM-2', overrides.item2)];
}

/** ITEM-1 with a contract price of 9.00 for ACME: line 1 (at 2.50) is held for `price-mismatch`. */
export const PRICE_HOLD_ON_ITEM_1 = { item1: { contractPrice: { ACME: 9 } } };

/** ITEM-2 with a 120-day lead time: line 2 (due 2025-03-01) is inside it, a P2 warning. */
export const LEAD_TIME_ON_ITEM_2 = { item2: { leadTimeDays: 120 } };

/** The sample 850 with `REF*LD` on line `lineNumber`: a line-down (P1) line for {@link planningPartner}. */
export function lineDown850(po: string, lineNumber: 1 | 2, ids: SampleIds = {}): string {
  const line = lineNumber === 1 ? 'PO1*1*10*EA*2.5**VP*ITEM-1' : 'PO1*2*20*EA*2.5**VP*ITEM-2';
  return sample850(po, ids).replace(line, `${line}~\nREF*LD*LINE STOPPED`);
}

/** The head an 850 becomes once checked against `items` (no forecast), computed by the domain alone: nothing stored. */
export function checkedHead(x12: string, partner: PartnerProfile, items: readonly Item[], now = '2025-01-02T03:04:05.000Z'): OrderHead {
  return Order.receiveOrder(undefined, { ...orderSet(x12, partner), context: planningContextOf(items, []) }, now).next;
}
