/**
 * Live dependencies of each stage: config from the environment, SDK clients, adapters.
 * Built on the first invocation of a container, then reused.
 */
import type { Stage } from '#infra/topology.ts';
import { DynamoControlNumbers } from '#functions/adapters/dynamo-control-numbers.ts';
import { DynamoDeliveryLog } from '#functions/adapters/dynamo-delivery-log.ts';
import { DynamoForecastStore } from '#functions/adapters/dynamo-forecast-store.ts';
import { DynamoInterchangeLedger } from '#functions/adapters/dynamo-interchange-ledger.ts';
import { DynamoMailLog } from '#functions/adapters/dynamo-mail-log.ts';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { S3Archive, S3InboundFiles, S3OutboundFiles } from '#functions/adapters/s3-files.ts';
import { SesMailer } from '#functions/adapters/ses-mailer.ts';
import { SqsDeadLetters, SqsPostponer, SqsStageQueue } from '#functions/adapters/sqs-stage-queue.ts';
import { systemClock } from '#functions/adapters/system-clock.ts';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { EventBridgeScheduler, queueArnFromUrl } from '#functions/adapters/eventbridge-scheduler.ts';
import { createPlanningService, type PlanningService } from '#functions/planning/planning-service.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import { ENV } from '#infra/topology.ts';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { DeliverDeps } from '#functions/deliver/handler.ts';
import type { HistoryDeps } from '#functions/history/handler.ts';
import type { IngestDeps } from '#functions/ingest/handler.ts';
import { readX12File } from '#functions/ingest/read-x12.ts';
import type { MailDeps } from '#functions/mail/handler.ts';
import type { ProcessDeps } from '#functions/process/handler.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { awsClients } from './aws-clients.ts';
import { loadConfig } from './config.ts';
import { createObservability } from './observability.ts';

export function liveIngestDeps(): IngestDeps {
  const observability = createObservability('ingest');
  const c = loadConfig(['tableName', 'archiveBucket', 'processQueueUrl', 'deliverQueueUrl', 'mailQueueUrl']);
  const aws = awsClients(observability.tracer);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    inbound: new S3InboundFiles(aws.s3),
    archive: new S3Archive(aws.s3, c.archiveBucket),
    ledger: new DynamoInterchangeLedger(aws.dynamo, c.tableName),
    documents: new SqsStageQueue<DocumentMessage>(aws.sqs, c.processQueueUrl),
    outbound: new SqsStageQueue<OutboundMessage>(aws.sqs, c.deliverQueueUrl),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    readX12: readX12File,
    observability,
  };
}

/** The escalation scheduler when the group and role are configured (EventBridge Scheduler, or the local emulator). */
export function liveScheduler(mailQueueUrl: string, env: Record<string, string | undefined> = process.env): Scheduler | undefined {
  const group = env[ENV.schedulerGroup];
  const roleArn = env[ENV.schedulerRoleArn];
  if (!group || !roleArn) return undefined;
  return new EventBridgeScheduler(new SchedulerClient({}), { group, roleArn, targetArn: queueArnFromUrl(mailQueueUrl, env.AWS_REGION ?? 'us-east-1') });
}

/**
 * The planning shell with live adapters: used by the process stage, the decisions API and the
 * `edi decide/confirm/notify-customer/load/digest` commands (all through the same stores and queues).
 */
export function livePlanningService(log?: (message: string, details?: Record<string, unknown>) => void): PlanningService {
  const c = loadConfig(['tableName', 'deliverQueueUrl', 'mailQueueUrl']);
  const aws = awsClients();
  const scheduler = liveScheduler(c.mailQueueUrl);
  return createPlanningService({
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName, 0),
    store: new DynamoPlanningStore(aws.dynamo, c.tableName),
    orders: new DynamoOrderStore(aws.dynamo, c.tableName),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    outbound: new SqsStageQueue<OutboundMessage>(aws.sqs, c.deliverQueueUrl),
    ...(scheduler ? { scheduler } : {}),
    clock: systemClock,
    ...(log ? { log } : {}),
  });
}

export function liveProcessDeps(): ProcessDeps {
  const observability = createObservability('process');
  const c = loadConfig(['tableName', 'archiveBucket', 'processQueueUrl', 'deliverQueueUrl', 'mailQueueUrl']);
  const aws = awsClients(observability.tracer);
  const planningService = livePlanningService((message, details) => observability.logger.info(message, details ?? {}));
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    orders: new DynamoOrderStore(aws.dynamo, c.tableName),
    forecasts: new DynamoForecastStore(aws.dynamo, c.tableName),
    archive: new S3Archive(aws.s3, c.archiveBucket),
    documents: new SqsStageQueue<DocumentMessage>(aws.sqs, c.processQueueUrl),
    outbound: new SqsStageQueue<OutboundMessage>(aws.sqs, c.deliverQueueUrl),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    postponer: new SqsPostponer(aws.sqs, c.processQueueUrl),
    planning: planningService.rules,
    planningService,
    clock: systemClock,
    observability,
  };
}

export function liveDeliverDeps(): DeliverDeps {
  const observability = createObservability('deliver');
  const c = loadConfig(['tableName', 'archiveBucket', 'outboundBucket', 'mailQueueUrl', 'deliverDeadLetterQueueUrl']);
  const aws = awsClients(observability.tracer);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    controlNumbers: new DynamoControlNumbers(aws.dynamo, c.tableName),
    deliveries: new DynamoDeliveryLog(aws.dynamo, c.tableName),
    archive: new S3Archive(aws.s3, c.archiveBucket),
    outboundFiles: new S3OutboundFiles(aws.s3, c.outboundBucket),
    notify: new SqsStageQueue<NotifyMessage>(aws.sqs, c.mailQueueUrl),
    deadLetters: new SqsDeadLetters(aws.sqs, c.deliverDeadLetterQueueUrl),
    clock: systemClock,
    observability,
  };
}

export function liveMailDeps(): MailDeps {
  const observability = createObservability('mail');
  const c = loadConfig(['tableName', 'mailFrom', 'operationsEmail']);
  const aws = awsClients(observability.tracer);
  return {
    partners: new DynamoPartnerDirectory(aws.dynamo, c.tableName),
    mailLog: new DynamoMailLog(aws.dynamo, c.tableName),
    mailer: new SesMailer(aws.ses),
    planning: new DynamoPlanningStore(aws.dynamo, c.tableName),
    orders: new DynamoOrderStore(aws.dynamo, c.tableName),
    from: c.mailFrom,
    operations: [c.operationsEmail],
    clock: systemClock,
    observability,
  };
}

export function liveHistoryDeps(): HistoryDeps {
  const observability = createObservability('history');
  const c = loadConfig(['tableName']);
  const aws = awsClients(observability.tracer);
  return { timeline: new DynamoTimeline(aws.dynamo, c.tableName), observability };
}

/** A handler built from live dependencies on first use (config is read inside Lambda, not at import). */
export function lazyHandler<E, C, R>(build: () => (event: E, context: C) => Promise<R>): (event: E, context: C) => Promise<R> {
  let built: ((event: E, context: C) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}

export type LiveStage = Stage['name'] | 'history';
