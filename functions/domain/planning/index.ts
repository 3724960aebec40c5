/** The planning core: master data, order checks, decisions and 855, PAB and delay levels, expedite tiers, e-mails. */
export * from './csv.ts';
export * from './load-master-data.ts';
export * from './dates.ts';
export * from './item-index.ts';
export * from './order-lines.ts';
export * from './forecast.ts';
export * from './anomaly.ts';
export * from './anomaly-rules.ts';
export * from './change-rules.ts';
export * from './forecast-swing.ts';
export * from './decisions.ts';
export * from './atp.ts';
export * from './pab.ts';
export * from './delay-risks.ts';
export * from './business-calendar.ts';
export * from './expedite.ts';
export * from './allocation.ts';
