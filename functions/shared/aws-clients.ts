/**
 * Live AWS SDK v3 clients, one per service per container. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so the same code talks to AWS or to the local stack.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Tracer } from '@aws-lambda-powertools/tracer';

let clients: { dynamo: DynamoDBClient; s3: S3Client; sqs: SQSClient; ses: SESClient } | undefined;

export function awsClients(tracer?: Tracer): NonNullable<typeof clients> {
  if (!clients) {
    const wrap = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);
    clients = { dynamo: wrap(new DynamoDBClient({})), s3: wrap(new S3Client({})), sqs: wrap(new SQSClient({})), ses: wrap(new SESClient({})) };
  }
  return clients;
}
