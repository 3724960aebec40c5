import { beforeAll, describe, expect, it } from 'vitest';
import { pascal, resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { ORDER_EVENT_PUBLISHERS, STAGES } from '../../../infra/topology.ts';

type Statement = { Action: string | string[]; Resource: unknown };
const statementsOf = (synth: Synthesized, prefix: string): Statement[] => {
  const [, policy] = resourceByPrefix(synth.template, 'AWS::IAM::Policy', prefix);
  return (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
};
const putEvents = (statements: Statement[]) => statements.filter((s) => [s.Action].flat().includes('events:PutEvents'));
const envOf = (synth: Synthesized, prefix: string): Record<string, unknown> => {
  const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', prefix);
  return ((fn.Properties!['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {});
};

describe('order events bus', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('creates one named bus and outputs its name and ARN', () => {
    synth.template.resourceCountIs('AWS::Events::EventBus', 1);
    synth.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'edi-order-events' });
    expect(Object.keys(synth.template.findOutputs('OrderEventBusName'))).toHaveLength(1);
    expect(Object.keys(synth.template.findOutputs('OrderEventBusArn'))).toHaveLength(1);
  });

  it('lets exactly the functions that commit order transitions publish, on that bus only, and names it in their environment', () => {
    const [busId] = resourceByPrefix(synth.template, 'AWS::Events::EventBus', 'OrderEventsBus');
    const check = (policyPrefix: string, fnPrefix: string) => {
      const grants = putEvents(statementsOf(synth, policyPrefix));
      expect(grants, policyPrefix).toHaveLength(1);
      expect(JSON.stringify(grants[0]!.Resource)).toContain(busId);
      expect(envOf(synth, fnPrefix)['EDI_EVENT_BUS_NAME'], fnPrefix).toBeDefined();
    };
    for (const stage of STAGES) {
      const policy = `${pascal(stage.name)}StageHandlerRoleDefaultPolicy`;
      if (ORDER_EVENT_PUBLISHERS.includes(stage.name)) check(policy, `${pascal(stage.name)}StageHandlerFunction`);
      else expect(putEvents(statementsOf(synth, policy)), stage.name).toEqual([]);
    }
    check('DecisionsHandlerRoleDefaultPolicy', 'DecisionsHandlerFunction');
  });

  it('adds no rule unless the deployment names a queue', () => {
    expect(resourcesOfType(synth.template, 'AWS::Events::Rule')).not.toHaveProperty('OrderEventsToQueue');
    expect(Object.keys(resourcesOfType(synth.template, 'AWS::Events::Rule')).filter((id) => id.startsWith('OrderEvents'))).toEqual([]);
  });

  it('routes every order event to the configured SQS queue', () => {
    const arn = 'arn:aws:sqs:us-east-1:123456789012:erp-inbox';
    const { template } = synthPipeline({ context: { orderEventsQueueArn: arn } });
    const [busId] = resourceByPrefix(template, 'AWS::Events::EventBus', 'OrderEventsBus');
    const [, rule] = resourceByPrefix(template, 'AWS::Events::Rule', 'OrderEventsToQueue');
    expect(rule.Properties).toMatchObject({ EventPattern: { source: ['edi.pipeline'] }, State: 'ENABLED' });
    expect(JSON.stringify(rule.Properties!['EventBusName'])).toContain(busId);
    expect(rule.Properties!['Targets']).toEqual([expect.objectContaining({ Arn: arn })]);
  });

  it('refuses a value that is not an SQS queue ARN', () => {
    expect(() => synthPipeline({ context: { orderEventsQueueArn: 'arn:aws:sns:us-east-1:123456789012:topic' } })).toThrow(/orderEventsQueueArn|SQS queue ARN/);
  });
});
