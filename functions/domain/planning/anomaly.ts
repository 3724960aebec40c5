/**
 * What the anomaly rules find: one value per finding, with the evidence a planner needs to
 * judge it, a suggestion where one exists, and the severity this partner's profile gives it.
 */
import type { Anomaly, Severity } from '#schemas/records/planning-state.ts';

export type { Anomaly, Severity } from '#schemas/records/planning-state.ts';

/** The finding of one rule. */
export type AnomalyOf<R extends Anomaly['rule']> = Extract<Anomaly, { rule: R }>;
export type DecimalShiftAnomaly = AnomalyOf<'decimal-shift'>;
export type ForecastDeviationAnomaly = AnomalyOf<'forecast-deviation'>;
export type NeverForecastAnomaly = AnomalyOf<'never-forecast'>;
export type UnknownItemAnomaly = AnomalyOf<'unknown-item'>;
export type PackMultipleAnomaly = AnomalyOf<'pack-multiple'>;
export type BelowMoqAnomaly = AnomalyOf<'below-moq'>;
export type PriceMismatchAnomaly = AnomalyOf<'price-mismatch'>;
export type UomMismatchAnomaly = AnomalyOf<'uom-mismatch'>;
export type InsideLeadTimeAnomaly = AnomalyOf<'inside-lead-time'>;
export type DuplicatePoAnomaly = AnomalyOf<'duplicate-po'>;
export type ForecastSwingAnomaly = AnomalyOf<'forecast-swing'>;
export type PullInAnomaly = AnomalyOf<'pull-in-inside-lead-time'>;
export type CutBelowShippedAnomaly = AnomalyOf<'cut-below-shipped'>;

/** A period of the forecast a finding compared with. */
export interface ForecastPeriod {
  periodStart: string;
  periodEnd: string;
  shipTo?: string;
}

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
