export * from './escape.ts';
export * from './rendered-email.ts';
export * from './anomaly-email.ts';
export * from './delay-emails.ts';
export * from './expedite-emails.ts';
export * from './digest-email.ts';
export * from './hold-escalation-email.ts';
