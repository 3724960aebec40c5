import { beforeAll, describe, expect, it } from 'vitest';
import { DECISION_ROUTES, HISTORY_ROUTES } from '../../../functions/shared/api-routes.ts';
import { resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { ENV, deadLetterQueueUrlEnv, queueUrlEnv } from '../../../infra/topology.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

function policyOf(synth: Synthesized, prefix: string): Statement[] {
  const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', prefix);
  return (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
}
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());
const resourcesFor = (statements: Statement[], action: string): unknown[] =>
  statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());
function envOf(synth: Synthesized, prefix: string): Record<string, unknown> {
  const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', prefix);
  return (fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
}
const arnOf = (synth: Synthesized, type: string, prefix: string): unknown => ({ 'Fn::GetAtt': [resourceByPrefix(synth.template, type, prefix)[0], 'Arn'] });

let synth: Synthesized;
beforeAll(() => {
  synth = synthPipeline();
});

describe('decisions API', () => {
  it('routes POST /orders/{partner}/{po}/lines/{line}/decision, IAM-authorized, to the decisions function on the history API', () => {
    const [apiId] = resourceByPrefix(synth.template, 'AWS::ApiGatewayV2::Api', 'HistoryApi');
    const [fnId] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'DecisionsHandlerFunction');
    const [integrationId] = Object.entries(resourcesOfType(synth.template, 'AWS::ApiGatewayV2::Integration')).find(
      ([, i]) => JSON.stringify(i.Properties!['IntegrationUri']) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
    )!;
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: apiId },
      RouteKey: 'POST /orders/{partner}/{po}/lines/{line}/decision',
      AuthorizationType: 'AWS_IAM',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
  });

  it('gives the decisions function exactly what the handler uses: table read/write, send to the outbound and notify queues, put claim checks into the archive, delete escalation timers', () => {
    const statements = policyOf(synth, 'DecisionsHandlerRoleDefaultPolicy');
    const table = arnOf(synth, 'AWS::DynamoDB::Table', 'Table');
    expect(resourcesFor(statements, 'dynamodb:PutItem')).toContainEqual(table);
    expect(resourcesFor(statements, 'dynamodb:Query')).toContainEqual(table);
    expect(resourcesFor(statements, 'sqs:SendMessage')).toEqual([
      arnOf(synth, 'AWS::SQS::Queue', 'DeliverStageQueue'),
      arnOf(synth, 'AWS::SQS::Queue', 'MailStageQueue'),
    ]);
    expect(resourcesFor(statements, 'kms:GenerateDataKey*')).toEqual(expect.arrayContaining([arnOf(synth, 'AWS::KMS::Key', 'QueueKey'), arnOf(synth, 'AWS::KMS::Key', 'TableKey')]));
    // Deciding a held line deletes its hold-escalation timers; it creates none (no CreateSchedule, no PassRole).
    expect(actionsOf(statements).filter((a) => a.startsWith('scheduler:'))).toEqual(['scheduler:DeleteSchedule']);
    expect(JSON.stringify(resourcesFor(statements, 'scheduler:DeleteSchedule'))).toContain(':schedule/edi-escalations/*');
    // It reads no bucket and sends no email itself; it may put a claim check (an 855 too large for a message) into the archive.
    expect(actionsOf(statements).filter((a) => /^(iam:|ses:)|^s3:(Get|List|Delete)/.test(a))).toEqual([]);
    const puts = JSON.stringify(resourcesFor(statements, 's3:PutObject'));
    expect(puts).toMatch(/Archive/);
    expect(puts).not.toMatch(/Inbound|Outbound/);

    const env = envOf(synth, 'DecisionsHandlerFunction');
    expect(env).toMatchObject({
      [ENV.tableName]: { Ref: expect.stringMatching(/^Table/) },
      [queueUrlEnv('deliver')]: { Ref: expect.stringMatching(/^DeliverStageQueue/) },
      [queueUrlEnv('mail')]: { Ref: expect.stringMatching(/^MailStageQueue/) },
      [ENV.schedulerGroup]: 'edi-escalations',
      [ENV.schedulerRoleArn]: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulerRole/), 'Arn'] },
      [ENV.archiveBucket]: { Ref: expect.stringMatching(/Archive/) },
    });
    for (const absent of [ENV.inboundBucket, ENV.outboundBucket, queueUrlEnv('process')]) {
      expect(env[absent], absent).toBeUndefined();
    }
  });

  it('alarms on the decisions function errors and throttles', () => {
    const alarms = Object.values(resourcesOfType(synth.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!['AlarmName']);
    expect(alarms).toEqual(expect.arrayContaining(['edi-decisions-errors', 'edi-decisions-throttles', 'edi-digest-errors', 'edi-digest-throttles']));
  });

  it('gives the planner role (fixed name edi-planner) execute-api:Invoke on the decision POSTs and the history GETs, and nothing else', () => {
    const [roleId, role] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'DecisionsPlannerRole');
    expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain(':root');
    expect(role.Properties!['ManagedPolicyArns']).toBeUndefined();
    const statements = (role.Properties!['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(actionsOf(statements)).toEqual(['execute-api:Invoke']);
    const resources = statements.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(role.Properties!['RoleName']).toBe('edi-planner');
    expect(resources).toHaveLength(Object.keys(HISTORY_ROUTES).length + Object.keys(DECISION_ROUTES).length + 1);
    expect(resources.join()).toContain('/$default/POST/orders/*/*/shipments');
    expect(resources.join()).toContain('/$default/POST/orders/*/*/lines/*/decision');
    expect(resources.join()).toContain('/$default/POST/orders/*/*/lines/*/confirm');
    expect(resources.join()).toContain('/$default/POST/items/*/allocations"');
    expect(resources.join()).toContain('/$default/POST/items/*/allocations/*/confirm"');
    expect(resources.join()).toContain('/$default/GET/orders/*/*/history');
    expect(resources.join()).toContain('/$default/GET/interchanges/*/*');
    const attached = Object.values(resourcesOfType(synth.template, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties!['Roles']).includes(roleId));
    expect(attached).toEqual([]);
  });

  it('keeps the auditor role off the decision route', () => {
    const [, role] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'HistoryAuditorRole');
    expect(JSON.stringify(role.Properties!['Policies'])).not.toContain('/POST/');
    expect(JSON.stringify(role.Properties!['Policies'])).not.toContain('allocations');
  });

  it('lets another account assume the planner role when plannerAccountId is set', () => {
    const { template } = synthPipeline({ context: { plannerAccountId: '210987654321' } });
    const [, role] = resourceByPrefix(template, 'AWS::IAM::Role', 'DecisionsPlannerRole');
    expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain(':iam::210987654321:root');
  });
});

describe('P3 planner digest schedule', () => {
  it('runs a recurring schedule at 07:00 Monday–Friday on the desk clock (America/Chicago) by default', () => {
    const [groupId] = resourceByPrefix(synth.template, 'AWS::Scheduler::ScheduleGroup', 'DigestGroup');
    const [fnId] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', 'DigestHandlerFunction');
    const [roleId] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'DigestScheduleRole');
    synth.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'edi-planning' });
    const [, schedule] = resourceByPrefix(synth.template, 'AWS::Scheduler::Schedule', 'DigestSchedule');
    expect(schedule.Properties).toMatchObject({
      Name: 'edi-p3-digest',
      GroupName: { Ref: groupId },
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    });
    const input = JSON.parse((schedule.Properties!['Target'] as { Input: string }).Input) as Record<string, string>;
    expect(input).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>', timeZone: 'America/Chicago' });
  });

  it('deletes both schedule groups with the stack (timers hold no record; a redeploy recreates the named groups)', () => {
    for (const prefix of ['DigestGroup', 'SchedulerGroup']) {
      const [, group] = resourceByPrefix(synth.template, 'AWS::Scheduler::ScheduleGroup', prefix);
      expect(group.DeletionPolicy, prefix).toBe('Delete');
    }
  });

  it('takes the time zone and the cron expression from context', () => {
    const { template } = synthPipeline({ context: { deskTimeZone: 'Europe/Berlin', digestSchedule: 'cron(30 6 ? * MON-SAT *)' } });
    const [, schedule] = resourceByPrefix(template, 'AWS::Scheduler::Schedule', 'DigestSchedule');
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(30 6 ? * MON-SAT *)', ScheduleExpressionTimezone: 'Europe/Berlin' });
    expect((schedule.Properties!['Target'] as { Input: string }).Input).toContain('"timeZone":"Europe/Berlin"');
  });

  it('refuses a time zone or a schedule expression that is not one', () => {
    expect(() => synthPipeline({ context: { deskTimeZone: 'Mars/Olympus' } })).toThrow(/deskTimeZone/);
    expect(() => synthPipeline({ context: { digestSchedule: 'rate(1 day)' } })).toThrow(/digestSchedule/);
  });

  it('lets only the scheduler (this account, the planning group) assume the schedule role, which can only invoke the digest function', () => {
    const [groupId] = resourceByPrefix(synth.template, 'AWS::Scheduler::ScheduleGroup', 'DigestGroup');
    const [, role] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'DigestScheduleRole');
    expect(role.Properties!['AssumeRolePolicyDocument']).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] } } },
        },
      ],
    });
    expect(policyOf(synth, 'DigestScheduleRoleDefaultPolicy')).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(synth, 'AWS::Lambda::Function', 'DigestHandlerFunction') },
    ]);
  });

  it('lets the digest function read the table and send to the notify queue, nothing more', () => {
    const statements = policyOf(synth, 'DigestHandlerRoleDefaultPolicy');
    expect(actionsOf(statements).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)|^(scheduler|iam|s3|ses):/.test(a))).toEqual([]);
    expect(resourcesFor(statements, 'dynamodb:Query')).toContainEqual(arnOf(synth, 'AWS::DynamoDB::Table', 'Table'));
    expect(resourcesFor(statements, 'sqs:SendMessage')).toEqual([arnOf(synth, 'AWS::SQS::Queue', 'MailStageQueue')]);
    const env = envOf(synth, 'DigestHandlerFunction');
    expect(Object.keys(env)).toEqual(expect.arrayContaining([ENV.tableName, queueUrlEnv('mail')]));
  });
});

describe('process function: everything the planning wiring uses', () => {
  it('has the settings liveProcessDeps and the planning service read', () => {
    const env = envOf(synth, 'ProcessStageHandlerFunction');
    for (const name of [
      ENV.tableName,
      ENV.archiveBucket,
      queueUrlEnv('process'),
      queueUrlEnv('deliver'),
      queueUrlEnv('mail'),
      deadLetterQueueUrlEnv('process'),
      ENV.schedulerGroup,
      ENV.schedulerRoleArn,
    ]) {
      expect(env[name], name).toBeDefined();
    }
  });

  it('may put claim checks into the archive (an 855/865 over the inline limit) but not delete from it', () => {
    const statements = policyOf(synth, 'ProcessStageHandlerRoleDefaultPolicy');
    const [archiveId] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageArchive');
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [archiveId, 'Arn'] }, '/*']] };
    expect(resourcesFor(statements, 's3:PutObject')).toContainEqual(objects);
    expect(resourcesFor(statements, 's3:GetObject*')).toContainEqual(objects);
    expect(actionsOf(statements).filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('may create and delete P1 escalation schedules and pass the escalation scheduler role', () => {
    const statements = policyOf(synth, 'ProcessStageHandlerRoleDefaultPolicy');
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole']));
    expect(resourcesFor(statements, 'iam:PassRole')).toEqual([arnOf(synth, 'AWS::IAM::Role', 'SchedulerRole')]);
  });
});
