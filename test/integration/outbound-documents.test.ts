/**
 * Every outbound document of the sample partners' orders, of planner decisions and of shipments,
 * on the local emulators: each file in the outbound bucket reads back without errors, parses under
 * node-x12's strict parser and keeps its partner's implementation guide, and carries what the
 * decision or shipment said. A document that would break the guide is never written: it is
 * recorded on the order, emailed to operations with the rule, and dead-lettered with its cause.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { runDecide, runShip } from '#functions/cli/planning-commands.ts';
import { checkTextAgainstGuides } from '#domain/x12/guide/guide-check.ts';
import { translateText } from '#domain/x12/translate.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { captureIo } from '../support/cli-io.ts';
import { samplePartner } from '../support/outbound-documents.ts';
import { putSample, startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let stack: LocalStack;
let started: SampleStack | undefined;

const table = () => stack.env[ENV.tableName]!;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, table());

async function outboundFiles(prefix = ''): Promise<{ key: string; body: string }[]> {
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: prefix }));
  return Promise.all(
    (out.Contents ?? []).map(async (o) => ({ key: o.Key!, body: await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.env[ENV.outboundBucket]!, Key: o.Key! }))).Body!.transformToString() })),
  );
}

const segments = (text: string, tag: string) => text.split(/~\n?/).filter((s) => s.startsWith(`${tag}*`));
const withPo = (files: { body: string }[], po: string) => files.filter((f) => f.body.includes(`*${po}*`) || f.body.includes(`*${po}~`));

async function decide(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const cli = captureIo();
  const code = await runDecide([...args, '--by', 'Marcus Oyelaran', '--reason', 'checked with the buyer'], cli.io);
  await stack.drain();
  return { code, out: cli.out(), err: cli.err() };
}

async function ship(args: string[]): Promise<number> {
  const cli = captureIo();
  const code = await runShip([...args, '--carrier', 'ODFL', '--ship-date', '2026-11-24', '--packs', '2', '--by', 'Dock Team'], cli.io);
  await stack.drain();
  if (code !== 0) throw new Error(cli.err());
  return code;
}

beforeAll(async () => {
  started = await startSampleStack('outbound');
  stack = started.stack;
  for (const p of [
    'ACME/01-830-forecast-ACME-FC-2648.edi',
    'BOLT/01-830-forecast-BOLT-FC-47.edi',
    'CIRRUS/01-830-forecast-CX-FCST-2026W47.edi',
    'ACME/02-850-4500098801-clean.edi',
    'ACME/03-850-4500098802-decimal-shift.edi',
    'BOLT/02-850-P221870-clean.edi',
    'BOLT/05-850-P221873-price-off-contract.edi',
    'CIRRUS/02-850-CX26-0041180-clean.edi',
    'CIRRUS/05-850-CX26-0041183-uom-mismatch.edi',
    'ACME/05-860-4500098801-change.edi',
  ]) {
    await putSample(stack, p);
    await stack.drain();
  }
}, 180_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('decisions reach the 855 (and the 865)', () => {
  it('price=19.90 on BOLT P221873: ACK IP, PO104 and CTP carry the decided price', async () => {
    expect((await decide(['--partner', 'BOLT', '--po', 'P221873', '--line', '1', 'price=19.90'])).code).toBe(0);
    const [file] = withPo(await outboundFiles('BOLT/855/'), 'P221873');
    expect(segments(file!.body, 'PO1')[0]).toMatch(/^PO1\*1\*60\*BX\*19\.9\*/);
    expect(segments(file!.body, 'CTP')[0]).toBe('CTP**CON*19.9*60*BX');
    expect(segments(file!.body, 'ACK')[0]).toMatch(/^ACK\*IP\*60\*BX\*068\*/);
  });

  it('uom=CA quantity=4 price=318 on the held UOM mismatch of CIRRUS CX26-0041183: ACK IC 4 CA, CTP 318 per CA', async () => {
    expect((await decide(['--partner', 'CIRRUS', '--po', 'CX26-0041183', '--line', '1', 'uom=CA', 'quantity=4', 'price=318'])).code).toBe(0);
    const [file] = withPo(await outboundFiles('CIRRUS/855/'), 'CX26-0041183');
    expect(segments(file!.body, 'ACK')[0]).toMatch(/^ACK\*IC\*4\*CA\*068\*/);
    expect(segments(file!.body, 'CTP')).toEqual(['CTP**CON*318*4*CA']);
    expect((await orders().get('CIRRUS', 'CX26-0041183'))?.planning?.lineStates[0]).toMatchObject({ status: 'accepted', unitOfMeasure: 'CA', quantity: 4, unitPrice: 318 });
  });

  it('quantity=120 on the decimal shift, then approving the same line again is refused and sends nothing', async () => {
    expect((await decide(['--partner', 'ACME', '--po', '4500098802', '--line', '1', 'quantity=120'])).code).toBe(0);
    const before = withPo(await outboundFiles('ACME/855/'), '4500098802');
    expect(before).toHaveLength(1);
    expect(segments(before[0]!.body, 'ACK')[0]).toMatch(/^ACK\*IQ\*120\*/);
    const again = await decide(['--partner', 'ACME', '--po', '4500098802', '--line', '1', 'approve']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('line 1 is not held: it was accepted by a planner');
    expect(withPo(await outboundFiles('ACME/855/'), '4500098802')).toHaveLength(1);
  });

  it('the held 860 of ACME 4500098801, once decided, is answered with an 865 (not an 855 BAK*05)', async () => {
    const result = await decide(['--partner', 'ACME', '--po', '4500098801', '--line', '3', 'date=2026-12-14']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('865 queued (865/ACME/4500098801/v2)');
    const [ack] = withPo(await outboundFiles('ACME/865/'), '4500098801');
    expect(segments(ack!.body, 'BCA')[0]).toMatch(/^BCA\*00\*A[TC]\*4500098801/);
    expect(segments(ack!.body, 'ACK').some((s) => /^ACK\*DR\*[^*]*\*[^*]*\*068\*20261214/.test(s))).toBe(true);
    expect((await outboundFiles('ACME/855/')).filter((f) => f.body.includes('BAK*05*'))).toEqual([]);
  });
});

describe('shipments', () => {
  it('ACME: an 856 as the automotive guide builds it (S/O/I, MAN AA, allocated BOL, TD1 weight from the item master)', async () => {
    await ship(['--partner', 'ACME', '--po', '4500098801', '--line', '1=15', '--tracking', 'PRO-7741']);
    const [file] = await outboundFiles('ACME/856/');
    expect(segments(file!.body, 'BSN')[0]).toMatch(/\*0002$/);
    expect(segments(file!.body, 'TD1')[0]).toBe('TD1*CTN25*2****G*16.5*LB'); // 15 × 1.1 lb (KPC-2040)
    expect(segments(file!.body, 'REF')[0]).toMatch(/^REF\*BM\*0614141\d{10}$/);
    expect(segments(file!.body, 'MAN').every((m) => /^MAN\*AA\*\d{18}$/.test(m))).toBe(true);
    expect(segments(file!.body, 'N1').map((n) => n.split('*')[1])).toEqual(['SF', 'ST']);
  });

  it('BOLT: an 856 (S/O/P/I, MAN GM 00 + SSCC) and an 810 at the confirmed prices', async () => {
    await ship(['--partner', 'BOLT', '--po', 'P221870', '--line', '1=80', '--line', '2=400', '--line', '3=20', '--tracking', '1Z999AA10123456784']);
    const [notice] = await outboundFiles('BOLT/856/');
    expect(segments(notice!.body, 'MAN').every((m) => /^MAN\*GM\*00\d{18}$/.test(m))).toBe(true);
    const [invoice] = await outboundFiles('BOLT/810/');
    expect(segments(invoice!.body, 'BIG')[0]).toMatch(/^BIG\*20261124\*I[0-9A-F]{15}\*20261123\*P221870$/);
    expect(segments(invoice!.body, 'TDS')[0]).toBe(`TDS*${Math.round((80 * 10.6 + 400 * 3.3 + 20 * 104.5) * 100)}`);
  });

  it('CIRRUS: an 856 as the EMS guide builds it, one line over two cartons (no empty pack)', async () => {
    await ship(['--partner', 'CIRRUS', '--po', 'CX26-0041180', '--line', '1=100', '--tracking', 'PRO-1']);
    const [file] = await outboundFiles('CIRRUS/856/');
    expect(segments(file!.body, 'HL').map((h) => h.split('*')[3])).toEqual(['S', 'O', 'P', 'I', 'P', 'I']);
    expect(segments(file!.body, 'SN1')).toEqual(['SN1**50*EA**240*EA', 'SN1**50*EA**240*EA']);
  });

  it('a shipment the partner guide refuses (BOLT asks for REF*CN, no tracking given): no file, an error on the order, operations told, dead-lettered with the cause', async () => {
    const invoicesBefore = (await outboundFiles('BOLT/810/')).length;
    await ship(['--partner', 'BOLT', '--po', 'P221873', '--line', '1=10']);
    expect(withPo(await outboundFiles('BOLT/856/'), 'P221873')).toEqual([]);
    expect((await outboundFiles('BOLT/810/')).length).toBe(invoicesBefore + 1);
    const history = await new DynamoTimeline(stack.clients.dynamodb, table()).order('BOLT', 'P221873');
    expect(history.errors.map((e) => e.reason).join('\n')).toMatch(/breaks BOLT's implementation guide.*rule 856-ref-cn/s);
    const mails = (await stack.sentEmails()).filter((m) => (m.body.text ?? '').includes('856-ref-cn'));
    expect(mails.map((m) => m.destination.to[0])).toEqual([stack.env[ENV.operationsEmail]]);
    expect(mails[0]!.body.text).toContain("requires a REF with REF01 'CN'");
    expect((await stack.dlqDepths()).deliver).toBe(1);
  });
});

describe('every document written', () => {
  it('reads back without errors, parses under node-x12 strict and keeps its partner guide', async () => {
    const files = await outboundFiles();
    expect(files.length).toBeGreaterThan(15);
    const kinds = new Set(files.map((f) => f.key.split('/')[1]));
    expect([...kinds].sort()).toEqual(['810', '855', '856', '865', '997', 'TA1'].filter((k) => kinds.has(k)));
    for (const kind of ['810', '855', '856', '865']) expect(kinds.has(kind), kind).toBe(true);
    for (const file of files) {
      const partner = samplePartner(file.key.split('/')[0]!);
      expect(translateText(file.body).diagnostics.filter((d) => d.severity === 'error'), file.key).toEqual([]);
      // node-x12 reads only interchanges with functional groups; a TA1 interchange (ISA, TA1, IEA,
      // X12.5 section 3.2) has none, so it is checked by our reader alone.
      if (!/~TA1\*/.test(file.body)) expect(() => new X12Parser(true).parse(file.body), file.key).not.toThrow();
      expect(checkTextAgainstGuides(file.body, partner, 'outbound').flatMap((r) => r.findings), file.key).toEqual([]);
    }
  });
});
