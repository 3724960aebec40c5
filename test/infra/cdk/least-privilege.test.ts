import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthPipeline, type Synthesized } from './synth-pipeline.ts';

/**
 * Least privilege: no `*` action, no service-wide `svc:*`, and no wildcard in an action or a
 * resource unless it is on these lists, each with the reason it is acceptable. Entries are what
 * CDK's own grant methods generate, scoped to one named resource.
 */
const ALLOWED_WILDCARD_ACTIONS: Record<string, string> = {
  'kms:GenerateDataKey*': 'CDK encrypt grants on one customer key: GenerateDataKey and GenerateDataKeyWithoutPlaintext',
  'kms:ReEncrypt*': 'CDK encrypt grants on one customer key: ReEncryptFrom/ReEncryptTo',
  's3:GetObject*': 'CDK grantRead on one bucket: GetObject and its version/attribute/tagging reads',
  's3:GetBucket*': 'CDK grantRead on one bucket: bucket metadata reads',
  's3:List*': 'CDK grantRead on one bucket: ListBucket (and versions/multipart listing)',
  's3:Abort*': 'CDK grantPut on one bucket: AbortMultipartUpload of its own uploads',
};

/** Actions that have no resource-level permissions, so only `Resource: *` works. */
const ALLOWED_ON_ANY_RESOURCE: Record<string, string> = {
  'xray:PutTraceSegments': 'added by CDK for active tracing; X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'added by CDK for active tracing; X-Ray has no resource-level permissions',
};

/** Resource patterns with a wildcard, after rendering intrinsics as `<LogicalId.Attr>` / `<Ref>`. */
const ALLOWED_WILDCARD_RESOURCES: { pattern: RegExp; reason: string }[] = [
  { pattern: /^<Storage(Inbound|Archive|Outbound)[0-9A-F]{8}\.Arn>\/\*$/, reason: 'objects of one pipeline bucket (keys are data)' },
  { pattern: /^<Table[0-9A-F]{8}\.Arn>\/index\/\*$/, reason: 'the GSIs of the pipeline table' },
  { pattern: /^arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/edi-escalations\/\*$/, reason: 'schedules of the escalation group' },
  {
    pattern: /^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<HistoryApi[0-9A-F]{8}>\/\$default\/GET\/(orders\/\*\/\*\/(history|emails)|interchanges\/\*\/\*|partners\/\*\/(interchanges|acks|sent\/\*)|documents\/\*\/\*|items\/\*\/(projection|history))$/,
    reason: 'one GET route of the history API; * are its path parameters',
  },
  {
    pattern: /^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<HistoryApi[0-9A-F]{8}>\/\$default\/POST\/orders\/\*\/\*\/lines\/\*\/(decision|confirm|delay)$/,
    reason: 'a planner write route of the order API (decide, confirm P1, preview and confirm a delay); * are its path parameters (partner, PO, line)',
  },
  {
    pattern: /^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<HistoryApi[0-9A-F]{8}>\/\$default\/POST\/items\/\*\/(delay-note|allocations|allocations\/\*\/confirm)$/,
    reason: "a planner write route of the item API (delay note, allocation proposal and its confirmation); * are its path parameters (item, proposal id)",
  },
  {
    pattern: /^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<HistoryApi[0-9A-F]{8}>\/\$default\/POST\/orders\/\*\/\*\/shipments$/,
    reason: 'the shipment route of the order API; * are its path parameters (partner, PO)',
  },
];

/**
 * CDK's own BucketDeployment singleton (it copies the console's files from the CDK asset bucket
 * into the console bucket, replacing old ones, and invalidates the distribution): its policy is
 * generated and not configurable; these findings are tolerated on it and nowhere else.
 */
const CDK_BUCKET_DEPLOYMENT = /^CustomCDKBucketDeployment/;
const ALLOWED_ON_BUCKET_DEPLOYMENT: { problem: RegExp; reason: string }[] = [
  { problem: /^wildcard resource arn:<AWS::Partition>:s3:::.*cdk-[a-z0-9]+-assets-.*\/\*$/, reason: 'reads the console files from the CDK bootstrap asset bucket' },
  { problem: /^wildcard resource <ConsoleSite[0-9A-F]{8}\.Arn>\/\*$/, reason: 'writes and prunes the console files, in the console bucket only' },
  { problem: /^wildcard action s3:DeleteObject\*$/, reason: 'prunes files no longer in functions/console/ (console bucket only)' },
  { problem: /^Resource \* for cloudfront:CreateInvalidation, cloudfront:GetInvalidation$/, reason: 'invalidates the console distribution after a deployment; CDK grants it on *' },
];

/** AWS managed policies tolerated, by the role that carries them. */
const ALLOWED_MANAGED_POLICIES: { role: RegExp; policy: string; reason: string }[] = [
  {
    role: /^BucketNotificationsHandler/,
    policy: 'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    reason: "CDK's own S3-notification custom resource; not configurable",
  },
  {
    role: CDK_BUCKET_DEPLOYMENT,
    policy: 'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    reason: "CDK's own BucketDeployment custom resource (the console's files); not configurable",
  },
];

type Statement = { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: unknown; NotResource?: unknown };

/** Renders CloudFormation intrinsics as readable placeholders so patterns can be matched. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Ref' in v) return `<${String(v['Ref'])}>`;
    if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  return JSON.stringify(value);
}

interface Finding {
  where: string;
  problem: string;
}

function auditStatements(where: string, statements: Statement[]): Finding[] {
  const findings: Finding[] = [];
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      findings.push({ where, problem: 'Allow with NotAction/NotResource' });
      continue;
    }
    const actions = [statement.Action ?? []].flat();
    const resources = [statement.Resource ?? []].flat().map(render);
    for (const action of actions) {
      if (action === '*' || action.endsWith(':*')) findings.push({ where, problem: `action ${action}` });
      else if (action.includes('*') && !(action in ALLOWED_WILDCARD_ACTIONS)) findings.push({ where, problem: `wildcard action ${action}` });
    }
    for (const resource of resources) {
      if (resource === '*') {
        const unexplained = actions.filter((a) => !(a in ALLOWED_ON_ANY_RESOURCE));
        if (unexplained.length > 0) findings.push({ where, problem: `Resource * for ${unexplained.join(', ')}` });
      } else if (resource.includes('*') && !ALLOWED_WILDCARD_RESOURCES.some((r) => r.pattern.test(resource))) {
        findings.push({ where, problem: `wildcard resource ${resource}` });
      }
    }
  }
  return findings;
}

function auditTemplate(synth: Synthesized): Finding[] {
  const findings: Finding[] = [];
  for (const [id, policy] of Object.entries(resourcesOfType(synth.template, 'AWS::IAM::Policy'))) {
    findings.push(...auditStatements(id, (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement));
  }
  for (const [id, policy] of Object.entries(resourcesOfType(synth.template, 'AWS::IAM::ManagedPolicy'))) {
    findings.push(...auditStatements(id, (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement));
  }
  for (const [id, role] of Object.entries(resourcesOfType(synth.template, 'AWS::IAM::Role'))) {
    const inline = (role.Properties!['Policies'] as { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [];
    for (const policy of inline) findings.push(...auditStatements(`${id}/${policy.PolicyName}`, policy.PolicyDocument.Statement));
    for (const managed of (role.Properties!['ManagedPolicyArns'] as unknown[] | undefined) ?? []) {
      const arn = render(managed);
      if (!ALLOWED_MANAGED_POLICIES.some((m) => m.role.test(id) && m.policy === arn)) findings.push({ where: id, problem: `managed policy ${arn}` });
    }
  }
  return findings.filter((f) => !(CDK_BUCKET_DEPLOYMENT.test(f.where) && ALLOWED_ON_BUCKET_DEPLOYMENT.some((a) => a.problem.test(f.problem))));
}

describe('least privilege', () => {
  it('has no wildcard action or resource beyond the explained ones (default deployment)', () => {
    expect(auditTemplate(synthPipeline())).toEqual([]);
  });

  it('has none with every optional part on (Transfer Family, Object Lock, alarm email)', () => {
    const synth = synthPipeline({ context: { transferServer: true, archiveObjectLock: true, alarmEmail: 'ops@example.com' } });
    expect(auditTemplate(synth)).toEqual([]);
  });

  it('catches a wildcard that nobody explained', () => {
    const findings = auditStatements('probe', [
      { Effect: 'Allow', Action: ['s3:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['dynamodb:Get*'], Resource: { 'Fn::GetAtt': ['Table12345678', 'Arn'] } },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:*:*:*' },
    ]);
    expect(findings.map((f) => f.problem)).toEqual([
      'action s3:*',
      'Resource * for s3:*',
      'wildcard action dynamodb:Get*',
      'wildcard resource arn:aws:sqs:*:*:*',
    ]);
  });

  it('gives every allow-list entry a reason', () => {
    for (const reason of [
      ...Object.values(ALLOWED_WILDCARD_ACTIONS),
      ...Object.values(ALLOWED_ON_ANY_RESOURCE),
      ...ALLOWED_WILDCARD_RESOURCES.map((r) => r.reason),
      ...ALLOWED_MANAGED_POLICIES.map((m) => m.reason),
      ...ALLOWED_ON_BUCKET_DEPLOYMENT.map((a) => a.reason),
    ]) {
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
