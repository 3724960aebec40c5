import { beforeAll, describe, expect, it } from 'vitest';
import { pascal, resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { deadLetterQueueUrlEnv, STAGES } from '../../../infra/topology.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthPipeline();
});

describe.each(STAGES.map((s) => [s.name] as const))('stage %s dead-lettering a message itself', (name) => {
  const prefix = `${pascal(name)}Stage`;

  it('knows its own DLQ (EDI_DLQ_URL_<STAGE>) and no other stage’s', () => {
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', `${prefix}HandlerFunction`);
    const [dlqId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}DeadLetterQueue`);
    const vars = (fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(vars[deadLetterQueueUrlEnv(name)]).toEqual({ Ref: dlqId });
    for (const other of STAGES.filter((s) => s.name !== name)) expect(vars[deadLetterQueueUrlEnv(other.name)]).toBeUndefined();
  });

  it('may send to its own DLQ only', () => {
    const [, policy] = Object.entries(resourcesOfType(synth.template, 'AWS::IAM::Policy')).find(([id]) => id.startsWith(`${prefix}HandlerRoleDefaultPolicy`))!;
    const statements = (policy.Properties!['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const sendable = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    for (const stage of STAGES) {
      const [dlqId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${pascal(stage.name)}StageDeadLetterQueue`);
      expect(sendable.includes(JSON.stringify({ 'Fn::GetAtt': [dlqId, 'Arn'] })), `${name} → ${stage.name} DLQ`).toBe(stage.name === name);
    }
  });
});
