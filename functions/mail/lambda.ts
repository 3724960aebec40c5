/** The mail Lambda: the stage's handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveMailDeps } from '#functions/composition/live-deps.ts';
import { mail } from './handler.ts';

export const handler = lazyHandler(() => mail(liveMailDeps()));
