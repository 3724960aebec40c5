/**
 * The order-desk checks (README, "Planning intelligence") on every 850 line: decimal shift, deviation
 * from forecast, item never forecast, unknown item, pack multiple, MOQ, contract price, unit of
 * measure, date inside lead time, and a re-used PO number with different content.
 * Each rule is a small pure function; `detectOrderAnomalies` runs them with the partner's severities.
 */
import type { Item } from '#schemas/master-data/item.ts';
import { severityOf, type PartnerProfile, type RuleId } from '#schemas/master-data/partner-profile.ts';
import type { OrderChangeLine, ProductId, PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import type { Anomaly, Severity } from './anomaly.ts';
import type { LineAssessment } from '#schemas/records/planning-state.ts';
import { addDays, dateOfInstant } from './dates.ts';
import { forecastFor, hasForecast, type ForecastEntry, type ForecastMatch } from './forecast.ts';
import { resolveItem, type ItemIndex } from './item-index.ts';
import { lineNumberOf, orderedQuantityOf, requestedDateOf, shipToOf, type RequestedDate } from './order-lines.ts';

/** A finding before the partner's severity is applied. */
export type Finding = Anomaly extends infer A ? (A extends Anomaly ? Omit<A, 'severity'> : never) : never;

const round = (value: number, places = 3): number => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Decimal shift: the order is ~10^k times the forecast, k ≠ 0 — one zero too many (k = 1) or too few
 * (k = −1). Holds when |ratio / 10^k − 1| ≤ tolerance. Suggests the quantity with the shift undone.
 */
export function checkDecimalShift(ordered: number, forecast: number, tolerance: number): { ratio: number; k: number; suggestedQuantity: number } | undefined {
  if (!(ordered > 0) || !(forecast > 0)) return undefined;
  const ratio = ordered / forecast;
  const k = Math.round(Math.log10(ratio));
  if (k === 0) return undefined;
  if (Math.abs(ratio / 10 ** k - 1) > tolerance) return undefined;
  const suggestedQuantity = k > 0 ? Math.round(ordered / 10 ** k) : Math.round(ordered * 10 ** -k);
  return { ratio: round(ratio), k, suggestedQuantity };
}

/** The multiples of `packSize` either side of `quantity`, and the nearest (ties round up). */
export function packMultiples(quantity: number, packSize: number): { nearest: number; lower: number; upper: number } {
  const lower = Math.floor(quantity / packSize) * packSize;
  const upper = lower + packSize;
  const nearest = lower > 0 && quantity - lower < upper - quantity ? lower : upper;
  return { nearest, lower, upper };
}

export interface LineRuleContext {
  partner: PartnerProfile;
  item: Item;
  lineNumber: string;
  line: PurchaseOrderLine | OrderChangeLine;
  ordered?: number;
  shipTo?: string;
  requested?: RequestedDate;
  forecast?: ForecastMatch;
  /** Open orders of other POs of this partner and item due inside the forecast's period (consumed forecast). */
  otherOrders?: number;
  forecasts: readonly ForecastEntry[];
  /** Today (UTC date of `now`). */
  today: string;
  currency?: string;
}

function base(ctx: LineRuleContext): { lineNumber: string; item: string } {
  return { lineNumber: ctx.lineNumber, item: ctx.item.vendorPart };
}

function period(ctx: LineRuleContext): { periodStart: string; periodEnd: string; shipTo?: string } {
  const f = ctx.forecast as ForecastMatch;
  return { periodStart: f.periodStart, periodEnd: f.periodEnd, ...(ctx.shipTo !== undefined ? { shipTo: ctx.shipTo } : {}) };
}

/** Decimal shift against the forecast of the same ship-to, item and period. */
export function decimalShiftRule(ctx: LineRuleContext): Finding | undefined {
  if (ctx.ordered === undefined || !ctx.forecast) return undefined;
  const shift = checkDecimalShift(ctx.ordered, ctx.forecast.quantity, ctx.partner.tolerances.decimalShiftTolerance);
  if (!shift) return undefined;
  return {
    rule: 'decimal-shift',
    ...base(ctx),
    message: `Ordered ${ctx.ordered} is ${shift.ratio}× the forecast ${ctx.forecast.quantity}: looks like ${Math.abs(shift.k)} zero${Math.abs(shift.k) > 1 ? 's' : ''} too ${shift.k > 0 ? 'many' : 'few'}.`,
    evidence: { ordered: ctx.ordered, forecast: ctx.forecast.quantity, ratio: shift.ratio, k: shift.k, ...period(ctx) },
    suggestion: { quantity: shift.suggestedQuantity },
  };
}

/**
 * Deviation from forecast beyond the partner's band (not reported when a decimal shift explains
 * it), on consumed forecast: the line is compared with what the partner's other open orders due
 * in the same period left of it, `left = max(0, forecast − other orders)`, and the deviation is
 * `(ordered − left) / forecast` — the plain deviation when the line is the period's only order.
 */
export function forecastDeviationRule(ctx: LineRuleContext): Finding | undefined {
  if (ctx.ordered === undefined || !ctx.forecast || !(ctx.forecast.quantity > 0)) return undefined;
  if (decimalShiftRule(ctx)) return undefined;
  const other = ctx.otherOrders ?? 0;
  const left = Math.max(0, ctx.forecast.quantity - other);
  const deviation = ((ctx.ordered - left) / ctx.forecast.quantity) * 100;
  const tolerance = ctx.partner.tolerances.deviationPercent;
  if (Math.abs(deviation) <= tolerance) return undefined;
  const consumed = other > 0 ? `, ${round(left)} left after other orders of ${round(other)}` : '';
  return {
    rule: 'forecast-deviation',
    ...base(ctx),
    message: `Ordered ${ctx.ordered} is ${round(deviation, 1)}% off the forecast ${ctx.forecast.quantity}${consumed} (tolerance ±${tolerance}%).`,
    evidence: {
      ordered: ctx.ordered,
      forecast: ctx.forecast.quantity,
      ...(other > 0 ? { otherOrders: round(other), forecastLeft: round(left) } : {}),
      ratio: round(ctx.ordered / ctx.forecast.quantity),
      deviationPercent: round(deviation, 1),
      tolerancePercent: tolerance,
      ...period(ctx),
    },
  };
}

/** An open order line of the partner's other POs, as the consumed-forecast check reads it. */
export interface BookedLine {
  purchaseOrderNumber: string;
  /** Vendor part. */
  item: string;
  quantity: number;
  /** Ship date it is due. */
  dueDate: string;
}

/** An item this partner has never forecast (any ship-to, any period). */
export function neverForecastRule(ctx: LineRuleContext): Finding | undefined {
  if (hasForecast(ctx.forecasts, ctx.partner.id, ctx.item.vendorPart)) return undefined;
  return {
    rule: 'never-forecast',
    ...base(ctx),
    message: `${ctx.partner.id} has never forecast item ${ctx.item.vendorPart}.`,
    evidence: { partnerId: ctx.partner.id, item: ctx.item.vendorPart },
  };
}

/** Quantity not a multiple of the standard pack: suggest the nearest multiple. */
export function packMultipleRule(ctx: LineRuleContext): Finding | undefined {
  const pack = ctx.item.packSize;
  if (ctx.ordered === undefined || pack <= 1 || ctx.ordered % pack === 0) return undefined;
  const { nearest, lower, upper } = packMultiples(ctx.ordered, pack);
  return {
    rule: 'pack-multiple',
    ...base(ctx),
    message: `Ordered ${ctx.ordered} is not a multiple of the pack of ${pack}; nearest is ${nearest}.`,
    evidence: { ordered: ctx.ordered, packSize: pack },
    suggestion: { quantity: nearest, alternatives: lower > 0 ? [lower, upper] : [upper] },
  };
}

/** Below the minimum order quantity: suggest the MOQ rounded up to a full pack. */
export function belowMoqRule(ctx: LineRuleContext): Finding | undefined {
  const moq = ctx.item.moq;
  if (ctx.ordered === undefined || ctx.ordered <= 0 || ctx.ordered >= moq) return undefined;
  const quantity = Math.ceil(moq / ctx.item.packSize) * ctx.item.packSize;
  return {
    rule: 'below-moq',
    ...base(ctx),
    message: `Ordered ${ctx.ordered} is below the minimum order quantity ${moq}.`,
    evidence: { ordered: ctx.ordered, moq },
    suggestion: { quantity },
  };
}

/** Unit price off the partner's contract price beyond the price tolerance. */
export function priceMismatchRule(ctx: LineRuleContext): Finding | undefined {
  const contract = ctx.item.contractPrice[ctx.partner.id];
  const price = ctx.line.unitPrice;
  if (contract === undefined || price === undefined) return undefined;
  const tolerance = ctx.partner.tolerances.priceTolerancePercent;
  const deviation = contract === 0 ? (price === 0 ? 0 : 100) : ((price - contract) / contract) * 100;
  const currencyDiffers = ctx.currency !== undefined && ctx.currency !== ctx.item.currency;
  if (Math.abs(deviation) <= tolerance && !currencyDiffers) return undefined;
  return {
    rule: 'price-mismatch',
    ...base(ctx),
    message: currencyDiffers
      ? `Price is in ${ctx.currency}, the contract in ${ctx.item.currency}.`
      : `Unit price ${price} is ${round(deviation, 2)}% off the contract price ${contract} (tolerance ±${tolerance}%).`,
    evidence: { unitPrice: price, contractPrice: contract, deviationPercent: round(deviation, 2), tolerancePercent: tolerance, ...(ctx.currency !== undefined ? { currency: ctx.currency } : {}) },
    suggestion: { unitPrice: contract },
  };
}

/** Unit of measure other than the item master's. */
export function uomMismatchRule(ctx: LineRuleContext): Finding | undefined {
  const uom = ctx.line.unitOfMeasure?.trim().toUpperCase();
  if (!uom || uom === ctx.item.unitOfMeasure) return undefined;
  return {
    rule: 'uom-mismatch',
    ...base(ctx),
    message: `Unit of measure ${uom} differs from the item's ${ctx.item.unitOfMeasure}.`,
    evidence: { ordered: uom, expected: ctx.item.unitOfMeasure },
    suggestion: { unitOfMeasure: ctx.item.unitOfMeasure },
  };
}

/** Earliest ship date we can promise: today plus the item's lead time in calendar days. */
export function earliestShipDate(today: string, item: Item): string {
  return addDays(today, item.leadTimeDays);
}

/** Requested (ship) date earlier than today + lead time. */
export function insideLeadTimeRule(ctx: LineRuleContext): Finding | undefined {
  if (!ctx.requested) return undefined;
  const earliest = earliestShipDate(ctx.today, ctx.item);
  if (ctx.requested.shipDate >= earliest) return undefined;
  return {
    rule: 'inside-lead-time',
    ...base(ctx),
    message: `Requested ship date ${ctx.requested.shipDate} is inside the ${ctx.item.leadTimeDays}-day lead time; earliest is ${earliest}.`,
    evidence: { requestedShipDate: ctx.requested.shipDate, earliestShipDate: earliest, leadTimeDays: ctx.item.leadTimeDays, today: ctx.today },
    suggestion: { date: earliest },
  };
}

/** The line rules of an 850 line whose item is known, in report order. */
export const ORDER_LINE_RULES: readonly ((ctx: LineRuleContext) => Finding | undefined)[] = [
  decimalShiftRule,
  forecastDeviationRule,
  neverForecastRule,
  packMultipleRule,
  belowMoqRule,
  priceMismatchRule,
  uomMismatchRule,
  insideLeadTimeRule,
];

/** Attach the partner's severity; `off` drops the finding. */
export function withSeverity(partner: PartnerProfile, finding: Finding | undefined): Anomaly | undefined {
  if (!finding) return undefined;
  const severity = severityOf(partner, finding.rule as RuleId);
  if (severity === 'off') return undefined;
  return { ...finding, severity: severity as Severity } as Anomaly;
}

export type { LineAssessment } from '#schemas/records/planning-state.ts';

export interface OrderCheckInput {
  order: PurchaseOrder;
  partner: PartnerProfile;
  items: ItemIndex;
  /** Every forecast entry of this partner (for the period lookup and "never forecast"). */
  forecasts: readonly ForecastEntry[];
  /** Open lines of this partner's other orders (consumed forecast); absent: the line is compared with the whole forecast. */
  booked?: readonly BookedLine[];
  /** The order stored earlier under the same partner + PO number, if any. */
  previousOrder?: PurchaseOrder;
  /** ISO instant; "today" for lead-time checks is its UTC date. */
  now: string;
}

export interface OrderCheckResult {
  /** `identical`: a re-send of content already stored (the shell treats it as a duplicate delivery, not a new order). */
  duplicate: 'none' | 'identical' | 'different';
  lines: LineAssessment[];
}

/** Check one line whose item context is known or unknown; used by 850 and 860 checks. */
export function assessLine(
  args: { partner: PartnerProfile; items: ItemIndex; forecasts: readonly ForecastEntry[]; booked?: readonly BookedLine[]; purchaseOrderNumber?: string; today: string; header: PurchaseOrder | { dates: PurchaseOrder['dates']; parties: PurchaseOrder['parties']; currency?: string } },
  line: PurchaseOrderLine | OrderChangeLine,
  lineNumber: string,
  rules: readonly ((ctx: LineRuleContext) => Finding | undefined)[],
): LineAssessment {
  const { partner, items, forecasts, today, header } = args;
  const ordered = orderedQuantityOf(line);
  const requested = requestedDateOf(header, line, partner.transitDays);
  const assessment: LineAssessment = {
    lineNumber,
    productIds: line.productIds,
    ...(ordered !== undefined ? { ordered } : {}),
    ...(line.unitOfMeasure !== undefined ? { unitOfMeasure: line.unitOfMeasure } : {}),
    ...(requested ? { requestedShipDate: requested.shipDate } : {}),
    anomalies: [],
  };
  const resolution = resolveItem(items, partner.id, line.productIds);
  if (resolution.kind !== 'found') {
    const finding: Finding = {
      rule: 'unknown-item',
      lineNumber,
      message:
        resolution.kind === 'conflict'
          ? `The product ids name different items: ${[...new Set(resolution.candidates.map((c) => c.item))].join(', ')}.`
          : 'No item in the item master matches the product ids.',
      evidence: {
        productIds: line.productIds,
        reason: resolution.kind === 'conflict' ? 'conflicting-ids' : 'no-match',
        ...(resolution.kind === 'conflict' ? { candidates: [...new Set(resolution.candidates.map((c) => c.item))] } : {}),
      },
    };
    const anomaly = withSeverity(partner, finding);
    if (anomaly) assessment.anomalies.push(anomaly);
    return assessment;
  }
  const item = resolution.item;
  const shipTo = shipToOf(header.parties, line);
  const forecast = requested ? forecastFor(forecasts, { partnerId: partner.id, item: item.vendorPart, date: requested.shipDate, ...(shipTo !== undefined ? { shipTo } : {}) }) : undefined;
  assessment.item = item.vendorPart;
  if (forecast) assessment.forecast = forecast.quantity;
  const otherOrders = forecast
    ? (args.booked ?? []).filter((b) => b.item === item.vendorPart && b.purchaseOrderNumber !== args.purchaseOrderNumber && forecast.periodStart <= b.dueDate && b.dueDate <= forecast.periodEnd).reduce((sum, b) => sum + b.quantity, 0)
    : 0;
  const ctx: LineRuleContext = {
    partner,
    item,
    lineNumber,
    line,
    forecasts,
    today,
    ...(ordered !== undefined ? { ordered } : {}),
    ...(shipTo !== undefined ? { shipTo } : {}),
    ...(requested ? { requested } : {}),
    ...(forecast ? { forecast } : {}),
    ...(otherOrders > 0 ? { otherOrders } : {}),
    ...(header.currency !== undefined ? { currency: header.currency } : {}),
  };
  for (const rule of rules) {
    const anomaly = withSeverity(partner, rule(ctx));
    if (anomaly) assessment.anomalies.push(anomaly);
  }
  return assessment;
}

/**
 * Check every PO1 line of an 850. A PO number already stored with different
 * content adds a `duplicate-po` finding to every line: the whole order is in doubt.
 */
export function detectOrderAnomalies(input: OrderCheckInput): OrderCheckResult {
  const { order, partner, previousOrder } = input;
  const today = dateOfInstant(input.now);
  const differences = previousOrder ? compareOrders(previousOrder, order) : [];
  const duplicate: OrderCheckResult['duplicate'] = !previousOrder ? 'none' : differences.length === 0 ? 'identical' : 'different';
  const lines = order.lines.map((line, index) => {
    const lineNumber = lineNumberOf(line, index);
    const assessment = assessLine({ partner, items: input.items, forecasts: input.forecasts, ...(input.booked ? { booked: input.booked } : {}), purchaseOrderNumber: order.purchaseOrderNumber, today, header: order }, line, lineNumber, ORDER_LINE_RULES);
    if (duplicate === 'different' && previousOrder) {
      const anomaly = withSeverity(partner, {
        rule: 'duplicate-po',
        lineNumber,
        ...(assessment.item !== undefined ? { item: assessment.item } : {}),
        message: `PO ${order.purchaseOrderNumber} was received before (set ${previousOrder.controlNumber}) with different content.`,
        evidence: { purchaseOrderNumber: order.purchaseOrderNumber, previousControlNumber: previousOrder.controlNumber, differences },
      });
      if (anomaly) assessment.anomalies.push(anomaly);
    }
    return assessment;
  });
  return { duplicate, lines };
}

function describeIds(ids: readonly ProductId[]): string {
  return ids.map((id) => `${id.qualifier}:${id.value}`).join(' ');
}

function lineSignature(line: PurchaseOrderLine): Record<string, string> {
  return {
    quantity: String(line.quantity ?? ''),
    'unit of measure': line.unitOfMeasure ?? '',
    'unit price': String(line.unitPrice ?? ''),
    items: describeIds(line.productIds),
    dates: line.dates.map((d) => `${d.qualifier}:${d.date}`).join(' '),
    schedules: line.schedules.map((s) => `${s.quantity}@${s.date ?? ''}`).join(' '),
  };
}

/** Content differences between two 850s with the same PO number (control numbers ignored). */
export function compareOrders(previous: PurchaseOrder, current: PurchaseOrder): string[] {
  const differences: string[] = [];
  const header = (name: string, a: string | undefined, b: string | undefined): void => {
    if ((a ?? '') !== (b ?? '')) differences.push(`${name} ${a ?? '(none)'} → ${b ?? '(none)'}`);
  };
  header('purpose', previous.purpose, current.purpose);
  header('order type', previous.orderType, current.orderType);
  header('order date', previous.orderDate, current.orderDate);
  header('release', previous.releaseNumber, current.releaseNumber);
  header('currency', previous.currency, current.currency);
  header('dates', previous.dates.map((d) => `${d.qualifier}:${d.date}`).join(' '), current.dates.map((d) => `${d.qualifier}:${d.date}`).join(' '));
  const before = new Map(previous.lines.map((line, i) => [lineNumberOf(line, i), line]));
  const after = new Map(current.lines.map((line, i) => [lineNumberOf(line, i), line]));
  for (const [number, line] of after) {
    const old = before.get(number);
    if (!old) {
      differences.push(`line ${number} added`);
      continue;
    }
    const a = lineSignature(old);
    const b = lineSignature(line);
    for (const key of Object.keys(b)) if (a[key] !== b[key]) differences.push(`line ${number} ${key} ${a[key] || '(none)'} → ${b[key] || '(none)'}`);
  }
  for (const number of before.keys()) if (!after.has(number)) differences.push(`line ${number} removed`);
  return differences;
}
