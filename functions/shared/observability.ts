/**
 * Logger, metrics and tracer, built in one place. Handlers receive an {@link Observability}
 * so tests can pass a silent logger and read the business metrics back.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Telemetry } from '#functions/ports/telemetry.ts';

export const METRICS_NAMESPACE = 'EdiOrderDesk';

export interface Observability extends Telemetry {
  logger: Logger;
  /** Publishes the metrics of this invocation. */
  flush(): void;
}

/** Correlation keys every log line of a record carries. */
export interface CorrelationKeys {
  partner?: string;
  isa13?: string;
  po?: string;
  messageId?: string;
}

export function createObservability(serviceName: string): Observability & { tracer: Tracer } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const tracer = new Tracer({ serviceName });
  return {
    logger,
    tracer,
    count: (metric, value = 1) => metrics.addMetric(metric, MetricUnit.Count, value),
    info: (message, details) => logger.info(message, details ?? {}),
    warn: (message, details) => logger.warn(message, details ?? {}),
    // An invocation that counted nothing publishes nothing (Powertools would log a warning for it).
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** Runs `work` with `keys` appended to every log line, removing them afterwards. */
export async function withCorrelation<T>(logger: Logger, keys: CorrelationKeys, work: () => Promise<T>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Record<string, string>;
  logger.appendKeys(defined);
  try {
    return await work();
  } finally {
    logger.removeKeys(Object.keys(defined));
  }
}
