import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { acknowledgeOnPrincipal, bucketGrantAcknowledgements } from '../nag-suppressions.ts';
import type { StorageBuckets } from './storage-buckets.ts';

export interface PartnerTransferProps {
  readonly config: PipelineConfig;
  readonly buckets: StorageBuckets;
}

/**
 * Optional (`-c transferServer=true`): an AWS Transfer Family SFTP server whose users land files in
 * the inbound bucket. Users (one per partner, SSH key, home directory `/<inbound>/<partner>/`) are
 * added per partner with `aws transfer create-user --role <PartnerAccessRoleArn>`; the role can
 * only put objects into the inbound bucket.
 */
export class PartnerTransfer extends Construct {
  readonly server: transfer.CfnServer;
  readonly partnerAccessRole: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PartnerTransferProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.config.logRetentionDays as logs.RetentionDays,
    });
    this.server = new transfer.CfnServer(this, 'Server', {
      protocols: ['SFTP'],
      domain: 'S3',
      endpointType: 'PUBLIC',
      identityProviderType: 'SERVICE_MANAGED',
      securityPolicyName: 'TransferSecurityPolicy-2024-01',
      structuredLogDestinations: [this.logGroup.logGroupArn],
    });

    this.partnerAccessRole = new iam.Role(this, 'PartnerAccessRole', {
      description: 'Transfer Family users (partners): put files into the inbound bucket only',
      assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    props.buckets.inbound.grantPut(this.partnerAccessRole);
    acknowledgeOnPrincipal(this.partnerAccessRole, bucketGrantAcknowledgements(props.buckets.inbound, 'write'));
    // SFTP clients list their home directory before and after an upload.
    iam.Grant.addToPrincipal({
      grantee: this.partnerAccessRole,
      actions: ['s3:ListBucket'],
      resourceArns: [props.buckets.inbound.bucketArn],
    });

    new CfnOutput(stack, 'TransferServerId', { value: this.server.attrServerId });
    new CfnOutput(stack, 'TransferPartnerAccessRoleArn', { value: this.partnerAccessRole.roleArn });
  }
}
