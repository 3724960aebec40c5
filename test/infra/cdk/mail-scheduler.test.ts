import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { pascal, resourceByPrefix, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { STAGES } from '../../../infra/topology.ts';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (synth: Synthesized, stageName: string): Statement[] => {
  const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', `${pascal(stageName)}StageHandlerRoleDefaultPolicy`);
  return (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
};
const grants = (statements: Statement[], action: string): Statement[] => statements.filter((s) => [s.Action].flat().includes(action));

describe('SES', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('creates the identity from sesIdentity with a configuration set as its default', () => {
    const [setId] = resourceByPrefix(synth.template, 'AWS::SES::ConfigurationSet', 'MailConfigurationSet');
    synth.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'edi-mail',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('lets exactly the sendsEmail stages send, and only from the identity through the configuration set', () => {
    for (const stage of STAGES) {
      const send = grants(statementsOf(synth, stage.name), 'ses:SendEmail');
      if (!stage.sendsEmail) {
        expect(send, stage.name).toEqual([]);
        continue;
      }
      const [identityId] = resourceByPrefix(synth.template, 'AWS::SES::EmailIdentity', 'MailIdentity');
      const resources = JSON.stringify(send.flatMap((s) => [s.Resource].flat()));
      expect(resources).toContain(`":identity/",{"Ref":"${identityId}"}`);
      expect(resources).toContain(':configuration-set/');
      expect(send.flatMap((s) => [s.Action].flat()).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    }
  });

  it('uses an address identity when sesIdentity is an email address', () => {
    const { template } = synthPipeline({ context: { sesIdentity: 'edi@example.org' } });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'edi@example.org' });
    const [, fn] = resourceByPrefix(template, 'AWS::Lambda::Function', 'MailStageHandlerFunction');
    expect(JSON.stringify(fn.Properties)).toContain('"EDI_MAIL_FROM":"edi@example.org"');
  });
});

describe('EventBridge Scheduler', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('creates the escalation group and a role only the scheduler (this account, this group) can assume', () => {
    const [groupId] = resourceByPrefix(synth.template, 'AWS::Scheduler::ScheduleGroup', 'SchedulerGroup');
    synth.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'edi-escalations' });
    synth.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] } },
            },
          }),
        ],
      },
    });
  });

  it('lets the scheduler role send to the timers queue only', () => {
    const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', 'SchedulerRoleDefaultPolicy');
    const [timersQueue] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', 'TimersStageQueue');
    const statements = (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
    const sqs = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [timersQueue, 'Arn'] }]);
  });

  it('lets exactly the scheduling stages create/delete schedules in the group and pass the scheduler role', () => {
    const [roleId] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'SchedulerRole');
    for (const stage of STAGES) {
      const statements = statementsOf(synth, stage.name);
      const create = grants(statements, 'scheduler:CreateSchedule');
      const pass = grants(statements, 'iam:PassRole');
      if (!stage.schedules) {
        expect([...create, ...pass], stage.name).toEqual([]);
        continue;
      }
      expect(create).toHaveLength(1);
      expect([create[0]!.Action].flat().sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
      expect(JSON.stringify(create[0]!.Resource)).toContain(':schedule/edi-escalations/*');
      expect(pass).toEqual([
        expect.objectContaining({
          Resource: { 'Fn::GetAtt': [roleId, 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      ]);
    }
  });
});
