/**
 * Expedite tiers (README, "Planning intelligence"):
 * - P1 line-down: a rush order type (BEG02 `RO`, or what the profile lists), a line-down code the
 *   profile names in REF/NTE, or a planner's flag → the 24/7 expedite contacts at once; a date
 *   confirmation is due within the interval (default 4 h); each unanswered interval escalates one
 *   step along the item's chain owner → manager → director → VP; a confirmation stops it. On a
 *   bought-in part (`source: buy`) its supplier is asked at once to confirm within the same
 *   interval, and unanswered it escalates purchasing manager → director → VP on the same timers.
 * - P2 order at risk: inside lead time, or a PAB shortage → the allocation team, same business day.
 * - P3 plan shortfall: forecast or safety stock not covered, no order affected → planner's digest.
 */
import type { PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import { ESCALATION_STEPS, type P1Step } from '#schemas/master-data/common.ts';
import { onHandByLocation, type LocationStock, type SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import { PLANNING_STATE_SCHEMA_VERSION, type EscalationState, type ExpediteCase, type ExpediteReason, type ExpediteTier, type PlannedStep } from '#schemas/records/planning-state.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { sameBusinessDayDeadline, type BusinessCalendar } from './business-calendar.ts';
import { addHours, instantMs, weekStartOf } from './dates.ts';
import type { PabRow } from './pab.ts';
import { sha256Hex } from '../orders/sha256.ts';
import { lineKey } from './delay-risks.ts';

export { EscalationStateZ, ExpediteCaseZ, ExpediteReasonZ, PlannedStepZ } from '#schemas/records/planning-state.ts';
export type { EscalationState, ExpediteCase, ExpediteReason, ExpediteTier, PlannedStep } from '#schemas/records/planning-state.ts';

export interface ExpediteClassification {
  tier: ExpediteTier | undefined;
  reasons: ExpediteReason[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line-down signals of an order line: rush order type, profile codes in REF (qualifier or value) or as words in NTE. */
export function lineDownSignals(order: PurchaseOrder, line: PurchaseOrderLine | undefined, partner: Pick<PartnerProfile, 'lineDownCodes' | 'rushOrderTypes'>): ExpediteReason[] {
  const reasons: ExpediteReason[] = [];
  const orderType = order.orderType.trim().toUpperCase();
  if (partner.rushOrderTypes.some((t) => t.trim().toUpperCase() === orderType)) reasons.push({ code: 'rush-order-type', orderType });
  const codes = partner.lineDownCodes.map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const scan = (references: PurchaseOrder['references'], notes: string[], level: 'header' | 'line'): void => {
    for (const ref of references) {
      const hit = codes.find((c) => c === ref.qualifier.trim().toUpperCase() || c === ref.value.trim().toUpperCase());
      if (hit) reasons.push({ code: 'line-down-code', value: hit, segment: 'REF', level });
    }
    for (const note of notes) {
      const hit = codes.find((c) => new RegExp(`(^|[^A-Z0-9])${escapeRegExp(c)}([^A-Z0-9]|$)`, 'i').test(note));
      if (hit) reasons.push({ code: 'line-down-code', value: hit, segment: 'NTE', level });
    }
  };
  scan(order.references, order.notes, 'header');
  if (line) scan(line.references, line.notes, 'line');
  return reasons;
}

export interface ClassifyLineInput {
  order: PurchaseOrder;
  line?: PurchaseOrderLine;
  partner: Pick<PartnerProfile, 'lineDownCodes' | 'rushOrderTypes'>;
  /** A planner flagged the line as line-down. */
  plannerFlag?: { by: string };
  /** From the `inside-lead-time` finding, if any. */
  insideLeadTime?: { requestedShipDate: string; earliestShipDate: string };
  /** From the PAB table: the shortage week of this line, if any. */
  shortage?: { weekStart: string; pab: number };
}

/** Classify an order line: P1 on any line-down signal, else P2 when at risk, else none. */
export function classifyOrderLine(input: ClassifyLineInput): ExpediteClassification {
  const p1 = lineDownSignals(input.order, input.line, input.partner);
  if (input.plannerFlag) p1.push({ code: 'planner-flag', by: input.plannerFlag.by });
  if (p1.length > 0) return { tier: 'P1', reasons: p1 };
  const p2: ExpediteReason[] = [];
  if (input.insideLeadTime) p2.push({ code: 'inside-lead-time', ...input.insideLeadTime });
  if (input.shortage) p2.push({ code: 'pab-shortage', ...input.shortage });
  return { tier: p2.length > 0 ? 'P2' : undefined, reasons: p2 };
}

/**
 * Classify an item's PAB table for P3: PAB below zero from forecast alone, or below safety stock,
 * while no order line is short (a short order line is P2 instead). Reports every week a shortfall
 * starts or deepens, with the quantity: forecast not covered (−PAB) and, while PAB stays at or
 * above zero, how far below safety stock it is.
 */
export function classifyPlanShortfall(rows: readonly PabRow[], options: { ordersShort?: boolean } = {}): ExpediteClassification {
  // `ordersShort`: whether the orders alone run short (the P2 projection). When given, the rows
  // may count forecast the orders do not (the digest's view), so a row's own shortage flag does
  // not mean an order is short.
  if (options.ordersShort ?? rows.some((row) => row.shortage)) return { tier: undefined, reasons: [] };
  const reasons: ExpediteReason[] = [];
  let forecastShort = 0;
  let safetyShort = 0;
  for (const row of rows) {
    if (row.pab < 0 && -row.pab > forecastShort) {
      forecastShort = -row.pab;
      reasons.push({ code: 'forecast-not-covered', weekStart: row.weekStart, pab: row.pab, quantity: forecastShort });
    } else if (row.pab >= 0 && row.belowSafetyStock && row.safetyStock - row.pab > safetyShort) {
      safetyShort = row.safetyStock - row.pab;
      reasons.push({ code: 'safety-stock-not-covered', weekStart: row.weekStart, pab: row.pab, safetyStock: row.safetyStock, quantity: safetyShort });
    }
  }
  return { tier: reasons.length > 0 ? 'P3' : undefined, reasons };
}

/** When a P2 must be acted on: close of business the same business day (see business-calendar.ts). */
export function allocationDueAt(raisedAt: string, calendar?: BusinessCalendar): string {
  return sameBusinessDayDeadline(raisedAt, calendar);
}

/** Default hours between P1 escalation steps (the order desk's practice: "confirms a date within 4 hours"). */
export const DEFAULT_EXPEDITE_INTERVAL_HOURS = 4;

/** The steps sent at once when a P1 opens (the owner with the alert, a bought-in part's supplier with its request). */
export const IMMEDIATE_P1_STEPS: readonly P1Step[] = ['owner', 'supplier'];

/**
 * The P1 escalation plan: the item's owner at once (with the 24/7 team), then manager, director and
 * VP each one interval later while no date is confirmed. A bought-in part with a supplier contact
 * adds the purchasing chain: the supplier at once, then purchasing manager, director and VP at the
 * same intervals (each present in the item master). One person per step, from the item master.
 */
export function escalationPlan(p1: ExpediteCase, item: Pick<Item, 'escalation'> & Partial<Pick<Item, 'source' | 'supplier' | 'purchasing'>>, profile: Partial<Pick<PartnerProfile, 'expediteIntervalHours'>>, createdAt: string): EscalationState {
  const interval = profile.expediteIntervalHours ?? DEFAULT_EXPEDITE_INTERVAL_HOURS;
  const steps: PlannedStep[] = ESCALATION_STEPS.map((step, index) => ({ step, dueAt: addHours(createdAt, index * interval), contact: { ...item.escalation[step] } }));
  if (item.source === 'buy' && item.supplier) {
    steps.push({ step: 'supplier', dueAt: createdAt, contact: { ...item.supplier } });
    const purchasing = item.purchasing;
    if (purchasing) {
      (['manager', 'director', 'vp'] as const).forEach((role, index) => steps.push({ step: `purchasing-${role}`, dueAt: addHours(createdAt, (index + 1) * interval), contact: { ...purchasing[role] } }));
    }
  }
  return { schemaVersion: PLANNING_STATE_SCHEMA_VERSION, case: p1, createdAt, confirmDueAt: addHours(createdAt, interval), steps, sent: [] };
}

export type NextEscalation =
  | { kind: 'due'; step: PlannedStep }
  | { kind: 'wait'; nextAt: string; step: PlannedStep }
  | { kind: 'stopped'; reason: 'confirmed' | 'exhausted' };

/** What the P1 timer should do at `now`: send the next unsent step if due, wait for it, or stop. */
export function nextEscalation(state: EscalationState, now: string): NextEscalation {
  if (state.confirmation) return { kind: 'stopped', reason: 'confirmed' };
  const sent = new Set(state.sent.map((s) => s.step));
  // The earliest-due unsent step: a bought-in part's purchasing steps fall due beside the internal ones.
  const next = state.steps.filter((s) => !sent.has(s.step)).reduce<PlannedStep | undefined>((first, s) => (!first || instantMs(s.dueAt) < instantMs(first.dueAt) ? s : first), undefined);
  if (!next) return { kind: 'stopped', reason: 'exhausted' };
  return instantMs(next.dueAt) <= instantMs(now) ? { kind: 'due', step: next } : { kind: 'wait', nextAt: next.dueAt, step: next };
}

/** Record that a step's message went out (idempotent per step). */
export function markEscalationSent(state: EscalationState, step: P1Step, at: string): EscalationState {
  if (state.sent.some((s) => s.step === step)) return state;
  return { ...state, sent: [...state.sent, { step, at }] };
}

/** The supplier confirmed a date: the escalation stops. The first confirmation stands. */
export function confirmExpedite(state: EscalationState, confirmation: { date: string; by: string; at: string }): EscalationState {
  return state.confirmation ? state : { ...state, confirmation };
}

/** What the P1 alert says about stock: on hand per location, open supply with its weeks, what can ship now. */
export interface P1SupplyPicture {
  locations: LocationStock[];
  /** Planned supply (MPS plus receipts) from the current week on, by week. */
  open: { weekStart: string; mps: number; receipts: number }[];
  /** Of the line's quantity, what on hand covers today (on hand is not reserved: other orders draw on it too). */
  canShipNow: number;
}

/**
 * The stock facts of a P1 line from the item's supply plan (README, "Planning intelligence"): on
 * hand per location (all at the plant when the plan names none), open supply from the week of
 * `today` on, and min(line quantity, on hand) as what can ship now.
 */
export function p1SupplyPicture(plan: Pick<SupplyPlan, 'onHand' | 'locations' | 'weeks'>, quantity: number | undefined, today: string): P1SupplyPicture {
  const weekOfToday = weekStartOf(today);
  const onHand = Math.max(0, plan.onHand);
  return {
    locations: onHandByLocation(plan),
    open: plan.weeks.filter((w) => w.weekStart >= weekOfToday && w.mps + w.receipts > 0).map((w) => ({ weekStart: w.weekStart, mps: w.mps, receipts: w.receipts })),
    canShipNow: quantity === undefined ? onHand : Math.min(quantity, onHand),
  };
}


/**
 * The key of a P1 email about `cases` of one order (README, "Guarantees": one email per order and
 * recipient): one line keeps its line's key (`p1-alert/ACME/PO-1/2`, `p1-escalation/…/2/manager`);
 * several are named by the set of their lines — the facts, never the time of an attempt — so a
 * retry, a replay or the timer of another line of the group names the same email.
 */
export function p1EmailKey(kind: 'p1-alert' | 'p1-escalation' | 'p1-stand-down', cases: readonly Pick<ExpediteCase, 'partnerId' | 'purchaseOrderNumber' | 'lineNumber'>[], step?: string): string {
  const [first, ...more] = cases;
  if (!first) throw new Error(`a ${kind} email needs a line`);
  const suffix = step ? `/${step}` : '';
  if (more.length === 0) return `${kind}/${lineKey(first)}${suffix}`;
  const lines = [...new Set(cases.map((c) => c.lineNumber))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const order = [first.partnerId, first.purchaseOrderNumber].map(encodeURIComponent).join('/');
  return `${kind}/${order}/lines-${sha256Hex(lines.join('|')).slice(0, 16)}${suffix}`;
}
