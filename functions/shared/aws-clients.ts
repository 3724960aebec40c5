/**
 * Live AWS SDK v3 clients, one per service per container. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so the same code talks to AWS or to the local stack.
 *
 * Every client carries one middleware that reports each request to the observers registered
 * with {@link observeAwsRequests} (none in Lambda: the benchmark registers one to count requests
 * per service and the DynamoDB capacity they consume).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Tracer } from '@aws-lambda-powertools/tracer';

/** One request a handler's client sent, as seen after the service answered (or failed). */
export interface AwsRequest {
  /** `DynamoDB`, `S3`, `SQS`, `SES`. */
  service: string;
  /** Command name without the `Command` suffix, e.g. `SendMessageBatch`. */
  command: string;
  /** The command's input (after any observer's `prepare`). */
  input: Record<string, unknown>;
  /** The service's answer, absent when the request failed. */
  output?: Record<string, unknown>;
  error?: unknown;
}

export interface AwsRequestObserver {
  /**
   * Called before the request is serialized; may add to the input (e.g. `ReturnConsumedCapacity`),
   * or fail it (a test's fault injector). A returned promise is awaited before the request goes out.
   */
  prepare?(service: string, command: string, input: Record<string, unknown>): void | Promise<void>;
  observe(request: AwsRequest): void;
}

const observers = new Set<AwsRequestObserver>();

/** Registers an observer of every request the live clients send; returns the function that removes it. */
export function observeAwsRequests(observer: AwsRequestObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

type Next = (args: { input: object }) => Promise<{ output: unknown }>;
type InitializeMiddleware = (next: Next, context: { commandName?: string }) => Next;
interface MiddlewareClient {
  middlewareStack: { add(middleware: never, options: { step: 'initialize'; name: string }): void };
}

function withRequestObservers<T extends MiddlewareClient>(client: T, service: string): T {
  const middleware: InitializeMiddleware =
    (next, context) => async (args) => {
      if (observers.size === 0) return next(args);
      const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      for (const o of observers) await o.prepare?.(service, command, input);
      try {
        const result = await next(args);
        for (const o of observers) o.observe({ service, command, input, output: result.output as Record<string, unknown> });
        return result;
      } catch (error) {
        for (const o of observers) o.observe({ service, command, input, error });
        throw error;
      }
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'observeAwsRequests' });
  return client;
}

export interface AwsClients {
  dynamo: DynamoDBClient;
  s3: S3Client;
  sqs: SQSClient;
  ses: SESClient;
  scheduler: SchedulerClient;
  events: EventBridgeClient;
}

/** One set of clients (the composition root builds one per container, or per local stack). */
export function createAwsClients(tracer?: Tracer): AwsClients {
  const wrap = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);
  return {
    dynamo: wrap(withRequestObservers(new DynamoDBClient({}), 'DynamoDB')),
    s3: wrap(withRequestObservers(new S3Client({}), 'S3')),
    sqs: wrap(withRequestObservers(new SQSClient({}), 'SQS')),
    ses: wrap(withRequestObservers(new SESClient({}), 'SES')),
    scheduler: wrap(withRequestObservers(new SchedulerClient({}), 'Scheduler')),
    events: wrap(withRequestObservers(new EventBridgeClient({}), 'EventBridge')),
  };
}
