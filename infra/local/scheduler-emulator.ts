/**
 * A tiny EventBridge Scheduler emulator for the local stack: the REST-JSON API the SDK's
 * `@aws-sdk/client-scheduler` speaks for CreateSchedule (`POST /schedules/{Name}`),
 * GetSchedule (`GET /schedules/{Name}?groupName=`) and DeleteSchedule (`DELETE …`), one-time
 * `at(yyyy-mm-ddThh:mm:ss)` schedules only, delivered to an SQS target by `SendMessage` of
 * `Target.Input`. Time is the local stack's clock, the one its handlers share, so moving the
 * clock (`advanceClock`) fires what falls due.
 * Handlers reach it through `AWS_ENDPOINT_URL_SCHEDULER`, unaware they are local.
 *
 * With `file`, the schedules are kept there (written before each answer, replaced whole through a
 * temporary file and a rename), so a hard stop loses no pending escalation timer: EventBridge
 * Scheduler keeps a created schedule whatever happens to its caller.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OffsetClock } from '#functions/adapters/system-clock.ts';

export interface LocalSchedule {
  name: string;
  group: string;
  at: number;
  expression: string;
  target: { arn: string; input: string };
  createdAt: number;
}

export interface SchedulerEmulator {
  endpoint: string;
  /** `AWS_ENDPOINT_URL_SCHEDULER`. */
  env: Record<string, string>;
  schedules(): LocalSchedule[];
  /** Sends every schedule due at the local clock's now to its queue and deletes it; resolves when sent. */
  fireDue(): Promise<number>;
  /** Moves the local clock forward and fires what fell due. */
  advanceClock(ms: number): Promise<number>;
  /** The local clock's now. */
  now(): Date;
  stop(): Promise<void>;
}

export interface SchedulerEmulatorOptions {
  sqs: SQSClient;
  /** Queue URLs the targets may name (matched by queue name, the ARN's last part). */
  queueUrls: readonly string[];
  /** The local stack's clock. */
  clock: OffsetClock;
  port?: number;
  /** Check for due schedules every so often, ms (0: only on `fireDue`/`advanceClock`). Default 1000. */
  tickMs?: number;
  region?: string;
  account?: string;
  /** Where the schedules outlive the process (the local stack's data folder); in memory only when absent. */
  file?: string;
}

function readSchedules(file: string | undefined): Map<string, LocalSchedule> {
  const schedules = new Map<string, LocalSchedule>();
  if (!file) return schedules;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return schedules;
    throw error;
  }
  for (const s of JSON.parse(text) as LocalSchedule[]) schedules.set(`${s.group}/${s.name}`, s);
  return schedules;
}

function parseAt(expression: string): number | undefined {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression.trim());
  return m ? Date.parse(`${m[1]}Z`) : undefined;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(payload));
}

export async function startSchedulerEmulator(options: SchedulerEmulatorOptions): Promise<SchedulerEmulator> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const schedules = readSchedules(options.file);
  const now = () => options.clock.now().getTime();
  const key = (group: string, name: string) => `${group}/${name}`;
  // One write at a time, each of the whole map as it is then: the last write holds the last state.
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const file = options.file;
    if (!file) return Promise.resolve();
    saving = saving.then(async () => {
      await writeFile(`${file}.tmp`, JSON.stringify([...schedules.values()]));
      await rename(`${file}.tmp`, file);
    });
    return saving;
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const m = /^\/schedules\/([^/]+)$/.exec(url.pathname);
        if (!m) return reply(res, 404, { Message: `no route ${req.method} ${url.pathname}` }, 'ResourceNotFoundException');
        const name = decodeURIComponent(m[1]!);
        if (req.method === 'POST') {
          const input = await body(req);
          const group = String(input.GroupName ?? 'default');
          const expression = String(input.ScheduleExpression ?? '');
          const at = parseAt(expression);
          if (at === undefined) return reply(res, 400, { Message: `only at(yyyy-mm-ddThh:mm:ss) schedules are emulated, got ${expression}` }, 'ValidationException');
          if (schedules.has(key(group, name))) return reply(res, 409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
          const target = input.Target as { Arn?: string; Input?: string } | undefined;
          schedules.set(key(group, name), { name, group, at, expression, target: { arn: String(target?.Arn ?? ''), input: String(target?.Input ?? '') }, createdAt: now() });
          await save();
          return reply(res, 200, { ScheduleArn: `arn:aws:scheduler:${region}:${account}:schedule/${group}/${name}` });
        }
        const group = url.searchParams.get('groupName') ?? 'default';
        const found = schedules.get(key(group, name));
        if (!found) return reply(res, 404, { Message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
        if (req.method === 'DELETE') {
          schedules.delete(key(group, name));
          await save();
          return reply(res, 200, {});
        }
        if (req.method === 'GET') {
          return reply(res, 200, {
            Name: found.name,
            GroupName: found.group,
            Arn: `arn:aws:scheduler:${region}:${account}:schedule/${found.group}/${found.name}`,
            ScheduleExpression: found.expression,
            State: 'ENABLED',
            Target: { Arn: found.target.arn, Input: found.target.input },
          });
        }
        return reply(res, 405, { Message: 'method not allowed' }, 'ValidationException');
      } catch (error) {
        reply(res, 500, { Message: (error as Error).message }, 'InternalServerException');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let firing: Promise<number> = Promise.resolve(0);
  const fireDue = (): Promise<number> => {
    firing = firing.then(async () => {
      let sent = 0;
      const due = [...schedules.entries()].filter(([, s]) => s.at <= now()).sort(([, a], [, b]) => a.at - b.at);
      for (const [k, s] of due) {
        const queueName = s.target.arn.split(':').at(-1);
        const url = options.queueUrls.find((u) => u.split('/').at(-1) === queueName);
        if (url) await options.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: s.target.input }));
        schedules.delete(k);
        // Sent, then forgotten: a stop between the two sends it again after a restart (at least
        // once, as the scheduler is; the timers stage is idempotent on what it fires).
        await save();
        sent++;
      }
      return sent;
    });
    return firing;
  };
  const tick = (options.tickMs ?? 1000) > 0 ? setInterval(() => void fireDue().catch(() => undefined), options.tickMs ?? 1000) : undefined;
  tick?.unref();

  return {
    endpoint,
    env: { AWS_ENDPOINT_URL_SCHEDULER: endpoint },
    schedules: () => [...schedules.values()],
    fireDue,
    async advanceClock(ms) {
      options.clock.advance(ms);
      return fireDue();
    },
    now: () => new Date(now()),
    async stop() {
      if (tick) clearInterval(tick);
      await saving.catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
