/**
 * A tiny EventBridge emulator for the local stack: the JSON protocol (`X-Amz-Target:
 * AWSEvents.PutEvents`, `application/x-amz-json-1.1`) the SDK's `@aws-sdk/client-eventbridge`
 * speaks for PutEvents, keeping every event it accepts so the demo summary and the tests can see
 * what an ERP subscribed to the bus would receive. No rules or targets: on AWS a rule routes the
 * events (README, "Order events"). Handlers reach it through `AWS_ENDPOINT_URL_EVENTBRIDGE`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalBusEvent {
  /** The id EventBridge gives the entry (a new one per PutEvents entry, as on AWS). */
  id: string;
  eventBusName: string;
  source: string;
  detailType: string;
  detail: unknown;
  time: string;
  receivedAt: string;
}

export interface EventBridgeEmulator {
  endpoint: string;
  /** `AWS_ENDPOINT_URL_EVENTBRIDGE`. */
  env: Record<string, string>;
  /** Every event accepted, oldest first. */
  events(): LocalBusEvent[];
  /** How many events of each detail-type were accepted. */
  countsByDetailType(): Record<string, number>;
  stop(): Promise<void>;
}

/** PutEvents limits the emulator enforces as AWS does: at most 10 entries, each with a source, a detail-type and a JSON object detail. */
const MAX_ENTRIES = 10;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(errorType ? { __type: errorType, message: (payload as { message: string }).message } : payload));
}

interface Entry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string;
}

function entryError(e: Entry): string | undefined {
  if (!e.Source) return 'Parameter Source is not valid.';
  if (!e.DetailType) return 'Parameter DetailType is not valid.';
  try {
    const detail: unknown = JSON.parse(e.Detail ?? '');
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return 'Detail is not a JSON object.';
  } catch {
    return 'Detail is malformed.';
  }
  return undefined;
}

export async function startEventBridgeEmulator(options: { port?: number; now?: () => Date } = {}): Promise<EventBridgeEmulator> {
  const kept: LocalBusEvent[] = [];
  const now = options.now ?? (() => new Date());
  let sequence = 0;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') return reply(res, 400, { message: `only AWSEvents.PutEvents is emulated, got ${target || req.method}` }, 'UnknownOperationException');
        const input = JSON.parse((await readBody(req)) || '{}') as { Entries?: Entry[] };
        const entries = input.Entries ?? [];
        if (entries.length === 0 || entries.length > MAX_ENTRIES) return reply(res, 400, { message: `PutEvents takes 1 to ${MAX_ENTRIES} entries, got ${entries.length}` }, 'ValidationException');
        let failed = 0;
        const results = entries.map((e) => {
          const error = entryError(e);
          if (error) {
            failed++;
            return { ErrorCode: 'MalformedDetail', ErrorMessage: error };
          }
          const id = createHash('sha256').update(`${++sequence}`).digest('hex').slice(0, 36);
          const time = e.Time === undefined ? now() : new Date(typeof e.Time === 'number' ? e.Time * 1000 : e.Time);
          kept.push({ id, eventBusName: e.EventBusName ?? 'default', source: e.Source!, detailType: e.DetailType!, detail: JSON.parse(e.Detail!), time: time.toISOString(), receivedAt: now().toISOString() });
          return { EventId: id };
        });
        return reply(res, 200, { FailedEntryCount: failed, Entries: results });
      } catch (error) {
        reply(res, 500, { message: (error as Error).message }, 'InternalException');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint },
    events: () => [...kept],
    countsByDetailType: () => kept.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.detailType]: (acc[e.detailType] ?? 0) + 1 }), {}),
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
