/**
 * The composition root: the one place that turns configuration (parsed once, from the
 * environment variables named in infra/topology.ts) into live adapters over the AWS SDK v3
 * clients, and hands each entry the dependencies its type names. Stages and use cases declare
 * what they need; only this module knows what implements it.
 *
 * `clock` may be given: the local stack shares its simulated clock with every handler it runs,
 * and the CLI takes the running stack's offset, so events, timers and 855 dates line up.
 */
import { BatchReadCache } from '#functions/adapters/batch-read-cache.ts';
import { DynamoControlNumbers } from '#functions/adapters/dynamo-control-numbers.ts';
import { DynamoDeliveryLog } from '#functions/adapters/dynamo-delivery-log.ts';
import { DynamoForecastStore } from '#functions/adapters/dynamo-forecast-store.ts';
import { DynamoInterchangeLedger } from '#functions/adapters/dynamo-interchange-ledger.ts';
import { DynamoMailLog } from '#functions/adapters/dynamo-mail-log.ts';
import { DynamoOrderAudit } from '#functions/adapters/dynamo-order-audit.ts';
import { DynamoOrderIndex } from '#functions/adapters/dynamo-order-index.ts';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { DynamoItemHistory } from '#functions/adapters/dynamo-item-history.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { EventBridgeScheduler, queueArnFromUrl } from '#functions/adapters/eventbridge-scheduler.ts';
import { EventBridgeOrderEvents } from '#functions/adapters/eventbridge-order-events.ts';
import type { OrderEventPublisher } from '#functions/ports/order-events.ts';
import { S3Archive, S3InboundFiles, S3OutboundFiles } from '#functions/adapters/s3-files.ts';
import { S3AuditArchive } from '#functions/adapters/s3-audit-archive.ts';
import { SesMailer } from '#functions/adapters/ses-mailer.ts';
import { SqsDeadLetters, SqsPostponer, SqsStageQueue } from '#functions/adapters/sqs-stage-queue.ts';
import { OffsetClock } from '#functions/adapters/system-clock.ts';
import { readX12File } from '#functions/adapters/x12-file-reader.ts';
import { DEFAULT_GS1_COMPANY_PREFIX } from '#domain/orders/shipment.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OutboxSender } from '#functions/ports/outbox.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import { silentTelemetry, type Telemetry } from '#functions/ports/telemetry.ts';
import type { DeliverDeps } from '#functions/deliver/handler.ts';
import type { HistoryDeps } from '#functions/history/handler.ts';
import type { IngestDeps } from '#functions/ingest/handler.ts';
import type { MailDeps } from '#functions/mail/handler.ts';
import type { ProcessDeps } from '#functions/process/handler.ts';
import type { TimersDeps } from '#functions/timers/handler.ts';
import { DynamoSentDocuments } from '#functions/adapters/dynamo-sent-documents.ts';
import type { ListPartnerAcksDeps } from '#functions/use-cases/list-partner-acks.ts';
import type { ConfirmExpediteDeps } from '#functions/use-cases/confirm-expedite.ts';
import type { DecideLineDeps } from '#functions/use-cases/decide-line.ts';
import type { ConfirmDelayDeps } from '#functions/use-cases/confirm-delay.ts';
import type { ReadItemHistoryDeps } from '#functions/use-cases/read-item-history.ts';
import type { RecordDelayNoteDeps } from '#functions/use-cases/record-delay-note.ts';
import type { LoadMasterDataDeps } from '#functions/use-cases/load-master-data.ts';
import type { SendDigestDeps } from '#functions/use-cases/send-digest.ts';
import type { ExportOrdersDeps } from '#functions/use-cases/export-orders.ts';
import type { ListInterchangesDeps } from '#functions/use-cases/list-interchanges.ts';
import type { ReadRawDocumentsDeps } from '#functions/use-cases/read-raw-documents.ts';
import type { SealDayDeps } from '#functions/use-cases/seal-day.ts';
import type { ShipOrderDeps } from '#functions/use-cases/ship-order.ts';
import type { LoadShipmentsDeps } from '#functions/use-cases/load-shipments.ts';
import type { VerifyAllDeps } from '#functions/use-cases/verify-all.ts';
import type { VerifyOrderDeps } from '#functions/use-cases/verify-order.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { createAwsClients, type AwsClients } from '#functions/shared/aws-clients.ts';
import { loadConfig, loadOptionalConfig, type OptionalConfig } from '#functions/shared/config.ts';
import { createObservability } from '#functions/shared/observability.ts';
import type { StageFailureDeps } from '#functions/shared/dead-letter.ts';
import { deadLetterQueueUrlEnv, ENV } from '#infra/topology.ts';

export interface LiveOptions {
  /** The clock every dependency shares; default the system clock moved by `EDI_CLOCK_OFFSET_MS`. */
  clock?: Clock;
  /** Where the configuration is read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

type Env = Record<string, string | undefined>;

function clockOf(options: LiveOptions, optional: OptionalConfig): Clock {
  return options.clock ?? new OffsetClock(Number(optional.clockOffsetMs ?? 0));
}

/** The escalation scheduler when its group and role are configured (EventBridge Scheduler, or the local emulator). */
function schedulerOf(aws: AwsClients, optional: OptionalConfig, timersQueueUrl: string): Scheduler | undefined {
  if (!optional.schedulerGroup || !optional.schedulerRoleArn) return undefined;
  return new EventBridgeScheduler(aws.scheduler, { group: optional.schedulerGroup, roleArn: optional.schedulerRoleArn, targetArn: queueArnFromUrl(timersQueueUrl, optional.region ?? 'us-east-1') });
}

/** Messages of a committed order transition, sent at once (outside the process stage's batches). */
function directOutbox(outbound: SqsStageQueue<OutboundMessage>, notify: SqsStageQueue<NotifyMessage>, events: OrderEventPublisher | undefined): OutboxSender {
  return {
    async send(o) {
      if (o.outbound.length) await outbound.send(o.outbound.map((body) => ({ body })));
      if (o.notify.length) await notify.send(o.notify.map((body) => ({ body })));
      if (o.events?.length && events) await events.publish(o.events);
    },
  };
}

/** A value built on first use (a setting only some use cases need is read only if one of them runs). */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

/**
 * What every use case about orders and planning needs, over one table and the queues. Each
 * adapter is built on first use, so an entry whose use cases never send an outbound document
 * (the digest) or set a timer needs neither setting.
 */
function planningAdapters(env: Env, options: LiveOptions, aws: AwsClients, telemetry: Telemetry) {
  const table = once(() => loadConfig(['tableName'], env).tableName);
  const optional = loadOptionalConfig(env);
  const store = once(() => new DynamoPlanningStore(aws.dynamo, table()));
  const partners = once(() => new DynamoPartnerDirectory(aws.dynamo, table()));
  const orders = once(() => new DynamoOrderStore(aws.dynamo, table()));
  const claims = once(() => new S3Archive(aws.s3, loadConfig(['archiveBucket'], env).archiveBucket));
  const outbound = once(() => new SqsStageQueue<OutboundMessage>(aws.sqs, loadConfig(['deliverQueueUrl'], env).deliverQueueUrl));
  const notify = once(() => new SqsStageQueue<NotifyMessage>(aws.sqs, loadConfig(['mailQueueUrl'], env).mailQueueUrl));
  const scheduler = once(() => (optional.schedulerGroup && optional.schedulerRoleArn ? schedulerOf(aws, optional, loadConfig(['timersQueueUrl'], env).timersQueueUrl) : undefined));
  const orderEvents = once(() => (optional.eventBusName ? new EventBridgeOrderEvents(aws.events, optional.eventBusName) : undefined));
  const outbox = once(() => directOutbox(outbound(), notify(), orderEvents()));
  const sentDocuments = once(() => new DynamoSentDocuments(aws.dynamo, table()));
  const itemHistory = once(() => new DynamoItemHistory(aws.dynamo, table()));
  const clock = clockOf(options, optional);
  return {
    get partners() {
      return partners();
    },
    get sentDocuments() {
      return sentDocuments();
    },
    get profiles() {
      return partners();
    },
    get orders() {
      return orders();
    },
    get claims() {
      return claims();
    },
    get items() {
      return store();
    },
    get supply() {
      return store();
    },
    get demand() {
      return store();
    },
    get forecasts() {
      return store();
    },
    get delays() {
      return store();
    },
    get escalations() {
      return store();
    },
    get masterErrors() {
      return store();
    },
    get itemHistory() {
      return itemHistory();
    },
    get notes() {
      return itemHistory();
    },
    get outbound() {
      return outbound();
    },
    get notify() {
      return notify();
    },
    get outbox() {
      return outbox();
    },
    get orderEvents() {
      return orderEvents();
    },
    get scheduler() {
      return scheduler();
    },
    clock,
    gs1CompanyPrefix: optional.gs1CompanyPrefix ?? DEFAULT_GS1_COMPANY_PREFIX,
    telemetry,
    log: (message: string, details?: Record<string, string>) => telemetry.info(message, details),
  };
}

/** Everything the planner's desk does — `edi decide/confirm/ship/notify-customer/load/digest` and the decisions API. */
export type DeskDeps = DecideLineDeps & ShipOrderDeps & LoadShipmentsDeps & ConfirmExpediteDeps & LoadMasterDataDeps & SendDigestDeps & RecordDelayNoteDeps & ConfirmDelayDeps & ReadItemHistoryDeps;

/** What `edi acks` (and the history API) reads: our sent documents and their acknowledgment state. */
export function livePartnerAcksDeps(options: LiveOptions = {}): ListPartnerAcksDeps {
  const env = options.env ?? process.env;
  return { sentDocuments: new DynamoSentDocuments(createAwsClients().dynamo, loadConfig(['tableName'], env).tableName) };
}

export function liveDeskDeps(options: LiveOptions = {}, telemetry: Telemetry = silentTelemetry): DeskDeps {
  return planningAdapters(options.env ?? process.env, options, createAwsClients(), telemetry);
}

/** The deployment's maximum inbound file size, when it sets one. */
function maxInboundBytesOf(env: Record<string, string | undefined>): { maxInboundBytes?: number } {
  const { maxInboundBytes } = loadOptionalConfig(env);
  return maxInboundBytes === undefined ? {} : { maxInboundBytes: Number(maxInboundBytes) };
}

export function liveIngestDeps(options: LiveOptions = {}): IngestDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('ingest');
  const c = loadConfig(['tableName', 'archiveBucket', 'processQueueUrl', 'deliverQueueUrl', 'mailQueueUrl'], env);
  const aws = createAwsClients(observability.tracer);
  const masterData = planningAdapters(env, options, aws, observability);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    inbound: new S3InboundFiles(aws.s3),
    archive: new S3Archive(aws.s3, c.archiveBucket),
    ledger: new DynamoInterchangeLedger(aws.dynamo, c.tableName),
    documents: new SqsStageQueue<DocumentMessage>(aws.sqs, c.processQueueUrl),
    outbound: new SqsStageQueue<OutboundMessage>(aws.sqs, c.deliverQueueUrl),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    readX12: readX12File,
    masterData,
    shipments: masterData,
    sentDocuments: new DynamoSentDocuments(aws.dynamo, c.tableName),
    observability,
    failures: stageFailures(aws, env, options, 'ingest'),
    refusedSets: stageFailures(aws, env, options, 'ingest'),
    ...maxInboundBytesOf(env),
  };
}

export function liveProcessDeps(options: LiveOptions = {}): ProcessDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('process');
  const aws = createAwsClients(observability.tracer);
  const c = loadConfig(['tableName', 'archiveBucket', 'processQueueUrl', 'deliverQueueUrl', 'mailQueueUrl', 'timersQueueUrl'], env);
  const planning = planningAdapters(env, options, aws, observability);
  const processQueueUrl = c.processQueueUrl;
  const cache = new BatchReadCache(planning.items);
  return {
    partners: planning.partners,
    orders: planning.orders,
    claims: planning.claims,
    items: cache,
    forecasts: cache,
    batchCache: cache,
    supply: planning.supply,
    demand: planning.demand,
    delays: planning.delays,
    escalations: planning.escalations,
    itemHistory: planning.itemHistory,
    notes: planning.notes,
    outbound: planning.outbound,
    notify: planning.notify,
    ...(planning.orderEvents ? { orderEvents: planning.orderEvents } : {}),
    ...(planning.scheduler ? { scheduler: planning.scheduler } : {}),
    clock: planning.clock,
    log: planning.log,
    forecastPeriods: new DynamoForecastStore(aws.dynamo, c.tableName),
    documents: new SqsStageQueue<DocumentMessage>(aws.sqs, processQueueUrl),
    postponer: new SqsPostponer(aws.sqs, processQueueUrl),
    observability,
    failures: stageFailures(aws, env, options, 'process'),
  };
}

export function liveDeliverDeps(options: LiveOptions = {}): DeliverDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('deliver');
  const c = loadConfig(['tableName', 'archiveBucket', 'outboundBucket', 'mailQueueUrl', 'deliverDeadLetterQueueUrl'], env);
  const aws = createAwsClients(observability.tracer);
  const timers = once(() => planningAdapters(env, options, aws, observability).scheduler);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    controlNumbers: new DynamoControlNumbers(aws.dynamo, c.tableName),
    deliveries: new DynamoDeliveryLog(aws.dynamo, c.tableName),
    claims: new S3Archive(aws.s3, c.archiveBucket),
    outboundFiles: new S3OutboundFiles(aws.s3, c.outboundBucket),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    deadLetters: new SqsDeadLetters(aws.sqs, c.deliverDeadLetterQueueUrl),
    clock: clockOf(options, loadOptionalConfig(env)),
    sentDocuments: new DynamoSentDocuments(aws.dynamo, c.tableName),
    // The overdue-acknowledgment timers, where a scheduler is configured (the same one the process stage uses).
    get scheduler() {
      return timers();
    },
    // A delivered 810 is recorded on its order, the order-step events to the bus where one is configured.
    orderCycle: deliverOrderCycle(env, aws, c),
    observability,
  };
}

/**
 * What the deliver stage writes the order with: the order store and an outbox of the order-step
 * events alone (its transitions send no document and no email, so it has neither queue).
 */
function deliverOrderCycle(env: Env, aws: AwsClients, c: { tableName: string; archiveBucket: string }): NonNullable<DeliverDeps['orderCycle']> {
  const optional = loadOptionalConfig(env);
  const events = optional.eventBusName ? new EventBridgeOrderEvents(aws.events, optional.eventBusName) : undefined;
  return {
    orders: new DynamoOrderStore(aws.dynamo, c.tableName),
    claims: new S3Archive(aws.s3, c.archiveBucket),
    outbox: {
      async send(outbox) {
        if (outbox.outbound.length || outbox.notify.length) throw new Error('the deliver stage commits no transition that sends documents or emails');
        if (events && outbox.events?.length) await events.publish(outbox.events);
      },
    },
  };
}

export function liveMailDeps(options: LiveOptions = {}): MailDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('mail');
  const c = loadConfig(['tableName', 'mailFrom', 'operationsEmail', 'archiveBucket'], env);
  const aws = createAwsClients(observability.tracer);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    mailLog: new DynamoMailLog(aws.dynamo, c.tableName),
    bodies: new S3AuditArchive(aws.s3, c.archiveBucket),
    mailer: new SesMailer(aws.ses),
    from: c.mailFrom,
    operations: [c.operationsEmail],
    clock: clockOf(options, loadOptionalConfig(env)),
    observability,
    failures: stageFailures(aws, env, options, 'mail'),
  };
}

export function liveTimersDeps(options: LiveOptions = {}): TimersDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('timers');
  // Object.assign keeps the adapters' getters (built on first use) on the target.
  const aws = createAwsClients(observability.tracer);
  const sealing = once(() => liveAuditDeps(options, observability.tracer));
  return Object.assign(planningAdapters(env, options, aws, observability), {
    observability,
    failures: stageFailures(aws, env, options, 'timers'),
    get sealing() {
      return sealing();
    },
  });
}

/** The read-only timeline alone (`edi history`: the table is all it needs). */
export function liveTimeline(options: LiveOptions = {}): DynamoTimeline {
  return new DynamoTimeline(createAwsClients().dynamo, loadConfig(['tableName'], options.env ?? process.env).tableName);
}

export function liveHistoryDeps(options: LiveOptions = {}): HistoryDeps {
  const env = options.env ?? process.env;
  const observability = createObservability('history');
  const c = loadConfig(['tableName', 'archiveBucket'], env);
  const optional = loadOptionalConfig(env);
  const aws = createAwsClients(observability.tracer);
  const audit = liveAuditDeps(options, observability.tracer);
  const planning = new DynamoPlanningStore(aws.dynamo, c.tableName);
  const itemHistory = new DynamoItemHistory(aws.dynamo, c.tableName);
  return {
    ...audit,
    itemHistory,
    notes: itemHistory,
    sentDocuments: new DynamoSentDocuments(aws.dynamo, c.tableName),
    deliveries: new DynamoDeliveryLog(aws.dynamo, c.tableName),
    buckets: { inbound: env[ENV.inboundBucket] || undefined, outbound: env[ENV.outboundBucket] || undefined },
    items: planning,
    supply: planning,
    demand: planning,
    forecasts: planning,
    roles: { planner: optional.plannerRoleName, auditor: optional.auditorRoleName },
    observability,
  };
}

/**
 * What a stage needs to dead-letter a message it gives up on with its cause: the error records
 * (in the table), the alert (notify queue; none for the mail stage) and the stage's own DLQ.
 */
function stageFailures(aws: AwsClients, env: Env, options: LiveOptions, stage: 'ingest' | 'process' | 'mail' | 'timers'): StageFailureDeps {
  const c = loadConfig(['tableName'], env);
  const dlqUrl = env[deadLetterQueueUrlEnv(stage)];
  if (!dlqUrl) throw new Error(`${deadLetterQueueUrlEnv(stage)} is not set`);
  return {
    errors: new DynamoDeliveryLog(aws.dynamo, c.tableName),
    ...(stage === 'mail' ? {} : { notify: new SqsStageQueue<NotifyMessage>(aws.sqs, loadConfig(['mailQueueUrl'], env).mailQueueUrl) }),
    deadLetters: new SqsDeadLetters(aws.sqs, dlqUrl),
    clock: clockOf(options, loadOptionalConfig(env)),
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
  };
}

/** What verification and the daily seal read and write: the table (read) and the archive bucket. */
export type AuditDeps = VerifyOrderDeps & VerifyAllDeps & SealDayDeps & ExportOrdersDeps & ReadRawDocumentsDeps & ListInterchangesDeps;

export function liveAuditDeps(options: LiveOptions = {}, tracer?: Parameters<typeof createAwsClients>[0]): AuditDeps {
  const env = options.env ?? process.env;
  const c = loadConfig(['tableName', 'archiveBucket'], env);
  const aws = createAwsClients(tracer);
  const archive = new S3AuditArchive(aws.s3, c.archiveBucket);
  return {
    orders: new DynamoOrderStore(aws.dynamo, c.tableName),
    timeline: new DynamoTimeline(aws.dynamo, c.tableName),
    audit: new DynamoOrderAudit(aws.dynamo, c.tableName),
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    bodies: archive,
    fingerprints: archive,
    seals: archive,
    orderIndex: new DynamoOrderIndex(aws.dynamo, c.tableName),
    raw: archive,
    ledger: new DynamoInterchangeLedger(aws.dynamo, c.tableName),
    clock: clockOf(options, loadOptionalConfig(env)),
  };
}

/** A handler built from live dependencies on first use (config is read inside Lambda, not at import). */
export function lazyHandler<E, C, R>(build: () => (event: E, context: C) => Promise<R>): (event: E, context: C) => Promise<R> {
  let built: ((event: E, context: C) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
