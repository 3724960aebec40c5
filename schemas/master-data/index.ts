export * from './common.ts';
export * from './partner-profile.ts';
export * from './item.ts';
export * from './supply-plan.ts';
