import { describe, expect, it } from 'vitest';
import { createLambdaContext, failedMessageIds, toSqsRecord } from '../../../infra/local/poller.ts';
import { encodeS3EventKey } from '../../../infra/local/stack.ts';

describe('failedMessageIds', () => {
  const batch = ['m1', 'm2', 'm3'];

  it.each([
    ['no response', undefined, []],
    ['an empty object', {}, []],
    ['an empty failure list', { batchItemFailures: [] }, []],
    ['one listed failure', { batchItemFailures: [{ itemIdentifier: 'm2' }] }, ['m2']],
    ['an identifier not in the batch', { batchItemFailures: [{ itemIdentifier: 'other' }] }, batch],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }, batch],
    ['a malformed failure list', { batchItemFailures: 'm1' }, batch],
  ])('treats %s as Lambda does', (_name, response, expected) => {
    expect([...failedMessageIds(response, batch)].sort()).toEqual([...expected].sort());
  });
});

describe('toSqsRecord', () => {
  it('builds a Lambda SQS record with FIFO attributes and message attributes', () => {
    // Act
    const record = toSqsRecord(
      {
        MessageId: 'id-1',
        ReceiptHandle: 'rh',
        Body: '{}',
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '2', MessageGroupId: 'PO-1', MessageDeduplicationId: 'd', SequenceNumber: '9' },
        MessageAttributes: { schema: { DataType: 'String', StringValue: 'v1' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } },
      },
      'arn:aws:sqs:us-east-1:123456789012:local-documents.fifo',
      'us-east-1',
    );

    // Assess
    expect(record).toEqual({
      messageId: 'id-1',
      receiptHandle: 'rh',
      body: '{}',
      attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '2', MessageGroupId: 'PO-1', MessageDeduplicationId: 'd', SequenceNumber: '9' },
      messageAttributes: {
        schema: { dataType: 'String', stringValue: 'v1', stringListValues: [], binaryListValues: [] },
        blob: { dataType: 'Binary', binaryValue: 'aGk=', stringListValues: [], binaryListValues: [] },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:local-documents.fifo',
      awsRegion: 'us-east-1',
    });
  });
});

describe('createLambdaContext', () => {
  it('counts the remaining time down from the function timeout', () => {
    const context = createLambdaContext({ functionName: 'local-process', region: 'us-east-1', accountId: '123456789012', memoryMb: 512, timeoutMs: 30_000 });
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(29_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:local-process');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('encodeS3EventKey', () => {
  it.each([
    ['plain/key.edi', 'plain/key.edi'],
    ['a b/c+d.edi', 'a+b/c%2Bd.edi'],
    ['partner(1)/x=y.edi', 'partner%281%29/x%3Dy.edi'],
    ['é.edi', '%C3%A9.edi'],
  ])('encodes %s as S3 notifications do', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });
});
