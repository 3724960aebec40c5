/**
 * Checks on an 860 order change: a changed quantity, price or unit goes through
 * the same line rules as an 850 line; a date moved earlier inside the lead time is a pull-in;
 * a quantity cut below what is already shipped or built is refused work.
 */
import type { OrderChange, OrderChangeLine, PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import {
  assessLine,
  belowMoqRule,
  decimalShiftRule,
  earliestShipDate,
  forecastDeviationRule,
  insideLeadTimeRule,
  neverForecastRule,
  ORDER_LINE_RULES,
  packMultipleRule,
  priceMismatchRule,
  uomMismatchRule,
  withSeverity,
  type Finding,
  type LineAssessment,
  type LineRuleContext,
} from './anomaly-rules.ts';
import { dateOfInstant } from './dates.ts';
import type { ForecastEntry } from './forecast.ts';
import type { ItemIndex } from './item-index.ts';
import { findLine, lineNumberOf, orderedQuantityOf, requestedDateOf } from './order-lines.ts';

/** Quantity already shipped and built (produced, shipped included) for an order line. */
export interface LineProgress {
  shipped: number;
  built: number;
}

export interface ChangeCheckInput {
  change: OrderChange;
  /** The order as it stands before this change (850 with earlier changes applied). */
  currentOrder: PurchaseOrder;
  partner: PartnerProfile;
  items: ItemIndex;
  forecasts: readonly ForecastEntry[];
  /** Progress per line number. */
  progress?: Readonly<Record<string, LineProgress>>;
  now: string;
}

const CANCEL_LINE = new Set(['DI']);
const ADD_LINE = new Set(['AI']);

/** The line as it would stand after the change: values the POC carries replace the current ones. */
export function mergeChangeLine(current: PurchaseOrderLine, change: OrderChangeLine): PurchaseOrderLine {
  return {
    ...current,
    ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
    ...(change.unitOfMeasure !== undefined ? { unitOfMeasure: change.unitOfMeasure } : {}),
    ...(change.unitPrice !== undefined ? { unitPrice: change.unitPrice } : {}),
    ...(change.description !== undefined ? { description: change.description } : {}),
    productIds: change.productIds.length > 0 ? change.productIds : current.productIds,
    dates: change.dates.length > 0 ? change.dates : current.dates,
    schedules: change.schedules.length > 0 ? change.schedules : current.schedules,
  };
}

function cutFinding(lineNumber: string, item: string | undefined, newQuantity: number, progress: LineProgress | undefined): Finding | undefined {
  if (!progress) return undefined;
  const floor = Math.max(progress.shipped, progress.built);
  if (newQuantity >= floor) return undefined;
  return {
    rule: 'cut-below-shipped',
    lineNumber,
    ...(item !== undefined ? { item } : {}),
    message: `New quantity ${newQuantity} is below what is already shipped (${progress.shipped}) or built (${progress.built}).`,
    evidence: { newQuantity, shipped: progress.shipped, built: progress.built },
    suggestion: { quantity: floor },
  };
}

/**
 * Check every POC line of an 860 against the current order. A BCH01 `01` cancellation cuts every
 * line to zero. Lines the change adds (AI, or a line number we do not have) get the full 850 checks.
 */
export function detectChangeAnomalies(input: ChangeCheckInput): LineAssessment[] {
  const { change, currentOrder, partner, progress } = input;
  const today = dateOfInstant(input.now);
  const header = { dates: currentOrder.dates, parties: currentOrder.parties, ...(currentOrder.currency !== undefined ? { currency: currentOrder.currency } : {}) };
  const args = { partner, items: input.items, forecasts: input.forecasts, today, header };
  const results: LineAssessment[] = [];

  if (change.purpose.trim() === '01') {
    currentOrder.lines.forEach((line, index) => {
      const lineNumber = lineNumberOf(line, index);
      const assessment = assessLine(args, line, lineNumber, []);
      const anomaly = withSeverity(partner, cutFinding(lineNumber, assessment.item, 0, progress?.[lineNumber]));
      results.push({ ...assessment, ordered: 0, anomalies: anomaly ? [anomaly] : [] });
    });
    return results;
  }

  change.lines.forEach((changeLine, index) => {
    const lineNumber = lineNumberOf(changeLine, index);
    const changeType = changeLine.changeType.trim().toUpperCase();
    const found = findLine(currentOrder, lineNumber);
    if (ADD_LINE.has(changeType) || !found) {
      results.push(assessLine(args, changeLine, lineNumber, ORDER_LINE_RULES));
      return;
    }
    const current = found.line;
    if (CANCEL_LINE.has(changeType)) {
      const assessment = assessLine(args, current, lineNumber, []);
      const anomaly = withSeverity(partner, cutFinding(lineNumber, assessment.item, 0, progress?.[lineNumber]));
      results.push({ ...assessment, ordered: 0, anomalies: anomaly ? [anomaly] : [] });
      return;
    }
    const merged = mergeChangeLine(current, changeLine);
    const oldQuantity = orderedQuantityOf(current);
    const newQuantity = orderedQuantityOf(merged);
    const quantityChanged = newQuantity !== oldQuantity;
    const priceChanged = merged.unitPrice !== current.unitPrice;
    const uomChanged = merged.unitOfMeasure !== current.unitOfMeasure;
    const itemChanged = changeLine.productIds.length > 0 && JSON.stringify(changeLine.productIds) !== JSON.stringify(current.productIds);
    const oldDate = requestedDateOf(currentOrder, current, partner.transitDays);
    const rules: ((ctx: LineRuleContext) => Finding | undefined)[] = [];
    if (quantityChanged || itemChanged) rules.push(decimalShiftRule, forecastDeviationRule, packMultipleRule, belowMoqRule);
    if (itemChanged) rules.push(neverForecastRule, priceMismatchRule, uomMismatchRule, insideLeadTimeRule);
    else {
      if (priceChanged) rules.push(priceMismatchRule);
      if (uomChanged) rules.push(uomMismatchRule);
      rules.push((ctx) => pullInRule(ctx, oldDate?.shipDate));
    }
    const assessment = assessLine(args, merged, lineNumber, rules);
    if (newQuantity !== undefined) {
      const anomaly = withSeverity(partner, cutFinding(lineNumber, assessment.item, newQuantity, progress?.[lineNumber]));
      if (anomaly) assessment.anomalies.push(anomaly);
    }
    results.push(assessment);
  });
  return results;
}

/** Pull-in: the change moves the ship date earlier, to a date inside the lead time. */
export function pullInRule(ctx: LineRuleContext, previousShipDate: string | undefined): Finding | undefined {
  if (!ctx.requested || !previousShipDate || ctx.requested.shipDate >= previousShipDate) return undefined;
  const earliest = earliestShipDate(ctx.today, ctx.item);
  if (ctx.requested.shipDate >= earliest) return undefined;
  return {
    rule: 'pull-in-inside-lead-time',
    lineNumber: ctx.lineNumber,
    item: ctx.item.vendorPart,
    message: `Ship date pulled in from ${previousShipDate} to ${ctx.requested.shipDate}, inside the ${ctx.item.leadTimeDays}-day lead time; earliest is ${earliest}.`,
    evidence: { previousShipDate, newShipDate: ctx.requested.shipDate, earliestShipDate: earliest, leadTimeDays: ctx.item.leadTimeDays, today: ctx.today },
    suggestion: { date: earliest },
  };
}
