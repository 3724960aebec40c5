/**
 * The DynamoDB single table, described once as data. The CDK stack and the local stack
 * (infra/local/resources.ts) both build the table from this constant, so they cannot drift.
 * The item layout (what goes into `pk`/`sk`/`gsi*`) is documented with the storage adapters.
 */

export type KeyAttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: KeyAttributeType;
}

export interface GlobalSecondaryIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** `ALL` copies every attribute into the index. */
  projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name; the physical name gets a prefix per deployment. */
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  billingMode: 'PAY_PER_REQUEST';
  globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, or undefined for no TTL. */
  timeToLiveAttribute?: string;
}

export const TABLE_DEFINITION: TableDefinition = {
  name: 'edi',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'ttl',
};
