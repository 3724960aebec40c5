import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { CONSOLE_PREFIX, DECISION_ROUTES, HISTORY_ROUTES } from '../../../functions/shared/api-routes.ts';
import { ENV } from '../../../infra/topology.ts';

const poolRef = (synth: Synthesized) => resourceByPrefix(synth.template, 'AWS::Cognito::UserPool', 'ConsoleUsers')[0];

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('history API', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('serves every route twice: with SigV4 (AWS_IAM) and under /console with the Cognito JWT authorizer', () => {
    const routes = Object.values(resourcesOfType(synth.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    const keys = (auth: string) => routes.filter((r) => r['AuthorizationType'] === auth).map((r) => String(r['RouteKey'])).sort();
    const iam = [...Object.values(HISTORY_ROUTES).map((p) => `GET ${p}`), ...Object.values(DECISION_ROUTES).map((p) => `POST ${p}`), 'POST /orders/{partner}/{po}/shipments'].sort();
    expect(keys('AWS_IAM')).toEqual(iam);
    expect(keys('JWT')).toEqual(iam.map((k) => k.replace(' /', ` ${CONSOLE_PREFIX}/`)).sort());
    expect(routes).toHaveLength(2 * iam.length);
    const [poolId] = resourceByPrefix(synth.template, 'AWS::Cognito::UserPool', 'ConsoleUsers');
    const [clientId] = resourceByPrefix(synth.template, 'AWS::Cognito::UserPoolClient', 'ConsoleUsersClient');
    const [, authorizer] = resourceByPrefix(synth.template, 'AWS::ApiGatewayV2::Authorizer', 'HistoryApiConsoleUsers');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Audience: [{ Ref: clientId }] } });
    expect(JSON.stringify(authorizer.Properties!['JwtConfiguration'])).toContain(poolId);
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

  it('lets the history function only read the table and the three buckets, whose names and the caller role names are in its environment', () => {
    const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', 'HistoryHandlerRoleDefaultPolicy');
    const statements = (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
    const actions = statements.flatMap((s) => [s.Action].flat());
    const writes = actions.filter((a) => /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:(Put|Delete|Abort)|kms:(Encrypt|ReEncrypt|GenerateDataKey)|sqs:|ses:)/.test(a));
    expect(writes).toEqual([]);
    const readable = JSON.stringify(statements.filter((s) => [s.Action].flat().includes('s3:GetObject*')).map((s) => s.Resource));
    for (const bucket of ['StorageInbound', 'StorageArchive', 'StorageOutbound']) expect(readable).toContain(resourceByPrefix(synth.template, 'AWS::S3::Bucket', bucket)[0]);
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'HistoryHandlerFunction');
    const env = (fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining([ENV.tableName, ENV.archiveBucket, ENV.inboundBucket, ENV.outboundBucket]));
    expect(env[ENV.auditorRoleName]).toBe('edi-auditor');
    expect(env[ENV.plannerRoleName]).toBe('edi-planner');
    const [, decisions] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'DecisionsHandlerFunction');
    expect((decisions.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables[ENV.plannerRoleName]).toBe('edi-planner');
  });

  it('gives the auditor role (fixed name edi-auditor) execute-api:Invoke on the history GET routes only: no decision route, no write action', () => {
    const [roleId, role] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'HistoryAuditorRole');
    expect(role.Properties!['RoleName']).toBe('edi-auditor');
    expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain(':root');
    expect(role.Properties!['ManagedPolicyArns']).toBeUndefined();
    const statements = (role.Properties!['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()))]).toEqual(['execute-api:Invoke']);
    const resources = statements.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(Object.keys(HISTORY_ROUTES).length);
    for (const path of Object.values(HISTORY_ROUTES)) expect(resources.join(), path).toContain(`/$default/GET${path.replace(/\{[^}]+\}/g, '*')}`);
    for (const r of resources) {
      expect(r).toMatch(/\/\$default\/GET\//);
      expect(r).not.toMatch(/decision|confirm|\/POST\/|\/PUT\/|\/DELETE\/|\/PATCH\/|\/\*\/\*"?\]?$/);
    }
    const attached = Object.values(resourcesOfType(synth.template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties!['Roles']).includes(roleId),
    );
    expect(attached).toEqual([]);
  });

  it('has a Cognito user pool with the auditors and planners groups, no self sign-up, and a public code+PKCE client for the console', () => {
    const [poolId, pool] = resourceByPrefix(synth.template, 'AWS::Cognito::UserPool', 'ConsoleUsers');
    expect(pool.Properties!['AdminCreateUserConfig']).toMatchObject({ AllowAdminCreateUserOnly: true });
    const groups = Object.values(resourcesOfType(synth.template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties!);
    expect(groups.map((g) => g['GroupName']).sort()).toEqual(['auditors', 'planners']);
    for (const g of groups) expect(g['UserPoolId']).toEqual({ Ref: poolId });
    const [, client] = resourceByPrefix(synth.template, 'AWS::Cognito::UserPoolClient', 'ConsoleUsersClient');
    expect(client.Properties).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'] });
  });

  it('serves the console from a private bucket through CloudFront (origin access control, HTTPS only) with config.json beside the files', () => {
    const [bucketId, bucket] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'ConsoleSite');
    expect(bucket.Properties!['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const [, distribution] = resourceByPrefix(synth.template, 'AWS::CloudFront::Distribution', 'ConsoleDistribution');
    const dc = distribution.Properties!['DistributionConfig'] as { DefaultCacheBehavior: Record<string, unknown>; Origins: Record<string, unknown>[]; DefaultRootObject: string };
    expect(dc.DefaultCacheBehavior['ViewerProtocolPolicy']).toBe('https-only');
    expect(dc.DefaultRootObject).toBe('index.html');
    expect(dc.Origins).toHaveLength(1);
    expect(dc.Origins[0]!['OriginAccessControlId']).toBeDefined();
    expect(JSON.stringify(dc.Origins[0])).toContain(bucketId);
    synth.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const policy = JSON.stringify(resourcesOfType(synth.template, 'AWS::S3::BucketPolicy'));
    expect(policy).toContain('cloudfront.amazonaws.com');
    const [, deployment] = resourceByPrefix(synth.template, 'Custom::CDKBucketDeployment', 'ConsoleDeploy');
    expect(deployment.Properties!['DestinationBucketName']).toEqual({ Ref: bucketId });
    expect((deployment.Properties!['SourceObjectKeys'] as unknown[]).length).toBe(2);
    // The X12 definitions and names beside the console, for its raw view.
    const [, schemas] = resourceByPrefix(synth.template, 'Custom::CDKBucketDeployment', 'ConsoleSchemasDeploy');
    expect(schemas.Properties!['DestinationBucketName']).toEqual({ Ref: bucketId });
    expect(schemas.Properties!['DestinationBucketKeyPrefix']).toBe('schemas/x12/');
    // Source.jsonData: the config's tokens are resolved at deploy time (markers in the asset).
    const markers = JSON.stringify(deployment.Properties!['SourceMarkers']);
    expect(markers).toContain(poolRef(synth));
    expect(markers).toContain(resourceByPrefix(synth.template, 'AWS::ApiGatewayV2::Api', 'HistoryApi')[0]);
    expect(markers).toContain(resourceByPrefix(synth.template, 'AWS::Cognito::UserPoolClient', 'ConsoleUsersClient')[0]);
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
        'ConsoleUrl',
        'UserPoolId',
        'UserPoolClientId',
      ]),
    );
  });
});
