import { z } from 'zod';
import type { Node } from 'constructs';

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Context values arrive as JSON from cdk.json or as strings from `cdk synth -c key=value`. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const days = z.coerce.number().int().positive();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const pipelineConfigSchema = z
  .object({
    /** Prefix of physical names (queues, alarms, schedule group); one per deployment in an account. */
    resourcePrefix: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/).default('edi'),
    /** POWERTOOLS_SERVICE_NAME of every function; also the `service` dimension of business metrics. */
    serviceName: z.string().min(1).default('edi-order-desk'),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    metricsNamespace: z.string().min(1).default('EdiOrderDesk'),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), 'not a CloudWatch Logs retention period')
      .default(90),
    /** SES identity: a domain (`example.com`) or one address (`edi@example.com`). */
    sesIdentity: z.string().min(3).default('example.com'),
    /** From address; default `edi@<domain>` for a domain identity, the address itself otherwise. */
    mailFrom: optionalText,
    /** Where operational emails (rejections, escalations) go; default: the alarm email. */
    operationsEmail: optionalText,
    /** Subscribed to the alarm topic when set. */
    alarmEmail: optionalText,
    oldestMessageAgeAlarmSeconds: z.coerce.number().int().positive().default(900),
    inboundRetentionDays: days.default(30),
    outboundRetentionDays: days.default(365),
    archiveTransitionDays: days.default(90),
    archiveRetentionDays: days.default(2555),
    /** Object Lock (governance mode, retention = archiveRetentionDays) on the archive; only at bucket creation. */
    archiveObjectLock: flag.default(false),
    /** Account allowed to assume the auditor role; default: this account. */
    auditorAccountId: optionalText.refine((v) => v === undefined || /^\d{12}$/.test(v), 'a 12-digit account id'),
    /** Account allowed to assume the planner role (decisions API); default: this account. */
    plannerAccountId: optionalText.refine((v) => v === undefined || /^\d{12}$/.test(v), 'a 12-digit account id'),
    /** Optional AWS Transfer Family SFTP server landing partner files in the inbound bucket. */
    transferServer: flag.default(false),
    /**
     * Largest inbound file ingest reads, in bytes (EDI_MAX_INBOUND_BYTES of the ingest function); a
     * larger file is archived, recorded as refused and alerted, never read (README, "Guarantees").
     * The default (100 MiB) is the use case's own default and fits the ingest function's 1 GB.
     */
    maxInboundBytes: z.coerce.number().int().positive().default(100 * 1024 * 1024),
    /** IANA time zone of the planning desk: the P3 digest schedule runs on its wall clock. */
    deskTimeZone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as America/Chicago')
      .default('America/Chicago'),
    /**
     * Optional: the ARN of an SQS queue (an ERP's inbox) that a rule on the order-events bus sends every
     * order-step event to. Its access policy must allow events.amazonaws.com (README, "Order events").
     */
    orderEventsQueueArn: optionalText.refine((v) => v === undefined || /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(v), 'an SQS queue ARN'),
    /** EventBridge Scheduler cron expression of the P3 planner digest, in deskTimeZone. */
    digestSchedule: z
      .string()
      .trim()
      .regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, 'cron(minutes hours day-of-month month day-of-week year)')
      .default('cron(0 7 ? * MON-FRI *)'),
  })
  .refine((c) => c.archiveTransitionDays < c.archiveRetentionDays, {
    message: 'archiveTransitionDays must be less than archiveRetentionDays',
  });

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;

export const CONFIG_KEYS = Object.keys(pipelineConfigSchema.shape) as (keyof PipelineConfig)[];

/** Reads the pipeline's settings from CDK context (cdk.json `context`, or `-c key=value`). */
export function readPipelineConfig(node: Node): PipelineConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== null) raw[key] = value;
  }
  return parsePipelineConfig(raw);
}

export function parsePipelineConfig(raw: Record<string, unknown>): PipelineConfig {
  const result = pipelineConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`invalid CDK context for the pipeline:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The From address the mail stage uses. */
export function mailFromAddress(config: PipelineConfig): string {
  if (config.mailFrom) return config.mailFrom;
  return config.sesIdentity.includes('@') ? config.sesIdentity : `edi@${config.sesIdentity}`;
}
