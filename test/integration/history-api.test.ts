/**
 * The history and decisions APIs on the local stack (README, "History API"): the Lambda handlers
 * over live dependencies (real SDK clients against the emulators), called with the events API
 * Gateway sends for a Cognito user of each group. A held sample order is read back through every
 * route, decided by a planner (its 855 then readable as sent), refused to an auditor, and the
 * work-list flags (p1-open, ack-overdue, at-risk) appear and clear with the records that carry them.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { DynamoSentDocuments } from '#functions/adapters/dynamo-sent-documents.ts';
import { liveDeskDeps, liveHistoryDeps } from '#functions/composition/live-deps.ts';
import { decisions } from '#functions/decisions/handler.ts';
import { history } from '#functions/history/handler.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { putSample, startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let started: SampleStack | undefined;
let stack: LocalStack;

const PO = '4500098802';
const planner = { 'cognito:groups': '[planners]', 'cognito:username': 'marcus.oyelaran' };
const auditor = { 'cognito:groups': '[auditors]', 'cognito:username': 'ann.auditor' };

function event(method: string, path: string, claims: Record<string, string>, options: { query?: Record<string, string>; body?: unknown } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    headers: {},
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    requestContext: { http: { method, path }, authorizer: { jwt: { claims } } },
  } as unknown as APIGatewayProxyEventV2;
}

const parsed = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(r.body as string);
const get = async (path: string, query?: Record<string, string>, claims = auditor) => history(liveHistoryDeps())(event('GET', path, claims, query ? { query } : {}));

beforeAll(async () => {
  started = await startSampleStack('history-api');
  stack = started.stack;
  await putSample(stack, 'ACME/01-830-forecast-ACME-FC-2648.edi');
  await stack.drain();
  await putSample(stack, `ACME/03-850-${PO}-decimal-shift.edi`);
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('history API on the local stack', () => {
  it('finds the held order by status and shows its history with an intact verify verdict', async () => {
    const held = parsed(await get('/console/orders', { status: 'held', partner: 'ACME' }));
    expect(held.orders.map((o: { purchaseOrderNumber: string }) => o.purchaseOrderNumber)).toContain(PO);
    const res = await get(`/console/orders/ACME/${PO}/history`);
    expect(res.statusCode).toBe(200);
    const body = parsed(res);
    expect(body.order.status).toBe('held');
    expect(body.chain.valid).toBe(true);
    expect(body.verification).toMatchObject({ valid: true, findings: [] });
  });

  it('answers the archived 850 with the SHA-256 the ledger recorded, and the hold email with its body', async () => {
    const entries = parsed(await get(`/orders/ACME/${PO}/history`)).entries as { kind: string; details: { archiveKey?: string; sha256?: string } }[];
    const ix = entries.find((e) => e.kind === 'interchange')!;
    const raw = await get(`/documents/archive/${ix.details.archiveKey}`);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers?.['x-content-sha256']).toBe(ix.details.sha256);
    expect(Buffer.from(raw.body as string, 'base64').toString('latin1')).toContain(`BEG*00*`);
    const emails = parsed(await get(`/orders/ACME/${PO}/emails`)).emails as { title: string; body?: { text: string }; bodyCheck: string }[];
    const hold = emails.find((m) => m.title.startsWith('[HOLD]'));
    expect(hold?.bodyCheck).toBe('intact');
    expect(hold?.body?.text).toContain(`edi decide --partner ACME --po ${PO}`);
    const ledger = parsed(await get('/partners/ACME/interchanges', { from: '2000-01-01' }));
    expect(ledger.entries.map((e: { archiveKey: string }) => e.archiveKey)).toContain(ix.details.archiveKey);
  });

  it('answers the 997 we sent for the 850 by its outbound key alone, naming the interchange it answered', async () => {
    const entries = parsed(await get(`/orders/ACME/${PO}/history`)).entries as { kind: string; summary: string }[];
    const isa13 = /ISA13 (\d{9})/.exec(entries.find((e) => e.kind === 'interchange')!.summary)![1];
    const listed = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: 'ACME/997/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.length).toBeGreaterThan(0);
    const answers: string[] = [];
    for (const key of keys) {
      const res = await get(`/documents/outbound/${key}`, { format: 'json' });
      expect(res.statusCode, key).toBe(200);
      const doc = parsed(res);
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(doc.text).toContain('ST*997*');
      answers.push(doc.namedBy);
    }
    expect(answers).toContainEqual(expect.stringMatching(new RegExp(`^997 answering ISA13 ${isa13} from ZZ/ACMEAUTOTIER1 `)));
    // …and by our own ISA13 under the partner: the same bytes.
    for (const key of keys) {
      const ours = /-(\d{9})\.x12$/.exec(key)![1]!;
      const byIsa13 = parsed(await get(`/partners/ACME/sent/${ours}`, { format: 'json' }));
      expect(byIsa13).toMatchObject({ store: 'outbound', key, sha256: parsed(await get(`/documents/outbound/${key}`, { format: 'json' })).sha256 });
    }
    // a key no record names stays refused
    expect((await get(`/documents/outbound/ACME/997/20000101-999999999.x12`)).statusCode).toBe(404);
  });

  it('lists the held line on the work list with its value, and projects the line’s item week by week', async () => {
    const work = parsed(await get('/worklist', undefined, planner));
    const line = work.items.find((i: { purchaseOrderNumber: string; kind: string }) => i.purchaseOrderNumber === PO && i.kind === 'held');
    expect(line).toMatchObject({ partner: 'ACME', lineNumber: '1' });
    expect(line.value).toBeCloseTo(line.quantity * line.unitPrice, 2);
    const projection = parsed(await get(`/items/${line.item}/projection`));
    expect(projection.item).toBe(line.item);
    expect(projection.weeks.length).toBeGreaterThan(0);
    expect(projection.weeks[0]).toEqual(expect.objectContaining({ week: expect.any(String), forecast: expect.any(Number), booked: expect.any(Number), supply: expect.any(Number), pab: expect.any(Number), safetyStock: expect.any(Number) }));
  });

  it('refuses the auditor’s decision (403) and takes the planner’s; the 855 is then readable as sent', async () => {
    const desk = decisions(liveDeskDeps());
    const body = { decision: 'quantity=120', reason: 'confirmed with buyer: decimal slip' };
    const refused = await desk(event('POST', `/console/orders/ACME/${PO}/lines/1/decision`, auditor, { body }));
    expect(refused.statusCode).toBe(403);
    const decided = await desk(event('POST', `/console/orders/ACME/${PO}/lines/1/decision`, planner, { body }));
    expect(decided.statusCode).toBe(200);
    await stack.drain();
    const after = parsed(await get(`/orders/ACME/${PO}/history`));
    expect(after.order.status).toBe('open');
    const decidedEvent = after.entries.find((e: { summary: string }) => e.summary.includes('line.decided'));
    expect(decidedEvent.summary).toContain('planner:marcus.oyelaran');
    const sent = after.entries.find((e: { kind: string; summary: string }) => e.kind === 'document' && e.summary.startsWith('855'));
    const doc = parsed(await get(`/documents/outbound/${sent.details.key}`, { format: 'json' }));
    expect(doc.text).toContain(`BAK*00*AC*${PO}`);
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists p1-open, ack-overdue and at-risk orders while their records carry the flag, and not after', async () => {
    const table = stack.env[ENV.tableName]!;
    const planning = new DynamoPlanningStore(stack.clients.dynamodb, table);
    const sent = new DynamoSentDocuments(stack.clients.dynamodb, table);
    const listed = async (status: string) => (parsed(await get('/orders', { status, partner: 'ACME' })).orders as { purchaseOrderNumber: string }[]).map((o) => o.purchaseOrderNumber);

    const state = { schemaVersion: 1 as const, case: { partnerId: 'ACME', purchaseOrderNumber: PO, lineNumber: '2', item: 'KPC-3310' }, createdAt: '2026-11-20T10:00:00.000Z', confirmDueAt: '2026-11-20T14:00:00.000Z', steps: [], sent: [] };
    expect(await planning.putEscalation({ version: 1, state, reasons: [], schedules: [] })).toBe('written');
    expect(await listed('p1-open')).toContain(PO);
    expect(await planning.putEscalation({ version: 2, state: { ...state, confirmation: { date: '2026-12-01', by: 'x', at: '2026-11-20T11:00:00.000Z' } }, reasons: [], schedules: [] })).toBe('written');
    expect(await listed('p1-open')).not.toContain(PO);

    const [ack] = (await sent.list('ACME')).filter((d) => d.subject.kind === 'order' && d.subject.purchaseOrderNumber === PO);
    expect(ack).toBeDefined();
    expect(await listed('ack-overdue')).not.toContain(PO);
    expect(await sent.update({ ...ack!, state: 'overdue', version: ack!.version + 1 })).toBe(true);
    expect(await listed('ack-overdue')).toContain(PO);
    const work = parsed(await get('/worklist', undefined, planner));
    expect(work.items.find((i: { kind: string; purchaseOrderNumber: string }) => i.kind === 'ack-overdue' && i.purchaseOrderNumber === PO)).toBeDefined();

    const key = ['ACME', PO, '1'].map(encodeURIComponent).join('/');
    const delay = await planning.getDelayState('KPC-TEST-RISK');
    expect(delay).toBeUndefined();
    expect(await planning.putDelayState({ version: 1, state: { schemaVersion: 1, item: 'KPC-TEST-RISK', lines: { [key]: { episodeStart: '2026-11-20T10:00:00.000Z', active: true } } } })).toBe('written');
    expect(await listed('at-risk')).toContain(PO);
    expect(await planning.putDelayState({ version: 2, state: { schemaVersion: 1, item: 'KPC-TEST-RISK', lines: { [key]: { episodeStart: '2026-11-20T10:00:00.000Z', active: false, allClearAt: '2026-11-21T10:00:00.000Z' } } } })).toBe('written');
    expect(await listed('at-risk')).not.toContain(PO);
  });
});
