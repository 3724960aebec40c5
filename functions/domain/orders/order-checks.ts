/**
 * The planning checks of an inbound 850 or 860, as one pure call: the anomaly rules against the
 * partner's forecast and the item master, the line states they leave (held / accepted /
 * rejected), the expedite tier of each line, and the acknowledgment to send when no line is held.
 * Without an item master (a fresh deployment) the checks are off and the order is accepted as
 * ordered, so the pipeline keeps acknowledging.
 */
import type { ChangeAcknowledgment, OrderAcknowledgment, OrderChange, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Anomaly, LineAssessment, LineState } from '#schemas/records/planning-state.ts';
import { RECORD_SCHEMA_VERSION, type LineOutcome, type Order, type OrderEvent, type OrderPlanning } from '#schemas/records/records.ts';
import {
  assessLineStates,
  buildAcknowledgment,
  buildItemIndex,
  classifyOrderLine,
  detectChangeAnomalies,
  detectOrderAnomalies,
  lineNumberOf,
  earliestFullWeek,
  type AtpWeek,
  type BookedLine,
  type ForecastEntry,
  type ItemIndex,
  type LineProgress,
} from '../planning/index.ts';
import { acknowledgeChange, acknowledgeOrder } from './acknowledge-order.ts';
import type { ReviewDetails } from './create-order.ts';

/** What the checks read: the item master and the partner's latest resolved forecast. */
export interface PlanningContext {
  items: readonly Item[];
  index: ItemIndex;
  forecasts: readonly ForecastEntry[];
  /** Open lines of the partner's orders, for the consumed-forecast check (README, "Planning intelligence"). */
  booked?: readonly BookedLine[];
  /** Per vendor part: on hand and the weeks' booked orders and supply, for the earliest full-ship date from ATP. */
  availability?: Readonly<Record<string, { onHand: number; weeks: readonly (AtpWeek & { weekStart: string })[] }>>;
}

/** Flagged lines get the earliest date they can ship in full from ATP (not before today). */
function withFullShipDates(lines: LineAssessment[], context: PlanningContext, today: string): LineAssessment[] {
  if (!context.availability) return lines;
  return lines.map((line) => {
    const supply = line.item ? context.availability?.[line.item] : undefined;
    if (!supply || line.anomalies.length === 0 || line.ordered === undefined) return line;
    const week = earliestFullWeek(supply.onHand, supply.weeks, line.ordered);
    return { ...line, fullShipFrom: week === undefined ? null : week < today ? today : week };
  });
}

/** The planning context, or undefined (checks off) while no item master is loaded. */
export function planningContextOf(items: readonly Item[], forecasts: readonly ForecastEntry[], booked?: readonly BookedLine[]): PlanningContext | undefined {
  return items.length ? { items, index: buildItemIndex(items), forecasts, ...(booked ? { booked } : {}) } : undefined;
}

export interface Review<A> {
  /** Every finding, with its line number. */
  findings: Anomaly[];
  /** True: a line waits for a planner; no acknowledgment yet. */
  hold: boolean;
  /** The acknowledgment to send (absent while held, or when not wanted). */
  acknowledgment?: A;
  /** The line assessments behind the findings (the planner's email). */
  assessments: LineAssessment[];
  /** Line states, items and tiers to store with the order (absent when the checks are off). */
  planning?: OrderPlanning;
}

/** Findings of the assessments, each with its line number. */
export function findingsOf(assessments: readonly LineAssessment[]): Anomaly[] {
  return assessments.flatMap((a) => a.anomalies.map((x) => ({ ...x, lineNumber: a.lineNumber })));
}

/** The findings an order event recorded (850, 860, re-send), none for other events. */
export function findingsOfEvent(event: OrderEvent): Anomaly[] {
  return 'findings' in event.details ? (event.details.findings ?? []) : [];
}

/** What an event records of a review: the findings, whether it holds, and the line states. */
export function reviewDetailsOf(review: Review<unknown>): ReviewDetails {
  return {
    findings: review.findings,
    held: review.hold,
    ...(review.planning ? { lineStates: review.planning.lineStates.map((l) => ({ line: l.lineNumber, status: l.status, reasons: l.reasons })) } : {}),
  };
}

function tiersOf(po: PurchaseOrder, partner: PartnerProfile, assessments: readonly LineAssessment[]): OrderPlanning['tiers'] {
  const tiers: OrderPlanning['tiers'] = {};
  po.lines.forEach((line, i) => {
    const lineNumber = lineNumberOf(line, i);
    const inside = assessments.find((a) => a.lineNumber === lineNumber)?.anomalies.find((a) => a.rule === 'inside-lead-time');
    const classification = classifyOrderLine({
      order: po,
      line,
      partner,
      ...(inside?.rule === 'inside-lead-time' ? { insideLeadTime: { requestedShipDate: inside.evidence.requestedShipDate, earliestShipDate: inside.evidence.earliestShipDate } } : {}),
    });
    if (classification.tier) tiers[lineNumber] = { tier: classification.tier, reasons: classification.reasons };
  });
  return tiers;
}

/**
 * The checks of an 850. With `previousOrder` (another 850 under a PO number we have) only the
 * re-send's `duplicate-po` findings count: its content is not applied.
 */
export function checkOrder(input: { order: PurchaseOrder; partner: PartnerProfile; context: PlanningContext | undefined; now: string; receivedAt: string; previousOrder?: PurchaseOrder }): Review<OrderAcknowledgment> {
  const { order: po, partner, context, now } = input;
  if (!context) {
    return { findings: [], hold: false, assessments: [], acknowledgment: acknowledgeOrder({ purchaseOrder: po }, input.receivedAt.slice(0, 10)) };
  }
  const checked = detectOrderAnomalies({ order: po, partner, items: context.index, forecasts: context.forecasts, ...(context.booked ? { booked: context.booked } : {}), now, ...(input.previousOrder ? { previousOrder: input.previousOrder } : {}) });
  const lines = withFullShipDates(input.previousOrder ? checked.lines.map((l) => ({ ...l, anomalies: l.anomalies.filter((a) => a.rule === 'duplicate-po') })) : checked.lines, context, now.slice(0, 10));
  const lineStates = assessLineStates(lines, now);
  const outcome = buildAcknowledgment({ order: po, lineStates, decisions: [], now, controlNumber: '0001', partner });
  const acknowledgment = outcome.status === 'ready' ? outcome.acknowledgment : undefined;
  return {
    findings: findingsOf(lines),
    hold: outcome.status === 'waiting',
    ...(acknowledgment ? { acknowledgment } : {}),
    assessments: lines,
    planning: {
      schemaVersion: RECORD_SCHEMA_VERSION,
      lineStates,
      decisions: [],
      items: Object.fromEntries(lines.filter((l) => l.item).map((l) => [l.lineNumber, l.item as string])),
      tiers: tiersOf(po, partner, lines),
      acknowledgmentsSent: acknowledgment ? 1 : 0,
    },
  };
}

/** Shipped quantity per line as the 860 checks read it (built is not recorded yet: shipped counts as built). */
export function progressOf(planning: OrderPlanning | undefined): Record<string, LineProgress> | undefined {
  const shipped = planning?.shipped;
  if (!shipped || Object.keys(shipped).length === 0) return undefined;
  return Object.fromEntries(Object.entries(shipped).map(([line, quantity]) => [line, { shipped: quantity, built: quantity }]));
}

function acceptedLine(lineNumber: string): LineState {
  return { schemaVersion: 1, lineNumber, status: 'accepted', reasons: [], decidedBy: 'rules', escalationsSent: 0, backOrdered: false };
}

/**
 * The checks of an 860: the changed lines go through the line rules (plus pull-in and cut below
 * shipped); lines it does not touch keep their state. The 865 reports each POC line as applied or not.
 */
export function checkChange(input: {
  before: Order;
  after: Pick<Order, 'partner' | 'purchaseOrderNumber' | 'purchaseOrder'>;
  change: OrderChange;
  outcomes: readonly LineOutcome[];
  partner: PartnerProfile;
  context: PlanningContext | undefined;
  planning: OrderPlanning | undefined;
  now: string;
  receivedAt: string;
}): Review<ChangeAcknowledgment> {
  const { before, after, change, partner, context, now } = input;
  const acknowledgment = acknowledgeChange(after, change, input.outcomes, input.receivedAt.slice(0, 10));
  if (!context) return { findings: [], hold: false, assessments: [], acknowledgment };
  const previous = input.planning;
  const progress = progressOf(previous);
  const assessments = detectChangeAnomalies({ change, currentOrder: before.purchaseOrder, partner, items: context.index, forecasts: context.forecasts, now, ...(progress ? { progress } : {}) });
  const changed = assessLineStates(assessments, now);
  const lineStates = after.purchaseOrder.lines.map((l, i) => {
    const number = lineNumberOf(l, i);
    return changed.find((s) => s.lineNumber === number) ?? previous?.lineStates.find((s) => s.lineNumber === number) ?? acceptedLine(number);
  });
  const hold = changed.some((s) => s.status === 'held');
  return {
    findings: findingsOf(assessments),
    hold,
    ...(hold ? {} : { acknowledgment }),
    assessments,
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
}

/** The items of the item master that the assessments name (for the planner's email). */
export function itemsOfAssessments(assessments: readonly LineAssessment[], items: readonly Item[]): Item[] {
  const parts = new Set(assessments.map((a) => a.item).filter((p): p is string => p !== undefined));
  return items.filter((i) => parts.has(i.vendorPart));
}
