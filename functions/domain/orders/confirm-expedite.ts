/**
 * The supplier confirms the date of P1 line-down lines: an `expedite.confirmed` event on the
 * order with who confirmed which date and why. The caller then stops the lines' escalation.
 */
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { isIsoDate } from '../planning/index.ts';
import { advance, refuse, type Refusal, type Transition } from './transition.ts';

export interface ExpediteConfirmation {
  lines: readonly string[];
  /** YYYY-MM-DD. */
  date: string;
  by: string;
  reason?: string;
}

export function confirmExpedite(head: OrderHead, input: ExpediteConfirmation & { partner: PartnerProfile }, now: string): Transition | Refusal {
  const { order } = head;
  if (input.lines.length === 0) return refuse(`no P1 line to confirm on PO ${order.purchaseOrderNumber}`);
  if (!isIsoDate(input.date)) return refuse(`date ${input.date} is not YYYY-MM-DD`);
  if (!input.by.trim()) return refuse('--by NAME is required');
  const lines = [...input.lines].sort();
  return advance(
    head,
    input.partner,
    {
      type: 'expedite.confirmed',
      cause: { partner: order.partner, type: 'expedite-confirmation', id: `expedite-confirmed/${order.partner}/${order.purchaseOrderNumber}/${lines.join(',')}/${input.date}` },
      actor: `planner:${input.by.trim()}`,
      summary: `P1 date ${input.date} confirmed for line ${lines.join(', ')} by ${input.by.trim()}${input.reason ? ` (${input.reason})` : ''}`,
      details: { lines, date: input.date, by: input.by.trim(), ...(input.reason ? { reason: input.reason } : {}) },
    },
    now,
  );
}
