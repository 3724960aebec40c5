import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { acknowledgeOnPrincipal, QUEUE_SEND_ACKNOWLEDGEMENTS } from '../nag-suppressions.ts';

export interface EscalationSchedulerProps {
  readonly config: PipelineConfig;
  /** Where escalation timers fire: the notify queue. */
  readonly targetQueue: sqs.IQueue;
}

/**
 * The EventBridge Scheduler group holding escalation timers and the role the scheduler assumes
 * to deliver them: it can only send to the notify queue, and only schedules of this account may
 * assume it.
 */
export class EscalationScheduler extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  /** ARN pattern of the schedules in the group (schedule names are chosen at run time). */
  readonly schedulesArn: string;
  readonly scheduleGroupName: string;

  constructor(scope: Construct, id: string, props: EscalationSchedulerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const scheduleGroupName = `${props.config.resourcePrefix}-escalations`;
    this.scheduleGroupName = scheduleGroupName;
    // Timers hold no record (the escalation state is in the table): the group and its schedules go
    // with the stack, so a redeploy can create the named group again.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName, removalPolicy: RemovalPolicy.DESTROY });
    this.schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge Scheduler: deliver escalation timers to the notify queue',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          // Confused-deputy guard: only schedules of this group (AWS scopes it by schedule-group ARN).
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    props.targetQueue.grantSendMessages(this.role);
    acknowledgeOnPrincipal(this.role, QUEUE_SEND_ACKNOWLEDGEMENTS);
  }

  /** scheduler:CreateSchedule/DeleteSchedule in this group, and passing this role to the scheduler. */
  grantManageSchedules(grantee: iam.IGrantable): void {
    this.grantOnSchedules(grantee, ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  }

  /** scheduler:DeleteSchedule in this group only: stopping timers (a decided hold), never creating one. */
  grantCancelSchedules(grantee: iam.IGrantable): void {
    this.grantOnSchedules(grantee, ['scheduler:DeleteSchedule']);
  }

  private grantOnSchedules(grantee: iam.IGrantable, actions: string[]): void {
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.schedulesArn] });
    acknowledgeOnPrincipal(grantee, [
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.scheduleGroupName}/*]`,
        reason: 'Schedules of the escalation group only; each schedule is named per escalation at run time.',
      },
    ]);
  }
}
