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
 * Builds a Lambda SQS handler from a per-record function. FIFO queues use the FIFO processor
 * with `skipGroupOnError`: after a failure, later records of the same message group are
 * failed too (order per PO is kept) while other groups go on.
 */
export function sqsBatchHandler(recordHandler: RecordHandler, options: { fifo: boolean; observability: Observability }): SqsHandler {
  return async (event) => {
    const processor = options.fifo ? new SqsFifoPartialProcessorAsync() : new BatchProcessor(EventType.SQS);
    try {
      const response = options.fifo
        ? await processPartialResponse(event, recordHandler, processor as SqsFifoPartialProcessorAsync, { skipGroupOnError: true, throwOnFullBatchFailure: false })
        : await processPartialResponse(event, recordHandler, processor as BatchProcessor, { throwOnFullBatchFailure: false });
      for (const failure of processor.errors) {
        options.observability.logger.warn('record failed; it will be retried', { error: failure });
      }
      return response;
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
