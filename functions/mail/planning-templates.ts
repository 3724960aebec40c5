/**
 * Planning emails in the mail stage: the notify message names the template and carries the
 * renderer's input (`data.planning`); the partner profiles, item master and escalation state are
 * read here, and the planning core's renderers (functions/domain/planning/emails) write subject,
 * text and HTML with every EDI-derived value escaped, and name the recipients.
 *
 * A P1 escalation step is a timer firing: it is sent only while the case is unconfirmed and the
 * step unsent, and recorded as sent after the email went out.
 */
import { z } from 'zod';
import {
  DelayStateZ,
  ExpediteCaseZ,
  lineNumberOf,
  markEscalationSent,
  nextEscalation,
  orderedQuantityOf,
  renderAnomalyEmail,
  renderHoldEscalationEmail,
  renderDelayEmail,
  renderEscalationStep,
  renderP1Alert,
  renderP2Alert,
  renderP3Digest,
  type DelayNotification,
  type ExpediteLine,
  type ExpediteReason,
  type LineAssessment,
  type RenderedEmail,
} from '#domain/planning/index.ts';
import { EscalationStepZ } from '#schemas/master-data/common.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import { checkHoldEscalation, HoldEscalationDataZ, recordHoldEscalationStep } from '#functions/planning/hold-escalation.ts';
import type { PlanningStore } from '#functions/ports/planning-store.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { EscalationRecord } from '#schemas/records/planning-records.ts';

void DelayStateZ;

export class PlanningTemplateError extends Error {
  override name = 'PlanningTemplateError';
}

export type PlanningRender =
  | { kind: 'send'; email: RenderedEmail; afterSend?: () => Promise<void> }
  | { kind: 'suppressed'; reason: string };

const AnomalyDataZ = z.object({
  order: z.object({ purchaseOrderNumber: z.string(), orderType: z.string(), orderDate: z.string().optional() }),
  assessments: z.array(z.object({ lineNumber: z.string(), productIds: z.array(z.object({ qualifier: z.string(), value: z.string() })), anomalies: z.array(z.object({ rule: z.string(), severity: z.string(), message: z.string() }).loose()) }).loose()),
});
const DelayDataZ = z.object({ notification: z.object({ kind: z.enum(['delay-alert', 'all-clear', 'risk-notice', 'confirmed-delay']), id: z.string(), item: z.string() }).loose() });
const CaseDataZ = z.object({ case: ExpediteCaseZ });
const EscalationDataZ = CaseDataZ.extend({ step: EscalationStepZ });
const P2DataZ = CaseDataZ.extend({ reasons: z.array(z.object({ code: z.string() }).loose()), dueAt: z.string() });
const DigestDataZ = z.object({ date: z.string(), entries: z.array(z.object({ item: z.string(), reasons: z.array(z.object({ code: z.string() }).loose()) })) });

export interface PlanningTemplateDeps {
  partners: PartnerDirectory;
  planning: PlanningStore;
  /** Order heads, for the hold-escalation check (is the line still held?) and its record. */
  orders?: Pick<OrderStore, 'get' | 'commit'>;
}

async function profileOf(deps: PlanningTemplateDeps, id: string): Promise<PartnerProfile> {
  const profile = await deps.partners.get(id);
  if (!profile) throw new PlanningTemplateError(`no partner profile ${id}`);
  return profile;
}

async function itemOf(deps: PlanningTemplateDeps, vendorPart: string) {
  const item = (await deps.planning.listItems()).find((i) => i.vendorPart === vendorPart);
  if (!item) throw new PlanningTemplateError(`no item ${vendorPart} in the item master`);
  return item;
}

async function expediteLine(deps: PlanningTemplateDeps, c: z.infer<typeof ExpediteCaseZ>, record?: EscalationRecord): Promise<ExpediteLine> {
  return {
    partner: await profileOf(deps, c.partnerId),
    item: await itemOf(deps, c.item),
    purchaseOrderNumber: c.purchaseOrderNumber,
    lineNumber: c.lineNumber,
    ...(record?.quantity !== undefined ? { quantity: record.quantity } : {}),
    ...(record?.requestedShipDate ? { requestedShipDate: record.requestedShipDate } : {}),
  };
}

/** Render a planning notify message; `suppressed` when a timer fired for a case already settled. */
export async function renderPlanningEmail(message: NotifyMessage, deps: PlanningTemplateDeps): Promise<PlanningRender> {
  const data = message.data.planning ?? {};
  switch (message.template) {
    case 'planning-anomaly': {
      const d = AnomalyDataZ.parse(data);
      const partner = await profileOf(deps, message.partner);
      const email = renderAnomalyEmail({ partner, order: d.order, assessments: d.assessments as unknown as LineAssessment[], items: await deps.planning.listItems() });
      return email ? { kind: 'send', email } : { kind: 'suppressed', reason: 'no findings' };
    }
    case 'planning-delay': {
      const d = DelayDataZ.parse(data);
      const n = d.notification as unknown as DelayNotification;
      const ids = 'partnerIds' in n ? n.partnerIds : [n.partnerId];
      const partners: Record<string, PartnerProfile> = {};
      for (const id of ids) {
        const p = await deps.partners.get(id);
        if (p) partners[id] = p;
      }
      return { kind: 'send', email: renderDelayEmail(n, await itemOf(deps, n.item), partners) };
    }
    case 'planning-p1-alert': {
      const d = CaseDataZ.parse(data);
      const record = await deps.planning.getEscalation(d.case.partnerId, d.case.purchaseOrderNumber, d.case.lineNumber);
      if (!record) throw new PlanningTemplateError(`no P1 escalation for ${d.case.purchaseOrderNumber} line ${d.case.lineNumber}`);
      return { kind: 'send', email: renderP1Alert(await expediteLine(deps, d.case, record), record.reasons as unknown as ExpediteReason[], record.state) };
    }
    case 'planning-p1-escalation': {
      const d = EscalationDataZ.parse(data);
      const record = await deps.planning.getEscalation(d.case.partnerId, d.case.purchaseOrderNumber, d.case.lineNumber);
      if (!record) return { kind: 'suppressed', reason: 'no escalation' };
      if (record.state.confirmation) return { kind: 'suppressed', reason: `confirmed ${record.state.confirmation.date} by ${record.state.confirmation.by}` };
      if (record.state.sent.some((s) => s.step === d.step)) return { kind: 'suppressed', reason: `step ${d.step} already sent` };
      const step = record.state.steps.find((s) => s.step === d.step);
      if (!step) return { kind: 'suppressed', reason: `no step ${d.step}` };
      const next = nextEscalation(record.state, message.createdAt);
      void next;
      const email = renderEscalationStep(await expediteLine(deps, d.case, record), step, record.state);
      return {
        kind: 'send',
        email,
        afterSend: async () => {
          for (let attempt = 0; attempt < 5; attempt++) {
            const current = await deps.planning.getEscalation(d.case.partnerId, d.case.purchaseOrderNumber, d.case.lineNumber);
            if (!current || current.state.sent.some((s) => s.step === d.step)) return;
            const marked = { ...current, version: current.version + 1, state: markEscalationSent(current.state, d.step, message.createdAt) };
            if ((await deps.planning.putEscalation(marked)) === 'written') return;
          }
        },
      };
    }
    case 'planning-hold-escalation': {
      const d = HoldEscalationDataZ.parse(data);
      const orders = deps.orders;
      if (!orders) throw new PlanningTemplateError(`${message.template} needs the order store`);
      const partner = await profileOf(deps, d.hold.partnerId);
      const check = await checkHoldEscalation(orders, d, partner, message.createdAt);
      if (!check.due) return { kind: 'suppressed', reason: check.reason };
      const vendorPart = check.head.planning?.items[d.hold.lineNumber];
      const item = vendorPart ? (await deps.planning.listItems()).find((i) => i.vendorPart === vendorPart) : undefined;
      const po = check.head.order.purchaseOrder;
      const index = po.lines.findIndex((l, i) => lineNumberOf(l, i) === d.hold.lineNumber);
      const line = po.lines[index];
      const quantity = line ? orderedQuantityOf(line) : undefined;
      const customerPart = line?.productIds.find((p) => p.qualifier === 'BP' || p.qualifier === 'IN')?.value;
      const email = renderHoldEscalationEmail({
        partner,
        escalation: check.escalation,
        reasons: check.state.reasons,
        line: { ...(quantity !== undefined ? { quantity } : {}), ...(line?.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}), ...(customerPart ? { customerPart } : {}) },
        ...(item ? { item } : {}),
      });
      return { kind: 'send', email, afterSend: async () => void (await recordHoldEscalationStep(orders, check.escalation, message.createdAt)) };
    }
    case 'planning-p2-alert': {
      const d = P2DataZ.parse(data);
      return { kind: 'send', email: renderP2Alert(await expediteLine(deps, d.case), d.reasons as unknown as ExpediteReason[], d.dueAt) };
    }
    case 'planning-p3-digest': {
      const d = DigestDataZ.parse(data);
      const items = await deps.planning.listItems();
      const entries = d.entries.flatMap((e) => {
        const item = items.find((i) => i.vendorPart === e.item);
        return item ? [{ item, reasons: e.reasons as unknown as ExpediteReason[] }] : [];
      });
      const planner = entries[0]?.item.planner;
      const email = planner ? renderP3Digest(planner, entries, d.date) : undefined;
      return email ? { kind: 'send', email } : { kind: 'suppressed', reason: 'nothing to report' };
    }
    default:
      throw new PlanningTemplateError(`${message.template} is not a planning template`);
  }
}
