/**
 * The pipeline's stages, described once as data. The CDK stack (infra/cdk) and the local
 * stack (infra/local) both build their queues, dead-letter queues, functions and event-source
 * mappings from this list; adding a stage is one entry here.
 */

export type StorageName = 'table' | 'inboundBucket' | 'archiveBucket' | 'outboundBucket';
export type Access = 'read' | 'write' | 'readWrite';

export interface StageQueue {
  /** Logical queue name; the physical name gets a prefix per deployment. */
  name: string;
  fifo: boolean;
  /** Seconds a received message stays invisible; ≥ 6× the function timeout (AWS guidance for SQS event sources). */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the stage's dead-letter queue. */
  maxReceiveCount: number;
  /** Seconds a message is kept (and the DLQ's retention). */
  retentionSeconds: number;
}

export interface Stage {
  /** Stage name, also the function's logical name. */
  name: 'ingest' | 'process' | 'deliver' | 'mail' | 'timers';
  description: string;
  /** Module path of the Lambda entry, relative to the repository root; exports `handler`. */
  handler: string;
  queue: StageQueue;
  /** Event-source mapping: records per invocation and the batching window. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Lambda sizing. */
  memoryMb: number;
  timeoutSeconds: number;
  /** Reserved concurrency; undefined = unreserved. */
  reservedConcurrency?: number;
  /** What the stage reads or writes; the CDK stack turns this into grants, nothing more. */
  storage: Partial<Record<StorageName, Access>>;
  /** Queues the stage sends to (by stage name). */
  sendsTo: Stage['name'][];
  /** Sends email through SES. */
  sendsEmail: boolean;
  /** Creates EventBridge Scheduler schedules (escalation timers). */
  schedules: boolean;
}

const DAY = 24 * 60 * 60;

export const STAGES: readonly Stage[] = [
  {
    name: 'ingest',
    description: 'S3 object-created → archive raw bytes, check sender, dedupe interchange, split sets, queue 997s',
    handler: 'functions/ingest/lambda.ts',
    queue: { name: 'inbound', fifo: false, visibilityTimeoutSeconds: 6 * 60, maxReceiveCount: 5, retentionSeconds: 14 * DAY },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    memoryMb: 1024,
    timeoutSeconds: 60,
    storage: { table: 'readWrite', inboundBucket: 'read', archiveBucket: 'readWrite' },
    sendsTo: ['process', 'deliver', 'mail'],
    sendsEmail: false,
    schedules: false,
  },
  {
    name: 'process',
    description: '850/860/830 → orders, changes, forecasts, planning checks; queue 855/865',
    handler: 'functions/process/lambda.ts',
    queue: { name: 'documents', fifo: true, visibilityTimeoutSeconds: 3 * 60, maxReceiveCount: 8, retentionSeconds: 14 * DAY },
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    memoryMb: 512,
    timeoutSeconds: 30,
    // archive write: an 855/865 too large for a queue message goes to the deliver stage as a claim check.
    storage: { table: 'readWrite', archiveBucket: 'readWrite' },
    sendsTo: ['process', 'deliver', 'mail'],
    sendsEmail: false,
    schedules: true,
  },
  {
    name: 'deliver',
    description: 'render 997/855/865/856 with allocated control numbers into the outbound bucket',
    handler: 'functions/deliver/lambda.ts',
    queue: { name: 'outbound', fifo: false, visibilityTimeoutSeconds: 3 * 60, maxReceiveCount: 5, retentionSeconds: 14 * DAY },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    memoryMb: 512,
    timeoutSeconds: 30,
    storage: { table: 'readWrite', outboundBucket: 'write' },
    // mail: a document that cannot be rendered is recorded and alerted, never retried.
    sendsTo: ['mail'],
    sendsEmail: false,
    schedules: false,
  },
  {
    name: 'mail',
    description: 'SES emails: rejections, anomalies, delay levels, expedite alerts and escalations',
    handler: 'functions/mail/lambda.ts',
    queue: { name: 'notify', fifo: false, visibilityTimeoutSeconds: 3 * 60, maxReceiveCount: 5, retentionSeconds: 14 * DAY },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    memoryMb: 256,
    timeoutSeconds: 30,
    // archive write: every email's body is kept there by its SHA-256 (README, "Verification").
    storage: { table: 'readWrite', archiveBucket: 'write' },
    sendsTo: [],
    sendsEmail: true,
    schedules: false,
  },
  {
    name: 'timers',
    description: 'escalation timers that fell due → hold-SLA and P1 escalation steps, while they still apply',
    handler: 'functions/timers/lambda.ts',
    queue: { name: 'timers', fifo: false, visibilityTimeoutSeconds: 3 * 60, maxReceiveCount: 5, retentionSeconds: 14 * DAY },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    memoryMb: 256,
    timeoutSeconds: 30,
    // archive write: the order commit puts an outbound document too large for a message there.
    storage: { table: 'readWrite', archiveBucket: 'readWrite' },
    sendsTo: ['deliver', 'mail'],
    sendsEmail: false,
    schedules: false,
  },
];

/**
 * The stages that commit order transitions and so publish their order-step events (README,
 * "Order events"): ingest (shipment files), process (850/860), deliver (an 810 delivered: invoiced)
 * and timers (escalations). The
 * decisions API publishes too.
 */
export const ORDER_EVENT_PUBLISHERS: readonly Stage['name'][] = ['ingest', 'process', 'deliver', 'timers'];

/** Environment variable names shared by the handlers' config and the CDK stack. */
export const ENV = {
  tableName: 'EDI_TABLE',
  inboundBucket: 'EDI_INBOUND_BUCKET',
  archiveBucket: 'EDI_ARCHIVE_BUCKET',
  outboundBucket: 'EDI_OUTBOUND_BUCKET',
  queueUrlPrefix: 'EDI_QUEUE_URL_',
  deadLetterQueueUrlPrefix: 'EDI_DLQ_URL_',
  mailFrom: 'EDI_MAIL_FROM',
  operationsEmail: 'EDI_OPERATIONS_EMAIL',
  schedulerGroup: 'EDI_SCHEDULER_GROUP',
  schedulerRoleArn: 'EDI_SCHEDULER_ROLE_ARN',
  clockOffsetMs: 'EDI_CLOCK_OFFSET_MS',
  gs1CompanyPrefix: 'EDI_GS1_COMPANY_PREFIX',
  maxInboundBytes: 'EDI_MAX_INBOUND_BYTES',
  eventBusName: 'EDI_EVENT_BUS_NAME',
  /** IAM role names whose SigV4 callers are planners / auditors (functions/shared/api-caller.ts). */
  plannerRoleName: 'EDI_PLANNER_ROLE_NAME',
  auditorRoleName: 'EDI_AUDITOR_ROLE_NAME',
} as const;

/** The env var holding the URL of a stage's queue, e.g. `EDI_QUEUE_URL_PROCESS`. */
export function queueUrlEnv(stage: Stage['name']): string {
  return `${ENV.queueUrlPrefix}${stage.toUpperCase()}`;
}

/**
 * The env var holding the URL of a stage's own dead-letter queue, e.g. `EDI_DLQ_URL_DELIVER`: a
 * stage dead-letters a message it can never process at once, with its cause, instead of retrying it.
 */
export function deadLetterQueueUrlEnv(stage: Stage['name']): string {
  return `${ENV.deadLetterQueueUrlPrefix}${stage.toUpperCase()}`;
}

export function stageByName(name: Stage['name']): Stage {
  const stage = STAGES.find((s) => s.name === name);
  if (!stage) throw new Error(`unknown stage ${name}`);
  return stage;
}
