import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { decisions } from '#functions/decisions/handler.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

const ROLES = { planner: 'edi-planner', auditor: 'edi-auditor' };

/** Both lines of PO-1 held for price-mismatch (contract 9.00, ordered at 2.50). */
async function heldDesk() {
  const partner = planningPartner();
  const desk = fakeDesk(partner);
  await desk.store.putItems(sampleItems({ item1: { contractPrice: { ACME: 9 } }, item2: { contractPrice: { ACME: 9 } } }));
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  desk.outbound.clear();
  desk.notify.clear();
  return desk;
}

type Authorizer = { jwt: { claims: Record<string, unknown> } } | { iam: { userArn: string } } | undefined;

function post(path: string, body: unknown, authorizer: Authorizer): APIGatewayProxyEventV2 {
  return { version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: {}, isBase64Encoded: false, body: JSON.stringify(body), requestContext: { http: { method: 'POST', path }, ...(authorizer ? { authorizer } : {}) } } as unknown as APIGatewayProxyEventV2;
}

const planner: Authorizer = { jwt: { claims: { 'cognito:groups': '[planners auditors]', 'cognito:username': 'pat.planner' } } };
const auditor: Authorizer = { jwt: { claims: { 'cognito:groups': '[auditors]', 'cognito:username': 'ann.auditor' } } };
const auditorRole: Authorizer = { iam: { userArn: 'arn:aws:sts::123456789012:assumed-role/edi-auditor/ann' } };
const plannerRole: Authorizer = { iam: { userArn: 'arn:aws:sts::123456789012:assumed-role/edi-planner/pat' } };

describe('decisions API', () => {
  it('lets a planner (Cognito group) decide a held line, recorded as decided by the signed-in planner', async () => {
    const desk = await heldDesk();
    const res = await decisions(desk, ROLES)(post('/console/orders/ACME/PO-1/lines/1/decision', { decision: 'approve', reason: 'checked with the buyer', by: 'someone else' }, planner));
    expect(res.statusCode).toBe(200);
    const head = await desk.orders.get('ACME', 'PO-1');
    expect(head?.planning?.decisions.map((d) => [d.lineNumber, d.by])).toEqual([['1', 'pat.planner']]);
  });

  it('lets a planner signed with the planner IAM role decide; the 855 goes out once no line is held', async () => {
    const desk = await heldDesk();
    const run = decisions(desk, ROLES);
    for (const line of ['1', '2']) expect((await run(post(`/orders/ACME/PO-1/lines/${line}/decision`, { decision: 'approve', reason: 'ok' }, plannerRole))).statusCode).toBe(200);
    expect(desk.outbound.bodies().map((m) => (m.payload.kind === 'inline' ? m.payload.document.type : m.kind))).toContain('855');
  });

  it.each([
    ['an auditor (Cognito group)', auditor, /ann\.auditor is an auditor/],
    ['an auditor (IAM role)', auditorRole, /ann is an auditor/],
    ['a caller with no role', undefined, /neither in the planners or auditors group/],
    ['a caller in another group', { jwt: { claims: { 'cognito:groups': 'buyers', 'cognito:username': 'x' } } } as Authorizer, /neither/],
  ])('refuses %s with 403 and changes nothing', async (_, who, message) => {
    const desk = await heldDesk();
    const before = await desk.orders.get('ACME', 'PO-1');
    const res = await decisions(desk, ROLES)(post('/orders/ACME/PO-1/lines/1/decision', { decision: 'approve', reason: 'ok', by: 'x' }, who));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body as string).error).toMatch(message);
    expect(await desk.orders.get('ACME', 'PO-1')).toEqual(before);
    expect(desk.outbound.bodies()).toEqual([]);
  });

  it('refuses an auditor on the confirm route too', async () => {
    const desk = await heldDesk();
    const res = await decisions(desk, ROLES)(post('/orders/ACME/PO-1/lines/1/confirm', { date: '2025-02-01' }, auditor));
    expect(res.statusCode).toBe(403);
  });

  it('answers a planner 400 for a bad body or a line without a P1 case, 404 for another path', async () => {
    const desk = await heldDesk();
    const run = decisions(desk, ROLES);
    expect((await run(post('/orders/ACME/PO-1/lines/1/decision', { decision: 'approve' }, planner))).statusCode).toBe(400);
    expect((await run(post('/orders/ACME/PO-1/lines/1/confirm', { date: 'soon' }, planner))).statusCode).toBe(400);
    const noCase = await run(post('/orders/ACME/PO-1/lines/1/confirm', { date: '2025-02-01' }, planner));
    expect(noCase.statusCode).toBe(400);
    expect(JSON.parse(noCase.body as string).error).toMatch(/no P1 escalation/);
    expect((await run(post('/orders/ACME/PO-1/cancel', {}, planner))).statusCode).toBe(404);
  });
});
