/**
 * "Ship and tell" on the local emulators: an 850, `edi ship` for part of line 1 → the
 * `order.shipped` event and the shipped quantity on the stored order, the 856 in the outbound
 * bucket (reads back without errors, valid SSCC-18), the same command again records nothing new;
 * then an 860 cutting line 1 below what was shipped → `cut-below-shipped`, held, [HOLD] email.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { runShip } from '#functions/cli/planning-commands.ts';
import { findingsOfEvent } from '#domain/orders/order-checks.ts';
import { translateText } from '#domain/x12/translate.ts';
import { isValidSscc18 } from '#domain/x12/write/sscc.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { ShipNotice } from '#schemas/documents/x12-documents.ts';
import { captureIo } from '../support/cli-io.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let stack: LocalStack;
let started: SampleStack | undefined;

const sample = readSample;
const table = () => stack.env[ENV.tableName]!;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, table());


async function outboundFiles(prefix: string): Promise<{ key: string; body: string }[]> {
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: prefix }));
  const files: { key: string; body: string }[] = [];
  for (const o of out.Contents ?? []) {
    const body = await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.env[ENV.outboundBucket]!, Key: o.Key! }))).Body!.transformToString();
    files.push({ key: o.Key!, body });
  }
  return files;
}

/** ACME cuts line 1 of 4500098801 from 15 to 2. */
const CUT_860 = [
  'ISA*00*          *00*          *ZZ*ACMEAUTOTIER1  *ZZ*KEYSTONEPC     *261123*1005*U*00401*000004190*0*P*>~',
  'GS*PC*ACMEAUTO*KEYSTONEPC*20261123*1005*4190*X*004010~',
  'ST*860*0001~',
  'BCH*04*SA*4500098801**2*20261123~',
  'POC*1*QD*2*2*EA*86.5*PE*BP*AC-204010*VP*KPC-2040*UP*084512020404~',
  'CTT*1~',
  'SE*5*0001~',
  'GE*1*4190~',
  'IEA*1*000004190~',
  '',
].join('\n');

const SHIP = ['--partner', 'ACME', '--po', '4500098801', '--line', '1=3', '--carrier', 'ODFL', '--tracking', 'PRO-7741', '--bol', 'BOL-2611', '--ship-date', '2026-11-23', '--packs', '2', '--by', 'Dock Team'];

beforeAll(async () => {
  // partners and items through the inbound bucket's master/ prefix, the supply plan by `edi load`
  started = await startSampleStack('ship');
  stack = started.stack;
  await stack.putInbound('ACME/in/01-830-forecast-ACME-FC-2648.edi', await sample('inbound/ACME/01-830-forecast-ACME-FC-2648.edi'));
  await stack.drain();
  await stack.putInbound('ACME/in/02-850-4500098801-clean.edi', await sample('inbound/ACME/02-850-4500098801-clean.edi'));
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('edi ship', () => {
  it('records the shipment on the order and delivers an 856 that reads back clean', async () => {
    expect((await orders().get('ACME', '4500098801'))?.order.status).toBe('open');
    const cli = captureIo();
    expect(await runShip(SHIP, cli.io), cli.err()).toBe(0);
    expect(cli.out()).toMatch(/shipment S[0-9A-F]{15} recorded .*856 queued \(856\/ACME\/4500098801\//);
    await stack.drain();

    const head = await orders().get('ACME', '4500098801');
    expect(head?.planning?.shipped).toEqual({ '1': 3 });
    expect(head?.lastEvent).toMatchObject({ type: 'order.shipped', actor: 'shipper:Dock Team' });
    const shipment = head!.planning!.shipments![0]!;
    expect(shipment).toMatchObject({ sequence: 1, carrier: 'ODFL', tracking: 'PRO-7741', lines: [{ lineNumber: '1', quantity: 3 }] });
    expect(shipment.sscc).toHaveLength(2);

    const files = await outboundFiles('ACME/856/');
    expect(files).toHaveLength(1);
    const result = translateText(files[0]!.body);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const notice = result.documents[0]!.document as ShipNotice;
    expect(notice.type).toBe('856');
    expect(notice.shipmentId).toBe(shipment.id);
    const marks: string[] = [];
    const walk = (nodes: ShipNotice['hierarchy']): void => nodes.forEach((n) => (marks.push(...n.marks.filter((m) => m.qualifier === 'AA').map((m) => m.value)), walk(n.children)));
    walk(notice.hierarchy);
    // ACME's guide (automotive) labels containers with the bare SSCC-18 (MAN01 AA)
    expect(marks).toEqual(shipment.sscc);
    for (const code of marks) expect(isValidSscc18(code)).toBe(true);
    expect(files[0]!.body).toContain('REF*BM*BOL-2611');
    expect(files[0]!.body).toContain('REF*CN*PRO-7741');
    expect(files[0]!.body).toMatch(/DTM\*011\*20261123/);
    expect(files[0]!.body).toMatch(/DTM\*017\*20261125/); // ship date + ACME's 2 transit days
    expect(files[0]!.body).toMatch(/LIN\*1\*BP\*AC-204010\*VP\*KPC-2040/);
    expect(files[0]!.body).toMatch(/SN1\*\*3\*EA\*\*15\*EA/);

    const events = (await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', '4500098801')).events;
    expect(events.filter((e) => e.type === 'order.shipped')).toHaveLength(1);
  });

  it('the same command twice records nothing new', async () => {
    const before = await orders().get('ACME', '4500098801');
    const cli = captureIo();
    expect(await runShip(SHIP, cli.io)).toBe(0);
    expect(cli.out()).toContain('already recorded; nothing new');
    await stack.drain();
    const after = await orders().get('ACME', '4500098801');
    expect(after?.order.version).toBe(before?.order.version);
    expect(after?.planning?.shipped).toEqual({ '1': 3 });
    expect(await outboundFiles('ACME/856/')).toHaveLength(1);
  });

  it('refuses to ship more than ordered', async () => {
    const cli = captureIo();
    expect(await runShip(['--partner', 'ACME', '--po', '4500098801', '--line', '1=13', '--carrier', 'ODFL', '--by', 'Dock Team'], cli.io)).toBe(1);
    expect(cli.err()).toContain('would exceed the 15 ordered');
  });

  it('an 860 cutting line 1 below the shipped quantity is held as cut-below-shipped and the planner told', async () => {
    await stack.putInbound('ACME/in/07-860-4500098801-cut.edi', CUT_860);
    await stack.drain();
    const head = await orders().get('ACME', '4500098801');
    expect(head?.order.status).toBe('held');
    const state = head?.planning?.lineStates.find((l) => l.lineNumber === '1');
    expect(state).toMatchObject({ status: 'held' });
    expect(state?.reasons).toContain('cut-below-shipped');
    expect(head?.planning?.shipped).toEqual({ '1': 3 });
    const events = (await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', '4500098801')).events;
    const finding = events
      .filter((e) => e.type === 'order.changed')
      .flatMap((e) => findingsOfEvent(e))
      .find((f) => f.rule === 'cut-below-shipped' && f.lineNumber === '1');
    expect(finding?.severity).toBe('hold');
    expect(finding?.evidence).toMatchObject({ shipped: 3, newQuantity: 2 });
    const mail = (await stack.sentEmails()).find((e) => e.subject.startsWith('[HOLD] ACME PO 4500098801'));
    expect(mail?.subject).toContain('cut below shipped');
  });
});
