import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { mailFromAddress } from '../config.ts';
import { ENV, deadLetterQueueUrlEnv, queueUrlEnv, type Stage, type StorageName } from '../../topology.ts';
import { acknowledgeOnPrincipal, QUEUE_SEND_ACKNOWLEDGEMENTS } from '../nag-suppressions.ts';
import type { Mail } from './mail.ts';
import type { Monitoring } from './monitoring.ts';
import { type CodeOverride, PipelineFunction } from './pipeline-function.ts';
import type { EscalationScheduler } from './scheduler.ts';
import type { StorageBuckets } from './storage-buckets.ts';
import type { PipelineTable } from './table.ts';

/** AWS guidance for SQS event sources: visibility timeout ≥ 6 × function timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

const STORAGE_ENV: Record<StorageName, string> = {
  table: ENV.tableName,
  inboundBucket: ENV.inboundBucket,
  archiveBucket: ENV.archiveBucket,
  outboundBucket: ENV.outboundBucket,
};

export interface PipelineStageProps {
  readonly stage: Stage;
  readonly config: PipelineConfig;
  /** Customer key of every queue, so S3 and the scheduler can be granted its use. */
  readonly queueKey: kms.IKey;
  readonly table: PipelineTable;
  readonly buckets: StorageBuckets;
  readonly monitoring: Monitoring;
  /** @default bundle the handler named in the topology */
  readonly code?: CodeOverride;
}

/** Collaborators a stage may need once every stage exists (see `connect`). */
export interface StageConnections {
  readonly stages: ReadonlyMap<Stage['name'], PipelineStage>;
  readonly mail: Mail;
  readonly scheduler: EscalationScheduler;
}

/**
 * One topology entry on AWS: its queue and dead-letter queue (same kind, customer key, SSL-only),
 * its function, the event-source mapping with partial batch responses, the storage grants its
 * entry lists, and alarms on dead letters, queue age, errors and throttles.
 */
export class PipelineStage extends Construct {
  readonly stage: Stage;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: lambda.IFunction;
  readonly pipelineFunction: PipelineFunction;
  readonly eventSource: SqsEventSource;
  readonly alarms: cloudwatch.Alarm[];
  private readonly config: PipelineConfig;

  constructor(scope: Construct, id: string, props: PipelineStageProps) {
    super(scope, id);
    const { stage, config } = props;
    this.stage = stage;
    this.config = config;
    const q = stage.queue;

    if (q.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT_RATIO * stage.timeoutSeconds) {
      throw new Error(
        `stage ${stage.name}: queue visibility timeout ${q.visibilityTimeoutSeconds}s is below ` +
          `${VISIBILITY_TO_TIMEOUT_RATIO} × the function timeout (${stage.timeoutSeconds}s)`,
      );
    }

    const suffix = q.fifo ? '.fifo' : '';
    const common: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(q.retentionSeconds),
      ...(q.fifo ? { fifo: true } : {}),
    };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...common,
      queueName: `${config.resourcePrefix}-${q.name}-dlq${suffix}`,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      queueName: `${config.resourcePrefix}-${q.name}${suffix}`,
      visibilityTimeout: Duration.seconds(q.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: q.maxReceiveCount },
      // Producers may set a MessageDeduplicationId; without one the body is the key.
      ...(q.fifo ? { contentBasedDeduplication: true } : {}),
    });

    this.pipelineFunction = new PipelineFunction(this, 'Handler', {
      name: stage.name,
      description: stage.description,
      entry: stage.handler,
      memoryMb: stage.memoryMb,
      timeoutSeconds: stage.timeoutSeconds,
      ...(stage.reservedConcurrency === undefined ? {} : { reservedConcurrency: stage.reservedConcurrency }),
      config,
      ...(props.code ? { code: props.code } : {}),
    });
    const fn = this.pipelineFunction.function;
    this.function = fn;

    // Batching windows are not supported on FIFO queues.
    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: stage.batchSize,
      reportBatchItemFailures: true,
      ...(q.fifo || stage.maxBatchingWindowSeconds === 0 ? {} : { maxBatchingWindow: Duration.seconds(stage.maxBatchingWindowSeconds) }),
    });
    fn.addEventSource(this.eventSource);

    // A stage dead-letters a message it can never process at once, with its cause (its own DLQ only).
    this.deadLetterQueue.grantSendMessages(fn);
    acknowledgeOnPrincipal(fn, QUEUE_SEND_ACKNOWLEDGEMENTS);
    fn.addEnvironment(deadLetterQueueUrlEnv(stage.name), this.deadLetterQueue.queueUrl);

    // The stage that reads partner files refuses one over the deployment's maximum unread.
    if (stage.storage.inboundBucket) fn.addEnvironment(ENV.maxInboundBytes, String(config.maxInboundBytes));

    for (const [name, access] of Object.entries(stage.storage) as [StorageName, NonNullable<Stage['storage'][StorageName]>][]) {
      if (name === 'table') {
        props.table.grant(access, fn);
        fn.addEnvironment(STORAGE_ENV[name], props.table.table.tableName);
      } else {
        props.buckets.grant(name, access, fn);
        fn.addEnvironment(STORAGE_ENV[name], props.buckets.bucket(name).bucketName);
      }
    }

    this.alarms = [
      props.monitoring.alarmOnDeadLetters(this, 'DeadLettersAlarm', stage.name, this.deadLetterQueue),
      props.monitoring.alarmOnQueueAge(this, 'QueueAgeAlarm', stage.name, this.queue),
      ...props.monitoring.alarmOnFunction(this, 'Function', stage.name, fn),
    ];
    props.monitoring.addStageWidgets({ name: stage.name, queue: this.queue, deadLetterQueue: this.deadLetterQueue, function: fn });
  }

  /** Grants what needs other constructs: sending to other stages, SES, EventBridge Scheduler. */
  connect(connections: StageConnections): void {
    const fn = this.pipelineFunction.function;
    for (const target of this.stage.sendsTo) {
      const other = connections.stages.get(target);
      if (!other) throw new Error(`stage ${this.stage.name} sends to unknown stage ${target}`);
      other.queue.grantSendMessages(fn);
      acknowledgeOnPrincipal(fn, QUEUE_SEND_ACKNOWLEDGEMENTS);
      fn.addEnvironment(queueUrlEnv(target), other.queue.queueUrl);
    }
    if (this.stage.sendsEmail) {
      connections.mail.grantSend(fn);
      fn.addEnvironment(ENV.mailFrom, mailFromAddress(this.config));
      fn.addEnvironment(ENV.operationsEmail, this.config.operationsEmail ?? this.config.alarmEmail ?? mailFromAddress(this.config));
    }
    if (this.stage.schedules) {
      connections.scheduler.grantManageSchedules(fn);
      fn.addEnvironment(ENV.schedulerGroup, connections.scheduler.group.scheduleGroupName);
      fn.addEnvironment(ENV.schedulerRoleArn, connections.scheduler.role.roleArn);
    }
  }
}
