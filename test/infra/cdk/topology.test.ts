import { beforeAll, describe, expect, it } from 'vitest';
import { pascal, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { STAGES } from '../../../infra/topology.ts';

/**
 * The local stack and the CDK stack are both built from infra/topology.ts. This walks the topology
 * and requires, for every stage, the AWS resources that make it a stage — so adding an entry
 * without its AWS counterpart (or the reverse) fails here.
 */
describe('topology ↔ AWS resources', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  const ids = (type: string): string[] => Object.keys(resourcesOfType(synth.template, type));
  const one = (type: string, prefix: string): string => {
    const found = ids(type).filter((id) => id.startsWith(prefix));
    expect(found, `${type} ${prefix}*`).toHaveLength(1);
    return found[0]!;
  };

  it.each(STAGES.map((s) => s.name))('stage %s has a queue, a DLQ, a function, an event source and its alarms', (name) => {
    const prefix = `${pascal(name)}Stage`;
    const queue = one('AWS::SQS::Queue', `${prefix}Queue`);
    const dlq = one('AWS::SQS::Queue', `${prefix}DeadLetterQueue`);
    const fn = one('AWS::Lambda::Function', `${prefix}HandlerFunction`);
    const mapping = one('AWS::Lambda::EventSourceMapping', `${prefix}HandlerFunctionSqsEventSource`);
    const mappingProps = resourcesOfType(synth.template, 'AWS::Lambda::EventSourceMapping')[mapping]!.Properties!;
    expect(mappingProps['EventSourceArn']).toEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
    expect(mappingProps['FunctionName']).toEqual({ Ref: fn });

    const alarms = Object.values(resourcesOfType(synth.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    const alarmOn = (metricName: string, dimension: unknown) =>
      alarms.filter((a) => a['MetricName'] === metricName && JSON.stringify(a['Dimensions']).includes(JSON.stringify(dimension)));
    expect(alarmOn('ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [dlq, 'QueueName'] }), 'DLQ depth alarm').toHaveLength(1);
    expect(alarmOn('ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': [queue, 'QueueName'] }), 'oldest message alarm').toHaveLength(1);
    expect(alarmOn('Errors', { Ref: fn }), 'errors alarm').toHaveLength(1);
    expect(alarmOn('Throttles', { Ref: fn }), 'throttles alarm').toHaveLength(1);
  });

  it('has no stage queue, DLQ, stage function or event source that the topology does not list', () => {
    const stagePrefixes = STAGES.map((s) => `${pascal(s.name)}Stage`);
    const belongsToStage = (id: string) => stagePrefixes.some((p) => id.startsWith(p));
    expect(ids('AWS::SQS::Queue').filter((id) => !belongsToStage(id))).toEqual([]);
    expect(ids('AWS::Lambda::EventSourceMapping').filter((id) => !belongsToStage(id))).toEqual([]);
    expect(ids('AWS::SQS::Queue')).toHaveLength(2 * STAGES.length);
    // Functions outside the topology: the history and decisions APIs, the P3 digest, CDK's own S3-notification handler and its console BucketDeployment.
    expect(ids('AWS::Lambda::Function').filter((id) => !belongsToStage(id)).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(
      expect.arrayContaining(['HistoryHandlerFunction', 'DecisionsHandlerFunction', 'DigestHandlerFunction']),
    );
    expect(ids('AWS::Lambda::Function')).toHaveLength(STAGES.length + 5);
  });

  it('gives every sendsTo edge a send grant on the target queue', () => {
    const policies = resourcesOfType(synth.template, 'AWS::IAM::Policy');
    for (const stage of STAGES) {
      const [, policy] = Object.entries(policies).find(([id]) => id.startsWith(`${pascal(stage.name)}StageHandlerRoleDefaultPolicy`))!;
      const statements = (policy.Properties!['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
      const sendable = statements
        .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => JSON.stringify(r));
      for (const target of STAGES) {
        const queueId = ids('AWS::SQS::Queue').find((id) => id.startsWith(`${pascal(target.name)}StageQueue`))!;
        expect(sendable.includes(JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })), `${stage.name} → ${target.name}`).toBe(
          stage.sendsTo.includes(target.name),
        );
      }
    }
  });
});
