/** The deliver Lambda: the stage's handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveDeliverDeps } from '#functions/composition/live-deps.ts';
import { deliver } from './handler.ts';

export const handler = lazyHandler(() => deliver(liveDeliverDeps()));
