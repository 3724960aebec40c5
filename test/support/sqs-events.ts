import type { SQSEvent, SQSRecord } from 'aws-lambda';

let seq = 0;

/** An SQS record as Lambda delivers it. */
export function sqsRecord(body: unknown, options: { messageId?: string; receiveCount?: number; groupId?: string } = {}): SQSRecord {
  seq += 1;
  return {
    messageId: options.messageId ?? `m-${seq}`,
    receiptHandle: `rh-${seq}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1735787045000',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '1735787045000',
      ...(options.groupId ? { MessageGroupId: options.groupId, MessageDeduplicationId: `d-${seq}`, SequenceNumber: String(seq) } : {}),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.groupId ? 'arn:aws:sqs:us-east-1:123456789012:documents.fifo' : 'arn:aws:sqs:us-east-1:123456789012:queue',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The body S3 puts on the inbound queue for one created object. */
export function s3Notification(bucket: string, key: string, eventTime = '2025-01-02T03:04:05.000Z'): unknown {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime,
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1 } },
      },
    ],
  };
}
