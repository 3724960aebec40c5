import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { ENV, queueUrlEnv } from '../../topology.ts';
import { acknowledgeOnPrincipal, QUEUE_SEND_ACKNOWLEDGEMENTS } from '../nag-suppressions.ts';
import type { Monitoring } from './monitoring.ts';
import { type CodeOverride, PipelineFunction } from './pipeline-function.ts';
import type { PipelineTable } from './table.ts';

export const DIGEST_HANDLER = 'functions/digest/lambda.ts';

/** What the schedule passes to the function: EventBridge Scheduler fills in the scheduled time. */
export function digestInput(timeZone: string): string {
  return JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>', timeZone });
}

export interface PlannerDigestProps {
  readonly config: PipelineConfig;
  readonly table: PipelineTable;
  /** The notify queue the digest emails go to. */
  readonly notifyQueue: sqs.IQueue;
  readonly monitoring: Monitoring;
  /** @default bundle functions/digest/lambda.ts */
  readonly code?: CodeOverride;
}

/**
 * The P3 planner digest (README, "Planning intelligence": "the planner, in the daily work list"): a recurring EventBridge
 * Scheduler schedule (`digestSchedule`, default 07:00 Monday–Friday, in `deskTimeZone`) invokes a
 * function that runs `sendDigest` — PAB per item from the supply plan and open demand, P3 shortfalls
 * grouped by planner — and queues one digest email per planner on the notify queue.
 *
 * A schedule cannot put the digest message into the notify queue itself: that message carries the
 * shortfalls computed at send time, and the mail stage only renders it.
 */
export class PlannerDigest extends Construct {
  readonly function: lambda.IFunction;
  readonly pipelineFunction: PipelineFunction;
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: PlannerDigestProps) {
    super(scope, id);
    const { config } = props;

    this.pipelineFunction = new PipelineFunction(this, 'Handler', {
      name: 'digest',
      description: 'P3 planner digest: plan shortfalls with no order affected yet, one email per planner',
      entry: DIGEST_HANDLER,
      memoryMb: 256,
      timeoutSeconds: 120,
      config,
      ...(props.code ? { code: props.code } : {}),
    });
    const fn = this.pipelineFunction.function;
    this.function = fn;
    props.table.grant('read', fn);
    fn.addEnvironment(ENV.tableName, props.table.table.tableName);
    props.notifyQueue.grantSendMessages(fn);
    acknowledgeOnPrincipal(fn, QUEUE_SEND_ACKNOWLEDGEMENTS);
    fn.addEnvironment(queueUrlEnv('mail'), props.notifyQueue.queueUrl);

    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: `${config.resourcePrefix}-planning`, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invoke the P3 digest function, nothing else',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    // The unqualified function ARN only (the CDK grantInvoke would add `<arn>:*`, every version).
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['lambda:InvokeFunction'], resourceArns: [fn.functionArn] });

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      name: `${config.resourcePrefix}-p3-digest`,
      // A reference (not the literal name), so the group exists before the schedule.
      groupName: (this.group.node.defaultChild as scheduler.CfnScheduleGroup).ref,
      description: 'P3 planner digest, on the planning desk’s wall clock',
      scheduleExpression: config.digestSchedule,
      scheduleExpressionTimezone: config.deskTimeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.functionArn,
        roleArn: this.role.roleArn,
        input: digestInput(config.deskTimeZone),
        // Same-day retries only: a digest that cannot go out within the hour waits for tomorrow's.
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
    });
    this.schedule.node.addDependency(this.role);

    props.monitoring.alarmOnFunction(this, 'Function', 'digest', fn);
    new CfnOutput(stack, 'DigestScheduleName', { value: `${this.group.scheduleGroupName}/${config.resourcePrefix}-p3-digest`, description: 'The P3 digest schedule (group/name)' });
  }
}
