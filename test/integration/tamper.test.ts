/**
 * Tamper evidence on the local stack (README, "Verification"): each kind of edit an auditor
 * worries about is made directly in DynamoDB and S3 through the real SDK clients, and verify
 * names the broken link; restoring the record verifies clean again. A clean run verifies clean.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteItemCommand, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { hashRecord } from '#domain/audit/record-hashes.ts';
import { DynamoSentDocuments } from '#functions/adapters/dynamo-sent-documents.ts';
import { OffsetClock } from '#functions/adapters/system-clock.ts';
import { runExport, runInterchange, runOrders, runRaw, runSeal, runVerify } from '#functions/cli/audit-commands.ts';
import { liveAuditDeps, type AuditDeps } from '#functions/composition/live-deps.ts';
import { verifyAll } from '#functions/use-cases/verify-all.ts';
import { firstBrokenLink, verifyOrder } from '#functions/use-cases/verify-order.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { captureIo } from '../support/cli-io.ts';
import { putSample, startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

type Item = Record<string, AttributeValue>;

let started: SampleStack | undefined;
let stack: LocalStack;
let deps: AuditDeps;
let endpoints: string;

const table = () => stack.env[ENV.tableName]!;
const pkOf = (partner: string, po: string) => `ORDER#${partner}#${po}`;

async function partition(partner: string, po: string): Promise<Item[]> {
  const out = await stack.clients.dynamodb.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pkOf(partner, po) } } }));
  return out.Items ?? [];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw items as an editor sees them
const dataOf = (item: Item) => JSON.parse(item.data?.S ?? brotliDecompressSync(Buffer.from(item.z!.B!)).toString('utf8')) as Record<string, any>;
/** The item with its record rewritten as plain JSON (the store reads `data` when there is no compressed `z`). */
const withData = (item: Item, data: unknown): Item => {
  const { z: _z, ...rest } = item;
  return { ...rest, data: { S: JSON.stringify(data) } };
};
const put = (item: Item) => stack.clients.dynamodb.send(new PutItemCommand({ TableName: table(), Item: item }));
const del = (item: Item) => stack.clients.dynamodb.send(new DeleteItemCommand({ TableName: table(), Key: { pk: item.pk!, sk: item.sk! } }));

async function verdict(partner: string, po: string) {
  return verifyOrder(deps, partner, po);
}

/** Applies `edit`, expects verify of the order to name a link matching `link`, restores, expects clean. */
async function expectCaught(partner: string, po: string, edit: () => Promise<() => Promise<unknown>>, link: RegExp): Promise<string> {
  const restore = await edit();
  const v = await verdict(partner, po);
  const first = firstBrokenLink(v.findings) ?? '';
  await restore();
  expect(v.valid).toBe(false);
  expect(first).toMatch(link);
  expect((await verdict(partner, po)).findings).toEqual([]);
  return first;
}

/** ACME's 997 accepting our document (AK1 our GS06, AK2 our ST02). */
function accepting997(document: SentDocument): string {
  const body = [`AK1*PR*${document.groupControlNumber}`, `AK2*${document.kind}*${document.setControlNumber.padStart(4, '0')}`, 'AK5*A', 'AK9*A*1*1*1'];
  return [
    'ISA*00*          *00*          *ZZ*ACMEAUTOTIER1  *ZZ*KEYSTONEPC     *261124*0900*U*00401*000004401*0*P*>',
    'GS*FA*ACMEAUTO*KEYSTONEPC*20261124*0900*4401*X*004010',
    'ST*997*0001',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*4401',
    'IEA*1*000004401',
    '',
  ].join('~\n');
}

const BOLT = ['BOLT', 'P221874'] as const;
const ACME = ['ACME', '4500098801'] as const;
const CIRRUS = ['CIRRUS', 'CX26-0041180'] as const;

beforeAll(async () => {
  started = await startSampleStack('tamper');
  stack = started.stack;
  for (const p of ['ACME/01-830-forecast-ACME-FC-2648.edi', 'BOLT/01-830-forecast-BOLT-FC-47.edi', 'CIRRUS/01-830-forecast-CX-FCST-2026W47.edi']) await putSample(stack, p);
  await stack.drain();
  for (const p of ['BOLT/06-850-P221874-due-in-shortage-week.edi', 'ACME/02-850-4500098801-clean.edi', 'CIRRUS/02-850-CX26-0041180-clean.edi']) await putSample(stack, p);
  await stack.drain();
  // ACME accepts our 855 with its 997: the 855's acknowledgment record names that archived file.
  const [ours855] = (await new DynamoSentDocuments(stack.clients.dynamodb, table()).list('ACME')).filter((d) => d.kind === '855' && d.subject.kind === 'order' && d.subject.purchaseOrderNumber === ACME[1]);
  await stack.putInbound('ACME/in/997-4401.edi', accepting997(ours855!));
  await stack.drain();
  // verify an hour later on the stack's time line: every document and email had time to arrive
  const clock = new OffsetClock(stack.clock.offsetMs + 3_600_000);
  deps = liveAuditDeps({ env: stack.env, clock });
  endpoints = join(started.dataDir, 'endpoints.json');
  await writeFile(endpoints, JSON.stringify({ env: stack.env, clockOffsetMs: clock.offsetMs }));
}, 180_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('a clean run', () => {
  it('verifies clean, order by order and all at once, before and after the daily seal', async () => {
    for (const [partner, po] of [BOLT, ACME, CIRRUS]) {
      const v = await verdict(partner, po);
      expect(v.findings, `${partner}/${po}`).toEqual([]);
      expect(v.pending).toEqual([]);
      expect(v.checked.events).toBeGreaterThan(0);
      expect(v.checked.emails + v.checked.documents).toBeGreaterThan(0);
    }
    expect((await verifyAll(deps)).first).toBeUndefined();
    const seal = captureIo();
    expect(await runSeal(['--local', endpoints], seal.io)).toBe(0);
    expect(seal.out()).toMatch(/^sealed \d{4}-\d{2}-\d{2}: 3 order\(s\), root [0-9a-f]{64}/);
    const all = captureIo();
    expect(await runVerify(['--all', '--local', endpoints], all.io)).toBe(0);
    expect(all.out()).toMatch(/^verified: 1 seal\(s\) and 3 order\(s\) checked/);
  });
});

describe('every kind of edit is caught (after the seal)', () => {
  it("an email record's subject", async () => {
    await expectCaught(...BOLT, async () => {
      const item = (await partition(...BOLT)).find((i) => i.kind?.S === 'email')!;
      await put(withData(item, { ...dataOf(item), title: 'Nothing to worry about' }));
      return () => put(item);
    }, /^email .*does not match its hash/);
  });

  it('the record of a customer risk notice, deleted', async () => {
    const items = await partition(...BOLT);
    const notice = items.map(dataOf).find((d) => d.type === 'order.delay-notified' && d.details.kind === 'risk-notice');
    expect(notice, 'the sample raises a customer risk notice').toBeDefined();
    const copies = items.filter((i) => i.kind?.S === 'email' && dataOf(i).causeEventHash === notice!.hash);
    expect(copies.length).toBeGreaterThan(0);
    await expectCaught(...BOLT, async () => {
      for (const c of copies) await del(c);
      return async () => {
        for (const c of copies) await put(c);
      };
    }, new RegExp(`^event #${notice!.seq}: its effect .* has no document, email or error record`));
  });

  it("an 855 record's ISA13", async () => {
    await expectCaught(...ACME, async () => {
      const item = (await partition(...ACME)).find((i) => i.kind?.S === 'document' && dataOf(i).kind === '855')!;
      const d = dataOf(item);
      await put(withData(item, { ...d, numbers: { ...d.numbers, interchange: d.numbers.interchange + 1 } }));
      return () => put(item);
    }, /^document 855\/.*ISA13/);
  });

  it("the order head's quantity", async () => {
    await expectCaught(...ACME, async () => {
      const item = (await partition(...ACME)).find((i) => i.sk?.S === 'HEAD')!;
      const head = dataOf(item);
      head.order.purchaseOrder.lines[0].quantity += 10;
      await put(withData(item, head));
      return () => put(item);
    }, /^order head: the order state .* does not hash to the stateHash of event #\d+/);
  });

  it('the archived raw 850', async () => {
    const created = (await partition(...ACME)).map(dataOf).find((d) => d.type === 'order.created')!;
    const key = created.cause.archiveKey as string;
    const bucket = stack.env[ENV.archiveBucket]!;
    const original = await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    await expectCaught(...ACME, async () => {
      await stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original.replace('PO1*1*', 'PO1*1*9') }));
      return () => stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
    }, new RegExp(`^archive ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the interchange ledger .* names SHA-256 [0-9a-f]{64}, the archived bytes hash to`));
  });

  it("the partner-acknowledgment record of an 855: its state edited, and deleted", async () => {
    const sentItems = async () => {
      const out = await stack.clients.dynamodb.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'PARTNER#ACME#SENT' } } }));
      return (out.Items ?? []).filter((i) => dataOf(i).subject?.purchaseOrderNumber === ACME[1] && dataOf(i).kind === '855');
    };
    const [item] = await sentItems();
    expect(item, 'the 855 of the sample is tracked for its acknowledgment').toBeDefined();
    const key = dataOf(item!).idempotencyKey as string;
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expectCaught(...ACME, async () => {
      await put(withData(item!, { ...dataOf(item!), state: 'accepted', acknowledgment: { kind: '997', receivedAt: dataOf(item!).sentAt, findings: [] } }));
      return () => put(item!);
    }, new RegExp(`^partner ack ${escaped}: the record \\(state accepted.* does not match its hash`));
    await expectCaught(...ACME, async () => {
      await del(item!);
      return () => put(item!);
    }, new RegExp(`^document ${escaped}: its partner-acknowledgment record .* is missing`));
    // Re-hashed after the edit: the chain-anchored hash no longer agrees with the seal's.
    await expectCaught(...ACME, async () => {
      const { hash: _h, ...rest } = dataOf(item!);
      const forged = { ...rest, state: 'accepted', acknowledgment: { kind: '997', receivedAt: rest.sentAt, findings: [] } };
      await put(withData(item!, { ...forged, hash: hashRecord(forged) }));
      return () => put(item!);
    }, new RegExp(`^seal \\d{4}-\\d{2}-\\d{2}: order ACME/${ACME[1]}: partner ack ${escaped} changed since it was sealed`));
  });

  it("the partner's archived 997 a partner-ack record rests on: edited, and deleted", async () => {
    const [ack] = (await new DynamoSentDocuments(stack.clients.dynamodb, table()).list('ACME')).filter((d) => d.kind === '855' && d.subject.kind === 'order' && d.subject.purchaseOrderNumber === ACME[1]);
    expect(ack, 'the 855 was accepted by the 997 put in beforeAll').toMatchObject({ state: 'accepted', acknowledgment: { kind: '997', interchangeControlNumber: '000004401' } });
    const key = ack!.acknowledgment!.archiveKey!;
    expect(ack!.acknowledgment!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const bucket = stack.env[ENV.archiveBucket]!;
    const original = await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expectCaught(...ACME, async () => {
      await stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original.replace('AK5*A', 'AK5*R') }));
      return () => stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
    }, new RegExp(`^archive ${escaped}: the partner-ack record .*\\(ACME's 997 in ISA13 000004401, which made it accepted\\) names SHA-256 ${ack!.acknowledgment!.sha256}, the archived bytes hash to`));
    await expectCaught(...ACME, async () => {
      await stack.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      return () => stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
    }, new RegExp(`^archive ${escaped}: the partner-ack record .* names it, the archive has no such object`));
  });

  it('the last event, deleted', async () => {
    await expectCaught(...ACME, async () => {
      const last = (await partition(...ACME)).filter((i) => i.sk?.S?.startsWith('EVENT#')).at(-1)!;
      await del(last);
      return () => put(last);
    }, /^event #\d+: the order head names event \d+ as its last/);
  });

  it('an email re-hashed after its subject was edited: the seal still knows it', async () => {
    await expectCaught(...BOLT, async () => {
      const item = (await partition(...BOLT)).find((i) => i.kind?.S === 'email')!;
      const { hash: _h, ...rest } = dataOf(item);
      const forged = { ...rest, title: 'Nothing to worry about' };
      await put(withData(item, { ...forged, hash: hashRecord(forged) }));
      return () => put(item);
    }, /^seal \d{4}-\d{2}-\d{2}: order BOLT\/P221874: email .* changed since it was sealed/);
  });

  it('a whole order, deleted', async () => {
    const items = await partition(...CIRRUS);
    expect(items.length).toBeGreaterThan(2);
    for (const i of items) await del(i);
    try {
      const one = await verdict(...CIRRUS);
      expect(one.valid).toBe(false);
      expect(firstBrokenLink(one.findings)).toMatch(/^seal .*: order CIRRUS\/CX26-0041180 was sealed with \d+ event\(s\) and is gone from the store/);
      const cli = captureIo();
      expect(await runVerify(['--all', '--local', endpoints], cli.io)).toBe(3);
      expect(cli.out()).toMatch(/first broken link: seal \d{4}-\d{2}-\d{2}: seal \d{4}-\d{2}-\d{2}: order CIRRUS\/CX26-0041180 was sealed/);
      const order = captureIo();
      expect(await runVerify(['--partner', 'CIRRUS', '--po', 'CX26-0041180', '--local', endpoints], order.io)).toBe(3);
    } finally {
      for (const i of items) await put(i);
    }
    expect((await verifyAll(deps)).first).toBeUndefined();
  });
});

describe('export and the order indexes', () => {
  it('edi export: JSONL per order and CSV per line, with line status, decisions and documents', async () => {
    const head = dataOf((await partition(...ACME)).find((i) => i.sk?.S === 'HEAD')!);
    const doc = dataOf((await partition(...ACME)).find((i) => i.kind?.S === 'document' && dataOf(i).kind === '855')!);
    const jsonl = captureIo();
    expect(await runExport(['--partner', 'ACME', '--format', 'jsonl', '--local', endpoints], jsonl.io)).toBe(0);
    const rows = jsonl.out().trim().split('\n').map((l) => JSON.parse(l) as ReturnType<typeof dataOf>);
    const exported = rows.find((r) => r.purchaseOrderNumber === ACME[1])!;
    expect(exported.lines).toHaveLength(head.order.purchaseOrder.lines.length);
    expect(exported.lastEventHash).toBe(head.order.lastEventHash);
    expect(exported.documents).toContainEqual(expect.objectContaining({ kind: '855', isa13: String(doc.numbers.interchange).padStart(9, '0') }));
    const csv = captureIo();
    expect(await runExport(['--partner', 'ACME', '--from', '2000-01-01', '--to', '2999-12-31', '--local', endpoints], csv.io)).toBe(0);
    const lines = csv.out().trimEnd().split('\r\n');
    expect(lines[0]).toBe('partner,po,order_date,order_status,version,line,item,quantity,uom,unit_price,line_status,reasons,decisions,documents,last_event_hash');
    expect(lines.filter((l) => l.startsWith(`ACME,${ACME[1]},`))).toHaveLength(head.order.purchaseOrder.lines.length);
    const none = captureIo();
    expect(await runExport(['--partner', 'ACME', '--from', '1999-01-01', '--to', '1999-12-31', '--local', endpoints], none.io)).toBe(0);
    expect(none.out().trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('edi orders: by partner and date, by status, page by page', async () => {
    const byPartner = captureIo();
    expect(await runOrders(['--partner', 'BOLT', '--json', '--local', endpoints], byPartner.io)).toBe(0);
    expect((JSON.parse(byPartner.out()) as { orders: Array<{ purchaseOrderNumber: string }> }).orders.map((o) => o.purchaseOrderNumber)).toEqual(['P221874']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = captureIo();
      expect(await runOrders(['--status', 'open', '--limit', '1', '--json', '--local', endpoints, ...(cursor ? ['--cursor', cursor] : [])], page.io)).toBe(0);
      const parsed = JSON.parse(page.out()) as { orders: Array<{ partner: string; purchaseOrderNumber: string; status: string }>; next?: string };
      expect(parsed.orders.length).toBeLessThanOrEqual(1);
      for (const o of parsed.orders) {
        expect(o.status).toBe('open');
        seen.push(`${o.partner}/${o.purchaseOrderNumber}`);
      }
      cursor = parsed.next;
    } while (cursor);
    const open = [BOLT, ACME, CIRRUS].map(([p, po]) => `${p}/${po}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(open.filter((k) => seen.includes(k)).sort());
    expect(seen.length).toBeGreaterThan(1);
    const bad = captureIo();
    await expect(runOrders(['--status', 'lost', '--local', endpoints], bad.io)).rejects.toThrow(/the status index holds open, held, cancelled, at-risk, p1-open, ack-overdue/);
    const flagged = captureIo();
    expect(await runOrders(['--status', 'p1-open', '--json', '--local', endpoints], flagged.io)).toBe(0);
    expect((JSON.parse(flagged.out()) as { orders: unknown[] }).orders).toEqual([]);
  });
});

describe('raw documents and the ledger', () => {
  it('edi raw: the 850 as received (its SHA-256 the ledger recorded) and the 855 as sent', async () => {
    const cli = captureIo();
    expect(await runRaw(['--partner', ...['ACME'], '--po', ACME[1], '--json', '--local', endpoints], cli.io)).toBe(0);
    const docs = JSON.parse(cli.out()) as Array<{ direction: string; type: string; sha256?: string; ledgerSha256?: string; text?: string }>;
    const received = docs.find((d) => d.direction === 'received' && d.type === '850')!;
    expect(received.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(received.sha256).toBe(received.ledgerSha256);
    expect(received.text).toContain(`BEG*00*`);
    const sent = docs.find((d) => d.direction === 'sent' && d.type === '855')!;
    expect(sent.text).toMatch(/^ISA\*/);
    expect(sent.text).toContain(ACME[1]);
    const only = captureIo();
    expect(await runRaw(['--partner', 'ACME', '--po', ACME[1], '--document', '855', '--json', '--local', endpoints], only.io)).toBe(0);
    expect((JSON.parse(only.out()) as Array<{ type: string }>).map((d) => d.type)).toEqual(['855']);
    // The 997 we sent for the 850's interchange, found by our ISA13 alone, its bytes with their SHA-256.
    const ack = docs.find((d) => d.direction === 'sent' && d.type === '997') as { isa13: string; sha256?: string; text?: string } | undefined;
    expect(ack, 'the 997 answering the 850 is among the documents sent').toBeDefined();
    expect(ack!.text).toContain(`*${ack!.isa13}*`);
    const byIsa13 = captureIo();
    expect(await runRaw(['--partner', 'ACME', '--po', ACME[1], '--document', String(Number(ack!.isa13)), '--json', '--local', endpoints], byIsa13.io)).toBe(0);
    expect((JSON.parse(byIsa13.out()) as Array<{ type: string; sha256: string }>).map((d) => [d.type, d.sha256])).toEqual([['997', ack!.sha256]]);
  });

  it('edi interchange: the partner channel ledger', async () => {
    const cli = captureIo();
    expect(await runInterchange(['--partner', 'ACME', '--json', '--local', endpoints], cli.io)).toBe(0);
    const found = JSON.parse(cli.out()) as { interchanges: Array<{ state: string; sha256: string }>; refused: unknown[] };
    expect(found.interchanges.length).toBeGreaterThanOrEqual(2);
    for (const i of found.interchanges) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
