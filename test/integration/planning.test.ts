/**
 * Planning intelligence end to end on the local emulators, with the demo's partners, items,
 * supply plan and X12 files: holds and decisions with the 855 they produce, anomaly emails read
 * back from the SES emulator, PAB delay level 1 / all-clear without duplicates, P1 escalation
 * under the controlled clock, an 860 pull-in, and a refused master-data file.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { runDecide, runConfirm, runLoad, runNotifyCustomer, runDigest } from '#functions/cli/planning-commands.ts';
import { runDelay } from '#functions/cli/item-commands.ts';
import { liveDeskDeps } from '#functions/composition/live-deps.ts';
import { handleDecisionRequest } from '#functions/decisions/handler.ts';
import { ENV } from '#infra/topology.ts';
import { runDemoTimeline } from '#infra/local/demo-clock.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { LocalEmail } from '#infra/local/emulators.ts';
import { captureIo } from '../support/cli-io.ts';
import { readSample, SAMPLES } from '../support/samples-dir.ts';
import { putSample as putSampleInto, startSampleStack, stopSampleStack, type SampleStack, outboundContaining } from '../support/sample-stack.ts';

let stack: LocalStack;
let started: SampleStack | undefined;

const sample = readSample;
const table = () => stack.env[ENV.tableName]!;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, table());
const store = () => new DynamoPlanningStore(stack.clients.dynamodb, table());


const putSample = (path: string) => putSampleInto(stack, path);

const outbound = (needle: string) => outboundContaining(stack, needle);

async function emails(match: (e: LocalEmail) => boolean): Promise<LocalEmail[]> {
  return (await stack.sentEmails()).filter(match);
}

const subjectHas = (text: string) => (e: LocalEmail) => e.subject.includes(text);

beforeAll(async () => {
  // partners and items through the inbound bucket's master/ prefix, the supply plan by `edi load`
  started = await startSampleStack('planning');
  stack = started.stack;
  for (const p of ['ACME/01-830-forecast-ACME-FC-2648.edi', 'BOLT/01-830-forecast-BOLT-FC-47.edi', 'CIRRUS/01-830-forecast-CX-FCST-2026W47.edi']) await putSample(p);
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('master data', () => {
  it('loads partners, items and the supply plan; the 830s become each partner’s forecast', async () => {
    expect((await store().listItems()).length).toBe(20);
    expect((await store().getSupplyPlan('KPC-3310'))).toMatchObject({ onHand: 120, locations: [{ location: 'PLANT', onHand: 80 }, { location: 'DC-EAST', onHand: 40 }] });
    expect((await store().getPartnerForecast('ACME'))?.entries.length).toBeGreaterThan(100);
  });

  it('a bad row refuses the whole file: nothing applied, an error email names file, row and field', async () => {
    const csv = (await sample('supply/supply-plan.csv')).replace('KPC-1001,,240,2026-11-23', 'KPC-1001,,999,2026-11-24').replace('KPC-1002,,260,2026-11-23,0,0', 'KPC-1002,,77,2026-11-23,zero,0');
    await stack.putInbound('supply/bad-plan.csv', csv);
    await stack.drain();
    expect((await store().getSupplyPlan('KPC-1001'))?.onHand).toBe(240);
    expect((await store().getSupplyPlan('KPC-1002'))?.onHand).toBe(260);
    const [mail] = await emails(subjectHas('[MASTER DATA REJECTED] supply/bad-plan.csv'));
    expect(mail?.destination.to).toEqual([stack.env[ENV.operationsEmail]]);
    expect(mail?.body.text).toMatch(/supply\/bad-plan\.csv row 2, field weekStart: weekStart must be a Monday/);
    expect(mail?.body.text).toMatch(/row 14, field mps/);
  });
});

describe('holds, decisions and the 855', () => {
  it('decimal shift: held, no 855, a [HOLD] email to the planner; decide quantity=120 → 855 with IQ', async () => {
    await putSample('ACME/03-850-4500098802-decimal-shift.edi');
    await stack.drain();
    const head = await orders().get('ACME', '4500098802');
    expect(head?.order.status).toBe('held');
    expect(head?.planning?.lineStates.map((l) => [l.lineNumber, l.status, l.reasons])).toEqual([
      ['1', 'held', ['decimal-shift']],
      ['2', 'accepted', []],
    ]);
    expect(await outbound('BAK*00*')).not.toEqual(expect.arrayContaining([expect.stringContaining('4500098802')]));
    const [mail] = await emails(subjectHas('PO 4500098802'));
    expect(mail?.subject).toBe('[HOLD] ACME PO 4500098802: 1 line held (decimal shift), decision needed');
    expect(mail?.destination.to).toEqual(['marcus.oyelaran@example.com']);
    // commands as the README installs the project, the hold SLA's deadline in the desk's time
    // (the demo desk: America/Chicago; the demo starts 08:00 CST Monday, ACME's SLA is 4 h)
    expect(mail?.body.text).toContain("npx edi decide --partner ACME --po 4500098802 --line 1 quantity=120 --by 'YOUR NAME' --reason 'WHY'");
    expect(mail?.body.text).toMatch(/Decide by 12:0\d CST Mon 23 Nov \(hold SLA 4 business hours of the desk\); after that it escalates to the manager, /);
    expect(mail?.body.html).toContain('<table');

    const cli = captureIo();
    expect(await runDecide(['--partner', 'ACME', '--po', '4500098802', '--line', '1', 'quantity=120', '--by', 'Marcus Oyelaran', '--reason', 'confirmed with buyer: decimal slip'], cli.io)).toBe(0);
    expect(cli.out()).toContain('855 queued');
    await stack.drain();
    const [ack] = await outbound('BAK*00*AC*4500098802');
    expect(ack).toMatch(/ACK\*IQ\*120\*EA/);
    const after = await orders().get('ACME', '4500098802');
    expect(after?.order.status).toBe('open');
    expect(after?.lastEvent).toMatchObject({ type: 'line.decided', actor: 'planner:Marcus Oyelaran' });
  });

  it('the 855 after each kind of decision: IR (reject), IP (price), DR (date), IA (approve)', async () => {
    await putSample('BOLT/05-850-P221873-price-off-contract.edi');
    await putSample('CIRRUS/04-850-CX26-0041182-never-forecast.edi');
    await putSample('CIRRUS/05-850-CX26-0041183-uom-mismatch.edi');
    await stack.drain();
    for (const [partner, po] of [['BOLT', 'P221873'], ['CIRRUS', 'CX26-0041182'], ['CIRRUS', 'CX26-0041183']] as const) expect((await orders().get(partner, po))?.order.status).toBe('held');

    // the API handler and the CLI share the same domain call
    const price = await handleDecisionRequest({ partner: 'BOLT', purchaseOrderNumber: 'P221873', lineNumber: '1', body: { decision: 'price=19.90', by: 'Priya Natarajan', reason: 'contract price applies' } }, liveDeskDeps());
    expect(price.statusCode).toBe(200);
    expect(await runDecide(['--partner', 'CIRRUS', '--po', 'CX26-0041182', '--line', '1', 'reject', '--by', 'Elena Kowalczyk', '--reason', 'not a CIRRUS part'], captureIo().io)).toBe(0);
    expect(await runDecide(['--partner', 'CIRRUS', '--po', 'CX26-0041183', '--line', '1', 'approve', '--by', 'Tomas Rivera', '--reason', 'EA accepted this once'], captureIo().io)).toBe(0);
    await stack.drain();
    expect((await outbound('BAK*00*AC*P221873'))[0]).toMatch(/ACK\*IP\*/);
    expect((await outbound('CX26-0041182'))[0]).toMatch(/BAK\*00\*RD\*CX26-0041182[\s\S]*ACK\*IR/);
    expect((await outbound('BAK*00*AD*CX26-0041183'))[0]).toMatch(/ACK\*IA\*40\*EA/);

    const bad = await handleDecisionRequest({ partner: 'BOLT', purchaseOrderNumber: 'P221873', lineNumber: '9', body: { decision: 'approve', by: 'x', reason: 'y' } }, liveDeskDeps());
    expect(bad.statusCode).toBe(400);
  });

  it('pack multiple warns: 855 sent at once and a [WARN] email with the suggestion', async () => {
    await putSample('BOLT/03-850-P221871-pack-multiple.edi');
    await stack.drain();
    expect(await outbound('BAK*00*AD*P221871')).toHaveLength(1);
    const [mail] = await emails(subjectHas('PO P221871'));
    expect(mail?.subject).toBe('[WARN] BOLT PO P221871: 1 warning (pack multiple)');
    expect(mail?.body.text).toContain('Ordered 12 is not a multiple of the pack of 10; nearest is 10.');
    expect(mail?.body.text).toContain('quantity 10 or 20');
  });

  it('860 pull-in inside lead time: the change is held and the planner told', async () => {
    await putSample('ACME/02-850-4500098801-clean.edi');
    await stack.drain();
    expect(await outbound('BAK*00*AD*4500098801')).toHaveLength(1);
    await putSample('ACME/05-860-4500098801-change.edi');
    await stack.drain();
    const head = await orders().get('ACME', '4500098801');
    expect(head?.order.status).toBe('held');
    expect(head?.planning?.lineStates.find((l) => l.lineNumber === '3')).toMatchObject({ status: 'held', reasons: ['pull-in-inside-lead-time'] });
    const [mail] = await emails(subjectHas('[HOLD] ACME PO 4500098801'));
    expect(mail?.subject).toContain('pull-in inside lead time');
    // decided with the date the rules suggest → the 860 is answered with its 865 (ACK DR), not an 855
    const suggested = head!.planning!.lineStates.find((l) => l.lineNumber === '3')!;
    expect(suggested.status).toBe('held');
    expect(await runDecide(['--partner', 'ACME', '--po', '4500098801', '--line', '3', 'date=2026-12-14', '--by', 'Marcus Oyelaran', '--reason', 'earliest we can make it'], captureIo().io)).toBe(0);
    await stack.drain();
    expect((await outbound('BCA*00*')).find((b) => b.includes('*4500098801*'))).toMatch(/ACK\*DR\*[^~]*\*068\*20261214/);
    expect(await outbound('BAK*05*AC*4500098801')).toEqual([]);
  });
});

describe('PAB and delay levels', () => {
  it('level 1 at first detection, P2 to allocation, automatic level 2 for BOLT; no duplicate on recompute; all clear after a supply fix', async () => {
    await putSample('BOLT/06-850-P221874-due-in-shortage-week.edi');
    await stack.drain();
    const level1 = await emails(subjectHas('[DELAY RISK L1] KPC-3310'));
    // the item's planner and BOLT's customer service, one copy each
    expect(level1.map((e) => e.destination.to[0]).sort()).toEqual(['marcus.oyelaran@example.com', 'renee.castillo@example.com']);
    expect(level1[0]!.body.text).toMatch(/BOLT\s+P221874\s+1\s+200/);
    expect(level1[0]!.body.text).toMatch(/2026-12-14\s+200\s+0\s+0\s+0\s+-80\s+40\s+SHORT/);
    const p2 = await emails(subjectHas('[P2 AT RISK] BOLT PO P221874'));
    expect(p2).not.toHaveLength(0);
    // raised Monday morning at the demo desk (America/Chicago): due at its close the same business day
    expect(p2[0]!.subject).toMatch(/: allocate by 17:00 CST Mon 23 Nov$/);
    expect(await emails(subjectHas('[DELIVERY RISK] PO P221874'))).not.toHaveLength(0);
    const count = (await stack.sentEmails()).length;

    // recompute with the same plan: nothing new
    expect(await runLoad([join(SAMPLES, 'supply/supply-plan.csv')], captureIo().io)).toBe(0);
    await stack.drain();
    expect((await stack.sentEmails()).length).toBe(count);

    // the MPS is back in week 3: all clear to the people who got level 1
    expect(await runLoad([join(SAMPLES, 'scenarios/supply-plan-mps-restored.csv'), '--kind', 'supply'], captureIo().io)).toBe(0);
    await stack.drain();
    const clear = await emails(subjectHas('[ALL CLEAR] KPC-3310'));
    expect(clear.map((e) => e.destination.to[0]).sort()).toEqual(['marcus.oyelaran@example.com', 'renee.castillo@example.com']);
    expect(clear[0]!.body.text).toContain('P221874');
    expect((await store().getDelayState('KPC-3310'))?.state.lines['BOLT/P221874/1']).toMatchObject({ active: false });
  });

  it('level 2 by the planner; level 3 refused as a plain decide (the customer was told), then previewed and sent with a revised 855 (DR)', async () => {
    // slip the MPS again: a new episode, level 1 again
    expect(await runLoad([join(SAMPLES, 'supply/supply-plan.csv')], captureIo().io)).toBe(0);
    await stack.drain();
    const cli = captureIo();
    const code = await runNotifyCustomer(['--partner', 'BOLT', '--item', 'KPC-3310', '--cause', 'press <b>line</b> 4 down', '--countermeasure', 'expedited freight', '--by', 'Marcus Oyelaran'], cli.io);
    // BOLT's profile already sent the automatic notice for this episode: nothing twice
    expect([0, 1]).toContain(code);
    const sentBefore = (await stack.sentEmails()).length;
    const plain = captureIo();
    expect(await runDecide(['--partner', 'BOLT', '--po', 'P221874', '--line', '1', 'date=2026-12-29', '--by', 'Marcus Oyelaran', '--reason', 'MPS slipped to week 5'], plain.io)).toBe(1);
    expect(plain.err()).toContain('the customer was told of this delay');
    expect(plain.err()).toContain('edi delay preview --partner BOLT --po P221874 --line 1 --date 2026-12-29');
    // the same on the HTTP route: 400, and nothing decided or sent
    const viaApi = await handleDecisionRequest({ partner: 'BOLT', purchaseOrderNumber: 'P221874', lineNumber: '1', body: { decision: 'date=2026-12-29', reason: 'MPS slipped' }, by: 'marcus.oyelaran' }, liveDeskDeps());
    expect(viaApi.statusCode).toBe(400);
    expect(JSON.parse(viaApi.body as string).error).toContain('/lines/1/delay');
    await stack.drain();
    expect((await stack.sentEmails()).length).toBe(sentBefore);
    expect(await emails(subjectHas('[CONFIRMED DELAY] PO P221874 line 1'))).toHaveLength(0);
    expect((await liveDeskDeps().orders.get('BOLT', 'P221874'))?.planning?.decisions ?? []).toEqual([]);

    const line = ['--partner', 'BOLT', '--po', 'P221874', '--line', '1', '--date', '2026-12-29', '--by', 'Marcus Oyelaran'];
    const preview = captureIo();
    expect(await runDelay(['preview', ...line], preview.io), preview.err()).toBe(0);
    const previewId = /preview ([0-9a-f]{16})/.exec(preview.out())?.[1];
    expect(await runDelay(['confirm', ...line, '--preview-id', previewId!, '--reason', 'MPS slipped to week 5'], captureIo().io)).toBe(0);
    await stack.drain();
    const [l3] = await emails(subjectHas('[CONFIRMED DELAY] PO P221874 line 1'));
    expect(l3?.subject).toContain('new ship date 2026-12-29');
    expect((await outbound('BAK*05*AC*P221874'))[0]).toMatch(/ACK\*DR\*200\*EA\*068\*20261229/);
  });
});

describe('P1 line-down escalation under the controlled clock', () => {
  it('owner and the bought-in part\'s supplier at once, manager and purchasing manager after 4 h; a confirmation stands everyone down and replaces the 855', async () => {
    await putSample('ACME/04-850-4500098803-line-down.edi');
    await stack.drain();
    const [alert] = await emails(subjectHas('[P1 LINE DOWN] ACME PO 4500098803'));
    expect(alert).toBeDefined();
    const alertTo = (await emails(subjectHas('[P1 LINE DOWN] ACME PO 4500098803'))).map((e) => e.destination.to[0]);
    expect(alertTo).toEqual(expect.arrayContaining(['expedite@example.com', 'marcus.oyelaran@example.com']));
    // KPC-3310's stock from the supply plan: 80 at the plant, 40 at DC-EAST; the 60 ordered can ship now
    expect(alert!.body.text).toContain('Can ship now from on hand: 60 EA of 60');
    expect(alert!.body.text).toMatch(/PLANT\s*\|?\s*80 EA/);
    expect(alert!.body.text).toMatch(/DC-EAST\s*\|?\s*40 EA/);
    expect(alert!.body.text).toMatch(/2026-12-28\s*\|?\s*400/);
    // KPC-3310 is bought-in: its supplier is asked at once
    const supplierAsk = await emails(subjectHas('[P1 LINE DOWN] KPC-3310'));
    expect(supplierAsk.map((e) => e.destination.to[0])).toContain('karin.vogt@rheinfeld-stanz.example.net');
    expect(await emails(subjectHas('[P1 ESCALATION'))).toHaveLength(0);
    expect(stack.scheduler.schedules().filter((s) => s.name.startsWith('p1-')).map((s) => s.name.replace(/^p1-[0-9a-f]+-/, '')).sort()).toEqual(['director', 'manager', 'purchasing-director', 'purchasing-manager', 'purchasing-vp', 'vp']);

    await runDemoTimeline(stack, { hours: 3 });
    expect(await emails(subjectHas('[P1 ESCALATION'))).toHaveLength(0);
    await runDemoTimeline(stack, { hours: 1 });
    const manager = await emails(subjectHas('[P1 ESCALATION MANAGER] ACME PO 4500098803'));
    expect(manager.map((e) => e.destination.to[0])).toContain('daniel.achebe@example.com');
    expect(manager[0]!.subject).toContain('no date confirmed after 4 h');
    const purchasing = await emails(subjectHas('[P1 ESCALATION PURCHASING MANAGER] ACME PO 4500098803'));
    expect(purchasing.map((e) => e.destination.to[0])).toContain('ines.duarte@example.com');

    expect(await runConfirm(['--partner', 'ACME', '--po', '4500098803', '--date', '2026-11-24', '--by', 'Luis Ferreira', '--reason', 'supplier ships Tuesday'], captureIo().io)).toBe(0);
    expect(stack.scheduler.schedules().filter((s) => s.name.startsWith('p1-'))).toHaveLength(0);
    await runDemoTimeline(stack, { hours: 12 });
    expect(await emails(subjectHas('[P1 ESCALATION DIRECTOR]'))).toHaveLength(0);
    expect(await emails(subjectHas('[P1 ESCALATION PURCHASING DIRECTOR]'))).toHaveLength(0);
    expect((await store().getEscalation('ACME', '4500098803', '1'))?.state.confirmation).toMatchObject({ date: '2026-11-24', by: 'Luis Ferreira' });
    // everyone reached stands down: owner, supplier, manager, purchasing manager — nobody not reached
    const standDowns = await emails(subjectHas('[P1 STAND DOWN] ACME PO 4500098803'));
    expect(standDowns.map((e) => e.destination.to[0]).sort()).toEqual(['daniel.achebe@example.com', 'ines.duarte@example.com', 'karin.vogt@rheinfeld-stanz.example.net', 'marcus.oyelaran@example.com']);
    expect(standDowns[0]!.body.text).toContain('confirmed by Luis Ferreira (supplier ships Tuesday)');
    // the replacing 855 carries the confirmed date (ACK DR, 068 = 2026-11-24)
    const [replacing] = await outbound('BAK*05*AC*4500098803');
    expect(replacing).toMatch(/ACK\*DR\*60\*EA\*068\*20261124/);
  });
});

describe('P3 digest', () => {
  it('the planner digest lists KPC-5120 below safety stock', async () => {
    await putSample('CIRRUS/02-850-CX26-0041180-clean.edi');
    await stack.drain();
    expect(await runDigest(['--date', '2026-11-23'], captureIo().io)).toBe(0);
    await stack.drain();
    // the digest counts every buyer's forecast, so other planners get theirs too (one each); KPC-5120's planner gets its safety-stock shortfall with the quantity
    const digests = await emails(subjectHas('[P3 DIGEST] 2026-11-23'));
    const planners = digests.map((d) => d.destination.to[0]);
    expect(new Set(planners).size).toBe(planners.length);
    const digest = digests.find((d) => d.destination.to[0] === 'elena.kowalczyk@example.com');
    expect(digest, planners.join(', ')).toBeDefined();
    expect(digest!.body.text).toMatch(/KPC-5120 .*Below safety stock 200 by \d+ in the week of \d{4}-\d{2}-\d{2}/);
  });
});
