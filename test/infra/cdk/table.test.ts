import { beforeAll, describe, expect, it } from 'vitest';
import { resourceByPrefix, synthPipeline, type Synthesized } from './synth-pipeline.ts';
import { TABLE_DEFINITION } from '../../../infra/table-definition.ts';

describe('table', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthPipeline();
  });

  it('is on demand, with point-in-time recovery, deletion protection and a rotated customer key, retained', () => {
    const [, table] = resourceByPrefix(synth.template, 'AWS::DynamoDB::Table', 'Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^TableKey/), 'Arn'] } },
    });
    const [, key] = resourceByPrefix(synth.template, 'AWS::KMS::Key', 'TableKey');
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it('has the keys and indexes of infra/table-definition.ts', () => {
    const [, table] = resourceByPrefix(synth.template, 'AWS::DynamoDB::Table', 'Table');
    const keySchema = [
      { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
      ...(TABLE_DEFINITION.sortKey ? [{ AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' }] : []),
    ];
    expect(table.Properties?.['KeySchema']).toEqual(keySchema);
    const indexes = table.Properties?.['GlobalSecondaryIndexes'] as { IndexName: string; KeySchema: unknown[] }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((i) => i.indexName).sort());
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      expect(indexes.find((i) => i.IndexName === index.indexName)?.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
    }
    if (TABLE_DEFINITION.timeToLiveAttribute) {
      expect(table.Properties?.['TimeToLiveSpecification']).toEqual({ AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true });
    }
  });
});
