/**
 * Priority allocation end to end on the local emulators, under the demo clock, through the
 * planner's HTTP route (README, "Planning intelligence", priority and allocation): one item all
 * three sample partners buy (ACME class A, BOLT class B, CIRRUS class C), a week whose supply (100)
 * does not cover the 180 booked in it, a proposal in priority order — class before value, so
 * CIRRUS's largest order ranks last — and its confirmation: each moved or cut line decided like any
 * other decision (a `line.decided` event, the replacing 855, the confirmed-delay email for a later
 * date), the allocation on the item's history, and the same id refused once the facts changed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '#functions/cli/planning-commands.ts';
import { runItemHistory } from '#functions/cli/item-commands.ts';
import { liveDeskDeps } from '#functions/composition/live-deps.ts';
import { decisions } from '#functions/decisions/handler.ts';
import type { AllocationAnswer } from '#functions/use-cases/allocate-supply.ts';
import type { ItemHistoryView } from '#functions/use-cases/read-item-history.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { captureIo } from '../support/cli-io.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack, outboundContaining } from '../support/sample-stack.ts';

const ITEM = 'KPC-7700';
const WEEK = '2026-12-14';
const LATER_WEEK = '2027-01-04';
const DELIVERY = '20261218'; // ship 12-15…12-17 after each partner's transit days: all in WEEK

let stack: LocalStack;
let started: SampleStack | undefined;
let tmp: string;

const planner = { 'cognito:groups': '[planners]', 'cognito:username': 'tomas.rivera' };
const auditor = { 'cognito:groups': '[auditors]', 'cognito:username': 'ann.auditor' };

function event(path: string, claims: Record<string, string>, body?: unknown, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    ...(query ? { queryStringParameters: query } : {}),
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    requestContext: { http: { method: 'POST', path }, authorizer: { jwt: { claims } } },
  } as unknown as APIGatewayProxyEventV2;
}
const parsed = <T>(r: APIGatewayProxyStructuredResultV2) => JSON.parse(r.body as string) as T;

async function load(path: string, kind: string): Promise<void> {
  const io = captureIo();
  expect(await runLoad([path, '--kind', kind], io.io), io.err()).toBe(0);
  await stack.drain();
}

/**
 * A one-line 850 in the envelope of one of the partner's sample orders (its ISA/GS ids, version
 * and delimiters), with a new PO number, control numbers and the one PO1 line.
 */
async function order850(sample: string, po: string, control: number, po1: string): Promise<string> {
  const segments = (await readSample(`inbound/${sample}`)).split('~').map((s) => s.trim()).filter(Boolean);
  const header = segments.slice(2, segments.findIndex((s) => s.startsWith('PO1*')));
  const isa = segments[0]!.split('*');
  isa[13] = String(control).padStart(9, '0');
  const gs = segments[1]!.split('*');
  gs[6] = String(control);
  const body = [
    ...header.map((s) => (s.startsWith('BEG*') ? s.replace(/^(BEG\*00\*SA\*)[^*]+/, `$1${po}`) : s.startsWith('DTM*002*') ? `DTM*002*${DELIVERY}` : s)),
    po1,
    `DTM*002*${DELIVERY}`,
    `CTT*1*${po1.split('*')[2]}`,
  ];
  return [isa.join('*'), gs.join('*'), ...body, `SE*${body.length + 1}*0001`, `GE*1*${control}`, `IEA*1*${isa[13]}`].map((s) => `${s}~\n`).join('');
}

const outbound = (needle: string) => outboundContaining(stack, needle);

beforeAll(async () => {
  started = await startSampleStack('allocation');
  stack = started.stack;
  tmp = await mkdtemp(join(tmpdir(), 'edi-allocation-'));
  // No partner forecasts the test item: never-forecast off, so each line is booked as ordered.
  const profiles = JSON.parse(await readSample('master/partners.json')) as { partners: { id: string; priorityClass?: string; ruleSeverity?: Record<string, string> }[] };
  for (const p of profiles.partners) p.ruleSeverity = { ...p.ruleSeverity, 'never-forecast': 'off' };
  expect(profiles.partners.map((p) => [p.id, p.priorityClass])).toEqual([['ACME', 'A'], ['BOLT', 'B'], ['CIRRUS', 'C']]);
  await writeFile(join(tmp, 'partners.json'), JSON.stringify(profiles));
  await load(join(tmp, 'partners.json'), 'partners');
  // The sample item master with one more row, written against its header so columns cannot drift.
  const sampleItems = (await readSample('master/items.csv')).trimEnd();
  const header = sampleItems.split('\n')[0]!.split(',');
  const fields: Record<string, string> = {
    vendorPart: ITEM, 'buyerParts.ACME': 'AC-770010', 'buyerParts.BOLT': 'BL77007', 'buyerParts.CIRRUS': 'CX-7700-01', description: 'Spacer sleeve 8 x 12 x 20 mm zinc plated',
    unitOfMeasure: 'EA', packSize: '10', moq: '10', leadTimeDays: '7', safetyStock: '0', 'contractPrice.ACME': '5.00', 'contractPrice.BOLT': '5.00', 'contractPrice.CIRRUS': '5.00', currency: 'USD', grossWeight: '0.1', weightUnit: 'LB',
    'planner.name': 'Tomas Rivera', 'planner.email': 'tomas.rivera@example.com', 'escalation.owner.name': 'Tomas Rivera', 'escalation.owner.email': 'tomas.rivera@example.com',
    'escalation.manager.name': 'Grace Lindqvist', 'escalation.manager.email': 'grace.lindqvist@example.com', 'escalation.director.name': 'Sofia Marchetti', 'escalation.director.email': 'sofia.marchetti@example.com',
    'escalation.vp.name': 'Robert Haldane', 'escalation.vp.email': 'robert.haldane@example.com', source: 'make',
  };
  await writeFile(join(tmp, 'items.csv'), `${sampleItems}\n${header.map((h) => fields[h] ?? '').join(',')}\n`);
  await load(join(tmp, 'items.csv'), 'items');
  // 100 in the allocated week, 50 three weeks later, nothing on hand.
  const weeks = ['2026-11-23', '2026-11-30', '2026-12-07', WEEK, '2026-12-21', '2026-12-28', LATER_WEEK, '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01', '2027-02-08'];
  const plan = weeks.map((w, i) => `${ITEM},,${i === 0 ? 0 : ''},${w},${w === WEEK ? 100 : w === LATER_WEEK ? 50 : 0},0`);
  await writeFile(join(tmp, 'supply-plan.csv'), `item,location,onHand,weekStart,mps,receipts\n${plan.join('\n')}\n`);
  await load(join(tmp, 'supply-plan.csv'), 'supply');

  await stack.putInbound('ACME/in/alloc-acme.edi', await order850('ACME/02-850-4500098801-clean.edi', '4500099001', 4201, `PO1*1*60*EA*5*PE*BP*AC-770010*VP*${ITEM}`));
  await stack.putInbound('BOLT/in/alloc-bolt.edi', await order850('BOLT/02-850-P221870-clean.edi', 'P229001', 70401, `PO1*1*50*EA*5*PE*BP*BL77007*VP*${ITEM}`));
  await stack.putInbound('CIRRUS/in/alloc-cirrus.edi', await order850('CIRRUS/02-850-CX26-0041180-clean.edi', 'CX26-0049001', 210101, `PO1*1*70*EA*5*PE*BP*CX-7700-01*VP*${ITEM}`));
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('allocation of a short week across customers', () => {
  it('books the three orders as ordered and flags the week short', async () => {
    const deps = liveDeskDeps();
    for (const [partner, po] of [['ACME', '4500099001'], ['BOLT', 'P229001'], ['CIRRUS', 'CX26-0049001']] as const) {
      const head = await deps.orders.get(partner, po);
      expect(head?.planning?.lineStates.map((l) => l.status), `${partner} ${po}`).toEqual(['accepted']);
    }
    expect((await stack.sentEmails()).filter((e) => e.subject.includes(`[DELAY RISK L1] ${ITEM}`))).not.toHaveLength(0);
  });

  it('proposes by priority class before value, only to planners, and changes nothing', async () => {
    const desk = decisions(liveDeskDeps());
    const path = `/console/items/${ITEM}/allocations`;
    expect((await desk(event(path, auditor, undefined, { week: WEEK }))).statusCode).toBe(403);
    expect((await desk(event(path, planner))).statusCode).toBe(400);
    const before = (await outbound('ST*855*')).length;

    const answer = await desk(event(path, planner, undefined, { week: '2026-12-16' }));
    expect(answer.statusCode, answer.body as string).toBe(200);
    const { proposal, applied, customerNotices } = parsed<AllocationAnswer>(answer);
    expect(applied).toBeUndefined();
    // BOLT's buyer was told of the shortage (level 2), so its later date sends the level-3 email:
    // shown whole before the confirmation, as edi delay preview shows it.
    expect(customerNotices.map((n) => [n.partner, n.purchaseOrderNumber, n.lineNumber])).toEqual([['BOLT', 'P229001', '1']]);
    expect(customerNotices[0]!.told).toMatch(/^its risk notice \(level 2\) went /);
    expect(customerNotices[0]!.preview).toMatchObject({ subject: expect.stringContaining('[CONFIRMED DELAY] PO P229001 line 1'), to: ['owen.gallagher@boltsupply.example.net'], newDate: LATER_WEEK });
    expect(proposal).toMatchObject({ item: ITEM, weekStart: WEEK, available: 100, booked: 180, short: 80 });
    expect(proposal.lines.map((l) => [l.rank, l.partnerId, l.priorityClass, l.value, l.outcome, l.decision])).toEqual([
      [1, 'ACME', 'A', 300, 'on-time', undefined],
      [2, 'BOLT', 'B', 250, 'later', `date=${LATER_WEEK}`],
      [3, 'CIRRUS', 'C', 350, 'cut', 'quantity=40'],
    ]);
    // The body names the week as well as the query does: the same proposal.
    expect(parsed<AllocationAnswer>(await desk(event(path, planner, { week: WEEK }))).proposal.id).toBe(proposal.id);
    await stack.drain();
    expect((await outbound('ST*855*')).length).toBe(before);
  });

  it('a confirmation decides the moved and cut lines with their 855s and the delay email, and is on the item history', async () => {
    const desk = decisions(liveDeskDeps());
    const { proposal, customerNotices } = parsed<AllocationAnswer>(await desk(event(`/items/${ITEM}/allocations`, planner, { week: WEEK })));
    expect((await desk(event(`/console/items/${ITEM}/allocations/${proposal.id}/confirm`, auditor, { week: WEEK }))).statusCode).toBe(403);
    expect((await desk(event(`/console/items/${ITEM}/allocations/0123456789ab/confirm`, planner, { week: WEEK }))).statusCode).toBe(400);

    const confirmed = await desk(event(`/console/items/${ITEM}/allocations/${proposal.id}/confirm`, planner, { week: WEEK, reason: 'press 7 capacity' }));
    expect(confirmed.statusCode, confirmed.body as string).toBe(200);
    const { applied } = parsed<AllocationAnswer>(confirmed);
    expect(applied?.map((a) => [a.partner, a.decision, a.result.acknowledgment])).toEqual([
      ['BOLT', `date=${LATER_WEEK}`, 'ready'],
      ['CIRRUS', 'quantity=40', 'ready'],
    ]);
    await stack.drain();

    const deps = liveDeskDeps();
    const bolt = await deps.orders.get('BOLT', 'P229001');
    expect(bolt?.planning?.decisions.at(-1)).toMatchObject({ action: { kind: 'date', date: LATER_WEEK }, by: 'tomas.rivera', reason: expect.stringContaining(`allocation ${proposal.id}`) });
    const cirrus = await deps.orders.get('CIRRUS', 'CX26-0049001');
    expect(cirrus?.planning?.decisions.at(-1)).toMatchObject({ action: { kind: 'quantity', quantity: 40 }, by: 'tomas.rivera' });
    expect((await deps.orders.get('ACME', '4500099001'))?.planning?.decisions ?? []).toEqual([]);

    // The replacing 855s: BOLT's line a confirmed delay (DR, the new ship date), CIRRUS's cut (IQ 40).
    expect((await outbound('BAK*05*AC*P229001')).join()).toMatch(new RegExp(`ACK\\*DR\\*50\\*EA\\*068\\*${LATER_WEEK.replaceAll('-', '')}`));
    expect((await outbound('CX26-0049001')).filter((x) => x.includes('ACK*IQ*40*EA'))).toHaveLength(1);
    const told = (await stack.sentEmails()).filter((e) => e.subject.includes('[CONFIRMED DELAY] PO P229001 line 1') && e.destination.to[0] === 'owen.gallagher@boltsupply.example.net');
    expect(told).toHaveLength(1);
    // exactly the text the proposal showed
    expect([told[0]!.subject, told[0]!.body.text]).toEqual([customerNotices[0]!.preview.subject, customerNotices[0]!.preview.text]);
    // The allocation's reason is internal: the customer reads the item's customer text.
    expect(told[0]?.body.text).not.toContain('press 7 capacity');

    const io = captureIo();
    expect(await runItemHistory(['--item', ITEM, '--json'], io.io), io.err()).toBe(0);
    const view = JSON.parse(io.out()) as ItemHistoryView;
    const allocation = view.events.find((e) => e.kind === 'allocation');
    expect(allocation).toMatchObject({ actor: 'planner:tomas.rivera' });
    expect(allocation?.summary).toContain('BOLT PO P229001 line 1 date=2027-01-04, CIRRUS PO CX26-0049001 line 1 quantity=40');
    expect(view.events.filter((e) => e.kind === 'decision')).toHaveLength(2);

    // The same id again: its lines were decided, the facts changed, nothing is decided twice.
    const again = await desk(event(`/console/items/${ITEM}/allocations/${proposal.id}/confirm`, planner, { week: WEEK }));
    expect(again.statusCode).toBe(400);
    expect(parsed<{ error: string }>(again).error).toContain('is not the current proposal');
  });
});
