/** The ingest Lambda: the stage's handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveIngestDeps } from '#functions/composition/live-deps.ts';
import { ingest } from './handler.ts';

export const handler = lazyHandler(() => ingest(liveIngestDeps()));
