/**
 * Each queue stage's handler with live dependencies, by stage name: what the local stack runs
 * (with its shared clock), and what each Lambda entry (`functions/<stage>/lambda.ts`) builds.
 */
import type { Stage } from '#infra/topology.ts';
import { deliver } from '#functions/deliver/handler.ts';
import { ingest } from '#functions/ingest/handler.ts';
import { mail } from '#functions/mail/handler.ts';
import { processDocuments } from '#functions/process/handler.ts';
import { timers } from '#functions/timers/handler.ts';
import type { SqsHandler } from '#functions/shared/sqs-batch.ts';
import { liveDeliverDeps, liveIngestDeps, liveMailDeps, liveProcessDeps, liveTimersDeps, type LiveOptions } from './live-deps.ts';

export const LIVE_STAGE_HANDLERS: Readonly<Record<Stage['name'], (options?: LiveOptions) => SqsHandler>> = {
  ingest: (options) => ingest(liveIngestDeps(options)),
  process: (options) => processDocuments(liveProcessDeps(options)),
  deliver: (options) => deliver(liveDeliverDeps(options)),
  mail: (options) => mail(liveMailDeps(options)),
  timers: (options) => timers(liveTimersDeps(options)),
};
