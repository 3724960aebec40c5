/**
 * Business metrics and log lines a use case reports; the shell's observability (Powertools
 * logger and metrics) implements it. The domain never logs.
 */
export interface Telemetry {
  /** Adds to a business metric (count). */
  count(metric: string, value?: number): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Reports nothing (tests, tools). */
export const silentTelemetry: Telemetry = { count: () => undefined, info: () => undefined, warn: () => undefined };
