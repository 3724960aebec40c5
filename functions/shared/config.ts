/**
 * Configuration, parsed once per container with zod from the environment variables named in
 * `infra/topology.ts` (`ENV`, `queueUrlEnv`), which the CDK stack and the local stack set.
 */
import { z } from 'zod';
import { ENV, deadLetterQueueUrlEnv, queueUrlEnv } from '#infra/topology.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const name = z.string().trim().min(1);
const url = z.url();

const FIELDS = {
  tableName: [ENV.tableName, name],
  inboundBucket: [ENV.inboundBucket, name],
  archiveBucket: [ENV.archiveBucket, name],
  outboundBucket: [ENV.outboundBucket, name],
  processQueueUrl: [queueUrlEnv('process'), url],
  deliverQueueUrl: [queueUrlEnv('deliver'), url],
  mailQueueUrl: [queueUrlEnv('mail'), url],
  timersQueueUrl: [queueUrlEnv('timers'), url],
  ingestDeadLetterQueueUrl: [deadLetterQueueUrlEnv('ingest'), url],
  processDeadLetterQueueUrl: [deadLetterQueueUrlEnv('process'), url],
  deliverDeadLetterQueueUrl: [deadLetterQueueUrlEnv('deliver'), url],
  mailDeadLetterQueueUrl: [deadLetterQueueUrlEnv('mail'), url],
  mailFrom: [ENV.mailFrom, z.email()],
  operationsEmail: [ENV.operationsEmail, z.email()],
} as const;

type Field = keyof typeof FIELDS;
export type Config<K extends Field> = { [P in K]: string };

/** Settings a deployment may leave unset. */
const OPTIONAL = {
  /** EventBridge Scheduler group and role for the timers; without them no timers are set. */
  schedulerGroup: [ENV.schedulerGroup, name],
  schedulerRoleArn: [ENV.schedulerRoleArn, name],
  /** Milliseconds added to the system time (demos and drills). */
  clockOffsetMs: [ENV.clockOffsetMs, z.string().regex(/^-?\d+$/, 'whole milliseconds')],
  /** The GS1 company prefix of the SSCC-18 labels (7–10 digits). */
  gs1CompanyPrefix: [ENV.gs1CompanyPrefix, z.string().regex(/^\d{7,10}$/, 'a GS1 company prefix: 7 to 10 digits')],
  /** Largest inbound file ingest reads, in bytes (default DEFAULT_MAX_INBOUND_BYTES in receive-interchange.ts). */
  maxInboundBytes: [ENV.maxInboundBytes, z.string().regex(/^[1-9]\d*$/, 'a whole number of bytes')],
  /** The EventBridge bus of the order-step events (README, "Order events"); without it none are published. */
  eventBusName: [ENV.eventBusName, name],
  region: ['AWS_REGION', name],
  /** IAM role names whose SigV4 callers are planners / auditors on the HTTP API (api-caller.ts). */
  plannerRoleName: [ENV.plannerRoleName, name],
  auditorRoleName: [ENV.auditorRoleName, name],
} as const;

type OptionalField = keyof typeof OPTIONAL;
export type OptionalConfig = { [P in OptionalField]?: string };

/** Reads the optional settings that are set; throws `ConfigError` naming any that is set but invalid. */
export function loadOptionalConfig(env: Record<string, string | undefined> = process.env): OptionalConfig {
  const out: OptionalConfig = {};
  const problems: string[] = [];
  for (const [field, [variable, schema]] of Object.entries(OPTIONAL) as [OptionalField, (typeof OPTIONAL)[OptionalField]][]) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) out[field] = parsed.data;
    else problems.push(`${variable}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length > 0) throw new ConfigError(`configuration: ${problems.join('; ')}`);
  return out;
}

/** Reads and validates the named settings; throws `ConfigError` naming every missing or invalid variable. */
export function loadConfig<K extends Field>(fields: readonly K[], env: Record<string, string | undefined> = process.env): Config<K> {
  const out: Partial<Record<Field, string>> = {};
  const problems: string[] = [];
  for (const field of fields) {
    const [variable, schema] = FIELDS[field];
    const parsed = schema.safeParse(env[variable]);
    if (parsed.success) out[field] = parsed.data;
    else problems.push(`${variable}: ${env[variable] === undefined ? 'not set' : parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length > 0) throw new ConfigError(`configuration: ${problems.join('; ')}`);
  return out as Config<K>;
}

/** Settings of the stages that are not deployment-specific. */
export const PIPELINE_SETTINGS = {
  /** Receives of a waiting 860 before it becomes an error record and an alert (< the documents queue's maxReceiveCount). */
  waitingChangeMaxAttempts: 6,
  /** Back-off of a waiting 860: first delay and cap, seconds (doubling per receive). */
  waitingChangeBackoffSeconds: { first: 30, max: 900 },
  /** An email claim older than this (seconds) is taken to be a crashed send and is retried. */
  mailClaimLeaseSeconds: 120,
} as const;
