import { beforeAll, describe, expect, it } from 'vitest';
import { pascal, resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { VISIBILITY_TO_TIMEOUT_RATIO } from '../../../infra/cdk/constructs/stage.ts';
import { ENV, queueUrlEnv, STAGES, type Stage } from '../../../infra/topology.ts';
import { DEFAULT_MAX_INBOUND_BYTES } from '../../../functions/use-cases/receive-interchange.ts';

const queueName = (stage: Stage, dlq = false): string => `edi-${stage.queue.name}${dlq ? '-dlq' : ''}${stage.queue.fifo ? '.fifo' : ''}`;

let synth: Synthesized;
beforeAll(() => {
  synth = synthPipeline();
});

describe.each(STAGES.map((s) => [s.name, s] as const))('stage %s', (_name, stage) => {
  const prefix = `${pascal(stage.name)}Stage`;

  it('has a queue as the topology describes: KMS (queue key), FIFO or not, visibility, retention, redrive to its DLQ', () => {
    const [, queue] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}Queue`);
    const [dlqId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}DeadLetterQueue`);
    expect(queue.Properties).toMatchObject({
      QueueName: queueName(stage),
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
      VisibilityTimeout: stage.queue.visibilityTimeoutSeconds,
      MessageRetentionPeriod: stage.queue.retentionSeconds,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: stage.queue.maxReceiveCount },
    });
    expect(queue.Properties?.['FifoQueue']).toBe(stage.queue.fifo ? true : undefined);
  });

  it('has a dead-letter queue of the same kind, encrypted, with the same retention', () => {
    const [, dlq] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}DeadLetterQueue`);
    expect(dlq.Properties).toMatchObject({
      QueueName: queueName(stage, true),
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
      MessageRetentionPeriod: stage.queue.retentionSeconds,
    });
    expect(dlq.Properties?.['FifoQueue']).toBe(stage.queue.fifo ? true : undefined);
  });

  it('denies non-TLS access to both queues', () => {
    for (const part of ['Queue', 'DeadLetterQueue']) {
      const [queueId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}${part}`);
      const policies = Object.values(resourcesOfType(synth.template, 'AWS::SQS::QueuePolicy')).filter(
        (p) => JSON.stringify(p.Properties?.['Queues']) === JSON.stringify([{ Ref: queueId }]),
      );
      const statements = policies.flatMap((p) => (p.Properties!['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement);
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it(`keeps the visibility timeout at least ${VISIBILITY_TO_TIMEOUT_RATIO}× the function timeout`, () => {
    const [, queue] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}Queue`);
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', `${prefix}HandlerFunction`);
    expect(queue.Properties?.['VisibilityTimeout']).toBeGreaterThanOrEqual(VISIBILITY_TO_TIMEOUT_RATIO * (fn.Properties?.['Timeout'] as number));
  });

  it('runs its function on Node 22, arm64, with the topology sizing, tracing and the Powertools environment', () => {
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', `${prefix}HandlerFunction`);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: stage.memoryMb,
      Timeout: stage.timeoutSeconds,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(new RegExp(`^${prefix}HandlerLogs`)) } },
      Environment: {
        Variables: expect.objectContaining({
          POWERTOOLS_SERVICE_NAME: 'edi-order-desk',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_METRICS_NAMESPACE: 'EdiOrderDesk',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    expect(fn.Properties?.['ReservedConcurrentExecutions']).toBe(stage.reservedConcurrency);
  });

  it('tells the function where its storage and the queues it sends to are (names from ENV / queueUrlEnv)', () => {
    const [, fn] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', `${prefix}HandlerFunction`);
    const vars = (fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const storageEnv = { table: ENV.tableName, inboundBucket: ENV.inboundBucket, archiveBucket: ENV.archiveBucket, outboundBucket: ENV.outboundBucket };
    for (const [name, envName] of Object.entries(storageEnv)) {
      expect(vars[envName] !== undefined, `${envName}`).toBe(name in stage.storage);
    }
    for (const target of STAGES) {
      expect(vars[queueUrlEnv(target.name)] !== undefined, queueUrlEnv(target.name)).toBe(stage.sendsTo.includes(target.name));
    }
    expect(vars[ENV.mailFrom] !== undefined).toBe(stage.sendsEmail);
    expect(vars[ENV.operationsEmail] !== undefined).toBe(stage.sendsEmail);
    expect(vars[ENV.schedulerGroup] !== undefined).toBe(stage.schedules);
    expect(vars[ENV.schedulerRoleArn] !== undefined).toBe(stage.schedules);
    // the stage that reads partner files knows the deployment's maximum file size
    expect(vars[ENV.maxInboundBytes]).toBe(stage.storage.inboundBucket ? String(DEFAULT_MAX_INBOUND_BYTES) : undefined);
  });

  it('consumes its queue with partial batch responses, its batch size and (standard queues only) its batching window', () => {
    const [queueId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', `${prefix}Queue`);
    const [fnId] = resourceByPrefix(synth.template, 'AWS::Lambda::Function', `${prefix}HandlerFunction`);
    const [, mapping] = resourceByPrefix(synth.template, 'AWS::Lambda::EventSourceMapping', `${prefix}HandlerFunctionSqsEventSource`);
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: fnId },
      BatchSize: stage.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const window = stage.queue.fifo || stage.maxBatchingWindowSeconds === 0 ? undefined : stage.maxBatchingWindowSeconds;
    expect(mapping.Properties?.['MaximumBatchingWindowInSeconds']).toBe(window);
  });
});

describe('function sizing', () => {
  it('applies reserved concurrency from the topology when an entry sets it', () => {
    const stages = STAGES.map((s) => (s.name === 'deliver' ? { ...s, reservedConcurrency: 3 } : s));
    const { template } = synthPipeline({ stages });
    const [, fn] = resourceByPrefix(template, 'AWS::Lambda::Function', 'DeliverStageHandlerFunction');
    expect(fn.Properties?.['ReservedConcurrentExecutions']).toBe(3);
  });

  it('sets the ingest function\'s EDI_MAX_INBOUND_BYTES from the maxInboundBytes context value, and refuses one that is not a whole number of bytes', () => {
    const small = synthPipeline({ context: { maxInboundBytes: '1048576' } });
    const [, fn] = resourceByPrefix(small.template, 'AWS::Lambda::Function', `${pascal('ingest')}StageHandlerFunction`);
    expect((fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables[ENV.maxInboundBytes]).toBe('1048576');
    expect(() => synthPipeline({ context: { maxInboundBytes: '1 MB' } })).toThrow(/maxInboundBytes/);
  });

  it('refuses a queue whose visibility timeout is below 6× the function timeout', () => {
    const stages = STAGES.map((s) => (s.name === 'mail' ? { ...s, timeoutSeconds: 31 } : s));
    expect(() => synthPipeline({ stages })).toThrow(/visibility timeout 180s is below 6 × the function timeout \(31s\)/);
  });
});
