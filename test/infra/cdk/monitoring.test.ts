import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { BUSINESS_METRICS } from '../../../infra/cdk/constructs/monitoring.ts';

describe('monitoring', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline({ context: { alarmEmail: 'ops@example.com' } });
  });

  it('publishes alarms to an SNS topic encrypted with a rotated key that CloudWatch may use, SSL-only', () => {
    const [topicId, topic] = resourceByPrefix(synth.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
    const [keyId, key] = resourceByPrefix(synth.template, 'AWS::KMS::Key', 'MonitoringKey');
    expect(topic.Properties!['KmsMasterKeyId']).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(JSON.stringify(key.Properties!['KeyPolicy'])).toContain('cloudwatch.amazonaws.com');
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('subscribes alarmEmail to the topic', () => {
    synth.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('has no subscription when alarmEmail is not set', () => {
    const { template } = synthPipeline();
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('sends every alarm to the topic', () => {
    const [topicId] = resourceByPrefix(synth.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
    const alarms = Object.values(resourcesOfType(synth.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties!['AlarmActions']).toEqual([{ Ref: topicId }]);
  });

  it('alarms on any dead letter, and on history function errors and throttles', () => {
    const alarms = Object.values(resourcesOfType(synth.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    const dlqAlarms = alarms.filter((a) => a['MetricName'] === 'ApproximateNumberOfMessagesVisible');
    for (const alarm of dlqAlarms) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
    }
    const [historyFn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'HistoryHandlerFunction');
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarms.filter((a) => a['MetricName'] === metric && JSON.stringify(a['Dimensions']).includes(historyFn))).toHaveLength(1);
    }
    const ageAlarms = alarms.filter((a) => a['MetricName'] === 'ApproximateAgeOfOldestMessage');
    for (const alarm of ageAlarms) expect(alarm['Threshold']).toBe(900);
  });

  it('has one dashboard showing every business metric in the configured namespace', () => {
    const [, dashboard] = resourceByPrefix(synth.template, 'AWS::CloudWatch::Dashboard', 'MonitoringDashboard');
    const body = JSON.stringify(dashboard.Properties!['DashboardBody']);
    for (const metric of BUSINESS_METRICS) {
      expect(body).toContain(`[\\"EdiOrderDesk\\",\\"${metric}\\",\\"service\\",\\"edi-order-desk\\"`);
    }
    synth.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
