import { describe, expect, it } from 'vitest';
import { resourceByPrefix, synthPipeline } from './synth-pipeline.ts';

describe('AWS Transfer Family (optional)', () => {
  it('is off by default', () => {
    synthPipeline().template.resourceCountIs('AWS::Transfer::Server', 0);
  });

  it('with transferServer=true, runs an SFTP server whose users can only put files into the inbound bucket', () => {
    const { template } = synthPipeline({ context: { transferServer: 'true' } });
    template.hasResourceProperties('AWS::Transfer::Server', {
      Protocols: ['SFTP'],
      Domain: 'S3',
      IdentityProviderType: 'SERVICE_MANAGED',
      SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
    });
    const [, policy] = resourceByPrefix(template, 'AWS::IAM::Policy', 'TransferPartnerAccessRoleDefaultPolicy');
    const [inboundId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'StorageInbound');
    const statements = (policy.Properties!['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const s3Actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:'));
    expect(s3Actions.filter((a) => /Delete|Get/.test(a))).toEqual([]);
    expect(s3Actions).toContain('s3:PutObject');
    const s3Resources = JSON.stringify(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:'))).map((s) => s.Resource));
    expect(s3Resources).toContain(inboundId);
    expect(s3Resources).not.toMatch(/StorageArchive|StorageOutbound/);
  });
});
