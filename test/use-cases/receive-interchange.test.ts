import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { interchangeReceiver, senderMismatches, UNKNOWN_PARTNER, type ReceiveInterchangeDeps } from '#functions/use-cases/receive-interchange.ts';
import { sample830, sample850 } from '../support/edi-samples.ts';
import { alertData, fakeIngestDeps } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';

const EVENT_TIME = '2025-01-02T03:04:05.000Z';

function setup() {
  const deps = fakeIngestDeps(testPartner()) satisfies ReceiveInterchangeDeps;
  const inbound = deps.inbound;
  const receive = (key: string, body: string) => {
    inbound.put('inbound', key, body);
    return interchangeReceiver(deps)({ bucket: 'inbound', key, eventTime: EVENT_TIME });
  };
  return { deps, receive };
}

describe('receiveInterchange', () => {
  it('archives the raw bytes, claims the interchange, queues each set and a 997 per group, then marks it queued', async () => {
    // Prepare
    const { deps, receive } = setup();
    const body = sample850('PO-1');
    // Act
    await receive('ACME/in/po-1.edi', body);
    // Assess
    const [[archiveKey, raw]] = [...deps.archive.raw.entries()] as [[string, string]];
    expect(archiveKey).toMatch(/^ACME\/2025-01-02\/[0-9a-f]{64}$/);
    expect(raw).toBe(body);
    expect(deps.documents.sent.map((m) => [m.groupId, m.body.type, m.body.purchaseOrderNumber, m.body.source.archiveKey])).toEqual([['ACME#PO#PO-1', '850', 'PO-1', archiveKey]]);
    expect(deps.outbound.bodies().map((m) => [m.kind, m.idempotencyKey])).toEqual([['997', '997/ZZ:ACMEBUYER/000000101/101']]);
    expect(await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101')).toMatchObject({ state: 'queued', documentsQueued: 1, archiveKey, sourceKey: 'ACME/in/po-1.edi' });
  });

  it('archives first: when the archive fails nothing is claimed or queued', async () => {
    // Prepare
    const { deps, receive } = setup();
    deps.archive.failNext('storeRaw');
    // Act
    const received = receive('ACME/in/po-1.edi', sample850('PO-1'));
    // Assess
    await expect(received).rejects.toThrow('injected failure in storeRaw');
    expect(deps.ledger.interchanges.size).toBe(0);
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.sent).toEqual([]);
  });

  it('refuses a file whose sender is not the channel’s partner: archived, recorded, alerted, nothing processed', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('ACME/in/evil.edi', sample850('PO-666', { senderId: 'EVILCORP', gsSender: 'EVILCORP' }));
    // Assess
    expect(deps.archive.raw.size).toBe(1);
    expect(deps.ledger.interchanges.size).toBe(0);
    expect([...deps.ledger.rejectedFiles.values()]).toEqual([expect.objectContaining({ partner: 'ACME', sourceKey: 'ACME/in/evil.edi', interchangeControlNumbers: ['000000101'] })]);
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.sent).toEqual([]);
    const [alert] = deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'interchange-rejected', recipients: ['partner:edi', 'operations'] });
    expect(alertData(alert)?.reason).toBe(
      "sender ids do not match partner ACME: ISA13 000000101: ISA05/ISA06 'ZZ/EVILCORP' is not partner ACME's 'ZZ/ACMEBUYER'; ISA13 000000101 GS06 101: GS02 'EVILCORP' is not partner ACME's 'ACMEBUYER'",
    );
  });

  it('refuses a file from a channel no partner is set up for, telling operations only', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('NOBODY/in/po.edi', sample850('PO-1'));
    // Assess
    expect([...deps.archive.raw.keys()][0]).toMatch(new RegExp(`^${UNKNOWN_PARTNER}/2025-01-02/`));
    expect(deps.notify.bodies()[0]).toMatchObject({ partner: UNKNOWN_PARTNER, recipients: ['operations'] });
    expect(alertData(deps.notify.bodies()[0])?.reason).toBe("no trading partner is set up for the inbound channel 'NOBODY'");
  });

  it('refuses a file that is not X12', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('ACME/in/readme.txt', 'hello, this is not EDI');
    // Assess
    expect(alertData(deps.notify.bodies()[0])?.reason).toMatch(/^the file is not X12: /);
    expect(deps.ledger.interchanges.size).toBe(0);
  });

  it('a re-sent ISA13 from the same sender is recorded as a duplicate and yields nothing', async () => {
    // Prepare
    const { deps, receive } = setup();
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    deps.documents.clear();
    deps.outbound.clear();
    // Act
    await receive('ACME/in/po-1-again.edi', sample850('PO-2'));
    // Assess
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.sent).toEqual([]);
    expect(deps.ledger.duplicates).toEqual([expect.objectContaining({ interchangeControlNumber: '000000101', sourceKey: 'ACME/in/po-1-again.edi' })]);
    expect((await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101'))?.sourceKey).toBe('ACME/in/po-1.edi');
  });

  it('a second copy of an interchange inside the same file counts as a duplicate', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('ACME/in/twice.edi', sample850('PO-1') + sample850('PO-1'));
    // Assess
    expect(deps.documents.sent).toHaveLength(1);
    expect(deps.ledger.duplicates).toHaveLength(1);
  });

  it('a retry of the same file after a crash before it was queued resumes it instead of calling it a duplicate', async () => {
    // Prepare
    const { deps, receive } = setup();
    deps.documents.failNext('send');
    await expect(receive('ACME/in/po-1.edi', sample850('PO-1'))).rejects.toThrow('injected failure in send');
    expect((await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101'))?.state).toBe('received');
    // Act
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    // Assess
    expect(deps.documents.sent).toHaveLength(1);
    expect(deps.ledger.duplicates).toEqual([]);
    expect((await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101'))?.state).toBe('queued');
  });

  it('rejects an interchange with a broken envelope: a TA1 when the profile asks for one, an alert, no sets', async () => {
    // Prepare
    const { deps, receive } = setup();
    const broken = sample850('PO-1').replace('IEA*1*000000101', 'IEA*1*000000999');
    // Act
    await receive('ACME/in/broken.edi', broken);
    // Assess
    expect(deps.documents.sent).toEqual([]);
    const ta1 = deps.outbound.bodies().find((m) => m.kind === 'TA1');
    expect(ta1).toMatchObject({ idempotencyKey: 'TA1/ZZ:ACMEBUYER/000000101', payload: { document: { type: 'TA1', acknowledgmentCode: 'R', interchangeControlNumber: '000000101' } } });
    expect(deps.notify.bodies().map((m) => [m.template, m.idempotencyKey])).toEqual([['interchange-rejected', 'rejected/ZZ:ACMEBUYER/000000101']]);
    expect((await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101'))?.state).toBe('rejected');
  });

  it('queues an 830 in the partner + item group with its schedule reference', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('ACME/in/fc.edi', sample830());
    // Assess
    expect(deps.documents.sent.map((m) => [m.body.type, m.body.scheduleReference, m.body.purchaseOrderNumber])).toEqual([['830', 'REL-1', undefined]]);
  });

  it('routes a master/ key to the master-data loader: loaded, nothing archived or claimed', async () => {
    // Prepare
    const { deps, receive } = setup();
    const profiles = JSON.stringify([testPartner({ id: 'BOLT', isa: { qualifier: 'ZZ', id: 'BOLTBUYER' }, gsId: 'BOLTBUYER' })]);
    // Act
    await receive('master/partners.json', profiles);
    // Assess
    expect(deps.masterData.partners.profiles.get('BOLT')?.isa.id).toBe('BOLTBUYER');
    expect(deps.archive.raw.size).toBe(0);
    expect(deps.ledger.interchanges.size).toBe(0);
    expect(deps.documents.sent).toEqual([]);
  });

  it('a refused master-data file is the loader’s refusal: its alert on the desk’s notify queue', async () => {
    // Prepare
    const { deps, receive } = setup();
    // Act
    await receive('supply/plan.csv', 'item,onHand,weekStart\nITEM-1,ten,2025-02-24');
    // Assess
    expect(deps.masterData.notify.bodies().map((m) => m.template)).toEqual(['master-data-rejected']);
    expect(deps.masterData.store.supply.size).toBe(0);
  });
});

describe('senderMismatches', () => {
  it('names nothing for envelopes with the partner’s own ids, and each id that is not', () => {
    const own = translateText(sample850('PO-1')).interchanges;
    const other = translateText(sample850('PO-1', { senderQualifier: '01', gsSender: 'OTHERAPP' })).interchanges;
    expect(senderMismatches(testPartner(), own)).toEqual([]);
    expect(senderMismatches(testPartner(), other)).toEqual([
      "ISA13 000000101: ISA05/ISA06 '01/ACMEBUYER' is not partner ACME's 'ZZ/ACMEBUYER'",
      "ISA13 000000101 GS06 101: GS02 'OTHERAPP' is not partner ACME's 'ACMEBUYER'",
    ]);
  });
});
