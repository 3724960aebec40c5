/**
 * The planning shell: runs the pure planning core (functions/domain/planning) against the stores
 * and queues. One module serves the process stage (the `PlanningRules` seam and the effects after
 * an order commits), the decisions API, the `edi decide/confirm/notify-customer/ship/digest` commands
 * and the master-data loader, so every path takes the same domain calls.
 *
 * Idempotency: every email has a deterministic idempotency key (the mail stage sends each once
 * per address); delay state and P1 escalations are versioned records written after the messages
 * they decided were queued, so a retry re-queues the same keys and nothing reaches a person twice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { acceptAsOrdered } from '#functions/process/accept-as-ordered.ts';
import { sealEvent } from '#domain/orders/order-events.ts';
import { itemOf } from '#domain/orders/order-keys.ts';
import { orderAckKey } from '#domain/orders/order-keys.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { allocateSscc, buildShipNotice, DEFAULT_GS1_COMPANY_PREFIX, shipmentIdOf, type ShipmentLine } from '#domain/orders/shipment.ts';
import {
  allocationDueAt,
  assessDelayRisks,
  assessLineStates,
  buildAcknowledgment,
  buildItemIndex,
  classifyOrderLine,
  classifyPlanShortfall,
  confirmExpedite,
  dateOfInstant,
  decide,
  detectChangeAnomalies,
  detectForecastSwings,
  detectOrderAnomalies,
  escalationPlan,
  forecastByWeek,
  forecastsFromPlanningSchedule,
  groupDigestByPlanner,
  lineKey,
  lineNumberOf,
  markEscalationSent,
  orderedQuantityOf,
  parseDecisionAction,
  projectAvailableBalance,
  requestedDateOf,
  type ConfirmedDelayInput,
  type DemandLine as PabDemandLine,
  type ExpediteReason,
  type ItemIndex,
  type LineAssessment,
  type LineProgress,
  type LineState,
  type PabRow,
  type RiskNoticeInput,
} from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import { cancelHoldEscalations, scheduleHoldEscalations } from './hold-escalation.ts';
import type { OrderHead, OrderStore, Outbox } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { ChangeReview, OrderReview, PlanningFinding, PlanningRules } from '#functions/ports/planning-rules.ts';
import type { PlanningStore } from '#functions/ports/planning-store.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { NotifyQueue, OutboundQueue } from '#functions/ports/stage-queue.ts';
import type { PlanningSchedule, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Subject } from '#schemas/messages/common.ts';
import { NOTIFY_MESSAGE_SCHEMA_VERSION, type NotifyMessage, type TemplateId } from '#schemas/messages/notify-message.ts';
import { OUTBOUND_MESSAGE_SCHEMA_VERSION, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { RECORD_SCHEMA_VERSION, type Cause, type DemandLine, type Order } from '#schemas/records/records.ts';
import type { EscalationRecord, OrderPlanning, PartnerForecast } from '#schemas/records/planning-records.ts';

interface Snapshot {
  items?: Promise<{ list: Item[]; index: ItemIndex }>;
  forecasts: Map<string, Promise<PartnerForecast['entries']>>;
}

export interface PlanningDeps {
  partners: PartnerDirectory;
  store: PlanningStore;
  orders: OrderStore;
  notify: NotifyQueue;
  outbound: OutboundQueue;
  /** P1 escalation timers; without one, only the immediate alert goes out. */
  scheduler?: Scheduler;
  clock: Clock;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

/** A planner action the caller got wrong (unknown order or line, bad decision word): shown to the user. */
export class PlanningRequestError extends Error {
  override name = 'PlanningRequestError';
}

/** Another writer changed the record first: retry. */
export class PlanningConflictError extends Error {
  override name = 'PlanningConflictError';
}

/** Weeks projected in PAB (the demo's horizon is 12 ISO weeks). */
export const PAB_HORIZON_WEEKS = 12;

/** An internal (non-order) email subject: recorded under a synthetic file partition. */
function internalSubject(partner: string, key: string): Subject {
  return { kind: 'file', partner, sha256: sha256Hex(key) };
}

function orderSubject(partner: string, purchaseOrderNumber: string): Subject {
  return { kind: 'order', partner, purchaseOrderNumber };
}

export function planningNotify(template: TemplateId, partner: string, idempotencyKey: string, subject: Subject, planning: Record<string, unknown>, createdAt: string, reason = ''): NotifyMessage {
  return {
    schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
    template,
    partner,
    recipients: ['template'],
    idempotencyKey: idempotencyKey.slice(0, 400),
    subject,
    createdAt,
    data: { reason, facts: {}, diagnostics: [], planning: JSON.parse(JSON.stringify(planning)) as Record<string, unknown> },
  };
}

/** Escalation schedule name for one P1 step (≤ 64 characters, [0-9a-zA-Z-_.]). */
export function escalationScheduleName(partner: string, purchaseOrderNumber: string, lineNumber: string, step: string): string {
  return `p1-${sha256Hex(`${partner}/${purchaseOrderNumber}/${lineNumber}`).slice(0, 40)}-${step}`;
}

function findingsOf(assessments: readonly LineAssessment[]): PlanningFinding[] {
  return assessments.flatMap((a) =>
    a.anomalies.map((x) => ({
      rule: x.rule,
      severity: x.severity,
      lineNumber: a.lineNumber,
      message: x.message,
      evidence: JSON.parse(JSON.stringify(x.evidence)) as Record<string, unknown>,
      ...('suggestion' in x && x.suggestion ? { suggestion: JSON.parse(JSON.stringify(x.suggestion)) as Record<string, unknown> } : {}),
    })),
  );
}

/**
 * Demand lines of an order for PAB: accepted lines only (a held line is not promised yet, a
 * rejected one never), keyed by our vendor part, due on the ship date (the decision's date when a
 * planner set one), with the decided quantity. Lines of `previous` that are gone are closed.
 */
export function planningDemandOf(order: Order, planning: OrderPlanning, transitDays: number, previous?: Order): DemandLine[] {
  const po = order.purchaseOrder;
  const open = order.status !== 'cancelled';
  const lines = po.lines.map((line, i): DemandLine => {
    const lineNumber = lineNumberOf(line, i);
    const state = planning.lineStates.find((s) => s.lineNumber === lineNumber);
    const due = state?.date ?? requestedDateOf(po, line, transitDays)?.shipDate;
    return {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: order.partner,
      purchaseOrderNumber: order.purchaseOrderNumber,
      lineNumber,
      item: planning.items[lineNumber] ?? itemOf(line.productIds) ?? `?${lineNumber}`,
      quantity: state?.quantity ?? orderedQuantityOf(line) ?? 0,
      ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
      ...(due ? { dueDate: due } : {}),
      orderVersion: order.version,
      open: open && state?.status === 'accepted',
    };
  });
  const kept = new Set(lines.map((l) => l.lineNumber));
  const closed = (previous?.purchaseOrder.lines ?? [])
    .map((line, i) => ({ line, lineNumber: lineNumberOf(line, i) }))
    .filter((l) => !kept.has(l.lineNumber))
    .map(
      ({ line, lineNumber }): DemandLine => ({
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: order.partner,
        purchaseOrderNumber: order.purchaseOrderNumber,
        lineNumber,
        item: planning.items[lineNumber] ?? itemOf(line.productIds) ?? `?${lineNumber}`,
        quantity: 0,
        orderVersion: order.version,
        open: false,
      }),
    );
  return [...lines, ...closed];
}

function tiersOf(po: PurchaseOrder, partner: PartnerProfile, assessments: readonly LineAssessment[]): OrderPlanning['tiers'] {
  const tiers: OrderPlanning['tiers'] = {};
  po.lines.forEach((line, i) => {
    const lineNumber = lineNumberOf(line, i);
    const assessment = assessments.find((a) => a.lineNumber === lineNumber);
    const inside = assessment?.anomalies.find((a) => a.rule === 'inside-lead-time');
    const classification = classifyOrderLine({
      order: po,
      line,
      partner,
      ...(inside && inside.rule === 'inside-lead-time' ? { insideLeadTime: { requestedShipDate: inside.evidence.requestedShipDate, earliestShipDate: inside.evidence.earliestShipDate } } : {}),
    });
    if (classification.tier) tiers[lineNumber] = { tier: classification.tier, reasons: classification.reasons as unknown as Record<string, unknown>[] };
  });
  return tiers;
}

export interface PlanningService {
  rules: PlanningRules;
  /** Effects after an order (or change, or decision) committed: P1 escalation, P2 alert, PAB of its items. Idempotent. */
  afterCommit(head: OrderHead, profile: PartnerProfile): Promise<void>;
  processForecast(input: { partner: PartnerProfile; schedule: PlanningSchedule; cause: Cause; reference?: string }): Promise<void>;
  recomputeItems(items: readonly string[], extras?: { riskNotices?: RiskNoticeInput[]; confirmedDelays?: ConfirmedDelayInput[] }): Promise<{ item: string; rows: PabRow[]; notifications: string[] }[]>;
  decideLine(input: { partner: string; purchaseOrderNumber: string; lineNumber: string; decision: string; by: string; reason: string }): Promise<DecisionResult>;
  /** Records a shipment on the order (`order.shipped`) and queues its 856 when the partner takes them. Idempotent by shipment id. */
  ship(input: ShipInput): Promise<ShipResult>;
  confirmDate(input: { partner: string; purchaseOrderNumber: string; lineNumber?: string; date: string; by: string }): Promise<{ confirmed: string[] }>;
  notifyCustomer(input: { partner: string; item: string; purchaseOrderNumber?: string; lineNumber?: string; cause: string; countermeasures: string[]; by: string }): Promise<{ notices: string[] }>;
  sendDigest(date?: string): Promise<{ planners: number; entries: number }>;
  /** Items loaded, for the "no master data → checks off" rule. */
  items(): Promise<{ list: Item[]; index: ItemIndex }>;
  /** Runs `work` (one process batch) with the item master and forecasts read once; writes in it refresh them. */
  withSnapshot<T>(work: () => Promise<T>): Promise<T>;
}

export interface ShipInput {
  partner: string;
  purchaseOrderNumber: string;
  lines: ShipmentLine[];
  /** Carrier SCAC. */
  carrier: string;
  tracking?: string;
  billOfLading?: string;
  /** YYYY-MM-DD; today (the clock's date) when absent. */
  shipDate?: string;
  /** Number of packs (one SSCC-18 each); 1 when absent. */
  packs?: number;
  /** The shipment's id (BSN02); a hash of the other arguments when absent. */
  shipmentId?: string;
  by: string;
}

export interface ShipResult {
  shipmentId: string;
  /** False when this shipment was already recorded: nothing new was written or queued. */
  recorded: boolean;
  sequence: number;
  sscc: string[];
  /** Idempotency key of the 856 queued (absent when the partner takes no 856s). */
  shipNoticeKey?: string;
  shipped: Record<string, number>;
  orderVersion: number;
}

/** The GS1 company prefix the SSCC-18 labels use: `EDI_GS1_COMPANY_PREFIX`, else a clearly fake one. */
export const GS1_COMPANY_PREFIX_ENV = 'EDI_GS1_COMPANY_PREFIX';

/** Shipped quantity per line as the 860 checks read it (built is not recorded yet: shipped counts as built). */
export function progressOf(planning: OrderPlanning | undefined): Record<string, LineProgress> | undefined {
  const shipped = planning?.shipped;
  if (!shipped || Object.keys(shipped).length === 0) return undefined;
  return Object.fromEntries(Object.entries(shipped).map(([line, quantity]) => [line, { shipped: quantity, built: quantity }]));
}

export interface DecisionResult {
  acknowledgment: 'ready' | 'waiting' | 'not-required';
  acknowledgmentKey?: string;
  lineStatus: LineState['status'];
  orderVersion: number;
}

export function createPlanningService(deps: PlanningDeps): PlanningService {
  const nowIso = (): string => deps.clock.now().toISOString();
  const log = deps.log ?? (() => undefined);

  /**
   * A per-batch read snapshot: the item master and partner forecasts are read once per batch
   * instead of once per order. The forecast a batch itself writes (an 830 before an 850 of the
   * same partner in one batch) replaces the cached one at once; nothing outlives the batch.
   */
  const snapshots = new AsyncLocalStorage<Snapshot>();

  function withSnapshot<T>(work: () => Promise<T>): Promise<T> {
    return snapshots.run({ forecasts: new Map() }, work);
  }

  function cached<T>(slot: { get(): Promise<T> | undefined; set(value: Promise<T> | undefined): void } | undefined, load: () => Promise<T>): Promise<T> {
    if (!slot) return load();
    const hit = slot.get();
    if (hit) return hit;
    const loading = load();
    slot.set(loading);
    loading.catch(() => slot.set(undefined));
    return loading;
  }

  async function items(): Promise<{ list: Item[]; index: ItemIndex }> {
    const snapshot = snapshots.getStore();
    return cached(snapshot && { get: () => snapshot.items, set: (v) => (snapshot.items = v) }, async () => {
      const list = await deps.store.listItems();
      return { list, index: buildItemIndex(list) };
    });
  }

  async function forecastsOf(partner: string): Promise<PartnerForecast['entries']> {
    const snapshot = snapshots.getStore();
    return cached<PartnerForecast['entries']>(snapshot && { get: () => snapshot.forecasts.get(partner), set: (v) => (v ? snapshot.forecasts.set(partner, v) : snapshot.forecasts.delete(partner)) }, async () => (await deps.store.getPartnerForecast(partner))?.entries ?? []);
  }

  /** The partner's forecast changed: the snapshot must not serve the old one. */
  function forecastWritten(partner: string, entries?: PartnerForecast['entries']): void {
    const snapshot = snapshots.getStore();
    if (!snapshot) return;
    if (entries) snapshot.forecasts.set(partner, Promise.resolve(entries));
    else snapshot.forecasts.delete(partner);
  }

  const rules: PlanningRules = {
    async reviewOrder({ order, partner, at, previousOrder }): Promise<OrderReview> {
      const master = await items();
      if (master.list.length === 0) return acceptAsOrdered.reviewOrder({ order, partner, at });
      const now = nowIso();
      const po = order.purchaseOrder;
      const checked = detectOrderAnomalies({ order: po, partner, items: master.index, forecasts: await forecastsOf(partner.id), now, ...(previousOrder ? { previousOrder: previousOrder.purchaseOrder } : {}) });
      // a re-sent PO number: only the duplicate finding counts (the re-send's content is not applied)
      const result = previousOrder ? { ...checked, lines: checked.lines.map((l) => ({ ...l, anomalies: l.anomalies.filter((a) => a.rule === 'duplicate-po') })) } : checked;
      const lineStates = assessLineStates(result.lines, now);
      const outcome = buildAcknowledgment({ order: po, lineStates, decisions: [], now, controlNumber: '0001', partner });
      const findings = findingsOf(result.lines);
      const notify: NotifyMessage[] = findings.length
        ? [
            planningNotify(
              'planning-anomaly',
              partner.id,
              `anomaly/${partner.id}/${po.purchaseOrderNumber}/${po.controlNumber}${previousOrder ? `/duplicate/${sha256Hex(order.appliedCauses.join('|')).slice(0, 16)}` : ''}`,
              orderSubject(partner.id, po.purchaseOrderNumber),
              { order: { purchaseOrderNumber: po.purchaseOrderNumber, orderType: po.orderType, ...(po.orderDate ? { orderDate: po.orderDate } : {}) }, assessments: result.lines },
              now,
            ),
          ]
        : [];
      const ack = outcome.status === 'ready' ? outcome.acknowledgment : undefined;
      return {
        findings,
        hold: outcome.status === 'waiting',
        ...(ack ? { acknowledgment: ack } : {}),
        notify,
        planning: {
          schemaVersion: RECORD_SCHEMA_VERSION,
          lineStates,
          decisions: [],
          items: Object.fromEntries(result.lines.filter((l) => l.item).map((l) => [l.lineNumber, l.item as string])),
          tiers: tiersOf(po, partner, result.lines),
          acknowledgmentsSent: ack ? 1 : 0,
        },
      };
    },

    async reviewChange(input): Promise<ChangeReview> {
      const { before, after, change, partner, at } = input;
      const master = await items();
      const previous = input.planning;
      if (master.list.length === 0) return acceptAsOrdered.reviewChange(input);
      const now = nowIso();
      const progress = progressOf(previous);
      const assessments = detectChangeAnomalies({ change, currentOrder: before.purchaseOrder, partner, items: master.index, forecasts: await forecastsOf(partner.id), now, ...(progress ? { progress } : {}) });
      const changed = assessLineStates(assessments, now);
      const accepted = (lineNumber: string): LineState => ({ schemaVersion: 1, lineNumber, status: 'accepted', reasons: [], decidedBy: 'rules', escalationsSent: 0, backOrdered: false });
      const lineStates = after.purchaseOrder.lines.map((l, i) => {
        const number = lineNumberOf(l, i);
        return changed.find((s) => s.lineNumber === number) ?? previous?.lineStates.find((s) => s.lineNumber === number) ?? accepted(number);
      });
      const findings = findingsOf(assessments);
      const hold = changed.some((s) => s.status === 'held');
      const review = await acceptAsOrdered.reviewChange(input);
      const notify = findings.length
        ? [
            planningNotify(
              'planning-anomaly',
              partner.id,
              `anomaly/${partner.id}/${change.purchaseOrderNumber}/${change.controlNumber}`,
              orderSubject(partner.id, change.purchaseOrderNumber),
              { order: { purchaseOrderNumber: change.purchaseOrderNumber, orderType: `860 ${change.purpose}` }, assessments },
              now,
            ),
          ]
        : [];
      void at;
      return {
        findings,
        hold,
        ...(review.acknowledgment && !hold ? { acknowledgment: review.acknowledgment } : {}),
        notify,
        planning: {
          schemaVersion: RECORD_SCHEMA_VERSION,
          lineStates,
          decisions: previous?.decisions ?? [],
          items: { ...(previous?.items ?? {}), ...Object.fromEntries(assessments.filter((l) => l.item).map((l) => [l.lineNumber, l.item as string])) },
          tiers: previous?.tiers ?? {},
          acknowledgmentsSent: previous?.acknowledgmentsSent ?? 0,
          ...(previous?.shipped ? { shipped: previous.shipped } : {}),
          ...(previous?.shipments ? { shipments: previous.shipments } : {}),
        },
      };
    },
  };

  async function startP1(head: OrderHead, profile: PartnerProfile, lineNumber: string, reasons: Record<string, unknown>[], itemsByPart: Map<string, Item>): Promise<void> {
    const order = head.order;
    const vendorPart = head.planning?.items[lineNumber];
    const item = vendorPart ? itemsByPart.get(vendorPart) : undefined;
    if (!item) {
      log('P1 line without a resolved item: no escalation chain', { po: order.purchaseOrderNumber, lineNumber });
      return;
    }
    const po = order.purchaseOrder;
    const index = po.lines.findIndex((l, i) => lineNumberOf(l, i) === lineNumber);
    const line = po.lines[index];
    const now = nowIso();
    const c = { partnerId: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lineNumber, item: item.vendorPart };
    let record = await deps.store.getEscalation(c.partnerId, c.purchaseOrderNumber, lineNumber);
    if (!record) {
      const plan = markEscalationSent(escalationPlan(c, item, profile, now), 'owner', now);
      const quantity = line ? orderedQuantityOf(line) : undefined;
      const requested = line ? requestedDateOf(po, line, profile.transitDays)?.shipDate : undefined;
      const fresh: EscalationRecord = {
        version: 1,
        state: plan,
        ...(quantity !== undefined ? { quantity } : {}),
        ...(requested ? { requestedShipDate: requested } : {}),
        reasons,
        schedules: plan.steps.filter((s) => s.step !== 'owner').map((s) => escalationScheduleName(c.partnerId, c.purchaseOrderNumber, lineNumber, s.step)),
      };
      if ((await deps.store.putEscalation(fresh)) === 'written') record = fresh;
      else record = await deps.store.getEscalation(c.partnerId, c.purchaseOrderNumber, lineNumber);
    }
    if (!record) return;
    const key = lineKey(c);
    await deps.notify.send([{ body: planningNotify('planning-p1-alert', c.partnerId, `p1-alert/${key}`, orderSubject(c.partnerId, c.purchaseOrderNumber), { case: c }, record.state.createdAt) }]);
    if (!deps.scheduler || record.state.confirmation) return;
    for (const step of record.state.steps) {
      if (record.state.sent.some((s) => s.step === step.step)) continue;
      const message = planningNotify('planning-p1-escalation', c.partnerId, `p1-escalation/${key}/${step.step}`, orderSubject(c.partnerId, c.purchaseOrderNumber), { case: c, step: step.step }, step.dueAt);
      await deps.scheduler.scheduleAt(escalationScheduleName(c.partnerId, c.purchaseOrderNumber, lineNumber, step.step), new Date(step.dueAt), message);
    }
  }

  async function afterCommit(head: OrderHead, profile: PartnerProfile): Promise<void> {
    const planning = head.planning;
    if (!planning) return;
    if (deps.scheduler) await scheduleHoldEscalations(deps.scheduler, head, profile, deps.clock.now());
    const master = await items();
    const byPart = new Map(master.list.map((i) => [i.vendorPart, i]));
    const now = nowIso();
    for (const [lineNumber, tier] of Object.entries(planning.tiers)) {
      const state = planning.lineStates.find((s) => s.lineNumber === lineNumber);
      if (state?.status === 'rejected' || head.order.status === 'cancelled') continue;
      if (tier.tier === 'P1') await startP1(head, profile, lineNumber, tier.reasons, byPart);
      else if (tier.tier === 'P2') {
        const vendorPart = planning.items[lineNumber];
        if (!vendorPart) continue;
        const c = { partnerId: head.order.partner, purchaseOrderNumber: head.order.purchaseOrderNumber, lineNumber, item: vendorPart };
        await deps.notify.send([
          { body: planningNotify('planning-p2-alert', c.partnerId, `p2/${lineKey(c)}/${tier.reasons.map((r) => String(r['code'])).join('+')}`, orderSubject(c.partnerId, c.purchaseOrderNumber), { case: c, reasons: tier.reasons, dueAt: allocationDueAt(now) }, now) },
        ]);
      }
    }
    const touched = [...new Set(Object.values(planning.items))];
    if (touched.length) await recomputeItems(touched);
  }

  async function recomputeItems(list: readonly string[], extras: { riskNotices?: RiskNoticeInput[]; confirmedDelays?: ConfirmedDelayInput[] } = {}) {
    const master = await items();
    const byPart = new Map(master.list.map((i) => [i.vendorPart, i]));
    const results: { item: string; rows: PabRow[]; notifications: string[] }[] = [];
    for (const vendorPart of list) {
      const item = byPart.get(vendorPart);
      const plan = item ? await deps.store.getSupplyPlan(vendorPart) : undefined;
      if (!item || !plan) continue;
      const now = nowIso();
      const open = await deps.store.openDemand(vendorPart);
      const demand: PabDemandLine[] = open.filter((d) => d.dueDate).map((d) => ({ partnerId: d.partner, purchaseOrderNumber: d.purchaseOrderNumber, lineNumber: d.lineNumber, item: vendorPart, quantity: d.quantity, dueDate: d.dueDate as string }));
      const partnerIds = [...new Set([...demand.map((d) => d.partnerId), ...(extras.confirmedDelays ?? []).map((c) => c.line.partnerId), ...(extras.riskNotices ?? []).map((r) => r.line.partnerId)])];
      const profiles: Record<string, PartnerProfile> = {};
      for (const id of partnerIds) {
        const p = await deps.partners.get(id);
        if (p) profiles[id] = p;
      }
      const forecastPartners = new Set(Object.values(profiles).filter((p) => p.includeUnconsumedForecastInPab).map((p) => p.id));
      const forecastEntries = (await Promise.all([...forecastPartners].map(forecastsOf))).flat();
      const rows = projectAvailableBalance({
        onHand: plan.onHand,
        startWeek: dateOfInstant(now),
        supply: plan.weeks,
        demand,
        ...(forecastPartners.size ? { forecast: forecastByWeek(forecastEntries, vendorPart, forecastPartners) } : {}),
        safetyStock: item.safetyStock,
        horizonWeeks: PAB_HORIZON_WEEKS,
      });
      const previous = await deps.store.getDelayState(vendorPart);
      const { notifications, nextState } = assessDelayRisks({
        previous: previous?.state,
        item,
        rows,
        partners: profiles,
        ...(extras.riskNotices ? { riskNotices: extras.riskNotices.filter((r) => r.line.partnerId in profiles) } : {}),
        ...(extras.confirmedDelays ? { confirmedDelays: extras.confirmedDelays } : {}),
        now,
      });
      const messages: NotifyMessage[] = [];
      for (const n of notifications) {
        const first = 'partnerId' in n ? { partnerId: n.partnerId, purchaseOrderNumber: n.purchaseOrderNumber } : n.kind === 'all-clear' ? n.lines[0] : n.lines[0]?.line;
        const subject = first ? orderSubject(first.partnerId, first.purchaseOrderNumber) : internalSubject('_planning', n.id);
        messages.push(planningNotify('planning-delay', first?.partnerId ?? '_planning', n.id, subject, { notification: n }, now));
        if (n.kind === 'delay-alert') {
          for (const affected of n.lines) {
            const c = { partnerId: affected.line.partnerId, purchaseOrderNumber: affected.line.purchaseOrderNumber, lineNumber: affected.line.lineNumber, item: vendorPart };
            const reasons: ExpediteReason[] = [{ code: 'pab-shortage', weekStart: affected.weekStart, pab: affected.pab }];
            const episode = nextState.lines[lineKey(affected.line)]?.episodeStart ?? now;
            messages.push(planningNotify('planning-p2-alert', c.partnerId, `p2/${lineKey(c)}/shortage/${episode}`, orderSubject(c.partnerId, c.purchaseOrderNumber), { case: c, reasons, dueAt: allocationDueAt(now) }, now));
          }
        }
      }
      if (messages.length) await deps.notify.send(messages.map((body) => ({ body })));
      if (JSON.stringify(previous?.state ?? null) !== JSON.stringify(nextState) && (notifications.length > 0 || previous)) {
        const written = await deps.store.putDelayState({ version: (previous?.version ?? 0) + 1, state: nextState });
        if (written === 'conflict') throw new PlanningConflictError(`delay state of ${vendorPart} changed meanwhile`);
      }
      // Confirmed delays also get the revised 855 through the decision that confirmed them.
      results.push({ item: vendorPart, rows, notifications: notifications.map((n) => n.id) });
    }
    return results;
  }

  async function processForecast({ partner, schedule, cause, reference }: { partner: PartnerProfile; schedule: PlanningSchedule; cause: Cause; reference?: string }): Promise<void> {
    // Whatever happens below, the batch's snapshot must not serve the forecast from before this 830.
    forecastWritten(partner.id);
    const master = await items();
    if (master.list.length === 0) return;
    const previous = await deps.store.getPartnerForecast(partner.id);
    if (previous?.causeId === cause.id) return;
    const now = nowIso();
    const { entries } = forecastsFromPlanningSchedule(schedule, partner.id, master.index);
    const swings = previous ? detectForecastSwings({ previous: previous.entries, current: entries, partner, now }) : [];
    if (swings.length) {
      const ref = reference ?? schedule.controlNumber;
      const assessments: LineAssessment[] = swings.map((s) => ({ lineNumber: s.item ?? '?', ...(s.item ? { item: s.item } : {}), productIds: [], anomalies: [s] }));
      await deps.notify.send([
        {
          body: planningNotify(
            'planning-anomaly',
            partner.id,
            `anomaly/${partner.id}/830/${cause.id}`,
            internalSubject(partner.id, cause.id),
            { order: { purchaseOrderNumber: `830 ${ref}`, orderType: 'forecast' }, assessments },
            now,
          ),
        },
      ]);
    }
    await deps.store.putPartnerForecast({ schemaVersion: RECORD_SCHEMA_VERSION, partnerId: partner.id, entries, causeId: cause.id, at: now });
    forecastWritten(partner.id, entries);
  }

  function outbound855(order: Order, key: string, document: NonNullable<OrderReview['acknowledgment']>, causeEventHash: string, at: string): OutboundMessage {
    return {
      schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION,
      partner: order.partner,
      kind: '855',
      idempotencyKey: key,
      subject: orderSubject(order.partner, order.purchaseOrderNumber),
      causeEventHash,
      createdAt: at,
      payload: { kind: 'inline', document },
    };
  }

  async function sendOutbox(outbox: Outbox): Promise<void> {
    if (outbox.outbound.length) await deps.outbound.send(outbox.outbound.map((body) => ({ body })));
    if (outbox.notify.length) await deps.notify.send(outbox.notify.map((body) => ({ body })));
  }

  async function decideLine(input: { partner: string; purchaseOrderNumber: string; lineNumber: string; decision: string; by: string; reason: string }): Promise<DecisionResult> {
    const profile = await deps.partners.get(input.partner);
    if (!profile) throw new PlanningRequestError(`no partner ${input.partner}`);
    const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
    if (!head) throw new PlanningRequestError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
    const planning = head.planning;
    if (!planning) throw new PlanningRequestError(`order ${input.purchaseOrderNumber} was not checked by the planning rules`);
    const state = planning.lineStates.find((s) => s.lineNumber === input.lineNumber);
    if (!state) throw new PlanningRequestError(`PO ${input.purchaseOrderNumber} has no line ${input.lineNumber}`);
    const parsed = parseDecisionAction(input.decision);
    if (!parsed.ok) throw new PlanningRequestError(parsed.error);
    const now = nowIso();
    const decided = decide(state, { partnerId: input.partner, purchaseOrderNumber: input.purchaseOrderNumber, action: parsed.action, by: input.by, reason: input.reason, at: now });
    if (!decided.ok) throw new PlanningRequestError(decided.error);
    const order = head.order;
    const po = order.purchaseOrder;
    const lineStates = planning.lineStates.map((s) => (s.lineNumber === input.lineNumber ? decided.state : s));
    const version = order.version + 1;
    const outcome = buildAcknowledgment({ order: po, lineStates, decisions: [], now, controlNumber: '0001', purpose: planning.acknowledgmentsSent > 0 ? '05' : '00', partner: profile });
    const ackKey = orderAckKey(order.partner, order.purchaseOrderNumber, version);
    const ready = outcome.status === 'ready' ? outcome.acknowledgment : undefined;
    const cause: Cause = { partner: order.partner, type: 'decision', id: `decision/${order.partner}/${order.purchaseOrderNumber}/${input.lineNumber}/v${version}` };
    const event = sealEvent(
      {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: order.partner,
        purchaseOrderNumber: order.purchaseOrderNumber,
        type: 'line.decided',
        at: now,
        cause,
        actor: `planner:${decided.event.by}`,
        version,
        summary: `line ${input.lineNumber}: ${input.decision} by ${decided.event.by} (${decided.event.reason})`,
        details: { decision: decided.event, lineStatus: decided.state.status, acknowledgment: outcome.status },
        effects: ready ? [ackKey] : [],
      },
      { seq: order.lastEventSeq, hash: order.lastEventHash },
    );
    const held = lineStates.some((s) => s.status === 'held');
    const nextOrder: Order = {
      ...order,
      version,
      status: order.status === 'cancelled' ? 'cancelled' : held ? 'held' : 'open',
      updatedAt: now,
      appliedCauses: [...order.appliedCauses, cause.id],
      lastEventSeq: event.seq,
      lastEventHash: event.hash,
    };
    const nextPlanning: OrderPlanning = { ...planning, lineStates, decisions: [...planning.decisions, decided.event], acknowledgmentsSent: planning.acknowledgmentsSent + (ready ? 1 : 0) };
    const outbox: Outbox = { outbound: ready ? [outbound855(nextOrder, ackKey, ready, event.hash, now)] : [], notify: [] };
    const next: OrderHead = { order: nextOrder, lastEvent: event, outbox, planning: nextPlanning };
    const committed = await deps.orders.commit(next, order.lastEventSeq, planningDemandOf(nextOrder, nextPlanning, profile.transitDays), [head.lastEvent]);
    if (committed === 'conflict') throw new PlanningConflictError(`PO ${order.purchaseOrderNumber} changed meanwhile; decide again`);
    await sendOutbox(outbox);
    if (deps.scheduler && state.status === 'held' && state.heldSince) {
      const hold = { partnerId: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lineNumber: input.lineNumber, heldSince: state.heldSince };
      // Best effort: a timer that still fires finds the line decided and sends nothing.
      await cancelHoldEscalations(deps.scheduler, hold, state, profile).catch((error: unknown) => log('could not delete the hold escalation timers', { po: order.purchaseOrderNumber, lineNumber: input.lineNumber, error: String(error) }));
    }
    const vendorPart = nextPlanning.items[input.lineNumber];
    if (vendorPart) {
      const index = po.lines.findIndex((l, i) => lineNumberOf(l, i) === input.lineNumber);
      const requested = index >= 0 ? requestedDateOf(po, po.lines[index]!, profile.transitDays)?.shipDate : undefined;
      const confirmedDelays: ConfirmedDelayInput[] =
        parsed.action.kind === 'date' && requested !== undefined && parsed.action.date > requested
          ? [{ line: { partnerId: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lineNumber: input.lineNumber }, newDate: parsed.action.date, originalDate: requested, cause: decided.event.reason, by: decided.event.by }]
          : [];
      await recomputeItems([vendorPart], confirmedDelays.length ? { confirmedDelays } : {});
    }
    return { acknowledgment: outcome.status, ...(ready ? { acknowledgmentKey: ackKey } : {}), lineStatus: decided.state.status, orderVersion: version };
  }

  async function confirmDate(input: { partner: string; purchaseOrderNumber: string; lineNumber?: string; date: string; by: string }): Promise<{ confirmed: string[] }> {
    const records = (await deps.store.listEscalations(input.partner, input.purchaseOrderNumber)).filter((r) => !input.lineNumber || r.state.case.lineNumber === input.lineNumber);
    if (records.length === 0) throw new PlanningRequestError(`no P1 escalation for ${input.partner} PO ${input.purchaseOrderNumber}${input.lineNumber ? ` line ${input.lineNumber}` : ''}`);
    const now = nowIso();
    const confirmed: string[] = [];
    for (const record of records) {
      if (!record.state.confirmation) {
        const next: EscalationRecord = { ...record, version: record.version + 1, state: confirmExpedite(record.state, { date: input.date, by: input.by, at: now }) };
        if ((await deps.store.putEscalation(next)) === 'conflict') throw new PlanningConflictError('the escalation changed meanwhile; confirm again');
      }
      if (deps.scheduler) for (const name of record.schedules) await deps.scheduler.cancel(name);
      confirmed.push(record.state.case.lineNumber);
    }
    return { confirmed };
  }

  async function notifyCustomer(input: { partner: string; item: string; purchaseOrderNumber?: string; lineNumber?: string; cause: string; countermeasures: string[]; by: string }): Promise<{ notices: string[] }> {
    const delay = await deps.store.getDelayState(input.item);
    const refs = Object.entries(delay?.state.lines ?? {})
      .filter(([, r]) => r.active)
      .map(([key]) => key.split('/').map(decodeURIComponent) as [string, string, string])
      .filter(([p, po, l]) => p === input.partner && (!input.purchaseOrderNumber || po === input.purchaseOrderNumber) && (!input.lineNumber || l === input.lineNumber));
    if (refs.length === 0) throw new PlanningRequestError(`no open delay risk for ${input.partner} on item ${input.item}`);
    const riskNotices = refs.map(([partnerId, purchaseOrderNumber, lineNumber]) => ({ line: { partnerId, purchaseOrderNumber, lineNumber }, cause: input.cause, countermeasures: input.countermeasures, enteredBy: input.by }));
    const [result] = await recomputeItems([input.item], { riskNotices });
    return { notices: (result?.notifications ?? []).filter((id) => id.startsWith('delay-L2/')) };
  }

  async function sendDigest(date?: string): Promise<{ planners: number; entries: number }> {
    const now = nowIso();
    const day = date ?? dateOfInstant(now);
    const master = await items();
    const plans = new Map((await deps.store.listSupplyPlans()).map((p) => [p.item, p]));
    const entries: { item: Item; reasons: ExpediteReason[] }[] = [];
    for (const item of master.list) {
      const plan = plans.get(item.vendorPart);
      if (!plan) continue;
      const open = await deps.store.openDemand(item.vendorPart);
      const demand = open.filter((d) => d.dueDate).map((d) => ({ partnerId: d.partner, purchaseOrderNumber: d.purchaseOrderNumber, lineNumber: d.lineNumber, item: item.vendorPart, quantity: d.quantity, dueDate: d.dueDate as string }));
      const rows = projectAvailableBalance({ onHand: plan.onHand, startWeek: day, supply: plan.weeks, demand, safetyStock: item.safetyStock, horizonWeeks: PAB_HORIZON_WEEKS });
      const p3 = classifyPlanShortfall(rows);
      if (p3.tier === 'P3') entries.push({ item, reasons: p3.reasons });
    }
    const groups = groupDigestByPlanner(entries);
    await deps.notify.send(
      groups.map((g) => ({
        body: planningNotify('planning-p3-digest', '_planning', `p3-digest/${day}/${g.planner.email.toLowerCase()}`, internalSubject('_planning', `p3-digest/${day}/${g.planner.email}`), { date: day, entries: g.entries.map((e) => ({ item: e.item.vendorPart, reasons: e.reasons })) }, now),
      })),
    );
    return { planners: groups.length, entries: entries.length };
  }

  async function ship(input: ShipInput): Promise<ShipResult> {
    const profile = await deps.partners.get(input.partner);
    if (!profile) throw new PlanningRequestError(`no partner ${input.partner}`);
    const head = await deps.orders.get(input.partner, input.purchaseOrderNumber);
    if (!head) throw new PlanningRequestError(`no order ${input.partner} PO ${input.purchaseOrderNumber}`);
    const planning = head.planning;
    if (!planning) throw new PlanningRequestError(`order ${input.purchaseOrderNumber} was not checked by the planning rules`);
    const order = head.order;
    if (order.status === 'cancelled') throw new PlanningRequestError(`PO ${input.purchaseOrderNumber} is cancelled`);
    if (input.lines.length === 0) throw new PlanningRequestError('name at least one line and quantity');
    if (!input.carrier.trim()) throw new PlanningRequestError('the carrier SCAC is required');
    const packs = input.packs ?? 1;
    if (!Number.isInteger(packs) || packs < 1 || packs > 999) throw new PlanningRequestError(`packs must be a whole number from 1 to 999, not ${input.packs}`);
    const now = nowIso();
    const shipDate = input.shipDate ?? dateOfInstant(now);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(shipDate)) throw new PlanningRequestError(`ship date ${shipDate} is not YYYY-MM-DD`);
    const request = { partner: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lines: input.lines, carrier: input.carrier, ...(input.tracking ? { tracking: input.tracking } : {}), ...(input.billOfLading ? { billOfLading: input.billOfLading } : {}), shipDate, packs };
    const shipmentId = input.shipmentId ?? shipmentIdOf(request);
    if (!/^[A-Za-z0-9._-]{2,30}$/.test(shipmentId)) throw new PlanningRequestError(`shipment id ${shipmentId} must be 2-30 letters, digits, '.', '_' or '-'`);
    const shipments = planning.shipments ?? [];
    const shipped: Record<string, number> = { ...(planning.shipped ?? {}) };
    const done = shipments.find((s) => s.id === shipmentId);
    if (done) {
      // The commit may have happened without its 856 reaching the queue: re-send the head's outbox (deliver dedups by key).
      if (head.lastEvent.cause.id === `shipment/${order.partner}/${order.purchaseOrderNumber}/${shipmentId}`) await sendOutbox(head.outbox);
      return { shipmentId, recorded: false, sequence: done.sequence, sscc: done.sscc, ...(done.shipNoticeKey ? { shipNoticeKey: done.shipNoticeKey } : {}), shipped, orderVersion: order.version };
    }

    const po = order.purchaseOrder;
    const seen = new Set<string>();
    for (const l of input.lines) {
      if (seen.has(l.lineNumber)) throw new PlanningRequestError(`line ${l.lineNumber} is named twice`);
      seen.add(l.lineNumber);
      if (!Number.isFinite(l.quantity) || l.quantity <= 0) throw new PlanningRequestError(`line ${l.lineNumber}: quantity must be positive`);
      const index = po.lines.findIndex((line, i) => lineNumberOf(line, i) === l.lineNumber);
      if (index < 0) throw new PlanningRequestError(`PO ${order.purchaseOrderNumber} has no line ${l.lineNumber}`);
      const state = planning.lineStates.find((s) => s.lineNumber === l.lineNumber);
      if (state && state.status !== 'accepted') throw new PlanningRequestError(`line ${l.lineNumber} is ${state.status}: decide it before shipping`);
      const limit = state?.quantity ?? orderedQuantityOf(po.lines[index]!);
      const total = (shipped[l.lineNumber] ?? 0) + l.quantity;
      if (limit !== undefined && total > limit) throw new PlanningRequestError(`line ${l.lineNumber}: ${total} would exceed the ${limit} ordered (${shipped[l.lineNumber] ?? 0} shipped already)`);
      shipped[l.lineNumber] = total;
    }
    const sequence = shipments.length + 1;
    const prefix = process.env[GS1_COMPANY_PREFIX_ENV] || DEFAULT_GS1_COMPANY_PREFIX;
    let sscc: string[];
    try {
      sscc = allocateSscc(order.partner, order.purchaseOrderNumber, sequence, packs, prefix);
    } catch (error) {
      throw new PlanningRequestError(`cannot allocate SSCC-18 labels (${GS1_COMPANY_PREFIX_ENV}=${prefix}): ${(error as Error).message}`);
    }
    const version = order.version + 1;
    const wants856 = profile.acks.shipNotice856;
    const noticeKey = wants856 ? `856/${order.partner}/${order.purchaseOrderNumber}/${shipmentId}` : undefined;
    const cause: Cause = { partner: order.partner, type: 'shipment', id: `shipment/${order.partner}/${order.purchaseOrderNumber}/${shipmentId}` };
    const record = {
      id: shipmentId,
      sequence,
      at: now,
      shipDate,
      lines: input.lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity })),
      carrier: input.carrier,
      ...(input.tracking ? { tracking: input.tracking } : {}),
      ...(input.billOfLading ? { billOfLading: input.billOfLading } : {}),
      sscc,
      by: input.by,
      ...(noticeKey ? { shipNoticeKey: noticeKey } : {}),
    };
    const event = sealEvent(
      {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: order.partner,
        purchaseOrderNumber: order.purchaseOrderNumber,
        type: 'order.shipped',
        at: now,
        cause,
        actor: `shipper:${input.by}`,
        version,
        summary: `shipment ${shipmentId}: ${record.lines.map((l) => `line ${l.lineNumber} × ${l.quantity}`).join(', ')} by ${input.carrier}${input.tracking ? ` (${input.tracking})` : ''}, ${packs} pack(s)`,
        details: { shipment: record, shipped },
        effects: noticeKey ? [noticeKey] : [],
      },
      { seq: order.lastEventSeq, hash: order.lastEventHash },
    );
    const nextOrder: Order = { ...order, version, updatedAt: now, appliedCauses: [...order.appliedCauses, cause.id], lastEventSeq: event.seq, lastEventHash: event.hash };
    const nextPlanning: OrderPlanning = { ...planning, shipped, shipments: [...shipments, record] };
    const outbound: OutboundMessage[] = [];
    if (noticeKey) {
      const document = buildShipNotice({
        order: po,
        shipmentId,
        shipDate,
        shipTime: now.slice(11, 16),
        lines: record.lines,
        carrier: input.carrier,
        ...(input.tracking ? { tracking: input.tracking } : {}),
        ...(input.billOfLading ? { billOfLading: input.billOfLading } : {}),
        sscc,
        transitDays: profile.transitDays,
        vendorParts: planning.items,
      });
      outbound.push({ schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION, partner: order.partner, kind: '856', idempotencyKey: noticeKey, subject: orderSubject(order.partner, order.purchaseOrderNumber), causeEventHash: event.hash, createdAt: now, payload: { kind: 'inline', document } });
    }
    const outbox: Outbox = { outbound, notify: [] };
    const next: OrderHead = { order: nextOrder, lastEvent: event, outbox, planning: nextPlanning };
    const committed = await deps.orders.commit(next, order.lastEventSeq, planningDemandOf(nextOrder, nextPlanning, profile.transitDays), [head.lastEvent]);
    if (committed === 'conflict') throw new PlanningConflictError(`PO ${order.purchaseOrderNumber} changed meanwhile; ship again`);
    await sendOutbox(outbox);
    return { shipmentId, recorded: true, sequence, sscc, ...(noticeKey ? { shipNoticeKey: noticeKey } : {}), shipped, orderVersion: version };
  }

  return { rules, afterCommit, processForecast, recomputeItems, decideLine, ship, confirmDate, notifyCustomer, sendDigest, items, withSnapshot };
}
