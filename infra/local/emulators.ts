/**
 * In-process AWS-API emulators from npm, listening on 127.0.0.1:
 * `s3rver` (S3, on disk), `local-aws-sqs` (SQS, JSON protocol, in memory, behind the journal of
 * sqs-journal.ts that keeps its queues and DLQs on disk), `dynalite` (DynamoDB, LevelDB on disk) and `aws-ses-v2-local` (SES v1 + v2, in memory, web page at `/`).
 *
 * Each emulator's quirks are absorbed here so that handlers only ever see the standard
 * SDK configuration (`AWS_ENDPOINT_URL_<SERVICE>`, region, credentials); see {@link emulatorEnv}.
 */
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { ISqsServerOptions } from 'local-aws-sqs';
import { decodeKeyPath, encodeKeyPath } from './s3-key-paths.ts';
import { SQS_JOURNAL_FILE, startJournaledSqs } from './sqs-journal.ts';

const require = createRequire(import.meta.url);

/** Loopback address every emulator binds to. An IP (not `localhost`) also makes the S3 SDK use path-style URLs. */
export const EMULATOR_HOST = '127.0.0.1';
/** Region the emulators report in ARNs and the SDK signs for. */
export const LOCAL_REGION = 'us-east-1';
/** Account id local-aws-sqs puts in queue URLs and ARNs. */
export const LOCAL_ACCOUNT_ID = '123456789012';
/**
 * Dummy credentials. s3rver only accepts access keys it knows, and `S3RVER` is its built-in
 * key pair; the other emulators accept any key.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Ports to listen on; 0 or absent = an ephemeral port. */
export interface EmulatorPorts {
  s3?: number;
  sqs?: number;
  dynamodb?: number;
  ses?: number;
}

export interface EmulatorEndpoints {
  s3: string;
  sqs: string;
  dynamodb: string;
  /** SES API endpoint; its web page (sent mail) is served at the same URL, its JSON store at `${ses}/store`. */
  ses: string;
}

/** The S3 event notification s3rver emits (one record per event). */
export interface S3rverEvent {
  Records: {
    eventName: string;
    eventTime: string;
    requestParameters?: { sourceIPAddress?: string };
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
  }[];
}

export interface StartEmulatorsOptions {
  /** Directory holding `s3/`, `dynamodb/` and the SQS journal; created if missing. */
  dataDir: string;
  /** Delete the persisted S3, DynamoDB and SQS data (and the SES store) before starting. */
  fresh?: boolean;
  ports?: EmulatorPorts;
  /**
   * An external DynamoDB endpoint (e.g. AWS's DynamoDB Local, as CI's second run uses) instead of
   * the embedded dynalite. Default: `EDI_DYNAMODB_ENDPOINT` from the environment, else dynalite.
   */
  dynamodbEndpoint?: string;
}

/** The environment variable naming an external DynamoDB endpoint for the local stack. */
export const DYNAMODB_ENDPOINT_ENV = 'EDI_DYNAMODB_ENDPOINT';

/** The external DynamoDB endpoint the options or the environment name, if any. */
export function externalDynamoEndpoint(options: { dynamodbEndpoint?: string }): string | undefined {
  const endpoint = options.dynamodbEndpoint ?? process.env[DYNAMODB_ENDPOINT_ENV];
  return endpoint ? endpoint : undefined;
}

export interface Emulators {
  endpoints: EmulatorEndpoints;
  /** Subscribe to s3rver's object events; returns an unsubscribe function. */
  onS3Event(listener: (event: S3rverEvent) => void): () => void;
  /** Stops every server and closes the LevelDB store. Idempotent. */
  stop(): Promise<void>;
}

/** The parts of s3rver's Koa context our middleware uses. */
interface S3rverContext {
  req: IncomingMessage;
  headers: Record<string, string | string[] | undefined>;
  path: string;
  status: number;
  type: string;
  body: unknown;
}

interface S3rverInstance {
  middleware: ((ctx: S3rverContext, next: () => Promise<unknown>) => unknown)[];
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): unknown;
  off(event: 'event', listener: (event: S3rverEvent) => void): unknown;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  allowMismatchedSignatures: boolean;
  vhostBuckets: boolean;
}) => S3rverInstance;
type DynaliteFactory = (options: { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the modules are loaded lazily (createRequire); only their types are named here
type SesModule = typeof import('aws-ses-v2-local');
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- as above
type SqsModule = typeof import('local-aws-sqs');

/**
 * Environment that points the AWS SDK v3 (and the AWS CLI) at the emulators through standard,
 * documented settings only: service-specific endpoints (`AWS_ENDPOINT_URL_<SERVICE>`), region,
 * static credentials, and checksum behaviour (`AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED`, so
 * uploads are not sent `aws-chunked`, which s3rver would store verbatim).
 * No `forcePathStyle` is needed: the S3 endpoint is an IP address, for which the SDK's endpoint
 * rules always choose path-style URLs.
 */
export function emulatorEnv(endpoints: EmulatorEndpoints): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
}

/**
 * Starts the four emulators on loopback. On failure, whatever already started is stopped.
 */
export async function startEmulators(options: StartEmulatorsOptions): Promise<Emulators> {
  const dataDir = resolve(options.dataDir);
  const s3Dir = join(dataDir, 's3');
  const dynamoDir = join(dataDir, 'dynamodb');
  if (options.fresh) {
    await rm(s3Dir, { recursive: true, force: true });
    await rm(dynamoDir, { recursive: true, force: true });
    await rm(join(dataDir, SQS_JOURNAL_FILE), { force: true });
  }
  await mkdir(s3Dir, { recursive: true });
  await mkdir(dataDir, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    const pending = stops.splice(0).reverse();
    const results = await Promise.allSettled(pending.map((stop) => stop()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  };

  try {
    const s3 = await startS3(s3Dir, options.ports?.s3 ?? 0);
    stops.push(s3.stop);
    const sqs = await startSqs(options.ports?.sqs ?? 0, join(dataDir, SQS_JOURNAL_FILE));
    stops.push(sqs.stop);
    const external = externalDynamoEndpoint(options);
    const dynamodb = external ? { endpoint: external } : await startDynamo(dynamoDir, options.ports?.dynamodb ?? 0);
    if ('stop' in dynamodb) stops.push(dynamodb.stop);
    const ses = await startSes(options.ports?.ses ?? 0, options.fresh ?? false);
    stops.push(ses.stop);

    let stopped: Promise<void> | undefined;
    return {
      endpoints: { s3: s3.endpoint, sqs: sqs.endpoint, dynamodb: dynamodb.endpoint, ses: ses.endpoint },
      onS3Event(listener) {
        s3.server.on('event', listener);
        return () => void s3.server.off('event', listener);
      },
      stop() {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

function endpointOf(port: number): string {
  return `http://${EMULATOR_HOST}:${port}`;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

/** Closes a server, dropping keep-alive and long-poll connections instead of waiting for them. */
function closeServer(server: Server, close: (cb: (err?: Error) => void) => void = (cb) => server.close(cb)): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    close((err) => (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(err) : resolvePromise()));
    server.closeAllConnections();
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, EMULATOR_HOST, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
}

async function startS3(directory: string, port: number): Promise<{ server: S3rverInstance; endpoint: string; stop: () => Promise<void> }> {
  const S3rver = require('s3rver') as S3rverConstructor;
  // Keys to paths: long segments and `..` made safe (s3-key-paths.ts); the store class is shared by every s3rver in the process.
  const store = require('s3rver/lib/stores/filesystem.js') as { encodeKeyPath: (key: string) => string; decodeKeyPath: (path: string) => string };
  store.encodeKeyPath = encodeKeyPath;
  store.decodeKeyPath = decodeKeyPath;
  const server = new S3rver({
    address: EMULATOR_HOST,
    port,
    silent: true,
    directory,
    // SigV4 signatures are not verified by s3rver anyway; this also tolerates any SigV2 mismatch.
    allowMismatchedSignatures: true,
    // The endpoint is an IP, so requests are path-style; no Host-header guessing.
    vhostBuckets: false,
  });
  server.middleware.unshift(decodeAwsChunkedMiddleware);
  server.middleware.unshift(keyTooLongMiddleware);
  const address = await server.run();
  const s3 = server as unknown as { httpServer: Server };
  return {
    server,
    endpoint: endpointOf(address.port),
    stop: () => closeServer(s3.httpServer),
  };
}

/** S3's limit on an object key, in UTF-8 bytes. */
export const MAX_S3_KEY_BYTES = 1024;

/**
 * S3 refuses a key over 1,024 bytes (`KeyTooLongError`, 400); s3rver would try to store it and
 * fail on the file system. Answer as S3 does, before s3rver touches a file.
 */
async function keyTooLongMiddleware(ctx: S3rverContext, next: () => Promise<unknown>): Promise<unknown> {
  // Path-style: /<bucket>/<key>.
  const slash = ctx.path.indexOf('/', 1);
  let key = '';
  try {
    key = slash < 0 ? '' : decodeURIComponent(ctx.path.slice(slash + 1));
  } catch {
    key = ctx.path.slice(slash + 1);
  }
  if (Buffer.byteLength(key) <= MAX_S3_KEY_BYTES) return next();
  ctx.status = 400;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>KeyTooLongError</Code><Message>Your key is too long</Message><MaxSizeAllowed>${MAX_S3_KEY_BYTES}</MaxSizeAllowed><Size>${Buffer.byteLength(key)}</Size></Error>`;
  return undefined;
}

/**
 * s3rver predates `Content-Encoding: aws-chunked` (the SDK's default for streaming uploads with
 * checksums): it would store the chunk framing as object data. Decode it before s3rver reads the body.
 */
async function decodeAwsChunkedMiddleware(ctx: S3rverContext, next: () => Promise<unknown>): Promise<unknown> {
  const encoding = ctx.headers['content-encoding'];
  if (typeof encoding === 'string' && encoding.split(',').some((e) => e.trim() === 'aws-chunked')) {
    const rest = encoding
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e && e !== 'aws-chunked');
    if (rest.length) ctx.headers['content-encoding'] = rest.join(',');
    else delete ctx.headers['content-encoding'];
    const decodedLength = ctx.headers['x-amz-decoded-content-length'];
    if (typeof decodedLength === 'string') ctx.headers['content-length'] = decodedLength;
    const decoded = ctx.req.pipe(new AwsChunkedDecoder());
    ctx.req = decoded as unknown as IncomingMessage;
  }
  return next();
}

/** Streaming decoder for `aws-chunked` bodies: `<hex size>[;ext]\r\n<data>\r\n … 0\r\n<trailers>\r\n\r\n`. */
export class AwsChunkedDecoder extends Transform {
  #buffer: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #state: 'size' | 'data' | 'crlf' | 'done' = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    try {
      this.#drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  #drain(): void {
    for (;;) {
      if (this.#state === 'done') {
        this.#buffer = Buffer.alloc(0);
        return;
      }
      if (this.#state === 'size') {
        const eol = this.#buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = this.#buffer.subarray(0, eol).toString('latin1');
        this.#buffer = this.#buffer.subarray(eol + 2);
        const size = Number.parseInt(line.split(';')[0] ?? '', 16);
        if (Number.isNaN(size)) throw new Error(`invalid aws-chunked chunk header: ${line}`);
        if (size === 0) {
          this.#state = 'done';
          continue;
        }
        this.#remaining = size;
        this.#state = 'data';
      }
      if (this.#state === 'data') {
        if (!this.#buffer.length) return;
        const take = Math.min(this.#remaining, this.#buffer.length);
        this.push(this.#buffer.subarray(0, take));
        this.#buffer = this.#buffer.subarray(take);
        this.#remaining -= take;
        if (this.#remaining > 0) return;
        this.#state = 'crlf';
      }
      if (this.#state === 'crlf') {
        if (this.#buffer.length < 2) return;
        this.#buffer = this.#buffer.subarray(2);
        this.#state = 'size';
      }
    }
  }
}

/** local-aws-sqs on an ephemeral port, behind the journaling proxy (sqs-journal.ts) on `port`. */
async function startSqs(port: number, journalFile: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const { createRequestHandler } = require('local-aws-sqs') as SqsModule;
  const options: ISqsServerOptions = {
    port: 0,
    hostname: EMULATOR_HOST,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    // A restarted stack recreates its queues at once; AWS's 60 s wait after DeleteQueue is not useful locally.
    emulateQueueCreationLifecycle: false,
  };
  const { service, requestHandler } = createRequestHandler(options);
  const server = createServer((req, res) => void requestHandler(req, res));
  await listen(server, 0);
  try {
    const journaled = await startJournaledSqs({ upstream: endpointOf(portOf(server)), file: journalFile, host: EMULATOR_HOST, port });
    // Queue URLs name the proxy: the SDK sends a request to its queue's URL.
    service.PORT = Number(new URL(journaled.endpoint).port);
    return {
      endpoint: journaled.endpoint,
      stop: async () => {
        await journaled.stop();
        await closeServer(server);
      },
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

async function startDynamo(path: string, port: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const dynalite = require('dynalite') as DynaliteFactory;
  // Tables are ACTIVE at once instead of after dynalite's default 500 ms CREATING state.
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listen(server, port);
  return {
    endpoint: endpointOf(portOf(server)),
    // dynalite's close() also closes LevelDB, which must happen before the directory is reopened.
    stop: () => closeServer(server, (cb) => server.close(cb)),
  };
}

async function startSes(port: number, fresh: boolean): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const ses = require('aws-ses-v2-local') as SesModule;
  const server = await ses.default({ host: EMULATOR_HOST, port });
  const endpoint = endpointOf(portOf(server));
  // The mail store is a module-level array shared by every server in the process: clear it when asked.
  if (fresh) await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return { endpoint, stop: () => closeServer(server) };
}

/** One email as aws-ses-v2-local stores it (`GET /store`). */
export interface LocalEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  /** Epoch seconds. */
  at: number;
}

/**
 * Emails sent through the SES emulator, oldest first, optionally only those sent at or after
 * `sinceEpochSeconds`.
 */
export async function listSentEmails(sesEndpoint: string, sinceEpochSeconds?: number): Promise<LocalEmail[]> {
  const url = new URL('/store', sesEndpoint);
  if (sinceEpochSeconds !== undefined) url.searchParams.set('since', String(Math.floor(sinceEpochSeconds)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`SES emulator store: HTTP ${response.status}`);
  const store = (await response.json()) as { emails: LocalEmail[] };
  return store.emails;
}
