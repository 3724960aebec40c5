/** The process Lambda: the stage's handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveProcessDeps } from '#functions/composition/live-deps.ts';
import { processDocuments } from './handler.ts';

export const handler = lazyHandler(() => processDocuments(liveProcessDeps()));
