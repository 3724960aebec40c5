import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { resourceByPrefix, resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';

const DATA_BUCKETS = ['StorageInbound', 'StorageArchive', 'StorageOutbound'] as const;

describe('storage buckets', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it.each(DATA_BUCKETS)('%s is KMS-encrypted with the rotated storage key, versioned, private and retained', (prefix) => {
    const [, bucket] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', prefix);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^StorageKey/), 'Arn'] } },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^StorageAccessLogs/) } },
    });
    const [, key] = resourceByPrefix(synth.template, 'AWS::KMS::Key', 'StorageKey');
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it.each(DATA_BUCKETS)('%s denies requests without TLS (and below TLS 1.2)', (prefix) => {
    const [bucketId] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', prefix);
    const policy = Object.values(resourcesOfType(synth.template, 'AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties?.['Bucket']) === JSON.stringify({ Ref: bucketId }),
    );
    expect(policy).toBeDefined();
    const statements = (policy!.Properties!['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  it('moves the archive to Glacier Instant Retrieval after 90 days and expires it after 7 years by default', () => {
    const [, archive] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageArchive');
    expect(archive.Properties?.['LifecycleConfiguration']).toMatchObject({
      Rules: expect.arrayContaining([
        expect.objectContaining({
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
          ExpirationInDays: 2555,
          NoncurrentVersionExpiration: { NoncurrentDays: 2555 },
        }),
      ]),
    });
    expect(archive.Properties?.['ObjectLockEnabled']).toBeUndefined();
  });

  it('expires processed inbound files and delivered outbound files after their retention', () => {
    const [, inbound] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageInbound');
    const [, outbound] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageOutbound');
    expect(JSON.stringify(inbound.Properties?.['LifecycleConfiguration'])).toContain('"ExpirationInDays":30');
    expect(JSON.stringify(outbound.Properties?.['LifecycleConfiguration'])).toContain('"ExpirationInDays":365');
  });

  it('keeps the access-log bucket private, SSL-only and on SSE-S3 (log delivery cannot use a customer key)', () => {
    const [, logs] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageAccessLogs');
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('sends every object created in the inbound bucket to the inbound queue', () => {
    const [inboundId] = resourceByPrefix(synth.template, 'AWS::S3::Bucket', 'StorageInbound');
    const [queueId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', 'IngestStageQueue');
    synth.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: inboundId },
      NotificationConfiguration: {
        QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] } }],
      },
    });
    // S3 may send to the queue only for this bucket, and may use the queue key.
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [inboundId, 'Arn'] } } },
          }),
        ]),
      },
    });
    synth.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']) }),
        ]),
      },
    });
  });
});

describe('archive settings from context', () => {
  it('uses archiveTransitionDays / archiveRetentionDays and enables Object Lock (governance) when archiveObjectLock is true', () => {
    const { template } = synthPipeline({ context: { archiveTransitionDays: 30, archiveRetentionDays: 3650, archiveObjectLock: 'true' } });
    const [, archive] = resourceByPrefix(template, 'AWS::S3::Bucket', 'StorageArchive');
    expect(archive.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(JSON.stringify(archive.Properties?.['LifecycleConfiguration'])).toContain('{"StorageClass":"GLACIER_IR","TransitionInDays":30}');
    expect(JSON.stringify(archive.Properties?.['LifecycleConfiguration'])).toContain('"ExpirationInDays":3650');
  });

  it('rejects a transition that is not before the retention', () => {
    expect(() => synthPipeline({ context: { archiveTransitionDays: 400, archiveRetentionDays: 365 } })).toThrow(/archiveTransitionDays/);
  });
});
