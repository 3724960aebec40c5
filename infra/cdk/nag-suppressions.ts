/**
 * Every cdk-nag (AwsSolutions) acknowledgement of the stack, each with its reason. They are
 * attached to the narrowest construct that has the finding: the role that received a grant, the
 * function on a pinned runtime, CDK's own custom-resource handler.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import type { Access } from '../topology.ts';

export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** Acknowledges findings on the principal that received a grant (a function's or the scheduler's role). */
export function acknowledgeOnPrincipal(grantee: iam.IGrantable, acknowledgements: readonly Acknowledgement[]): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  for (const ack of acknowledgements) Validations.of(principal).acknowledge(ack);
}

function arnOf(resource: IConstruct): string {
  const stack = Stack.of(resource);
  return `<${stack.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
}

const KMS_DATA_KEY: Acknowledgement = {
  id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
  reason:
    'Added by CDK grants on one customer-managed key (resource is that key ARN): SQS and S3 call GenerateDataKey/GenerateDataKeyWithoutPlaintext for envelope encryption.',
};
const KMS_REENCRYPT: Acknowledgement = {
  id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
  reason: 'Added by CDK write grants on one customer-managed key (resource is that key ARN); ReEncryptFrom/To only on it.',
};

/** Findings a CDK bucket grant produces; `write` is grantPut (no delete). */
export function bucketGrantAcknowledgements(bucket: IConstruct, access: Access): Acknowledgement[] {
  const acks: Acknowledgement[] = [
    {
      id: `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/*]`,
      reason: 'Objects of this one bucket: object keys are data (partner, interchange) and not known at deploy time.',
    },
  ];
  if (access === 'read' || access === 'readWrite') {
    acks.push(
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'CDK grantRead: GetObject and its version/attributes reads, on this bucket only.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'CDK grantRead: bucket metadata reads (location, versioning), on this bucket only.' },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'CDK grantRead: listing this bucket (also turns a missing key into 404 instead of 403).' },
    );
  }
  if (access === 'write' || access === 'readWrite') {
    acks.push(
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'CDK grantPut: abort its own multipart uploads, on this bucket only.' },
      KMS_REENCRYPT,
    );
  }
  acks.push(KMS_DATA_KEY);
  return acks;
}

/** Findings a CDK table grant produces. */
export function tableGrantAcknowledgements(table: IConstruct, access: Access): Acknowledgement[] {
  return [
    {
      id: `AwsSolutions-IAM5[Resource::${arnOf(table)}/index/*]`,
      reason: "The GSIs (gsi1, gsi2) of this one table; CDK's table grant covers its indexes by ARN pattern.",
    },
    ...(access === 'read' ? [] : [KMS_DATA_KEY, KMS_REENCRYPT]),
  ];
}

/** Findings `queue.grantSendMessages` produces on an encrypted queue. */
export const QUEUE_SEND_ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [KMS_DATA_KEY, KMS_REENCRYPT];

/** Findings on every pipeline function. */
export function acknowledgeFunction(fn: IConstruct, role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only xray:PutTraceSegments and xray:PutTelemetryRecords, added by CDK for active tracing: X-Ray has no resource-level permissions for them.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 is pinned on purpose (the runtime the pipeline is built and tested for); moving to a newer runtime is a reviewed change.',
  });
}

/** Findings on a role that may invoke API routes with path parameters (`routeResources`: `<stage>/<METHOD>/<path with *>`). */
export function acknowledgeApiRoutes(role: IConstruct, apiId: string, routeResources: readonly string[], reason: string): void {
  for (const resource of routeResources) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${resource}]`,
      reason,
    });
  }
}

/** Findings on the auditor role: the GET routes with path parameters. */
export function acknowledgeAuditorRoutes(role: IConstruct, apiId: string, routeResources: readonly string[]): void {
  acknowledgeApiRoutes(
    role,
    apiId,
    routeResources,
    'execute-api:Invoke on one GET route of the history API; the * stand for its path parameters (partner, PO, sender, control number).',
  );
}

/** Findings on resources CDK itself adds to the stack. */
export function addCdkInternalSuppressions(stack: Stack): void {
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's own custom resource that configures the inbound bucket's S3 → SQS notification at deploy time; its role and policies are not configurable.",
      });
    }
  }
}

/**
 * CDK's BucketDeployment singleton (the console's files, infra/cdk/constructs/console.ts): a
 * generated function and role that copy the files from the CDK asset bucket into the console
 * bucket at deploy time, prune old ones and invalidate the distribution. Not configurable.
 */
export function acknowledgeBucketDeployment(stack: Stack, destination: IConstruct): void {
  const deployment = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!deployment) throw new Error('no CDK BucketDeployment singleton in the stack');
  const why = "CDK's own BucketDeployment custom resource (deploys the console's static files); its function and policy are generated by CDK, not configurable";
  Validations.of(deployment).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${why}: logs only.` },
    { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: `${why}: reads the CDK asset bucket and the console bucket.` },
    { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: `${why}: reads the console files from the CDK asset bucket.` },
    { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: `${why}: lists the console bucket to prune old files.` },
    { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: `${why}: aborts its own multipart uploads to the console bucket.` },
    { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: `${why}: prunes files no longer in functions/console/, console bucket only.` },
    { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: `${why}: the bootstrap asset bucket holding the zipped console.` },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${why}: cloudfront:CreateInvalidation/GetInvalidation, which CDK grants on * (after each deployment).` },
    { id: 'AwsSolutions-L1', reason: `${why}: its runtime is chosen by CDK.` },
    { id: `AwsSolutions-IAM5[Resource::${arnOf(destination)}/*]`, reason: `${why}: writes the console bucket's objects, that bucket only.` },
  );
}
