import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { ENV } from '../../../infra/topology.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('history API', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('serves the two GET routes (and the planner POST route), all IAM-authorized, the GETs through the history function', () => {
    const routes = Object.values(resourcesOfType(synth.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => r['RouteKey']).sort()).toEqual([
      'GET /interchanges/{sender}/{control}',
      'GET /orders/{partner}/{po}/history',
      'POST /orders/{partner}/{po}/lines/{line}/decision',
      'POST /orders/{partner}/{po}/shipments',
    ]);
    for (const route of routes) expect(route['AuthorizationType']).toBe('AWS_IAM');
    const [fnId] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'HistoryHandlerFunction');
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  });

  it('logs every request of the $default stage to CloudWatch', () => {
    const [logsId] = resourceByPrefix(synth.template, 'AWS::Logs::LogGroup', 'HistoryAccessLogs');
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logsId, 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('lets the history function only read the table and the archive', () => {
    const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', 'HistoryHandlerRoleDefaultPolicy');
    const actions = (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement.flatMap((s) => [s.Action].flat());
    const writes = actions.filter((a) => /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:(Put|Delete|Abort)|kms:(Encrypt|ReEncrypt|GenerateDataKey)|sqs:|ses:)/.test(a));
    expect(writes).toEqual([]);
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'HistoryHandlerFunction');
    expect(Object.keys((fn.Properties!['Environment'] as { Variables: object }).Variables)).toEqual(
      expect.arrayContaining([ENV.tableName, ENV.archiveBucket]),
    );
  });

  it('gives the auditor role execute-api:Invoke on the GET routes and nothing else', () => {
    const [roleId, role] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'HistoryAuditorRole');
    expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain(':root');
    expect(role.Properties!['ManagedPolicyArns']).toBeUndefined();
    const statements = (role.Properties!['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.flatMap((s) => [s.Action].flat())).toEqual(['execute-api:Invoke']);
    const resources = statements.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    expect(resources.join()).toContain('/$default/GET/orders/*/*/history');
    expect(resources.join()).toContain('/$default/GET/interchanges/*/*');
    const attached = Object.values(resourcesOfType(synth.template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties!['Roles']).includes(roleId),
    );
    expect(attached).toEqual([]);
  });

  it('lets another account assume the auditor role when auditorAccountId is set', () => {
    const { template } = synthPipeline({ context: { auditorAccountId: '123456789012' } });
    const [, role] = resourceByPrefix(template, 'AWS::IAM::Role', 'HistoryAuditorRole');
    expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain(':iam::123456789012:root');
  });
});

describe('outputs the CLI reads', () => {
  it('exports table, buckets, queue URLs, history API URL and auditor role ARN', () => {
    const { template } = synthPipeline();
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'TableName',
        'InboundBucketName',
        'ArchiveBucketName',
        'OutboundBucketName',
        'IngestQueueUrl',
        'ProcessQueueUrl',
        'DeliverQueueUrl',
        'MailQueueUrl',
        'IngestDeadLetterQueueUrl',
        'HistoryApiUrl',
        'AuditorRoleArn',
        'PlannerRoleArn',
        'DigestScheduleName',
      ]),
    );
  });
});
