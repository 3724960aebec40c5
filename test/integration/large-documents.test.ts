/**
 * Sizes and values that used to break storage (README, "The pipeline": Storage): a 10,000-line
 * 850 and an 830 of 2,000 items × 52 weeks go through end to end on the local stack; a PO number
 * no FIFO group id or key may hold as is (a space, non-ASCII letters, `#` and `%H`) and
 * duplicate PO101 line numbers still make one order (held for a planner, then one 855).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoForecastStore } from '#functions/adapters/dynamo-forecast-store.ts';
import { DynamoInterchangeLedger } from '#functions/adapters/dynamo-interchange-ledger.ts';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { UNKNOWN_PARTNER } from '#functions/use-cases/receive-interchange.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { ENV } from '#infra/topology.ts';
import { runDecide } from '#functions/cli/planning-commands.ts';
import { captureIo } from '../support/cli-io.ts';
import { testPartner } from '../support/partners.ts';

let stack: LocalStack;
let dataDir: string;
const table = () => stack.env[ENV.tableName]!;

function interchange(isa13: string, functionalId: string, setId: string, body: readonly string[]): string {
  const segs = [
    `ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250101*1200*U*00401*${isa13}*0*T*>`,
    `GS*${functionalId}*ACMEBUYER*OURSUPPLIER*20250101*1200*${Number(isa13)}*X*004010`,
    `ST*${setId}*0001`,
    ...body,
    `SE*${body.length + 2}*0001`,
    `GE*1*${Number(isa13)}`,
    `IEA*1*${isa13}`,
  ];
  return `${segs.join('~\n')}~\n`;
}

function po850(po: string, isa13: string, lineNumbers: readonly string[]): string {
  return interchange(isa13, 'PO', '850', [
    `BEG*00*SA*${po}**20250101`,
    'DTM*002*20250301',
    'N1*ST*ACME PLANT 1*92*PLANT1',
    ...lineNumbers.map((n, i) => `PO1*${n}*${(i % 50) + 1}*EA*2.5**VP*ITEM-${(i % 2000) + 1}`),
    `CTT*${lineNumbers.length}`,
  ]);
}

function weeks(count: number): string[] {
  const start = Date.UTC(2025, 0, 6);
  return Array.from({ length: count }, (_, w) => new Date(start + w * 7 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
}

async function outbound(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    keys.push(...(out.Contents ?? []).map((o) => o.Key!));
    token = out.NextContinuationToken;
  } while (token);
  return Promise.all(keys.map(async (Key) => (await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.env[ENV.outboundBucket]!, Key }))).Body!.transformToString()));
}

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  dataDir = await mkdtemp(join(tmpdir(), 'edi-large-'));
  stack = await startLocalStack({ dataDir, fresh: true, logger: silentLogger });
  // Every rule off: these documents test storage, not the planning checks.
  await new DynamoPartnerDirectory(stack.clients.dynamodb, table()).put(testPartner({ ruleSeverity: Object.fromEntries(RULE_IDS.map((r) => [r, 'off'])) }));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('storage at real sizes and with hostile values', () => {
  it('an 850 of 10,000 lines: the order, its 997 and its 855 with every line', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    await stack.putInbound('ACME/in/po-big.edi', po850('PO-BIG', '000000501', lines));
    await stack.drain({ timeoutMs: 240_000 });
    const head = await new DynamoOrderStore(stack.clients.dynamodb, table()).get('ACME', 'PO-BIG');
    expect(head?.order.purchaseOrder.lines).toHaveLength(10_000);
    const acks = (await outbound('ACME/855/')).filter((t) => t.includes('BAK*00*AD*PO-BIG*'));
    expect(acks).toHaveLength(1);
    expect(acks[0]!.match(/~\s*PO1\*/g)).toHaveLength(10_000);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', 'PO-BIG');
    expect(timeline.events.map((e) => e.type)).toEqual(['order.created']);
    // Open demand of one item, found through the order's demand chunks: 5 of the 10,000 lines are ITEM-7.
    const demand = await new DynamoPlanningStore(stack.clients.dynamodb, table()).openDemand('ITEM-7');
    expect(demand.filter((d) => d.purchaseOrderNumber === 'PO-BIG').map((d) => d.lineNumber)).toEqual(['7', '2007', '4007', '6007', '8007']);
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });
  }, 300_000);

  it('an 830 of 2,000 items × 52 weeks: every period stored, each with the 830 that set it', async () => {
    const dates = weeks(52);
    const body = ['BFR*05*REL-BIG**DL*A*20250106*20251229*20250101', 'N1*ST*ACME PLANT 1*92*PLANT1'];
    for (let item = 1; item <= 2000; item++) body.push(`LIN**VP*ITEM-${item}`, 'UIT*EA', ...dates.map((d, w) => `FST*${item + w}*D*W*${d}`));
    body.push('CTT*2000');
    await stack.putInbound('ACME/in/830-big.edi', interchange('000000502', 'PS', '830', body));
    await stack.drain({ timeoutMs: 240_000 });
    const periods = await new DynamoForecastStore(stack.clients.dynamodb, table()).find('ACME', 'ITEM-1999', '2025-01-01', '2025-12-31');
    expect(periods.map((p) => p.quantity)).toEqual(Array.from({ length: 52 }, (_, w) => 1999 + w));
    expect(new Set(periods.map((p) => p.setBy.interchangeControlNumber))).toEqual(new Set(['000000502']));
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });
  }, 300_000);

  it.each([
    ['a space and a non-ASCII letter', 'PO 4711 MÜNCHEN', '000000503'],
    ['a key separator, %H and umlauts', 'PO#4711 %H/ÄÖÜ (A) B', '000000504'],
  ])('a PO number with %s: its order is stored (ingest and process dead-letter nothing)', async (_what, po, isa13) => {
    const before = await stack.dlqDepths();
    await stack.putInbound(`ACME/in/po-${isa13}.edi`, po850(po, isa13, ['1', '2']));
    await stack.drain({ timeoutMs: 60_000 });
    const head = await new DynamoOrderStore(stack.clients.dynamodb, table()).get('ACME', po);
    expect(head?.order.purchaseOrderNumber).toBe(po);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, table()).order('ACME', po);
    expect(timeline.events.map((e) => e.type)).toEqual(['order.created']);
    const after = await stack.dlqDepths();
    expect([after.ingest, after.process]).toEqual([before.ingest, before.process]);
  }, 120_000);

  it('duplicate PO101 line numbers: one order with every line, those lines held for a planner (even with every rule off), not a failed batch', async () => {
    const before = await stack.dlqDepths();
    const mailsBefore = (await stack.sentEmails()).length;
    await stack.putInbound('ACME/in/po-dup.edi', po850('PO-DUP', '000000505', ['1', '2', '2', '3']));
    await stack.drain({ timeoutMs: 60_000 });
    const head = await new DynamoOrderStore(stack.clients.dynamodb, table()).get('ACME', 'PO-DUP');
    expect(head?.order.purchaseOrder.lines).toHaveLength(4);
    expect(head?.order.status).toBe('held');
    expect(head?.planning?.lineStates.map((l) => [l.lineNumber, l.status, l.reasons])).toEqual([
      ['1', 'accepted', []],
      ['2', 'held', ['duplicate-line-number']],
      ['2', 'held', ['duplicate-line-number']],
      ['3', 'accepted', []],
    ]);
    expect((await outbound('ACME/855/')).filter((t) => t.includes('*PO-DUP*'))).toEqual([]);
    const hold = (await stack.sentEmails()).slice(mailsBefore).filter((m) => m.subject.includes('PO PO-DUP'));
    // one [HOLD] per recipient (the planner, customer service), each with one decision block for line 2
    expect(hold.map((m) => [m.destination.to, m.subject]).sort((a, b) => String(b[0]).localeCompare(String(a[0])))).toEqual([
      [['planner@supplier.example'], '[HOLD] ACME PO PO-DUP: 2 lines held (line number repeated), decision needed'],
      [['cs@supplier.example'], '[HOLD] ACME PO PO-DUP: 2 lines held (line number repeated), decision needed'],
    ]);
    for (const mail of hold) {
      expect(mail.body.text).toMatch(/PO1 lines 2, 3/);
      expect(mail.body.text?.match(/--line 2 approve/g)).toHaveLength(1);
    }
    expect(await stack.dlqDepths()).toEqual(before);

    // the planner's decision on line 2 answers both lines: one 855 with every line
    const cli = captureIo();
    expect(await runDecide(['--partner', 'ACME', '--po', 'PO-DUP', '--line', '2', 'approve', '--by', 'Marcus Oyelaran', '--reason', 'two deliveries of line 2'], cli.io)).toBe(0);
    await stack.drain({ timeoutMs: 60_000 });
    const acks = (await outbound('ACME/855/')).filter((t) => t.includes('BAK*00*AD*PO-DUP*'));
    expect(acks).toHaveLength(1);
    expect(acks[0]!.match(/~\s*PO1\*/g)).toHaveLength(4);
    expect(await stack.dlqDepths()).toEqual(before);
  }, 120_000);

  it('a channel folder with a trailing space, or of another case, is not the partner: the file is refused as of no partner, no order', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await stack.putInbound('ACME /in/po-space.edi', po850('PO-SPACE', '000000507', ['1']));
    await stack.putInbound('acme/in/po-case.edi', po850('PO-CASE', '000000508', ['1']));
    await stack.drain({ timeoutMs: 60_000 });
    const orders = new DynamoOrderStore(stack.clients.dynamodb, table());
    expect(await orders.get('ACME', 'PO-SPACE')).toBeUndefined();
    expect(await orders.get('ACME', 'PO-CASE')).toBeUndefined();
    const ledger = new DynamoInterchangeLedger(stack.clients.dynamodb, table());
    const unknown = await ledger.receivedSince(UNKNOWN_PARTNER, since);
    expect(unknown.refused.map((r) => r.reason).sort()).toEqual([
      "no trading partner is set up for the inbound channel 'ACME '",
      "no trading partner is set up for the inbound channel 'acme'",
    ]);
  }, 120_000);

  it('a quantity ordered of zero or below: held for a planner even with every rule off; approve is refused, a quantity is taken', async () => {
    const text = po850('PO-ZERO', '000000506', ['1', '2']).replace('PO1*2*2*', 'PO1*2*0*');
    await stack.putInbound('ACME/in/po-zero.edi', text);
    await stack.drain({ timeoutMs: 60_000 });
    const head = await new DynamoOrderStore(stack.clients.dynamodb, table()).get('ACME', 'PO-ZERO');
    expect(head?.planning?.lineStates.map((l) => [l.lineNumber, l.status, l.reasons])).toEqual([
      ['1', 'accepted', []],
      ['2', 'held', ['quantity-not-positive']],
    ]);
    const [hold] = (await stack.sentEmails()).filter((m) => m.subject.startsWith('[HOLD] ACME PO PO-ZERO'));
    expect(hold?.body.text).toContain("--line 2 quantity=Q --by");
    expect(hold?.body.text).not.toContain('--line 2 approve');
    const refused = captureIo();
    expect(await runDecide(['--partner', 'ACME', '--po', 'PO-ZERO', '--line', '2', 'approve', '--by', 'Marcus Oyelaran', '--reason', 'ok'], refused.io)).not.toBe(0);
    expect(refused.err()).toMatch(/zero or below/);
    await stack.drain({ timeoutMs: 30_000 });
    expect((await outbound('ACME/855/')).filter((t) => t.includes('*PO-ZERO*'))).toEqual([]);
    expect(await runDecide(['--partner', 'ACME', '--po', 'PO-ZERO', '--line', '2', 'quantity=5', '--by', 'Marcus Oyelaran', '--reason', 'buyer confirmed 5'], captureIo().io)).toBe(0);
    await stack.drain({ timeoutMs: 60_000 });
    const [ack] = (await outbound('ACME/855/')).filter((t) => t.includes('*PO-ZERO*'));
    expect(ack).toMatch(/ACK\*IQ\*5\*EA/);
  }, 120_000);
});
