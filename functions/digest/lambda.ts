/** The P3 digest Lambda (a weekday schedule): the handler over live dependencies, built on the first invocation. */
import { lazyHandler, liveDeskDeps } from '#functions/composition/live-deps.ts';
import { digest } from './handler.ts';

export const handler = lazyHandler(() => {
  const run = digest(liveDeskDeps());
  return (event: unknown, _context: unknown) => run(event);
});
