/**
 * The web console on the local stack: one node:http server on 127.0.0.1 that serves the static
 * console (functions/console/, as S3 + CloudFront serve it on AWS), the X12 schema JSON it reads
 * (schemas/x12, read only) and `/api/...`, adapted to the History and Decisions Lambda handlers
 * as API Gateway (HTTP API, payload 2.0) would call them: routeKey, rawPath, pathParameters,
 * queryStringParameters, body and the JWT authorizer's claims.
 *
 * Sign-in is local only (README "Web console"): two demo users, a planner and an auditor; the
 * server sets an HMAC-signed cookie (or accepts the same token as `Authorization: Bearer`) and
 * maps it to the `cognito:groups` claim a Cognito JWT authorizer would pass. What a caller may do
 * is decided by the handlers from that claim, not here.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiHandler, LiveApiHandlers } from '#functions/composition/api-handlers.ts';
import { DECISION_ROUTES, HISTORY_ROUTES } from '#functions/shared/api-routes.ts';
import { EMULATOR_HOST } from './emulators.ts';
import { REPO_ROOT } from './stack.ts';

/** The local demo users: who each sign-in button signs in as, and the group claim it carries. */
export const LOCAL_USERS = {
  planner: { group: 'planners', username: 'local-planner', name: 'Local Planner', email: 'planner@example.test' },
  auditor: { group: 'auditors', username: 'local-auditor', name: 'Local Auditor', email: 'auditor@example.test' },
} as const;
export type LocalRole = keyof typeof LOCAL_USERS;

const COOKIE = 'edi_console';
const MAX_BODY_BYTES = 64 * 1024;

/** One API route: API Gateway's route key syntax, `{name}` one segment, `{name+}` the rest. */
interface Route {
  method: string;
  path: string;
  target: keyof LiveApiHandlers;
}

/**
 * The History and Decisions API routes, from the one list the handlers match and the CDK stack
 * declares (`functions/shared/api-routes.ts`): GET for the history API, POST for decisions.
 */
export const CONSOLE_API_ROUTES: readonly Route[] = [
  ...Object.values(HISTORY_ROUTES).map((path) => ({ method: 'GET', path, target: 'history' as const })),
  ...Object.values(DECISION_ROUTES).map((path) => ({ method: 'POST', path, target: 'decisions' as const })),
];

/** Matches `rawPath` (still percent-encoded, as API Gateway passes path parameters) against a route path. */
export function matchRoute(routePath: string, rawPath: string): Record<string, string> | undefined {
  const want = routePath.split('/').slice(1);
  const got = rawPath.split('/').slice(1);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) {
      const rest = got.slice(i).join('/');
      if (!rest) return undefined;
      params[greedy[1]!] = rest;
      return params;
    }
    const value = got[i];
    if (value === undefined || value === '') return undefined;
    const name = /^\{(.+)\}$/.exec(part);
    if (name) params[name[1]!] = value;
    else if (part !== value) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

export interface ConsoleServerOptions {
  handlers: LiveApiHandlers;
  /** The static console. Default functions/console of this repository. */
  staticDir?: string;
  /** The X12 schema folder served under /schemas/x12/. Default schemas/x12 of this repository. */
  schemasDir?: string;
  /** 0 or absent: an ephemeral port, like the emulators (infra/local/emulators.ts). */
  port?: number;
  /** Signing key of the session token; default random per start (a restart signs everyone out). */
  secret?: Uint8Array;
  onError?: (message: string, error: unknown) => void;
}

export interface ConsoleServer {
  url: string;
  /** A bearer token for a demo user (tests call the API as that user). */
  tokenFor(role: LocalRole): string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The console is same-origin only: scripts and styles from this server, data from its API.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
}

/** A file under `root` named by the URL path, or undefined (never a file outside `root`). */
async function fileUnder(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = resolve(root, `.${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return fileUnder(root, `${urlPath.replace(/\/$/, '')}/index.html`);
  return info?.isFile() ? path : undefined;
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const staticDir = resolve(options.staticDir ?? join(REPO_ROOT, 'functions/console'));
  const schemasDir = resolve(options.schemasDir ?? join(REPO_ROOT, 'schemas/x12'));
  const secret = options.secret ?? randomBytes(32);
  const onError = options.onError ?? ((message, error) => console.error(message, error));

  const sign = (payload: string): string => createHmac('sha256', secret).update(payload).digest('base64url');
  const tokenFor = (role: LocalRole): string => `${role}.${sign(role)}`;
  const roleOf = (token: string | undefined): LocalRole | undefined => {
    const [role, mac] = (token ?? '').split('.');
    if (!role || !mac || !(role in LOCAL_USERS)) return undefined;
    const want = Buffer.from(sign(role));
    const got = Buffer.from(mac);
    return want.length === got.length && timingSafeEqual(want, got) ? (role as LocalRole) : undefined;
  };
  const callerOf = (req: IncomingMessage): LocalRole | undefined => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) return roleOf(bearer);
    const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`));
    return roleOf(cookie?.slice(COOKIE.length + 1));
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const role = callerOf(req);
    if (!role) return sendJson(res, 401, { message: 'not signed in' });
    const rawPath = url.pathname.slice('/api'.length) || '/';
    const method = req.method ?? 'GET';
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const route of CONSOLE_API_ROUTES) {
      const params = route.method === method ? matchRoute(route.path, rawPath) : undefined;
      if (params) {
        matched = { route, params };
        break;
      }
    }
    if (!matched) return sendJson(res, 404, { message: `no route ${method} ${rawPath}` });
    const body = method === 'GET' ? undefined : await readBody(req);
    const user = LOCAL_USERS[role];
    const query = Object.fromEntries(url.searchParams);
    const now = new Date();
    const routeKey = `${matched.route.method} ${matched.route.path}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString: url.search.slice(1),
      headers: Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) ? [[k, v.join(',')]] : []))),
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(matched.params).length ? { pathParameters: matched.params } : {}),
      ...(body !== undefined ? { body } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'local-console',
        domainName: url.host,
        domainPrefix: 'local-console',
        http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? EMULATOR_HOST, userAgent: req.headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        // As a Cognito JWT authorizer passes an ID token's claims (a user in one group).
        authorizer: { jwt: { claims: { sub: user.username, 'cognito:username': user.username, 'cognito:groups': user.group, name: user.name, email: user.email }, scopes: [] } },
      } as APIGatewayProxyEventV2['requestContext'],
    };
    const handler: ApiHandler = options.handlers[matched.route.target];
    const result: APIGatewayProxyStructuredResultV2 = await handler(event);
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const text = result.body ?? '';
    send(res, result.statusCode ?? 200, result.isBase64Encoded ? Buffer.from(text, 'base64') : text, { 'content-type': 'application/json; charset=utf-8', ...headers });
  }

  async function auth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/auth/session' && req.method === 'GET') {
      const role = callerOf(req);
      return role ? sendJson(res, 200, { role, group: LOCAL_USERS[role].group, name: LOCAL_USERS[role].name }) : sendJson(res, 401, { message: 'not signed in' });
    }
    if (url.pathname === '/auth/sign-in' && req.method === 'POST') {
      const role = url.searchParams.get('as');
      if (role !== 'planner' && role !== 'auditor') return sendJson(res, 400, { message: 'sign in as planner or auditor' });
      return sendJson(res, 200, { role, name: LOCAL_USERS[role].name }, { 'set-cookie': `${COOKIE}=${tokenFor(role)}; Path=/; HttpOnly; SameSite=Strict` });
    }
    if (url.pathname === '/auth/sign-out' && req.method === 'POST') {
      return sendJson(res, 200, { signedOut: true }, { 'set-cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
    }
    return sendJson(res, 404, { message: 'no such sign-in route' });
  }

  async function serveFile(res: ServerResponse, root: string, urlPath: string): Promise<void> {
    const file = await fileUnder(root, urlPath);
    if (!file) return send(res, 404, 'not found', { 'content-type': 'text/plain; charset=utf-8' });
    send(res, 200, await readFile(file), { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.local');
    const route = url.pathname;
    const work =
      route === '/api' || route.startsWith('/api/')
        ? api(req, res, url)
        : route.startsWith('/auth/')
          ? auth(req, res, url)
          : req.method !== 'GET' && req.method !== 'HEAD'
            ? Promise.resolve(sendJson(res, 405, { message: 'read only' }))
            : route.startsWith('/schemas/x12/')
              ? /\.json$/.test(route)
                ? serveFile(res, schemasDir, route.slice('/schemas/x12'.length))
                : Promise.resolve(send(res, 404, 'not found'))
              : serveFile(res, staticDir, route);
    work.catch((error: unknown) => {
      if (error instanceof RangeError) return sendJson(res, 413, { message: error.message });
      onError(`[console] ${req.method} ${route} failed`, error);
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, EMULATOR_HOST, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${EMULATOR_HOST}:${port}/`,
    tokenFor,
    stop() {
      stopped ??= new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
