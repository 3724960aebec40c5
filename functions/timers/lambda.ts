/** The timers Lambda: the stage's handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveTimersDeps } from '#functions/composition/live-deps.ts';
import { timers } from './handler.ts';

export const handler = lazyHandler(() => timers(liveTimersDeps()));
