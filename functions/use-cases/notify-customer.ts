/**
 * Delay level 2 by hand (`edi notify-customer`): the written risk notice to the customer for
 * the partner's open delay-risk lines of an item, with the planner's cause and countermeasures.
 * It goes through the delay-risk recompute, which records it on each order it is about.
 */
import type { DelayStates } from '#functions/ports/planning-store.ts';
import { RequestRefusedError } from './errors.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';

export interface CustomerNoticeRequest {
  partner: string;
  item: string;
  purchaseOrderNumber?: string;
  lineNumber?: string;
  cause: string;
  countermeasures: string[];
  by: string;
}

export async function notifyCustomer(deps: RecomputeDelayRiskDeps & { delays: DelayStates }, input: CustomerNoticeRequest): Promise<{ notices: string[] }> {
  const delay = await deps.delays.getDelayState(input.item);
  const refs = Object.entries(delay?.state.lines ?? {})
    .filter(([, r]) => r.active)
    .map(([key]) => key.split('/').map(decodeURIComponent) as [string, string, string])
    .filter(([p, po, l]) => p === input.partner && (!input.purchaseOrderNumber || po === input.purchaseOrderNumber) && (!input.lineNumber || l === input.lineNumber));
  if (refs.length === 0) throw new RequestRefusedError(`no open delay risk for ${input.partner} on item ${input.item}`);
  const riskNotices = refs.map(([partnerId, purchaseOrderNumber, lineNumber]) => ({ line: { partnerId, purchaseOrderNumber, lineNumber }, cause: input.cause, countermeasures: input.countermeasures, enteredBy: input.by }));
  const [result] = await recomputeDelayRisk(deps, [input.item], { riskNotices });
  return { notices: (result?.notifications ?? []).filter((id) => id.startsWith('delay-L2/')) };
}
