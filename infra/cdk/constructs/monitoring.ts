import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';

/** Business metrics the handlers emit through Powertools (namespace and `service` from config). */
export const BUSINESS_METRICS = ['OrdersAccepted', 'AnomaliesFound', 'AcksSent', 'InterchangesRejected', 'EmailsSent'] as const;

export interface MonitoringProps {
  readonly config: PipelineConfig;
}

/** What a stage shows on the dashboard. */
export interface MonitoredStage {
  readonly name: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
}

/**
 * The alarm topic (customer key, SSL-only, email subscription from `alarmEmail`), the alarm
 * factories every stage uses, and one dashboard: business metrics first, then each stage's
 * queue, dead-letter queue and function.
 */
export class Monitoring extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  readonly alarmAction: cloudwatch.IAlarmAction;
  readonly dashboard: cloudwatch.Dashboard;
  private readonly config: PipelineConfig;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.config = props.config;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `${this.config.resourcePrefix}: alarm topic`,
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets them.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${this.config.resourcePrefix} EDI pipeline alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (this.config.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(this.config.alarmEmail));
    }
    this.alarmAction = new actions.SnsAction(this.topic);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${this.config.resourcePrefix}-pipeline`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '# EDI pipeline: business metrics', width: 24, height: 1 }),
      ...BUSINESS_METRICS.map(
        (metricName) =>
          new cloudwatch.GraphWidget({
            title: metricName,
            width: Math.max(4, Math.floor(24 / BUSINESS_METRICS.length)),
            left: [this.businessMetric(metricName)],
          }),
      ),
    );
  }

  /** A business metric as Powertools emits it: `service` dimension, summed per 5 minutes. */
  businessMetric(metricName: (typeof BUSINESS_METRICS)[number]): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.config.metricsNamespace,
      metricName,
      dimensionsMap: { service: this.config.serviceName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
  }

  /** Any message in a dead-letter queue is an alarm. */
  alarmOnDeadLetters(scope: Construct, id: string, stageName: string, dlq: sqs.IQueue): cloudwatch.Alarm {
    return this.alarm(scope, id, {
      alarmName: `${this.config.resourcePrefix}-${stageName}-dlq-not-empty`,
      alarmDescription: `Messages in the ${stageName} dead-letter queue: inspect the cause, fix, then redrive.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }

  /** The stage is falling behind: its oldest message is older than `oldestMessageAgeAlarmSeconds`. */
  alarmOnQueueAge(scope: Construct, id: string, stageName: string, queue: sqs.IQueue): cloudwatch.Alarm {
    return this.alarm(scope, id, {
      alarmName: `${this.config.resourcePrefix}-${stageName}-oldest-message-age`,
      alarmDescription: `The ${stageName} queue is not being drained.`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: this.config.oldestMessageAgeAlarmSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
    });
  }

  /** Function errors and throttles, each ≥ 1 in 5 minutes. */
  alarmOnFunction(scope: Construct, idPrefix: string, functionName: string, fn: lambda.IFunction): cloudwatch.Alarm[] {
    return [
      this.alarm(scope, `${idPrefix}ErrorsAlarm`, {
        alarmName: `${this.config.resourcePrefix}-${functionName}-errors`,
        alarmDescription: `The ${functionName} function failed invocations.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      }),
      this.alarm(scope, `${idPrefix}ThrottlesAlarm`, {
        alarmName: `${this.config.resourcePrefix}-${functionName}-throttles`,
        alarmDescription: `The ${functionName} function was throttled.`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      }),
    ];
  }

  addStageWidgets(stage: MonitoredStage): void {
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${stage.name}: queue`,
        width: 8,
        left: [stage.queue.metricApproximateNumberOfMessagesVisible(), stage.deadLetterQueue.metricApproximateNumberOfMessagesVisible()],
        right: [stage.queue.metricApproximateAgeOfOldestMessage()],
      }),
      new cloudwatch.GraphWidget({
        title: `${stage.name}: invocations`,
        width: 8,
        left: [stage.function.metricInvocations(), stage.function.metricErrors(), stage.function.metricThrottles()],
      }),
      new cloudwatch.GraphWidget({
        title: `${stage.name}: duration`,
        width: 8,
        left: [stage.function.metricDuration({ statistic: cloudwatch.Stats.p(99) })],
      }),
    );
  }

  private alarm(scope: Construct, id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(this.alarmAction);
    return alarm;
  }
}
