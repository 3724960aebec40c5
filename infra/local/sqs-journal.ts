/**
 * Durable queues for the local stack. `local-aws-sqs` keeps its queues in memory; on AWS a queue
 * (and its DLQ) outlives every process, so a message sent is there until it is deleted or its
 * retention ends. This proxy stands in front of the emulator on the SQS endpoint and gives the
 * local queues that property: every accepted SendMessage(Batch) is appended to
 * `<data>/sqs-journal.ndjson` before its answer goes back, every accepted DeleteMessage(Batch),
 * PurgeQueue and DeleteQueue likewise; when the stack is started again on the same data folder, a
 * queue's CreateQueue re-sends the messages the journal still holds for it, in the order they
 * were sent (FIFO groups and deduplication ids kept), before anything can receive from it.
 *
 * What is kept is what AWS keeps across a consumer's crash: a message received and not deleted
 * comes back (its visibility timeout is not carried over: after a restart it is visible at once,
 * as after any expired timeout; its ApproximateReceiveCount starts again, the local poller counts
 * deliveries itself). A delete the process did not live to journal brings a message back once
 * more: at least once, as SQS itself promises. Each append is one `write` to the file before the
 * caller sees its answer, so a SIGKILL loses nothing; an OS crash or power cut may lose what the
 * page cache had not written (no fsync per message: local, not a storage engine).
 *
 * Only the JSON protocol (what AWS SDK v3 and current AWS CLIs speak) is journaled; a request in
 * the older query protocol is passed through and its effect is not kept.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The journal's file name in the data folder. */
export const SQS_JOURNAL_FILE = 'sqs-journal.ndjson';

/** One message as sent: what a re-send needs. */
interface JournalMessage {
  /** Queue name (the last part of its URL). */
  q: string;
  /** MessageId the emulator gave it. */
  id: string;
  body: string;
  attrs?: unknown;
  sys?: unknown;
  group?: string;
  dedup?: string;
  /** DelaySeconds asked for, and when it was sent (epoch ms): a re-send delays only what is left. */
  delay?: number;
  at: number;
}

type JournalLine =
  | ({ op: 'send' } & JournalMessage)
  | { op: 'del'; q: string; id: string }
  | { op: 'purge'; q: string }
  /** A message re-sent at start: `from` is its id before, `id` now. */
  | ({ op: 'move'; from: string } & JournalMessage);

/** The messages of each queue the journal holds: sent, not deleted. */
export type JournalState = Map<string, Map<string, JournalMessage>>;

/** Reads a journal; a last line a kill cut short is ignored (its request was never answered). */
export function readJournal(text: string): JournalState {
  const state: JournalState = new Map();
  const queue = (q: string) => {
    let messages = state.get(q);
    if (!messages) state.set(q, (messages = new Map()));
    return messages;
  };
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue;
    }
    if (line.op === 'send') queue(line.q).set(line.id, withoutOp(line));
    else if (line.op === 'move') {
      queue(line.q).delete(line.from);
      queue(line.q).set(line.id, withoutOp(line));
    } else if (line.op === 'del') queue(line.q).delete(line.id);
    else if (line.op === 'purge') state.delete(line.q);
  }
  return state;
}

function withoutOp(line: JournalLine & JournalMessage): JournalMessage {
  const { op: _op, from: _from, ...message } = line as JournalMessage & { op: string; from?: string };
  return message;
}

function queueName(url: unknown): string | undefined {
  if (typeof url !== 'string' || !url) return undefined;
  try {
    return new URL(url).pathname.split('/').filter(Boolean).pop();
  } catch {
    return url.split('/').filter(Boolean).pop();
  }
}

/** Rewrites past lines once they outnumber the held messages this much (and at start). */
const COMPACT_RATIO = 4;
const COMPACT_MIN_LINES = 20_000;

export interface JournaledSqs {
  /** The endpoint to give clients (the proxy's). */
  endpoint: string;
  /** Messages re-sent at start so far, per queue name. */
  restored: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts the journaling proxy on `host:port` in front of the emulator at `upstream`, with the
 * journal at `file` (read, compacted, then appended to).
 */
export async function startJournaledSqs(options: { upstream: string; file: string; host: string; port: number }): Promise<JournaledSqs> {
  const state = existsSync(options.file) ? readJournal(readFileSync(options.file, 'utf8')) : new Map<string, Map<string, JournalMessage>>();
  /** Messages still to re-send, per queue, until its CreateQueue. */
  const pending = new Map([...state].filter(([, m]) => m.size > 0).map(([q, m]) => [q, [...m.values()]]));
  const restored: Record<string, number> = {};
  let fd = -1;
  let lines = 0;
  const compact = (): void => {
    const text = [...state.values()].flatMap((m) => [...m.values()].map((message) => JSON.stringify({ op: 'send', ...message }) + '\n')).join('');
    writeFileSync(`${options.file}.tmp`, text);
    renameSync(`${options.file}.tmp`, options.file);
    if (fd >= 0) closeSync(fd);
    fd = openSync(options.file, 'a');
    lines = [...state.values()].reduce((n, m) => n + m.size, 0);
  };
  compact();
  const append = (line: JournalLine): void => {
    writeSync(fd, JSON.stringify(line) + '\n');
    lines++;
    const held = [...state.values()].reduce((n, m) => n + m.size, 0);
    if (lines > COMPACT_MIN_LINES && lines > COMPACT_RATIO * held) compact();
  };
  const held = (q: string): Map<string, JournalMessage> => {
    let messages = state.get(q);
    if (!messages) state.set(q, (messages = new Map()));
    return messages;
  };
  /** Receipt handles the proxy handed out, to the message each names. */
  const handles = new Map<string, { q: string; id: string }>();
  const handlesOf = new Map<string, Set<string>>();
  const forget = (q: string, id: string): void => {
    held(q).delete(id);
    for (const h of handlesOf.get(`${q}\n${id}`) ?? []) handles.delete(h);
    handlesOf.delete(`${q}\n${id}`);
  };

  const agent = new Agent({ keepAlive: true });
  const upstreamUrl = new URL(options.upstream);
  const forward = (method: string, path: string, headers: IncomingMessage['headers'], body: Buffer, abort?: AbortSignal): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method, path, headers: { ...headers, host: upstreamUrl.host, 'content-length': String(body.length) }, agent, ...(abort ? { signal: abort } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  const callUpstream = async (action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await forward('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` }, Buffer.from(JSON.stringify(input)));
    const answer = JSON.parse(response.body.toString('utf8') || '{}') as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`SQS emulator ${action}: HTTP ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  /** Re-sends what the journal holds for a queue just created, oldest first. */
  const restore = async (q: string, queueUrl: string): Promise<void> => {
    const messages = pending.get(q);
    if (!messages) return;
    pending.delete(q);
    for (const m of messages) {
      const delay = Math.min(900, Math.max(0, Math.ceil((m.at + (m.delay ?? 0) * 1000 - Date.now()) / 1000)));
      const answer = await callUpstream('SendMessage', {
        QueueUrl: queueUrl,
        MessageBody: m.body,
        ...(delay > 0 ? { DelaySeconds: delay } : {}),
        ...(m.attrs ? { MessageAttributes: m.attrs } : {}),
        ...(m.sys ? { MessageSystemAttributes: m.sys } : {}),
        ...(m.group !== undefined ? { MessageGroupId: m.group } : {}),
        ...(m.dedup !== undefined ? { MessageDeduplicationId: m.dedup } : {}),
      });
      const id = String(answer.MessageId);
      const moved = { ...m, id };
      held(q).delete(m.id);
      held(q).set(id, moved);
      append({ op: 'move', from: m.id, ...moved });
      restored[q] = (restored[q] ?? 0) + 1;
    }
  };

  const sent = (q: string, input: Record<string, unknown>, id: string): void => {
    const message: JournalMessage = {
      q,
      id,
      body: String(input.MessageBody ?? ''),
      ...(input.MessageAttributes ? { attrs: input.MessageAttributes } : {}),
      ...(input.MessageSystemAttributes ? { sys: input.MessageSystemAttributes } : {}),
      ...(typeof input.MessageGroupId === 'string' ? { group: input.MessageGroupId } : {}),
      ...(typeof input.MessageDeduplicationId === 'string' ? { dedup: input.MessageDeduplicationId } : {}),
      ...(typeof input.DelaySeconds === 'number' && input.DelaySeconds > 0 ? { delay: input.DelaySeconds } : {}),
      at: Date.now(),
    };
    held(q).set(id, message);
    append({ op: 'send', ...message });
  };
  const deleted = (handle: unknown): void => {
    const target = typeof handle === 'string' ? handles.get(handle) : undefined;
    if (!target || !held(target.q).has(target.id)) return;
    forget(target.q, target.id);
    append({ op: 'del', q: target.q, id: target.id });
  };

  /** Records what an answered request changed. */
  const journal = async (action: string, input: Record<string, unknown>, answer: Record<string, unknown>): Promise<void> => {
    const q = queueName(input.QueueUrl);
    switch (action) {
      case 'CreateQueue': {
        const name = typeof input.QueueName === 'string' ? input.QueueName : undefined;
        if (name && typeof answer.QueueUrl === 'string') await restore(name, answer.QueueUrl);
        return;
      }
      case 'SendMessage':
        if (q && typeof answer.MessageId === 'string') sent(q, input, answer.MessageId);
        return;
      case 'SendMessageBatch': {
        if (!q) return;
        const entries = new Map(((input.Entries as Record<string, unknown>[] | undefined) ?? []).map((e) => [String(e.Id), e]));
        for (const ok of (answer.Successful as { Id: string; MessageId: string }[] | undefined) ?? []) {
          const entry = entries.get(ok.Id);
          if (entry) sent(q, entry, ok.MessageId);
        }
        return;
      }
      case 'ReceiveMessage':
        if (!q) return;
        for (const m of (answer.Messages as { MessageId?: string; ReceiptHandle?: string }[] | undefined) ?? []) {
          if (!m.MessageId || !m.ReceiptHandle) continue;
          handles.set(m.ReceiptHandle, { q, id: m.MessageId });
          const key = `${q}\n${m.MessageId}`;
          let set = handlesOf.get(key);
          if (!set) handlesOf.set(key, (set = new Set()));
          set.add(m.ReceiptHandle);
        }
        return;
      case 'DeleteMessage':
        deleted(input.ReceiptHandle);
        return;
      case 'DeleteMessageBatch': {
        const entries = new Map(((input.Entries as { Id: string; ReceiptHandle: string }[] | undefined) ?? []).map((e) => [e.Id, e.ReceiptHandle]));
        for (const ok of (answer.Successful as { Id: string }[] | undefined) ?? []) deleted(entries.get(ok.Id));
        return;
      }
      case 'PurgeQueue':
      case 'DeleteQueue':
        if (!q) return;
        for (const id of [...held(q).keys()]) forget(q, id);
        state.delete(q);
        append({ op: 'purge', q });
        return;
      default:
        return;
    }
  };

  // One request at a time changes the journal: answers are journaled in the order they came back.
  let queue: Promise<unknown> = Promise.resolve();
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const response = await forward(req.method ?? 'POST', req.url ?? '/', req.headers, body, abort.signal);
    const target = req.headers['x-amz-target'];
    const action = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
    if (action && response.status === 200) {
      const step = queue.then(() => journal(action, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, JSON.parse(response.body.toString('utf8') || '{}') as Record<string, unknown>));
      queue = step.catch(() => undefined);
      await step;
    }
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };
  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InternalError', message: `local SQS journal: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host}:${port}`,
    restored,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}
