/**
 * The queue-stage shell: Powertools batch processing with partial batch responses, so one bad
 * record is retried (and eventually dead-lettered) without re-running its neighbours.
 */
import { BatchProcessor, EventType, SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from './observability.ts';

export type RecordHandler = (record: SQSRecord) => Promise<void>;
export type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * What one invocation runs: the per-record function, optionally wrapped (e.g. in a per-batch
 * read cache), and a step after every record ran that returns the message ids which must be
 * retried after all (e.g. records whose queued effects were batched and not accepted).
 */
export interface BatchScope {
  record: RecordHandler;
  around?: <T>(work: () => Promise<T>) => Promise<T>;
  finish?: () => Promise<Iterable<string>>;
}

/**
 * What a stage does with a record it cannot process (README "Guarantees", nothing lost): a
 * permanent error (see {@link isPermanentError}) at once, any other error on the last receive
 * the queue allows, dead-letters the record with its cause (error record, alert, the stage's
 * DLQ) instead of leaving SQS to move it there without one. The record then counts as done, so
 * a FIFO group goes on behind it.
 */
export interface GiveUp {
  /** The queue's maxReceiveCount (infra/topology.ts). */
  maxReceiveCount: number;
  deadLetter(record: SQSRecord, error: unknown): Promise<void>;
  /** Errors no retry can cure; default {@link isPermanentError}. */
  isPermanent?: (error: unknown) => boolean;
}

/** A message that is not JSON or not of its schema fails the same way on every receive. */
export function isPermanentError(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.name === 'ZodError');
}

/** The one-line reason of an error, for a `cause` (a ZodError's first issue, not its JSON). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const issues = (error as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues;
    if (error.name === 'ZodError' && Array.isArray(issues) && issues[0]) {
      const first = issues[0];
      return `not a valid message: ${(first.path ?? []).map(String).join('.') || '(message)'} ${first.message ?? ''}`.trim();
    }
    return `${error.name}: ${error.message.split('\n')[0] ?? ''}`;
  }
  return String(error);
}

/** Wraps a record function so a record that cannot be processed is dead-lettered with its cause. */
export function withGiveUp(recordHandler: RecordHandler, giveUp: GiveUp | undefined): RecordHandler {
  if (!giveUp) return recordHandler;
  const permanent = giveUp.isPermanent ?? isPermanentError;
  return async (record) => {
    try {
      await recordHandler(record);
    } catch (error) {
      if (!permanent(error) && receiveCountOf(record) < giveUp.maxReceiveCount) throw error;
      await giveUp.deadLetter(record, error);
    }
  };
}

/**
 * Builds a Lambda SQS handler from a per-record function. FIFO queues use the FIFO processor
 * with `skipGroupOnError`: after a failure, later records of the same message group are
 * failed too (order per PO is kept) while other groups go on.
 */
export function sqsBatchHandler(recordHandler: RecordHandler, options: { fifo: boolean; observability: Observability; giveUp?: GiveUp }): SqsHandler {
  return sqsBatchScopeHandler(() => ({ record: recordHandler }), options);
}

/** {@link sqsBatchHandler} with a fresh {@link BatchScope} per invocation. */
export function sqsBatchScopeHandler(scopeOf: () => BatchScope, options: { fifo: boolean; observability: Observability; giveUp?: GiveUp }): SqsHandler {
  return async (event) => {
    const scoped = scopeOf();
    const scope = { ...scoped, record: withGiveUp(scoped.record, options.giveUp) };
    const around = scope.around ?? (<T>(work: () => Promise<T>) => work());
    const processor = options.fifo ? new SqsFifoPartialProcessorAsync() : new BatchProcessor(EventType.SQS);
    try {
      const response = await around(() =>
        options.fifo
          ? processPartialResponse(event, scope.record, processor as SqsFifoPartialProcessorAsync, { skipGroupOnError: true, throwOnFullBatchFailure: false })
          : processPartialResponse(event, scope.record, processor as BatchProcessor, { throwOnFullBatchFailure: false }),
      );
      for (const failure of processor.errors) {
        options.observability.logger.warn('record failed; it will be retried', { error: failure });
      }
      if (!scope.finish) return response;
      // A copy: Powertools may hand back a shared default response object.
      const batchItemFailures = [...response.batchItemFailures];
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      for (const id of await scope.finish()) {
        if (failed.has(id)) continue;
        failed.add(id);
        batchItemFailures.push({ itemIdentifier: id });
        options.observability.logger.warn('record committed but its messages were not queued; it will be retried', { messageId: id });
      }
      return { ...response, batchItemFailures };
    } finally {
      options.observability.flush();
    }
  };
}

/** ApproximateReceiveCount of a record (1 on the first delivery). */
export function receiveCountOf(record: SQSRecord): number {
  const n = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  return Number.isFinite(n) && n > 0 ? n : 1;
}
