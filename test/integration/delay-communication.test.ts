/**
 * Delay communication and the item history end to end on the local emulators, under the controlled
 * clock, with the demo's partners, items, supply plan and X12 files (README, "Planning
 * intelligence", delay communication and item history): a level-1 delay note with customer texts
 * kept apart from the internal ones; level 2 by a timer after BOLT's hours, with the available
 * quantity and delivery dates; the all-clear reaching the customer after a notice; the neutral text
 * (and the planner told) when no customer text is current; level 3 previewed, then sent exactly as
 * previewed with the replacing 855; and every step on the item's history, by CLI and API.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfirm, runLoad } from '#functions/cli/planning-commands.ts';
import { sendDigest } from '#functions/use-cases/send-digest.ts';
import { runDelay, runItemHistory } from '#functions/cli/item-commands.ts';
import { liveDeskDeps, liveHistoryDeps } from '#functions/composition/live-deps.ts';
import { decisions } from '#functions/decisions/handler.ts';
import { history } from '#functions/history/handler.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { ItemHistoryView } from '#functions/use-cases/read-item-history.ts';
import { captureIo } from '../support/cli-io.ts';
import { readSample, SAMPLES } from '../support/samples-dir.ts';
import { putSample, startSampleStack, stopSampleStack, type SampleStack, outboundContaining } from '../support/sample-stack.ts';

const HOUR = 3_600_000;
const ITEM = 'KPC-3310';
const PO = 'P221874';
let stack: LocalStack;
let started: SampleStack | undefined;
let tmp: string;

const planner = { 'cognito:groups': '[planners]', 'cognito:username': 'marcus.oyelaran' };
const auditor = { 'cognito:groups': '[auditors]', 'cognito:username': 'ann.auditor' };

function event(method: string, path: string, claims: Record<string, string>, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    requestContext: { http: { method, path }, authorizer: { jwt: { claims } } },
  } as unknown as APIGatewayProxyEventV2;
}
const parsed = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(r.body as string);

const emails = async (subject: string) => (await stack.sentEmails()).filter((e) => e.subject.includes(subject));
const toBuyer = async (subject: string) => (await emails(subject)).filter((e) => e.destination.to[0] === 'owen.gallagher@boltsupply.example.net');

async function advance(hours: number): Promise<void> {
  await stack.advanceClock(hours * HOUR);
  await stack.drain();
}

async function load(path: string, kind?: string): Promise<void> {
  const io = captureIo();
  expect(await runLoad([path, ...(kind ? ['--kind', kind] : [])], io.io), io.err()).toBe(0);
  await stack.drain();
}

async function itemHistory(): Promise<ItemHistoryView> {
  const io = captureIo();
  expect(await runItemHistory(['--item', ITEM, '--json'], io.io)).toBe(0);
  return JSON.parse(io.out()) as ItemHistoryView;
}

const outbound = (needle: string) => outboundContaining(stack, needle);

beforeAll(async () => {
  started = await startSampleStack('delay');
  stack = started.stack;
  tmp = await mkdtemp(join(tmpdir(), 'edi-delay-profiles-'));
  // BOLT sends the risk notice automatically, here 6 hours after level 1 (the sample says at once)
  const profiles = JSON.parse(await readSample('master/partners.json')) as { partners: { id: string; autoRiskNoticeAfterHours?: number }[] };
  for (const p of profiles.partners) if (p.id === 'BOLT') p.autoRiskNoticeAfterHours = 6;
  await writeFile(join(tmp, 'partners.json'), JSON.stringify(profiles));
  await load(join(tmp, 'partners.json'), 'partners');
  await putSample(stack, 'BOLT/01-830-forecast-BOLT-FC-47.edi');
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('delay communication', () => {
  it('level 1 note → level 2 by the timer after 6 h, with customer texts only, available quantity and delivery dates', async () => {
    const note = captureIo();
    const code = await runDelay(
      ['note', '--item', ITEM, '--cause', 'Press 4 hydraulic failure; MPS week 50 slipped to week 52', '--countermeasure', 'overtime on press 2', '--customer-cause', 'A production disruption at our plant', '--customer-countermeasure', 'We ship what is available on time and the balance by express freight', '--by', 'Marcus Oyelaran'],
      note.io,
    );
    expect(code, note.err()).toBe(0);
    expect(note.out()).toContain('customer notices of this item quote the customer texts');

    await putSample(stack, `BOLT/06-850-${PO}-due-in-shortage-week.edi`);
    await stack.drain();
    expect(await emails(`[DELAY RISK L1] ${ITEM}`)).not.toHaveLength(0);
    expect(await emails(`[DELIVERY RISK] PO ${PO}`)).toHaveLength(0);
    expect(stack.scheduler.schedules().filter((s) => s.name.startsWith('delay-l2-'))).toHaveLength(1);

    await advance(5);
    expect(await emails(`[DELIVERY RISK] PO ${PO}`)).toHaveLength(0);
    await advance(1);
    const [l2] = await toBuyer(`[DELIVERY RISK] PO ${PO}`);
    expect(l2).toBeDefined();
    const text = l2!.body.text;
    expect(text).toContain('Cause: A production disruption at our plant');
    expect(text).toContain('We ship what is available on time and the balance by express freight');
    expect(text).not.toMatch(/hydraulic|press 2|projected balance|PAB/i);
    // 200 ordered, requested ship 2026-12-14 + BOLT's 3 transit days; the first week with enough ATP, + 3 days
    expect(text).toMatch(/line\s+your part\s+our part\s+ordered\s+available on time\s+requested delivery\s+expected delivery in full/);
    expect(text).toMatch(/\n1\s+\S+\s+KPC-3310\s+200\s+\d+\s+2026-12-1[5-9]\s+(2026-12-\d\d|2027-\d\d-\d\d|to be confirmed)/);
    // the timer delivered again: nothing twice
    await advance(1);
    expect(await toBuyer(`[DELIVERY RISK] PO ${PO}`)).toHaveLength(1);

    const view = await itemHistory();
    const kinds = view.events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['supply-load', 'forecast-change', 'delay-note', 'risk-notice']));
    const notice = view.events.find((e) => e.kind === 'risk-notice')!;
    expect(notice.text).toContain('A production disruption at our plant');
    expect(notice.refs).toEqual([{ partnerId: 'BOLT', purchaseOrderNumber: PO, lineNumber: '1' }]);
    expect(view.delayNote?.customer?.cause).toBe('A production disruption at our plant');
  });

  it('the all-clear reaches the customer who had a notice, and the desk is told so', async () => {
    await load(join(SAMPLES, 'scenarios/supply-plan-mps-restored.csv'), 'supply');
    const [internal] = await emails(`[ALL CLEAR] ${ITEM}`);
    expect(internal?.body.text).toContain(`The customer had a risk notice for BOLT PO ${PO} line 1: an all-clear goes to them.`);
    expect(internal?.body.text).not.toContain('No customer notice is needed');
    const [customer] = await toBuyer(`[DELIVERY ON TIME] PO ${PO}`);
    expect(customer?.body.text).toContain('we expect to deliver on the date you requested');
    expect((await itemHistory()).events.map((e) => e.kind)).toContain('customer-all-clear');
  });

  it('a new shortage after the all-clear: the old note no longer applies, the neutral text goes and the planner is told', async () => {
    await load(join(SAMPLES, 'supply/supply-plan.csv'), 'supply');
    await advance(6);
    const notices = await toBuyer(`[DELIVERY RISK] PO ${PO}`);
    expect(notices).toHaveLength(2);
    const second = notices.find((e) => !(e.body.text ?? '').includes('production disruption'));
    expect(second?.body.text).toContain('Cause: Our planned supply of this item does not cover all orders due in this period.');
    const [missing] = await emails(`[DELAY NOTE MISSING] ${ITEM}`);
    expect(missing?.destination.to).toEqual(['marcus.oyelaran@example.com']);
    expect(missing?.body.text).toContain('npx edi delay note --item KPC-3310');
  });

  it('level 3: the preview shows the customer exactly what goes; a stale preview is refused; confirm sends it with the replacing 855', async () => {
    const line = ['--partner', 'BOLT', '--po', PO, '--line', '1', '--date', '2026-12-29', '--by', 'Marcus Oyelaran'];
    const preview = captureIo();
    expect(await runDelay(['preview', ...line], preview.io), preview.err()).toBe(0);
    const previewId = /preview ([0-9a-f]{16})/.exec(preview.out())?.[1];
    expect(previewId).toBeDefined();
    expect(preview.out()).toContain(`Subject: [CONFIRMED DELAY] PO ${PO} line 1`);
    expect(preview.out()).toContain('The new delivery date is 2027-01-01 (ship date 2026-12-29).');
    expect(preview.out()).not.toContain('MPS slipped');

    const stale = captureIo();
    expect(await runDelay(['confirm', ...line, '--preview-id', '0000000000000000', '--reason', 'MPS slipped to week 52'], stale.io)).toBe(1);
    expect(stale.err()).toContain('changed since preview');
    expect(await emails(`[CONFIRMED DELAY] PO ${PO}`)).toHaveLength(0);

    const sent = captureIo();
    expect(await runDelay(['confirm', ...line, '--preview-id', previewId!, '--reason', 'MPS slipped to week 52'], sent.io), sent.err()).toBe(0);
    await stack.drain();
    const [l3] = await toBuyer(`[CONFIRMED DELAY] PO ${PO} line 1`);
    const shown = preview.out().split('\n\n').slice(1).join('\n\n').split('\n(customer text:')[0]!.trim();
    expect(l3?.body.text?.trim()).toBe(shown);
    expect(l3?.body.text).not.toContain('MPS slipped');
    expect((await outbound(`BAK*05*AC*${PO}`))[0]).toMatch(/ACK\*DR\*200\*EA\*068\*20261229/);
    const kinds = (await itemHistory()).events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['decision', 'confirmed-delay']));
  });

  it('the API: planners record a delay note and preview a delay, auditors are refused; both read the item history', async () => {
    const desk = decisions(liveDeskDeps());
    const body = { cause: 'tooling repair', countermeasures: ['second shift'], customerCause: 'A tooling repair', customerCountermeasures: ['Express freight for the balance'] };
    expect((await desk(event('POST', `/console/items/${ITEM}/delay-note`, auditor, body))).statusCode).toBe(403);
    const ok = await desk(event('POST', `/console/items/${ITEM}/delay-note`, planner, body));
    expect(ok.statusCode, ok.body as string).toBe(200);
    expect(parsed(ok).note).toMatchObject({ item: ITEM, by: 'marcus.oyelaran', customer: { cause: 'A tooling repair' } });
    expect((await desk(event('POST', `/console/items/${ITEM}/delay-note`, planner, { cause: 'x', countermeasures: ['y'], customerCause: 'only a cause' }))).statusCode).toBe(400);

    const preview = await desk(event('POST', `/console/orders/BOLT/${PO}/lines/1/delay`, planner, { date: '2027-01-05', preview: true }));
    expect(preview.statusCode, preview.body as string).toBe(200);
    expect(parsed(preview)).toMatchObject({ customerText: 'note', newDeliveryDate: '2027-01-08' });
    expect(parsed(preview).text).toContain('Cause: A tooling repair');

    for (const claims of [auditor, planner]) {
      const res = await history(liveHistoryDeps())(event('GET', `/console/items/${ITEM}/history`, claims));
      expect(res.statusCode).toBe(200);
      const view = parsed(res) as ItemHistoryView;
      expect(view.delayNote?.cause).toBe('tooling repair');
      expect(view.events.filter((e) => e.kind === 'delay-note')).toHaveLength(2);
    }
    expect((await history(liveHistoryDeps())(event('GET', '/console/items/NO-SUCH/history', auditor))).statusCode).toBe(404);
  });
});

describe('item history of the other planner steps', () => {
  it('a P1 confirmation with its reason and a P3 digest land on the items they touched', async () => {
    await putSample(stack, 'ACME/01-830-forecast-ACME-FC-2648.edi');
    await putSample(stack, 'ACME/04-850-4500098803-line-down.edi');
    await stack.drain();
    const confirm = captureIo();
    expect(await runConfirm(['--partner', 'ACME', '--po', '4500098803', '--date', '2026-11-24', '--by', 'Luis Ferreira', '--reason', 'supplier ships Tuesday by air'], confirm.io), confirm.err()).toBe(0);
    const deps = liveDeskDeps();
    const [p1] = (await deps.escalations.listEscalations('ACME', '4500098803')).map((r) => r.state.case);
    const p1History = await deps.itemHistory.listItemEvents(p1!.item);
    expect(p1History.find((e) => e.kind === 'p1-confirmation')).toMatchObject({ actor: 'planner:Luis Ferreira', details: { date: '2026-11-24', reason: 'supplier ships Tuesday by air' } });

    const digest = await sendDigest(deps);
    await stack.drain();
    const onDigest = await Promise.all((await deps.items.listItems()).map(async (i) => (await deps.itemHistory.listItemEvents(i.vendorPart)).some((e) => e.kind === 'digest')));
    expect(digest.entries).toBeGreaterThan(0);
    expect(onDigest.filter(Boolean)).toHaveLength(digest.entries);
  });
});
