/**
 * What follows a committed order transition that the checks saw (an 850, an 860, a re-send that
 * held lines): 1 the hold-SLA timers of its held lines, 2 its expedite cases (P1, P2), 3 the
 * delay risk of its items, one P2 alert per order for the lines of both. Every step is idempotent, so a replay after a crash runs them again.
 */
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { OrderHead } from '#schemas/records/records.ts';
import { openExpedite, type OpenExpediteDeps } from './open-expedite.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';
import { scheduleHoldEscalations } from './schedule-hold-escalations.ts';

export type FollowUpOrderDeps = OpenExpediteDeps & RecomputeDelayRiskDeps & { scheduler?: Scheduler };

export async function followUpOrder(deps: FollowUpOrderDeps, head: OrderHead, profile: PartnerProfile): Promise<void> {
  const planning = head.planning;
  if (!planning) return;
  if (deps.scheduler && planning.lineStates.some((s) => s.status === 'held')) await scheduleHoldEscalations(deps.scheduler, head, profile, await deps.items.listItems(), deps.clock.now());
  // The order's P2 lines (inside lead time) and the shortage lines the recompute finds go to the
  // allocation team in one alert per order.
  const p2 = await openExpedite(deps, head, profile, { deferP2: true });
  const touched = [...new Set(Object.values(planning.items))];
  await recomputeDelayRisk(deps, touched, { p2 });
}
