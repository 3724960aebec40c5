import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import type { Access } from '../../topology.ts';
import { acknowledgeOnPrincipal, tableGrantAcknowledgements } from '../nag-suppressions.ts';
import { TABLE_DEFINITION, type GlobalSecondaryIndexDefinition, type KeyAttribute } from '../../table-definition.ts';

const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPE[key.type] };
}

const PROJECTION: Record<GlobalSecondaryIndexDefinition['projection'], dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
};

export interface PipelineTableProps {
  readonly config: PipelineConfig;
}

/**
 * The single table from `infra/table-definition.ts`: on demand, point-in-time recovery, deletion
 * protection, a customer-managed key (rotated), retained on stack deletion.
 */
export class PipelineTable extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: PipelineTableProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `${props.config.resourcePrefix}: EDI table`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const definition = TABLE_DEFINITION;
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: `${props.config.resourcePrefix}-${definition.name}`,
      partitionKey: attribute(definition.partitionKey),
      ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
    });
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        projectionType: PROJECTION[index.projection],
      });
    }
  }

  grant(access: Access, grantee: iam.IGrantable): void {
    if (access === 'read') this.table.grantReadData(grantee);
    else if (access === 'write') this.table.grantWriteData(grantee);
    else this.table.grantReadWriteData(grantee);
    acknowledgeOnPrincipal(grantee, tableGrantAcknowledgements(this.table, access));
  }
}
