import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TIMER_MESSAGE_SCHEMA_VERSION } from '../../../schemas/messages/timer-message.ts';
import type { PipelineConfig } from '../config.ts';
import type { EscalationScheduler } from './scheduler.ts';

export interface DailySealProps {
  readonly config: PipelineConfig;
  /** The scheduler group and role that already deliver timers to the timers queue. */
  readonly scheduler: EscalationScheduler;
  readonly timersQueue: sqs.IQueue;
}

/**
 * The daily seal (README, "Verification"): a recurring schedule at 00:10 UTC puts a
 * `daily-seal` timer on the timers queue; the timers stage seals the day that ended into the
 * archive bucket (whose Object Lock default retention, when enabled, keeps the seal).
 */
export class DailySeal extends Construct {
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: DailySealProps) {
    super(scope, id);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      name: `${props.config.resourcePrefix}-daily-seal`,
      groupName: props.scheduler.group.scheduleGroupName,
      scheduleExpression: 'cron(10 0 * * ? *)',
      scheduleExpressionTimezone: 'UTC',
      state: 'ENABLED',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.timersQueue.queueArn,
        roleArn: props.scheduler.role.roleArn,
        input: JSON.stringify({ schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION, kind: 'daily-seal', scheduledTime: '<aws.scheduler.scheduled-time>' }),
      },
    });
  }
}
