import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import type { Access, StorageName } from '../../topology.ts';
import { acknowledgeOnPrincipal, bucketGrantAcknowledgements } from '../nag-suppressions.ts';

export type BucketName = Exclude<StorageName, 'table'>;

export interface StorageBucketsProps {
  readonly config: PipelineConfig;
}

/**
 * The inbound, archive and outbound buckets: one customer-managed key (rotated), versioned,
 * SSL-only (TLS ≥ 1.2), public access blocked, server access logs to a logs bucket, retained on
 * stack deletion. The archive moves to Glacier Instant Retrieval after `archiveTransitionDays` and
 * expires after `archiveRetentionDays`, optionally under Object Lock.
 */
/**
 * A private, versioned bucket encrypted with S3-managed keys (SSE-S3), TLS 1.2 and HTTPS only:
 * the access-log bucket's settings, and the console site's (CloudFront's origin access control
 * reads SSE-S3 objects without a key policy).
 */
export const PRIVATE_SSE_S3_BUCKET = {
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
} as const satisfies s3.BucketProps;

export class StorageBuckets extends Construct {
  readonly key: kms.Key;
  readonly logs: s3.Bucket;
  readonly inbound: s3.Bucket;
  readonly archive: s3.Bucket;
  readonly outbound: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageBucketsProps) {
    super(scope, id);
    const { config } = props;

    this.key = new kms.Key(this, 'Key', {
      description: `${config.resourcePrefix}: EDI inbound, archive and outbound buckets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs cannot be delivered to a bucket encrypted with a customer key: SSE-S3 here.
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      ...PRIVATE_SSE_S3_BUCKET,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log target of the data buckets; logging it into itself would loop.',
    });

    this.inbound = this.dataBucket('Inbound', 'inbound/', [
      { id: 'expire-processed-inbound', expiration: Duration.days(config.inboundRetentionDays), noncurrentVersionExpiration: Duration.days(7) },
    ]);
    this.outbound = this.dataBucket('Outbound', 'outbound/', [
      { id: 'expire-delivered-outbound', expiration: Duration.days(config.outboundRetentionDays), noncurrentVersionExpiration: Duration.days(30) },
    ]);
    this.archive = this.dataBucket(
      'Archive',
      'archive/',
      [
        {
          id: 'archive-to-glacier-ir',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(config.archiveTransitionDays) },
          ],
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(config.archiveTransitionDays) },
          ],
          expiration: Duration.days(config.archiveRetentionDays),
          noncurrentVersionExpiration: Duration.days(config.archiveRetentionDays),
        },
      ],
      config.archiveObjectLock
        ? { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(config.archiveRetentionDays)) }
        : {},
    );
  }

  bucket(name: BucketName): s3.Bucket {
    switch (name) {
      case 'inboundBucket':
        return this.inbound;
      case 'archiveBucket':
        return this.archive;
      case 'outboundBucket':
        return this.outbound;
    }
  }

  /**
   * Grants a topology access level. `write` is put-only (no delete, no overwrite of versions),
   * so the archive stays append-only for every function.
   */
  grant(name: BucketName, access: Access, grantee: iam.IGrantable): void {
    const bucket = this.bucket(name);
    if (access === 'read' || access === 'readWrite') bucket.grantRead(grantee);
    if (access === 'write' || access === 'readWrite') bucket.grantPut(grantee);
    acknowledgeOnPrincipal(grantee, bucketGrantAcknowledgements(bucket, access));
  }

  /** Sends an event for every object created in the inbound bucket to `queue`. */
  notifyObjectCreated(queue: sqs.IQueue): void {
    this.inbound.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue));
  }

  private dataBucket(id: string, logPrefix: string, rules: s3.LifecycleRule[], extra: Partial<s3.BucketProps> = {}): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: logPrefix,
      lifecycleRules: [...rules, { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      ...extra,
    });
  }
}
