/**
 * The local console server as an API Gateway stand-in: what event each request becomes (route
 * key, raw path, path and query parameters, body, the JWT authorizer's claims of the signed-in
 * demo user), what it refuses (no or forged sign-in, unknown routes, oversized bodies) and that
 * static files and schemas are served read only from their folders and nowhere else.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { matchRoute, startConsoleServer, type ConsoleServer } from '../../../infra/local/console-server.ts';

describe('console server', () => {
  let server: ConsoleServer;
  const seen: { target: string; event: APIGatewayProxyEventV2 }[] = [];
  const recorder = (target: string) => async (event: APIGatewayProxyEventV2) => {
    seen.push({ target, event });
    return { statusCode: target === 'decisions' ? 409 : 200, headers: { 'content-type': 'application/json', 'x-target': target }, body: JSON.stringify({ target }) };
  };

  beforeAll(async () => {
    server = await startConsoleServer({ handlers: { history: recorder('history'), decisions: recorder('decisions') }, onError: () => undefined });
  });
  afterAll(() => server?.stop());
  beforeEach(() => void seen.splice(0));

  const url = (path: string) => new URL(path, server.url).toString();
  const bearer = (role: 'planner' | 'auditor') => ({ authorization: `Bearer ${server.tokenFor(role)}` });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses the API without a sign-in, or with a forged token', async () => {
    expect((await fetch(url('/api/me'))).status).toBe(401);
    const forged = `planner.${'A'.repeat(43)}`;
    expect((await fetch(url('/api/me'), { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect((await fetch(url('/api/me'), { headers: { cookie: `edi_console=admin.${server.tokenFor('planner').split('.')[1]}` } })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('signs in with a cookie that maps to the Cognito group claim', async () => {
    const signIn = await fetch(url('/auth/sign-in?as=auditor'), { method: 'POST' });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(await (await fetch(url('/auth/session'), { headers: { cookie } })).json()).toEqual({ role: 'auditor', group: 'auditors', name: 'Local Auditor' });
    const res = await fetch(url('/api/orders/ACME/PO%201%2F2/history?verify=1'), { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-target')).toBe('history');
    const { event } = seen[0]!;
    expect(event.routeKey).toBe('GET /orders/{partner}/{po}/history');
    expect(event.rawPath).toBe('/orders/ACME/PO%201%2F2/history');
    expect(event.pathParameters).toEqual({ partner: 'ACME', po: 'PO%201%2F2' });
    expect(event.queryStringParameters).toEqual({ verify: '1' });
    const claims = (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims;
    expect(claims['cognito:groups']).toBe('auditors');
    expect((await fetch(url('/auth/sign-in?as=admin'), { method: 'POST' })).status).toBe(400);
  });

  it('passes a decision to the decisions handler with its body and returns its status', async () => {
    const res = await fetch(url('/api/orders/BOLT/P1/lines/2/decision'), { method: 'POST', headers: { ...bearer('planner'), 'content-type': 'application/json' }, body: '{"decision":"approve"}' });
    expect(res.status).toBe(409);
    const { target, event } = seen[0]!;
    expect(target).toBe('decisions');
    expect(event.routeKey).toBe('POST /orders/{partner}/{po}/lines/{line}/decision');
    expect(event.pathParameters).toEqual({ partner: 'BOLT', po: 'P1', line: '2' });
    expect(event.body).toBe('{"decision":"approve"}');
    expect((event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims['cognito:groups']).toBe('planners');
  });

  it('gives a greedy {key+} the rest of the path, and 404 to a route the API does not have', async () => {
    await fetch(url('/api/documents/archive/ACME/2026/11/x.edi?format=json'), { headers: bearer('auditor') });
    expect(seen[0]?.event.pathParameters).toEqual({ store: 'archive', key: 'ACME/2026/11/x.edi' });
    expect(seen[0]?.event.routeKey).toBe('GET /documents/{store}/{key+}');
    expect((await fetch(url('/api/orders/ACME'), { headers: bearer('auditor') })).status).toBe(404);
    expect((await fetch(url('/api/orders/ACME/1/history'), { method: 'DELETE', headers: bearer('planner') })).status).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it('refuses a body over 64 KiB without calling the handler', async () => {
    const res = await fetch(url('/api/orders/A/1/lines/1/decision'), { method: 'POST', headers: bearer('planner'), body: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('serves the console and the X12 schemas read only, nothing outside their folders', async () => {
    const index = await fetch(url('/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await (await fetch(url('/config.json'))).json()).toMatchObject({ apiBaseUrl: '/api' });
    const schema = await fetch(url('/schemas/x12/004010/850.json'));
    expect(((await schema.json()) as { id: string }).id).toBe('850');
    expect(((await (await fetch(url('/schemas/x12/names.json'))).json()) as { segments: Record<string, string> }).segments.BEG).toBe('Beginning Segment for Purchase Order');
    for (const path of ['/%2e%2e/package.json', '/..%2fpackage.json', '/schemas/x12/%2e%2e/%2e%2e/package.json', '/schemas/x12/build-from-sef.ts', '/nope.js']) {
      expect((await fetch(url(path))).status, path).toBe(404);
    }
    expect((await fetch(url('/index.html'), { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('matches route paths as API Gateway does', () => {
    expect(matchRoute('/orders', '/orders')).toEqual({});
    expect(matchRoute('/orders/{partner}/{po}/emails', '/orders/A/1/emails')).toEqual({ partner: 'A', po: '1' });
    expect(matchRoute('/orders/{partner}/{po}/emails', '/orders/A//emails')).toBeUndefined();
    expect(matchRoute('/orders/{partner}/{po}/emails', '/orders/A/1/emails/x')).toBeUndefined();
    expect(matchRoute('/documents/{store}/{key+}', '/documents/outbound')).toBeUndefined();
  });
});
