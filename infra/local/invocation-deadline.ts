/**
 * Lambda stops a handler at its timeout: the sandbox is frozen, nothing it had left to do happens.
 * In process, a timed-out handler's promise would run on and could write after its message went
 * back to the queue or to the DLQ. So each local invocation runs in an {@link AsyncLocalStorage}
 * context, and once its time is up every AWS SDK call made from that context is stopped: the ones
 * in flight at the deadline are aborted, later ones refused before a byte is sent.
 *
 * The hook is the SDK's HTTP handler (`@smithy/node-http-handler`'s `NodeHttpHandler.handle`, which
 * takes an `abortSignal`): every SDK v3 client in the process sends through it. A hook on Node's
 * HTTP layer would come too late — its request-start event fires once the request is written to a
 * kept-alive socket, and s3rver stores an aborted upload as an empty object.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';

interface Invocation {
  controller: AbortController;
}

const invocations = new AsyncLocalStorage<Invocation>();
const require = createRequire(import.meta.url);

type Handle = (this: unknown, request: unknown, options?: { abortSignal?: AbortSignal; requestTimeout?: number }) => Promise<unknown>;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const { NodeHttpHandler } = require('@smithy/node-http-handler') as { NodeHttpHandler: { prototype: { handle: Handle } } };
  const original = NodeHttpHandler.prototype.handle;
  NodeHttpHandler.prototype.handle = function handle(request, options = {}) {
    const invocation = invocations.getStore();
    if (!invocation) return original.call(this, request, options);
    const deadline = invocation.controller.signal;
    if (deadline.aborted) return Promise.reject(deadline.reason as Error);
    const given = options.abortSignal;
    const abortSignal = given instanceof AbortSignal ? AbortSignal.any([given, deadline]) : deadline;
    return original.call(this, request, { ...options, abortSignal });
  };
}

/** A running invocation: `expire` stops its AWS calls for good. */
export interface TimedInvocation<T> {
  result: Promise<T>;
  expire(reason: Error): void;
}

/** Runs `fn` as one invocation whose AWS SDK calls `expire` can cut off. */
export function runInvocation<T>(fn: () => Promise<T> | T): TimedInvocation<T> {
  install();
  const invocation: Invocation = { controller: new AbortController() };
  // Every SDK call in flight listens on the deadline: a batch handler makes dozens at once.
  setMaxListeners(0, invocation.controller.signal);
  const result = invocations.run(invocation, () => Promise.resolve().then(fn));
  return {
    result,
    expire(reason) {
      if (!invocation.controller.signal.aborted) invocation.controller.abort(reason);
    },
  };
}
