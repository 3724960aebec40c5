import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { type Construct } from 'constructs';
import type { PipelineConfig } from './config.ts';
import { Console } from './constructs/console.ts';
import { DecisionsApi } from './constructs/decisions-api.ts';
import { HistoryApi } from './constructs/history-api.ts';
import { Mail } from './constructs/mail.ts';
import { Monitoring } from './constructs/monitoring.ts';
import type { CodeOverride } from './constructs/pipeline-function.ts';
import { EscalationScheduler } from './constructs/scheduler.ts';
import { DailySeal } from './constructs/daily-seal.ts';
import { OrderEvents } from './constructs/order-events.ts';
import { PlannerDigest } from './constructs/planner-digest.ts';
import { PipelineStage } from './constructs/stage.ts';
import { StorageBuckets } from './constructs/storage-buckets.ts';
import { PipelineTable } from './constructs/table.ts';
import { PartnerTransfer } from './constructs/transfer.ts';
import { addCdkInternalSuppressions } from './nag-suppressions.ts';
import { ORDER_EVENT_PUBLISHERS, STAGES, stageByName, type Stage } from '../topology.ts';

/** The stage whose queue receives the inbound bucket's object-created events. */
export const S3_TRIGGERED_STAGE: Stage['name'] = 'ingest';
/** The stage whose queue escalation timers fire into (the timers stage decides whether they still apply). */
export const SCHEDULE_TARGET_STAGE: Stage['name'] = 'timers';

export interface PipelineStackProps extends StackProps {
  readonly config: PipelineConfig;
  /** Replaces esbuild bundling per function (tests); @default bundle each topology handler */
  readonly code?: CodeOverride;
  /** @default STAGES from infra/topology.ts */
  readonly stages?: readonly Stage[];
}

/** The whole pipeline on AWS, built from the topology in infra/topology.ts. */
export class PipelineStack extends Stack {
  readonly buckets: StorageBuckets;
  readonly table: PipelineTable;
  readonly queueKey: kms.Key;
  readonly monitoring: Monitoring;
  readonly stages: ReadonlyMap<Stage['name'], PipelineStage>;
  readonly mail: Mail;
  readonly scheduler: EscalationScheduler;
  readonly orderEvents: OrderEvents;
  readonly historyApi: HistoryApi;
  readonly decisionsApi: DecisionsApi;
  readonly console: Console;
  readonly digest: PlannerDigest;
  readonly transfer?: PartnerTransfer;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    // Access logs are delivered under a bucket policy, never ACLs (buckets enforce bucket-owner
    // ownership); set here so the stack does not depend on cdk.json carrying the flag.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { config } = props;
    const topology = props.stages ?? STAGES;

    this.buckets = new StorageBuckets(this, 'Storage', { config });
    this.table = new PipelineTable(this, 'Table', { config });
    this.monitoring = new Monitoring(this, 'Monitoring', { config });
    this.queueKey = new kms.Key(this, 'QueueKey', {
      description: `${config.resourcePrefix}: stage queues and dead-letter queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const stages = new Map<Stage['name'], PipelineStage>();
    for (const stage of topology) {
      stages.set(
        stage.name,
        new PipelineStage(this, `${pascal(stage.name)}Stage`, {
          stage,
          config,
          queueKey: this.queueKey,
          table: this.table,
          buckets: this.buckets,
          monitoring: this.monitoring,
          ...(props.code ? { code: props.code } : {}),
        }),
      );
    }
    this.stages = stages;

    this.buckets.notifyObjectCreated(requireStage(stages, S3_TRIGGERED_STAGE).queue);
    this.mail = new Mail(this, 'Mail', { config });
    this.scheduler = new EscalationScheduler(this, 'Scheduler', {
      config,
      targetQueue: requireStage(stages, SCHEDULE_TARGET_STAGE).queue,
    });
    for (const stage of stages.values()) {
      stage.connect({ stages, mail: this.mail, scheduler: this.scheduler });
    }
    this.orderEvents = new OrderEvents(this, 'OrderEvents', { config });
    for (const name of ORDER_EVENT_PUBLISHERS) {
      const stage = stages.get(name);
      if (stage) this.orderEvents.grantPublish(stage.pipelineFunction.function);
    }
    new DailySeal(this, 'DailySeal', { config, scheduler: this.scheduler, timersQueue: requireStage(stages, SCHEDULE_TARGET_STAGE).queue });

    this.console = new Console(this, 'Console', { config, buckets: this.buckets });
    this.historyApi = new HistoryApi(this, 'History', {
      config,
      console: this.console,
      table: this.table,
      buckets: this.buckets,
      monitoring: this.monitoring,
      ...(props.code ? { code: props.code } : {}),
    });

    this.decisionsApi = new DecisionsApi(this, 'Decisions', {
      config,
      historyApi: this.historyApi,
      table: this.table,
      queues: new Map([...stages].map(([name, stage]) => [name, stage.queue])),
      buckets: this.buckets,
      scheduler: this.scheduler,
      monitoring: this.monitoring,
      ...(props.code ? { code: props.code } : {}),
    });

    this.orderEvents.grantPublish(this.decisionsApi.pipelineFunction.function);
    this.console.deploy(this.historyApi.api, this.historyApi.stage.url);

    this.digest = new PlannerDigest(this, 'Digest', {
      config,
      table: this.table,
      notifyQueue: requireStage(stages, 'mail').queue,
      monitoring: this.monitoring,
      ...(props.code ? { code: props.code } : {}),
    });

    if (config.transferServer) {
      this.transfer = new PartnerTransfer(this, 'Transfer', { config, buckets: this.buckets });
    }

    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'InboundBucketName', { value: this.buckets.inbound.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.buckets.archive.bucketName });
    new CfnOutput(this, 'OutboundBucketName', { value: this.buckets.outbound.bucketName });
    for (const stage of stages.values()) {
      new CfnOutput(this, `${pascal(stage.stage.name)}QueueUrl`, { value: stage.queue.queueUrl });
      new CfnOutput(this, `${pascal(stage.stage.name)}DeadLetterQueueUrl`, { value: stage.deadLetterQueue.queueUrl });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'SchedulerGroupName', { value: this.scheduler.group.scheduleGroupName });
    new CfnOutput(this, 'OrderEventBusName', { value: this.orderEvents.bus.eventBusName });
    new CfnOutput(this, 'OrderEventBusArn', { value: this.orderEvents.bus.eventBusArn });

    addCdkInternalSuppressions(this);
  }
}

function requireStage(stages: ReadonlyMap<Stage['name'], PipelineStage>, name: Stage['name']): PipelineStage {
  const stage = stages.get(name);
  if (!stage) throw new Error(`the topology has no "${stageByName(name).name}" stage`);
  return stage;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
