/** The decisions API Lambda: the handler over live dependencies, built on the first invocation. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lazyHandler, liveDeskDeps } from '#functions/composition/live-deps.ts';
import { decisions } from './handler.ts';

export const handler = lazyHandler(() => {
  const deps = liveDeskDeps();
  const run = decisions(deps, undefined, deps);
  return (event: APIGatewayProxyEventV2, _context: unknown) => run(event);
});
