/**
 * The supplier confirms the date of P1 line-down lines (`edi confirm`, `edi expedite confirm`):
 * 1 load the lines' escalation records, the order and the items; 2 record the confirmation on the
 * order (`expedite.confirmed`, with who, which date and why, the replacing 855 with the confirmed
 * date, a stand-down email to each person the cases had reached); 3 mark each case confirmed, so a
 * timer that still fires sends nothing; 4 delete the pending timers.
 */
import * as Order from '#domain/orders/transitions.ts';
import { confirmExpedite as confirmEscalation } from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { Escalations, ItemMaster } from '#functions/ports/planning-store.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { EscalationRecord } from '#schemas/records/planning-records.ts';
import { commitOrder, type CommitDeps } from './commit-order.ts';
import { OrderConflictError, RequestRefusedError } from './errors.ts';
import { expediteLine } from './open-expedite.ts';
import { recordP1Confirmations, type ItemHistoryDeps } from './record-item-event.ts';

export type ConfirmExpediteDeps = CommitDeps & {
  partners: PartnerDirectory;
  orders: Pick<OrderStore, 'get' | 'create' | 'commit' | 'repair'>;
  escalations: Pick<Escalations, 'listEscalations' | 'putEscalation'>;
  items: Pick<ItemMaster, 'listItems'>;
  scheduler?: Scheduler;
  clock: Clock;
} & ItemHistoryDeps;

export interface ConfirmRequest {
  partner: string;
  purchaseOrderNumber: string;
  /** One line; every P1 line of the PO when absent. */
  lineNumber?: string;
  date: string;
  by: string;
  reason?: string;
}

export async function confirmExpedite(deps: ConfirmExpediteDeps, input: ConfirmRequest): Promise<{ confirmed: string[] }> {
  const records = (await deps.escalations.listEscalations(input.partner, input.purchaseOrderNumber)).filter((r) => !input.lineNumber || r.state.case.lineNumber === input.lineNumber);
  if (records.length === 0) throw new RequestRefusedError(`no P1 escalation for ${input.partner} PO ${input.purchaseOrderNumber}${input.lineNumber ? ` line ${input.lineNumber}` : ''}`);
  const profile = await deps.partners.get(input.partner);
  const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
  if (!profile || !head) throw new RequestRefusedError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
  const now = deps.clock.now().toISOString();
  const open = records.filter((r) => !r.state.confirmation).map((r) => r.state.case.lineNumber);
  if (open.length) {
    const items = new Map((await deps.items.listItems()).map((i) => [i.vendorPart, i]));
    const cases = records.flatMap((r) => {
      const item = items.get(r.state.case.item);
      return !r.state.confirmation && item ? [{ state: r.state, line: expediteLine(r.state.case, profile, item, r) }] : [];
    });
    const result = Order.confirmExpedite(head, { lines: open, date: input.date, by: input.by, ...(input.reason ? { reason: input.reason } : {}), cases, partner: profile }, now);
    if (Order.isRefusal(result)) throw new RequestRefusedError(result.reason);
    const cause = result.next.lastEvent.cause.id;
    if (!Order.hasApplied(head, cause)) await commitOrder(deps, head, result, profile.transitDays);
  }
  for (const record of records) {
    if (!record.state.confirmation) {
      const next: EscalationRecord = { ...record, version: record.version + 1, state: confirmEscalation(record.state, { date: input.date, by: input.by, at: now }) };
      if ((await deps.escalations.putEscalation(next)) === 'conflict') throw new OrderConflictError('the escalation changed meanwhile; confirm again');
    }
    if (deps.scheduler) for (const name of record.schedules) await deps.scheduler.cancel(name);
  }
  await recordP1Confirmations(deps, records.filter((r) => open.includes(r.state.case.lineNumber)).map((r) => r.state.case), { date: input.date, by: input.by, reason: input.reason, at: now });
  return { confirmed: records.map((r) => r.state.case.lineNumber) };
}
