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
 * Builds a Lambda SQS handler from a per-record function. FIFO queues use the FIFO processor
 * with `skipGroupOnError`: after a failure, later records of the same message group are
 * failed too (order per PO is kept) while other groups go on.
 */
export function sqsBatchHandler(recordHandler: RecordHandler, options: { fifo: boolean; observability: Observability }): SqsHandler {
  return sqsBatchScopeHandler(() => ({ record: recordHandler }), options);
}

/** {@link sqsBatchHandler} with a fresh {@link BatchScope} per invocation. */
export function sqsBatchScopeHandler(scopeOf: () => BatchScope, options: { fifo: boolean; observability: Observability }): SqsHandler {
  return async (event) => {
    const scope = scopeOf();
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
