/**
 * Creates the emulated AWS resources described by the topology and the table definition:
 * every stage queue with its dead-letter queue, the three buckets and the single table.
 * Returns the handlers' environment (names from `ENV`, queue URLs via `queueUrlEnv`).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TABLE_DEFINITION, type TableDefinition } from '../table-definition.ts';
import { ENV, STAGES, deadLetterQueueUrlEnv, queueUrlEnv, type Stage } from '../topology.ts';
import { LOCAL_ACCOUNT_ID } from './emulators.ts';

export type BucketName = 'inbound' | 'archive' | 'outbound';

export interface StageQueueResources {
  name: string;
  url: string;
  arn: string;
  dlqName: string;
  dlqUrl: string;
  dlqArn: string;
}

export interface LocalResources {
  queues: Record<Stage['name'], StageQueueResources>;
  buckets: Record<BucketName, string>;
  tableName: string;
  /** Handler configuration: `ENV` names → values, plus `EDI_QUEUE_URL_<STAGE>` and `EDI_DLQ_URL_<STAGE>` per stage. */
  env: Record<string, string>;
}

export interface CreateResourcesOptions {
  clients: { sqs: SQSClient; s3: S3Client; dynamodb: DynamoDBClient };
  /** Prefix of every physical name; defaults to `local`. */
  prefix?: string;
  stages?: readonly Stage[];
  table?: TableDefinition;
  /** Physical table name instead of `<prefix>-<table>` (a stack of its own on a shared external DynamoDB). */
  tableName?: string;
  mailFrom?: string;
  operationsEmail?: string;
}

/** Physical queue name: `<prefix>-<queue>[-dlq][.fifo]` (FIFO names must end in `.fifo`). */
export function physicalQueueName(prefix: string, stage: Stage, dlq = false): string {
  return `${prefix}-${stage.queue.name}${dlq ? '-dlq' : ''}${stage.queue.fifo ? '.fifo' : ''}`;
}

export function physicalBucketName(prefix: string, bucket: BucketName): string {
  return `${prefix}-edi-${bucket}`;
}

export function physicalTableName(prefix: string, table: TableDefinition = TABLE_DEFINITION): string {
  return `${prefix}-${table.name}`;
}

/** The CreateTable request for a table definition (TTL, if any, is a separate UpdateTimeToLive call). */
export function toCreateTableInput(table: TableDefinition, tableName: string): CreateTableCommandInput {
  const keys = [table.partitionKey, table.sortKey, ...table.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const attributeTypes = new Map<string, string>();
  for (const key of keys) {
    if (!key) continue;
    const known = attributeTypes.get(key.name);
    if (known && known !== key.type) throw new Error(`attribute ${key.name} declared as both ${known} and ${key.type}`);
    attributeTypes.set(key.name, key.type);
  }
  const keySchema = (pk: TableDefinition['partitionKey'], sk: TableDefinition['sortKey']): CreateTableCommandInput['KeySchema'] => [
    { AttributeName: pk.name, KeyType: 'HASH' },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: table.billingMode,
    AttributeDefinitions: [...attributeTypes].map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: type as 'S' | 'N' | 'B',
    })),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.globalSecondaryIndexes.length
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
  };
}

/**
 * Creates (or finds, on a restart over persisted data) every resource. Queues are created
 * DLQ first, with the topology's visibility timeout, retention and RedrivePolicy; FIFO queues
 * have content-based deduplication off (producers pass deduplication ids).
 */
export async function createResources(options: CreateResourcesOptions): Promise<LocalResources> {
  const prefix = options.prefix ?? 'local';
  const stages = options.stages ?? STAGES;
  const table = options.table ?? TABLE_DEFINITION;
  const { sqs, s3, dynamodb } = options.clients;

  const queueEntries = await Promise.all(
    stages.map(async (stage) => [stage.name, await createStageQueues(sqs, prefix, stage)] as const),
  );
  const queues = Object.fromEntries(queueEntries) as Record<Stage['name'], StageQueueResources>;

  const buckets: Record<BucketName, string> = {
    inbound: physicalBucketName(prefix, 'inbound'),
    archive: physicalBucketName(prefix, 'archive'),
    outbound: physicalBucketName(prefix, 'outbound'),
  };
  for (const bucket of Object.values(buckets)) await ensureBucket(s3, bucket);

  const tableName = options.tableName ?? physicalTableName(prefix, table);
  await ensureTable(dynamodb, table, tableName);

  const env: Record<string, string> = {
    [ENV.tableName]: tableName,
    [ENV.inboundBucket]: buckets.inbound,
    [ENV.archiveBucket]: buckets.archive,
    [ENV.outboundBucket]: buckets.outbound,
    [ENV.mailFrom]: options.mailFrom ?? 'edi@example.com',
    [ENV.operationsEmail]: options.operationsEmail ?? 'operations@example.com',
    [ENV.schedulerGroup]: `${prefix}-escalations`,
    [ENV.eventBusName]: `${prefix}-order-events`,
    [ENV.schedulerRoleArn]: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${prefix}-scheduler`,
  };
  for (const [stage, queue] of queueEntries) {
    env[queueUrlEnv(stage)] = queue.url;
    env[deadLetterQueueUrlEnv(stage)] = queue.dlqUrl;
  }

  return { queues, buckets, tableName, env };
}

/** SQS's highest maxReceiveCount: out of reach, see createStageQueues. */
const LOCAL_QUEUE_MAX_RECEIVE_COUNT = 1000;

async function createStageQueues(sqs: SQSClient, prefix: string, stage: Stage): Promise<StageQueueResources> {
  const fifo: Record<string, string> = stage.queue.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {};
  const dlqName = physicalQueueName(prefix, stage, true);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: dlqName,
      Attributes: { ...fifo, MessageRetentionPeriod: String(stage.queue.retentionSeconds) },
    }),
  );
  const dlqUrl = required(dlq.QueueUrl, `QueueUrl of ${dlqName}`);
  const dlqArn = await queueArn(sqs, dlqUrl);

  const name = physicalQueueName(prefix, stage);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(stage.queue.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(stage.queue.retentionSeconds),
        // local-aws-sqs counts every ChangeMessageVisibility as a receive, so with the topology's
        // limit it would move a message the handler never failed; the poller applies the limit on
        // its own count of deliveries (poller.ts) and this policy only names the DLQ.
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: LOCAL_QUEUE_MAX_RECEIVE_COUNT }),
      },
    }),
  );
  const url = required(queue.QueueUrl, `QueueUrl of ${name}`);
  return { name, url, arn: await queueArn(sqs, url), dlqName, dlqUrl, dlqArn };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return required(attributes.Attributes?.QueueArn, `QueueArn of ${url}`);
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

async function ensureTable(dynamodb: DynamoDBClient, table: TableDefinition, tableName: string): Promise<void> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await dynamodb.send(new CreateTableCommand(toCreateTableInput(table, tableName)));
  // dynalite has no UpdateTimeToLive: items with a TTL attribute simply never expire locally.
  // Even with createTableMs 0, the table is CREATING until a timer fires; writes fail until ACTIVE.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}
