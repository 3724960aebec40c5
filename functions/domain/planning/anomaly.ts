/**
 * What the anomaly rules find: one value per finding, with the evidence a planner needs to
 * judge it, a suggestion where one exists, and the severity this partner's profile gives it.
 */
import type { RuleId, RuleSeverity } from '#schemas/master-data/partner-profile.ts';
import type { ProductId } from '#schemas/documents/x12-documents.ts';

/** Severity of a finding that runs (`off` rules produce no finding). */
export type Severity = Exclude<RuleSeverity, 'off'>;

interface AnomalyBase<R extends RuleId> {
  rule: R;
  severity: Severity;
  /** Line number as sent (PO101/POC01), or the position; absent for 830 findings. */
  lineNumber?: string;
  /** Vendor part, when the line resolved to an item. */
  item?: string;
  /** One plain-English sentence; EDI values in it must still be escaped by whoever renders it. */
  message: string;
}

export interface ForecastPeriod {
  periodStart: string;
  periodEnd: string;
  shipTo?: string;
}

export type DecimalShiftAnomaly = AnomalyBase<'decimal-shift'> & {
  evidence: { ordered: number; forecast: number; ratio: number; k: number } & ForecastPeriod;
  suggestion: { quantity: number };
};
export type ForecastDeviationAnomaly = AnomalyBase<'forecast-deviation'> & {
  evidence: { ordered: number; forecast: number; ratio: number; deviationPercent: number; tolerancePercent: number } & ForecastPeriod;
};
export type NeverForecastAnomaly = AnomalyBase<'never-forecast'> & { evidence: { partnerId: string; item: string } };
export type UnknownItemAnomaly = AnomalyBase<'unknown-item'> & {
  evidence: { productIds: ProductId[]; reason: 'no-match' | 'conflicting-ids'; candidates?: string[] };
};
export type PackMultipleAnomaly = AnomalyBase<'pack-multiple'> & {
  evidence: { ordered: number; packSize: number };
  /** `quantity` is the nearest multiple (ties round up); `alternatives` the multiples either side. */
  suggestion: { quantity: number; alternatives: number[] };
};
export type BelowMoqAnomaly = AnomalyBase<'below-moq'> & { evidence: { ordered: number; moq: number }; suggestion: { quantity: number } };
export type PriceMismatchAnomaly = AnomalyBase<'price-mismatch'> & {
  evidence: { unitPrice: number; contractPrice: number; deviationPercent: number; tolerancePercent: number; currency?: string };
  suggestion: { unitPrice: number };
};
export type UomMismatchAnomaly = AnomalyBase<'uom-mismatch'> & { evidence: { ordered: string; expected: string }; suggestion: { unitOfMeasure: string } };
export type InsideLeadTimeAnomaly = AnomalyBase<'inside-lead-time'> & {
  evidence: { requestedShipDate: string; earliestShipDate: string; leadTimeDays: number; today: string };
  suggestion: { date: string };
};
export type DuplicatePoAnomaly = AnomalyBase<'duplicate-po'> & {
  evidence: { purchaseOrderNumber: string; previousControlNumber: string; differences: string[] };
};
export type ForecastSwingAnomaly = AnomalyBase<'forecast-swing'> & {
  evidence: { periodStart: string; periodEnd: string; shipTo?: string; previous: number; current: number; swingPercent: number | null; tolerancePercent: number; firmHorizonEnd: string };
};
export type PullInAnomaly = AnomalyBase<'pull-in-inside-lead-time'> & {
  evidence: { previousShipDate: string; newShipDate: string; earliestShipDate: string; leadTimeDays: number; today: string };
  suggestion: { date: string };
};
export type CutBelowShippedAnomaly = AnomalyBase<'cut-below-shipped'> & {
  evidence: { newQuantity: number; shipped: number; built: number };
  suggestion: { quantity: number };
};

export type Anomaly =
  | DecimalShiftAnomaly
  | ForecastDeviationAnomaly
  | NeverForecastAnomaly
  | UnknownItemAnomaly
  | PackMultipleAnomaly
  | BelowMoqAnomaly
  | PriceMismatchAnomaly
  | UomMismatchAnomaly
  | InsideLeadTimeAnomaly
  | DuplicatePoAnomaly
  | ForecastSwingAnomaly
  | PullInAnomaly
  | CutBelowShippedAnomaly;

/** The worst severity among findings: reject > hold > warn; undefined when there are none. */
export function worstSeverity(anomalies: readonly Pick<Anomaly, 'severity'>[]): Severity | undefined {
  if (anomalies.some((a) => a.severity === 'reject')) return 'reject';
  if (anomalies.some((a) => a.severity === 'hold')) return 'hold';
  if (anomalies.some((a) => a.severity === 'warn')) return 'warn';
  return undefined;
}

/** The quantity, unit price or date a finding suggests, if any (for emails and commands). */
export function suggestionOf(anomaly: Anomaly): { quantity?: number; date?: string; unitPrice?: number; unitOfMeasure?: string } | undefined {
  return 'suggestion' in anomaly ? anomaly.suggestion : undefined;
}
