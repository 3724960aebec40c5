/**
 * A level-2 timer fell due (README, "Planning intelligence", delay communication): the partner's
 * `autoRiskNoticeAfterHours` have passed since the level-1 alert of a line. A recompute of the item
 * as of the due instant decides: still short in the same episode and not yet told → the risk
 * notice goes to the customer (through the order, and on the item's history); resolved, already
 * told, or a later episode → nothing, so a late or repeated timer changes nothing. The order's
 * other items are recomputed with it, as of the same instant: their lines due by then are told in
 * the same email (one notice per order), and their own timers then find them told.
 */
import { lineKey } from '#domain/planning/index.ts';
import type { TimerMessage } from '#schemas/messages/timer-message.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';

export type FireDelayNoticeDeps = RecomputeDelayRiskDeps;

export async function fireDelayNotice(deps: FireDelayNoticeDeps, timer: Extract<TimerMessage, { kind: 'delay-risk-notice' }>): Promise<{ fired: true; key: string } | { fired: false; reason: string }> {
  const key = lineKey(timer.line);
  const before = (await deps.delays.getDelayState(timer.item))?.state.lines[key];
  if (!before?.active || before.episodeStart !== timer.episodeStart) return { fired: false, reason: 'the shortage of this line was resolved (or is a later episode)' };
  if (before.level2At) return { fired: false, reason: `the customer was told at ${before.level2At}` };
  const head = await deps.orders.get(timer.line.partnerId, timer.line.purchaseOrderNumber);
  const others = [...new Set(Object.values(head?.planning?.items ?? {}))].filter((i) => i !== timer.item).sort();
  const [result] = await recomputeDelayRisk(deps, [timer.item, ...others], { notBefore: timer.dueAt });
  const sent = (result?.notifications ?? []).find((id) => id.startsWith('delay-L2/'));
  return sent ? { fired: true, key: sent } : { fired: false, reason: 'no risk notice due for this line' };
}
