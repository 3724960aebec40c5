import { EXPORT_CSV_HEADER } from '#domain/audit/audit-export.ts';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { emailBodyHash } from '#domain/audit/record-hashes.ts';
import { createOrder } from '#domain/orders/create-order.ts';
import { translateText } from '#domain/x12/translate.ts';
import { history, type HistoryDeps } from '#functions/history/handler.ts';
import type { RawDocuments } from '#functions/ports/audit-archive.ts';
import { groupsOf } from '#functions/shared/api-caller.ts';
import { formatOrderHistory, loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { EmailRecord, InterchangeRecord, OutboundRecord } from '#schemas/records/records.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { FakeAuditArchive, FakeDeliveryLog, FakeLedger, FakeTimeline, fakeDesk, testObservability } from '../support/fakes/index.ts';
import { FakeOrderIndex } from '../support/fakes/order-index.ts';
import { orderSet } from '../support/inbound-sets.ts';

const po = translateText(sample850('PO-1')).documents[0]!.document as PurchaseOrder;
const cause = { partner: 'ACME', type: '850', id: 'c1', sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000101' };
const created = createOrder({ partner: 'ACME', purchaseOrder: po, cause, at: '2025-01-02T03:04:05.000Z' });

const RAW_850 = sample850('PO-1');
const RAW_SHA = createHash('sha256').update(RAW_850, 'latin1').digest('hex');
const ARCHIVE_KEY = `ACME/2025-01-02/${RAW_SHA}`;
const ledgerRecord: InterchangeRecord = { schemaVersion: 1, partner: 'ACME', sender: cause.sender, interchangeControlNumber: '000000101', state: 'queued', archiveKey: ARCHIVE_KEY, sha256: RAW_SHA, sourceKey: 'ACME/in/po.edi', receivedAt: '2025-01-02T03:04:05.000Z', groups: 1 } as InterchangeRecord;
const sent855: OutboundRecord = { schemaVersion: 1, partner: 'ACME', kind: '855', idempotencyKey: '855/ACME/PO-1/1', subject: { kind: 'order', partner: 'ACME', purchaseOrderNumber: 'PO-1' }, numbers: { interchange: 7, group: 7, firstSet: 1 }, envelopeDate: '20250102', envelopeTime: '0304', bucket: 'outbound-bucket', key: 'ACME/855/20250102-000000007.x12', recordedAt: '2025-01-02T03:05:00.000Z', hash: 'h' };
const body = { subject: 'Order PO-1 received', text: 'Thank you', html: '<p>Thank you</p>' };
const email: EmailRecord = { schemaVersion: 1, partner: 'ACME', idempotencyKey: 'mail/1', template: 'order-received', subject: { kind: 'order', partner: 'ACME', purchaseOrderNumber: 'PO-1' }, recipients: ['buyer@acme.example'], title: 'Order PO-1 received', status: 'sent', attempt: 1, claimedAt: '2025-01-02T03:06:00.000Z', sentAt: '2025-01-02T03:06:01.000Z', bodySha256: emailBodyHash(body) };

class MapRaw implements RawDocuments {
  readonly objects = new Map<string, string>();
  async readRaw(bucket: string | undefined, key: string) {
    const text = this.objects.get(`${bucket ?? 'archive'}/${key}`);
    if (text === undefined) return undefined;
    const bytes = Buffer.from(text, 'latin1');
    return { bytes: new Uint8Array(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}

/** Every port the history API reads, in memory, over one timeline of ACME PO-1. */
function historyDeps(options: { tamper?: boolean } = {}) {
  const desk = fakeDesk(planningPartner());
  const event = options.tamper ? { ...created.event, summary: 'edited' } : created.event;
  const timeline = new FakeTimeline(
    new Map([['ACME/PO-1', { order: created.order, events: [event], documents: [sent855], emails: [email], errors: [] }]]),
    new Map([['ZZ:ACMEBUYER/000000101', { interchange: ledgerRecord, duplicates: [], documents: [], emails: [] }]]),
  );
  const archive = new FakeAuditArchive();
  const ledger = new FakeLedger();
  ledger.interchanges.set('ZZ:ACMEBUYER/000000101', ledgerRecord);
  const raw = new MapRaw();
  raw.objects.set(`archive/${ARCHIVE_KEY}`, RAW_850);
  raw.objects.set(`outbound-bucket/${sent855.key}`, 'ISA*00*...~');
  const deliveries = new FakeDeliveryLog();
  const deps = {
    ...desk,
    timeline,
    audit: { derived: async () => ({ demand: [] }) },
    bodies: archive,
    fingerprints: archive,
    seals: archive,
    ledger,
    raw,
    buckets: { inbound: 'inbound-bucket', outbound: 'outbound-bucket' },
    deliveries,
    orderIndex: new FakeOrderIndex(desk.orders, desk.store, desk.sentDocuments),
    observability: testObservability(),
    roles: { planner: 'edi-planner', auditor: 'edi-auditor' },
  } satisfies HistoryDeps;
  return { deps, desk, archive, raw, ledger, deliveries };
}

type Who = { groups?: unknown; username?: string } | { roleArn: string } | 'anonymous';

const AUDITOR: Who = { groups: '[auditors]', username: 'ann.auditor' };
const PLANNER: Who = { groups: ['planners'], username: 'pat.planner' };

/** An HTTP API v2 event as API Gateway sends it (the JWT or IAM authorizer context, path and query). */
function get(path: string, who: Who = AUDITOR, query?: Record<string, string>): APIGatewayProxyEventV2 {
  const authorizer = who === 'anonymous' ? undefined : 'roleArn' in who ? { iam: { userArn: who.roleArn } } : { jwt: { claims: { 'cognito:groups': who.groups, 'cognito:username': who.username } } };
  return { version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', ...(query ? { queryStringParameters: query } : {}), headers: {}, isBase64Encoded: false, requestContext: { http: { method: 'GET', path }, ...(authorizer ? { authorizer } : {}) } } as unknown as APIGatewayProxyEventV2;
}

async function call(deps: HistoryDeps, event: APIGatewayProxyEventV2) {
  const res = await history(deps)(event);
  const isJson = String(res.headers?.['content-type'] ?? '').startsWith('application/json');
  return { status: res.statusCode, headers: res.headers ?? {}, raw: res, body: res.isBase64Encoded || !isJson ? undefined : JSON.parse(res.body as string) };
}

describe('history API: who may call', () => {
  it('serves an auditor (Cognito group) and a planner (IAM role session) and says who they are on /me', async () => {
    const { deps } = historyDeps();
    expect((await call(deps, get('/console/me', AUDITOR))).body).toEqual({ role: 'auditor', name: 'ann.auditor' });
    expect((await call(deps, get('/me', { roleArn: 'arn:aws:sts::123456789012:assumed-role/edi-planner/pat' }))).body).toEqual({ role: 'planner', name: 'pat' });
    expect((await call(deps, get('/orders/ACME/PO-1/history', { roleArn: 'arn:aws:sts::123456789012:assumed-role/edi-auditor/ann' }))).status).toBe(200);
  });

  it('refuses with 403 a caller with no role: no authorizer, a group it does not know, another IAM role', async () => {
    const { deps } = historyDeps();
    for (const who of ['anonymous', { groups: '[buyers]', username: 'x' }, { roleArn: 'arn:aws:sts::123456789012:assumed-role/someone-else/x' }] as Who[]) {
      const res = await call(deps, get('/orders/ACME/PO-1/history', who));
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/auditors and planners/);
    }
  });

  it('reads cognito:groups as API Gateway forwards it, or as an array', () => {
    expect(groupsOf('[planners auditors]')).toEqual(['planners', 'auditors']);
    expect(groupsOf('auditors')).toEqual(['auditors']);
    expect(groupsOf(['planners'])).toEqual(['planners']);
    expect(groupsOf(undefined)).toEqual([]);
  });
});

describe('GET /orders/{partner}/{po}/history', () => {
  it('returns the order timeline with an intact chain and the verify verdict', async () => {
    const { deps } = historyDeps();
    const res = await call(deps, get('/orders/ACME/PO-1/history'));
    expect(res.status).toBe(200);
    expect(res.body.chain).toEqual({ valid: true });
    expect(res.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['interchange', 'event', 'step', 'step', 'document', 'email']);
    expect(res.body.stage.current).toBe('confirmed');
    expect(res.body.verification).toMatchObject({ partner: 'ACME', purchaseOrderNumber: 'PO-1', found: true });
    expect(typeof res.body.verification.valid).toBe('boolean');
    expect(Array.isArray(res.body.verification.findings)).toBe(true);
  });

  it('shows a tampered event as a broken chain, and verification names the broken link', async () => {
    const { deps } = historyDeps({ tamper: true });
    const view = await loadOrderHistory(deps.timeline, 'ACME', 'PO-1');
    expect(view.chain).toMatchObject({ valid: false, brokenAtSeq: 1 });
    expect(formatOrderHistory(view)).toContain('BROKEN');
    const res = await call(deps, get('/orders/ACME/PO-1/history'));
    expect(res.body.verification.valid).toBe(false);
    expect(res.body.verification.findings.map((f: { link: string }) => f.link)).toContainEqual(expect.stringMatching(/^event #1/));
  });

  it('answers 404 for an unknown PO and 404 for a path that is no route', async () => {
    const { deps } = historyDeps();
    expect((await call(deps, get('/orders/ACME/NOPE/history'))).status).toBe(404);
    expect((await call(deps, get('/nothing/here'))).status).toBe(404);
  });
});

describe('GET /interchanges/{sender}/{control}', () => {
  it('returns the ledger record: state, receipt, archive key, re-sends, documents and emails', async () => {
    const { deps } = historyDeps();
    const res = await call(deps, get('/interchanges/ZZ:ACMEBUYER/000000101'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ found: true, sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000101', duplicates: [], documents: [], emails: [] });
    expect(res.body.interchange).toMatchObject({ state: 'queued', archiveKey: ARCHIVE_KEY, sourceKey: 'ACME/in/po.edi' });
  });

  it('accepts a URL-encoded sender and an unpadded ISA13; 404 never received; 400 malformed', async () => {
    const { deps } = historyDeps();
    expect((await call(deps, get('/interchanges/ZZ%3AACMEBUYER/101'))).status).toBe(200);
    expect((await call(deps, get('/interchanges/ZZ:ACMEBUYER/000000999'))).status).toBe(404);
    expect((await call(deps, get('/interchanges/ACMEBUYER/000000101'))).status).toBe(400);
    expect((await call(deps, get('/interchanges/ZZ:ACMEBUYER/abc'))).status).toBe(400);
  });
});

describe('GET /partners/{partner}/interchanges', () => {
  it('pages the ledger oldest first, refused files included', async () => {
    const { deps, ledger } = historyDeps();
    await ledger.recordRejectedFile({ schemaVersion: 1, partner: 'ACME', sha256: 'f'.repeat(64), archiveKey: `ACME/2025-01-03/${'f'.repeat(64)}`, sourceKey: 'ACME/in/bad.edi', receivedAt: '2025-01-03T00:00:00.000Z', reason: 'sender ID is not ACME', interchangeControlNumbers: [] });
    const first = await call(deps, get('/partners/ACME/interchanges', AUDITOR, { limit: '1' }));
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['interchange']);
    expect(first.body.next).toBeTypeOf('string');
    const second = await call(deps, get('/partners/ACME/interchanges', AUDITOR, { limit: '1', cursor: first.body.next }));
    expect(second.body.entries).toMatchObject([{ kind: 'refused-file', reason: 'sender ID is not ACME' }]);
    expect(second.body.next).toBeUndefined();
    const ranged = await call(deps, get('/partners/ACME/interchanges', AUDITOR, { from: '2025-01-03', to: '2025-01-03' }));
    expect(ranged.body.entries).toHaveLength(1);
    expect((await call(deps, get('/partners/ACME/interchanges', AUDITOR, { cursor: 'junk' }))).status).toBe(400);
    expect((await call(deps, get('/partners/ACME/interchanges', AUDITOR, { from: '3 Jan' }))).status).toBe(400);
  });
});

describe('GET /documents/{store}/{key+}', () => {
  it('answers the archived bytes with their SHA-256 and the ledger’s, raw or as JSON', async () => {
    const { deps } = historyDeps();
    const res = await call(deps, get(`/documents/archive/${ARCHIVE_KEY}`));
    expect(res.status).toBe(200);
    expect(res.headers['x-content-sha256']).toBe(RAW_SHA);
    expect(res.headers['x-recorded-sha256']).toBe(RAW_SHA);
    expect(Buffer.from(res.raw.body as string, 'base64').toString('latin1')).toBe(RAW_850);
    const asJson = await call(deps, get(`/documents/archive/${ARCHIVE_KEY}`, PLANNER, { format: 'json' }));
    expect(asJson.body).toMatchObject({ store: 'archive', key: ARCHIVE_KEY, sha256: RAW_SHA, matchesRecord: true, text: RAW_850 });
    // Beside the bytes, the sets as our reader translates them (the console's "Translated JSON").
    expect(asJson.body.translated).toMatchObject({ documents: [{ type: '850', accepted: true, document: { type: '850', purchaseOrderNumber: 'PO-1' } }] });
  });

  it('shows an archived file edited after receipt: the bytes’ SHA-256 differs from the ledger’s', async () => {
    const { deps, raw } = historyDeps();
    raw.objects.set(`archive/${ARCHIVE_KEY}`, RAW_850.replace('PO-1', 'PO-9'));
    const res = await call(deps, get(`/documents/archive/${ARCHIVE_KEY}`, AUDITOR, { format: 'json' }));
    expect(res.body.matchesRecord).toBe(false);
    expect(res.body.sha256).not.toBe(res.body.recordedSha256);
  });

  it('finds a sent 855 through its outbound record', async () => {
    const { deps, desk } = historyDeps();
    await desk.sentDocuments.record({ schemaVersion: 1, partner: 'ACME', kind: '855', idempotencyKey: sent855.idempotencyKey, subject: sent855.subject, documentKey: 'PO-1', interchangeControlNumber: '7', groupControlNumber: '7', setControlNumber: '0001', sentAt: sent855.recordedAt, dueAt: '2025-01-03T03:05:00.000Z', state: 'sent', version: 1 });
    const res = await call(deps, get(`/documents/outbound/${sent855.key}`, AUDITOR, { format: 'json' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: sent855.key, text: 'ISA*00*...~' });
    // Not X12 at all (this fixture's bytes): no translation, the bytes still served.
    expect(res.body.translated).toBeUndefined();
    expect(res.body.namedBy).toContain('855');
  });

  it('GET /partners/{partner}/acks: our documents to the partner with their acknowledgment state, as edi acks lists them', async () => {
    const { deps, desk } = historyDeps();
    const base = { schemaVersion: 1 as const, partner: 'ACME', kind: '855', subject: sent855.subject, documentKey: 'PO-1', interchangeControlNumber: '7', groupControlNumber: '7', sentAt: sent855.recordedAt, dueAt: '2025-01-03T03:05:00.000Z', version: 1 };
    await desk.sentDocuments.record({ ...base, idempotencyKey: '855/ACME/PO-1/v1', setControlNumber: '0001', state: 'sent' });
    await desk.sentDocuments.record({ ...base, idempotencyKey: '855/ACME/PO-2/v1', setControlNumber: '0002', state: 'overdue' });
    const all = await call(deps, get('/partners/ACME/acks', AUDITOR));
    expect(all.status).toBe(200);
    expect(all.body.documents.map((d: { idempotencyKey: string }) => d.idempotencyKey).sort()).toEqual(['855/ACME/PO-1/v1', '855/ACME/PO-2/v1']);
    const overdue = await call(deps, get('/partners/ACME/acks', AUDITOR, { state: 'overdue' }));
    expect(overdue.body).toMatchObject({ partner: 'ACME', state: 'overdue', documents: [{ idempotencyKey: '855/ACME/PO-2/v1', state: 'overdue' }] });
    expect(overdue.body.documents).toHaveLength(1);
    expect((await call(deps, get('/partners/ACME/acks', AUDITOR, { state: 'lost' }))).status).toBe(400);
  });

  it('GET /partners/{partner}/sent/{control}: the 997 we sent, by our own ISA13, with its bytes and SHA-256', async () => {
    const { deps, deliveries, raw } = historyDeps();
    const sent997: OutboundRecord = { ...sent855, kind: '997', idempotencyKey: '997/ZZ:ACMEBUYER/000000101', subject: { kind: 'interchange', partner: 'ACME', sender: cause.sender, interchangeControlNumber: '000000101' }, numbers: { interchange: 42, group: 42, firstSet: 1 }, key: 'ACME/997/20250102-000000042.x12' };
    const text = 'ISA*00*          *00*          *ZZ*OURS           *ZZ*ACMEBUYER      *250102*0304*U*00401*000000042*0*P*>~';
    expect(await deliveries.record(sent997)).toEqual({ recorded: true });
    raw.objects.set(`outbound-bucket/${sent997.key}`, text);
    const sha = createHash('sha256').update(text, 'latin1').digest('hex');
    const bytes = await call(deps, get('/partners/ACME/sent/000000042', AUDITOR));
    expect(bytes.status).toBe(200);
    expect(bytes.headers['x-content-sha256']).toBe(sha);
    expect(Buffer.from(bytes.raw.body as string, 'base64').toString('latin1')).toBe(text);
    const asJson = await call(deps, get('/console/partners/ACME/sent/42', AUDITOR, { format: 'json' }));
    expect(asJson.body).toMatchObject({ store: 'outbound', key: sent997.key, sha256: sha, text });
    expect(asJson.body.namedBy).toMatch(/^997 answering ISA13 000000101/);
    // Another partner's ISA13 42, our ISA13 of a document that answered nothing, a malformed one.
    expect((await call(deps, get('/partners/OTHER/sent/42'))).status).toBe(404);
    expect((await call(deps, get('/partners/ACME/sent/7'))).status).toBe(404);
    expect((await call(deps, get('/partners/ACME/sent/4x'))).status).toBe(400);
  });

  it('reads no key a record does not name (404), and refuses a store it does not know (400)', async () => {
    const { deps, raw } = historyDeps();
    raw.objects.set('archive/emails/abc.json', '{}');
    raw.objects.set(`archive/ACME/2025-01-02/${'0'.repeat(64)}`, 'not in the ledger');
    for (const path of ['/documents/archive/emails/abc.json', `/documents/archive/ACME/2025-01-02/${'0'.repeat(64)}`, '/documents/outbound/ACME/855/20250102-000000099.x12', '/documents/inbound/ACME/in/other.edi']) {
      expect((await call(deps, get(path))).status, path).toBe(404);
    }
    expect((await call(deps, get('/documents/claims/x'))).status).toBe(400);
  });
});

describe('GET /orders/{partner}/{po}/emails', () => {
  it('returns each email with its body from the archive, checked against the record’s SHA-256', async () => {
    const { deps, archive } = historyDeps();
    await archive.storeBody(email.bodySha256!, body);
    const res = await call(deps, get('/orders/ACME/PO-1/emails'));
    expect(res.status).toBe(200);
    expect(res.body.emails).toMatchObject([{ title: 'Order PO-1 received', recipients: ['buyer@acme.example'], body, bodyCheck: 'intact' }]);
    await archive.storeBody(email.bodySha256!, { ...body, text: 'edited' });
    expect((await call(deps, get('/orders/ACME/PO-1/emails'))).body.emails[0].bodyCheck).toBe('altered');
  });
});

describe('orders, projection and work list over the planning desk', () => {
  async function heldDesk() {
    const h = historyDeps();
    const partner = planningPartner();
    // Both lines held for price-mismatch (contract 9.00, ordered at 2.50): line 1 10 × 2.50, line 2 20 × 2.50.
    await h.desk.store.putItems(sampleItems({ item1: { contractPrice: { ACME: 9 } }, item2: { contractPrice: { ACME: 9 } } }));
    await reviewOrder(h.desk, orderSet(sample850('PO-7'), partner));
    return h;
  }

  it('GET /orders by status and by partner, with the status checked', async () => {
    const { deps } = await heldDesk();
    const held = await call(deps, get('/orders', AUDITOR, { status: 'held' }));
    expect(held.status).toBe(200);
    expect(held.body.orders).toMatchObject([{ partner: 'ACME', purchaseOrderNumber: 'PO-7', heldLines: ['1', '2'] }]);
    expect((await call(deps, get('/orders', AUDITOR, { partner: 'ACME' }))).body.orders).toHaveLength(1);
    expect((await call(deps, get('/orders', AUDITOR, { status: 'lost' }))).status).toBe(400);
    expect((await call(deps, get('/orders', AUDITOR))).status).toBe(400);
    expect((await call(deps, get('/orders', AUDITOR, { status: 'p1-open' }))).body.orders).toEqual([]);
  });

  it('GET /export: the partner’s orders as a CSV download (the console’s export), JSON lines on request', async () => {
    const { deps } = await heldDesk();
    const csv = await call(deps, get('/export', AUDITOR, { partner: 'ACME', format: 'csv' }));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ACME-start-now\.csv"$/);
    const rows = String(csv.raw.body).trim().split('\r\n');
    expect(rows[0]).toBe(EXPORT_CSV_HEADER.join(','));
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['ACME,PO-7', 'ACME,PO-7']);
    const jsonl = await call(deps, get('/export', AUDITOR, { partner: 'ACME', format: 'jsonl' }));
    expect(String(jsonl.raw.body).trim().split('\n').map((l) => JSON.parse(l).purchaseOrderNumber)).toEqual(['PO-7']);
    expect((await call(deps, get('/export', AUDITOR, { partner: 'ACME', format: 'xml' }))).status).toBe(400);
    expect((await call(deps, get('/export', AUDITOR, {}))).status).toBe(400);
  });

  it('GET /worklist: held lines valued quantity × price, P1 first, then by value', async () => {
    const { deps, desk } = await heldDesk();
    await desk.store.putEscalation({ version: 1, state: { schemaVersion: 1, case: { partnerId: 'ACME', purchaseOrderNumber: 'PO-7', lineNumber: '1', item: 'ITEM-1' }, createdAt: '2025-01-02T03:04:05.000Z', confirmDueAt: '2025-01-02T07:04:05.000Z', steps: [], sent: [] }, quantity: 10, reasons: [], schedules: [] });
    const res = await call(deps, get('/worklist', PLANNER));
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { kind: string; lineNumber: string; value: number; tier?: string }) => [i.kind, i.lineNumber, i.value, i.tier ?? null])).toEqual([
      ['p1-open', '1', 25, 'P1'],
      ['held', '2', 50, null],
      ['held', '1', 25, null],
    ]);
  });

  it('GET /items/{item}/projection: weekly booked demand, supply, PAB and safety stock', async () => {
    const { deps, desk } = await heldDesk();
    await desk.store.putSupplyPlans([{ schemaVersion: 1, item: 'ITEM-1', onHand: 100, weeks: [] }]);
    const res = await call(deps, get('/items/ITEM-1/projection'));
    expect(res.status).toBe(200);
    expect(res.body.item).toBe('ITEM-1');
    expect(res.body.weeks.length).toBeGreaterThan(0);
    for (const w of res.body.weeks) expect(Object.keys(w).filter((k) => k !== 'atp' && k !== 'maxStock').sort()).toEqual(['booked', 'forecast', 'pab', 'safetyStock', 'supply', 'week']);
    expect(res.body.weeks[0].atp).toBeTypeOf('number'); // the first week starts an MPS period
    const booked = res.body.weeks.reduce((n: number, w: { booked: number }) => n + w.booked, 0);
    expect(booked).toBe(0); // held lines are not open demand until decided
    expect((await call(deps, get('/items/NO-SUCH/projection'))).status).toBe(404);
    expect((await call(deps, get('/items/ITEM-2/projection'))).body.message).toMatch(/no supply plan/);
  });
});
