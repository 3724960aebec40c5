/** The history API Lambda: the handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveHistoryDeps } from '#functions/composition/live-deps.ts';
import { history, type HistoryHandler } from './handler.ts';

export const handler: HistoryHandler = lazyHandler(() => history(liveHistoryDeps()));
