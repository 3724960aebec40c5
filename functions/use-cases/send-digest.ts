/**
 * The P3 planner digest (`edi digest`, the weekday schedule): for each item with a supply plan,
 * project PAB with the forecast of every partner that buys it (the item master's buyer parts and
 * contract prices name them), consumed by their orders; plan shortfalls with no order affected
 * yet — forecast not covered, safety stock not covered, each week with its quantity — go to the
 * item's planner, one email per planner per day (its key: date + planner), the items in priority
 * order (best buyer class, then shortfall value); each item listed goes on its history.
 */
import { internalSubject } from '#domain/orders/order-messages.ts';
import { groupDigestByPlanner, type DigestEntry } from '#domain/emails/digest-email.ts';
import { classifyPlanShortfall, dateOfInstant, valueOf } from '#domain/planning/index.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { projectItem, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';
import { recordDigestEntry } from './record-item-event.ts';

export type SendDigestDeps = Pick<RecomputeDelayRiskDeps, 'items' | 'supply' | 'demand' | 'forecasts' | 'partners' | 'notify' | 'clock' | 'itemHistory'>;

export async function sendDigest(deps: SendDigestDeps, date?: string): Promise<{ date: string; planners: number; entries: number }> {
  const now = deps.clock.now().toISOString();
  const day = date ?? dateOfInstant(now);
  const entries: DigestEntry[] = [];
  for (const item of await deps.items.listItems()) {
    const buyers = [...new Set([...Object.keys(item.buyerParts), ...Object.keys(item.contractPrice)])];
    // An order line short on the orders' own projection is P2 (recompute-delay-risk), not here;
    // otherwise every buyer's forecast, consumed by its orders, shows what the plan does not cover.
    const orders = await projectItem(deps, item, day);
    if (!orders) continue;
    const projection = await projectItem(deps, item, day, buyers, true);
    if (!projection) continue;
    const p3 = classifyPlanShortfall(projection.rows, { ordersShort: orders.rows.some((row) => row.shortage) });
    if (p3.tier !== 'P3') continue;
    // Priority within the digest: the best class among the item's buyers, and the largest
    // shortfall valued at the highest contract price.
    const classes = buyers.flatMap((b) => (projection.profiles[b] ? [projection.profiles[b].priorityClass] : [])).sort();
    const price = Math.max(0, ...Object.values(item.contractPrice));
    const shortfall = Math.max(0, ...p3.reasons.map((r) => ('quantity' in r && typeof r.quantity === 'number' ? r.quantity : 'pab' in r ? -r.pab : 0)));
    entries.push({ item, reasons: p3.reasons, ...(classes[0] ? { priorityClass: classes[0] } : {}), ...(price > 0 ? { value: valueOf(shortfall, price) } : {}) });
  }
  const groups = groupDigestByPlanner(entries);
  await deps.notify.send(
    groups.map((g) => {
      const key = `p3-digest/${day}/${g.planner.email.toLowerCase()}`;
      return {
        body: notifyMessage('planning-p3-digest', {
          partner: '_planning',
          recipients: ['template'],
          idempotencyKey: key,
          subject: internalSubject('_planning', `p3-digest/${day}/${g.planner.email}`),
          createdAt: now,
          data: { planner: g.planner, date: day, entries: g.entries },
        }),
      };
    }),
  );
  for (const entry of entries) await recordDigestEntry(deps, entry.item.vendorPart, day, entry.item.planner.email, entry.reasons, now);
  return { date: day, planners: groups.length, entries: entries.length };
}
