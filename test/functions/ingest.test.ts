import { beforeEach, describe, expect, it } from 'vitest';
import { ingest, type IngestDeps } from '#functions/ingest/handler.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { alertData, fakeIngestDeps, InjectedFailure } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';
import { s3Notification, sqsEvent, sqsRecord } from '../support/sqs-events.ts';

function setup() {
  const deps = fakeIngestDeps(testPartner()) satisfies IngestDeps;
  const inbound = deps.inbound;
  const run = (key: string, body: string) => {
    inbound.put('inbound', key, body);
    return ingest(deps)(sqsEvent(sqsRecord(s3Notification('inbound', key))));
  };
  return { deps, run };
}

describe('ingest', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('archives the raw bytes, queues one message per set and one 997 per group', async () => {
    // Prepare
    const body = sample850('PO-1');
    // Act
    const result = await t.run('ACME/in/po-1.edi', body);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [archived] = [...t.deps.archive.raw.entries()];
    expect(archived?.[0]).toMatch(/^ACME\/2025-01-02\/[0-9a-f]{64}$/);
    expect(archived?.[1]).toBe(body);
    const docs = t.deps.documents.sent;
    expect(docs).toHaveLength(1);
    expect(docs[0]?.body).toMatchObject({ schemaVersion: 1, partner: 'ACME', type: '850', purchaseOrderNumber: 'PO-1', payload: { kind: 'inline' } });
    expect(docs[0]?.groupId).toBe('ACME#PO#PO-1');
    expect(docs[0]?.deduplicationId).toMatch(/^[0-9a-f]{64}$/);
    // The test partner's profile asks for a TA1 for every interchange.
    expect(t.deps.outbound.bodies()).toEqual([
      expect.objectContaining({ kind: '997', idempotencyKey: '997/ZZ:ACMEBUYER/000000101/101' }),
      expect.objectContaining({ kind: 'TA1', idempotencyKey: 'TA1/ZZ:ACMEBUYER/000000101' }),
    ]);
    expect([...t.deps.ledger.interchanges.values()][0]).toMatchObject({ state: 'queued', interchangeControlNumber: '000000101' });
    expect(t.deps.observability.counts.get('Received850')).toBe(1);
  });

  it('yields nothing new for a re-sent interchange and records the duplicate', async () => {
    await t.run('ACME/in/po-1.edi', sample850('PO-1'));
    t.deps.documents.clear();
    t.deps.outbound.clear();
    await t.run('ACME/in/po-1-again.edi', sample850('PO-1'));
    expect(t.deps.documents.sent).toEqual([]);
    expect(t.deps.outbound.sent).toEqual([]);
    expect(t.deps.ledger.duplicates).toHaveLength(1);
    expect(t.deps.observability.counts.get('InterchangesDuplicate')).toBe(1);
  });

  it('re-queues after a crash between the claim and the queueing, the retry completes the interchange', async () => {
    t.deps.documents.failNext('send');
    const first = await t.run('ACME/in/po-1.edi', sample850('PO-1'));
    expect(first.batchItemFailures).toHaveLength(1);
    const retry = await ingest(t.deps)(sqsEvent(sqsRecord(s3Notification('inbound', 'ACME/in/po-1.edi'))));
    expect(retry.batchItemFailures).toEqual([]);
    expect(t.deps.documents.sent).toHaveLength(1);
    expect([...t.deps.ledger.interchanges.values()][0]?.state).toBe('queued');
  });

  it('rejects and alerts a file whose ISA sender is not the channel partner, processing nothing', async () => {
    const result = await t.run('ACME/in/evil.edi', sample850('PO-666', { senderId: 'EVILCORP', gsSender: 'EVILCORP' }));
    expect(result.batchItemFailures).toEqual([]);
    expect(t.deps.documents.sent).toEqual([]);
    expect(t.deps.outbound.sent).toEqual([]);
    expect(t.deps.ledger.interchanges.size).toBe(0);
    expect(t.deps.ledger.rejectedFiles.size).toBe(1);
    expect(t.deps.archive.raw.size).toBe(1);
    const [alert] = t.deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'interchange-rejected', partner: 'ACME', recipients: ['partner:edi', 'operations'] });
    expect(alertData(alert)?.reason).toContain("ISA05/ISA06 'ZZ/EVILCORP'");
  });

  it('does not take a channel folder with a trailing space for the partner', async () => {
    await t.run('ACME /in/po.edi', sample850('PO-3'));
    expect(t.deps.documents.sent).toEqual([]);
    expect(t.deps.ledger.interchanges.size).toBe(0);
    expect([...t.deps.ledger.rejectedFiles.values()].map((r) => r.partner)).toEqual(['_unknown']);
    expect(alertData(t.deps.notify.bodies()[0])?.reason).toContain("inbound channel 'ACME '");
  });

  it('rejects a file whose GS02 is not the partner even when the ISA is', async () => {
    await t.run('ACME/in/gs.edi', sample850('PO-2', { gsSender: 'OTHERAPP' }));
    expect(t.deps.documents.sent).toEqual([]);
    expect(alertData(t.deps.notify.bodies()[0])?.reason).toContain("GS02 'OTHERAPP'");
  });

  it('refuses a file that is not X12 and tells the partner', async () => {
    await t.run('ACME/in/readme.txt', 'hello, this is not EDI');
    expect(t.deps.documents.sent).toEqual([]);
    expect(t.deps.notify.bodies()[0]).toMatchObject({ template: 'interchange-rejected', recipients: ['partner:edi', 'operations'] });
  });

  it('refuses a file from an unknown channel and tells operations only', async () => {
    await t.run('NOBODY/in/po.edi', sample850('PO-1'));
    expect(t.deps.documents.sent).toEqual([]);
    expect(t.deps.notify.bodies()[0]).toMatchObject({ partner: '_unknown', recipients: ['operations'] });
  });

  it('archives before anything else: an archive failure fails the record and claims nothing', async () => {
    t.deps.archive.failNext('storeRaw');
    const result = await t.run('ACME/in/po-1.edi', sample850('PO-1'));
    expect(result.batchItemFailures).toHaveLength(1);
    expect(t.deps.ledger.interchanges.size).toBe(0);
    expect(t.deps.documents.sent).toEqual([]);
  });

  it('puts a set larger than the inline limit in the archive and queues a claim check', async () => {
    await t.run('ACME/in/big.edi', sample850('PO-BIG', {}, 2500));
    const [doc] = t.deps.documents.bodies();
    expect(doc?.payload.kind).toBe('claim');
    expect(t.deps.archive.claims.size).toBe(1);
    expect(JSON.stringify(doc).length).toBeLessThan(2000);
  });

  it('fails only the record whose body is not an S3 event; its neighbour is ingested', async () => {
    t.deps.inbound.put('inbound', 'ACME/in/po-1.edi', sample850('PO-1'));
    const result = await ingest(t.deps)(sqsEvent(sqsRecord('{"not":"s3"}', { messageId: 'bad' }), sqsRecord(s3Notification('inbound', 'ACME/in/po-1.edi'))));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(t.deps.documents.sent).toHaveLength(1);
  });

  it('queues an 860 in its PO message group', async () => {
    await t.run('ACME/in/chg.edi', sample860('PO-1'));
    expect(t.deps.documents.sent[0]).toMatchObject({ groupId: 'ACME#PO#PO-1', body: { type: '860' } });
  });

  it('a crash is an infrastructure error, not a rejection', async () => {
    t.deps.ledger.failNext('claim');
    const result = await t.run('ACME/in/po-1.edi', sample850('PO-1'));
    expect(result.batchItemFailures).toHaveLength(1);
    expect(t.deps.notify.sent).toEqual([]);
    expect(InjectedFailure).toBeDefined();
  });
});
