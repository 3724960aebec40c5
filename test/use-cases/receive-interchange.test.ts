import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { interchangeReceiver, senderMismatches, UNKNOWN_PARTNER, type ReceiveInterchangeDeps } from '#functions/use-cases/receive-interchange.ts';
import { sample830, sample850, sample850v5 } from '../support/edi-samples.ts';
import { renderOutbound } from '#functions/use-cases/deliver-document.ts';
import { alertData, fakeIngestDeps } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '#schemas/messages/common.ts';

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
    // The test partner's profile asks for a TA1 for every interchange: an `A` beside the 997.
    expect(deps.outbound.bodies().map((m) => [m.kind, m.idempotencyKey])).toEqual([['997', '997/ZZ:ACMEBUYER/000000101/101'], ['TA1', 'TA1/ZZ:ACMEBUYER/000000101']]);
    expect(deps.outbound.bodies()[1]?.payload).toMatchObject({ document: { acknowledgmentCode: 'A', noteCode: '000' } });
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

  it('a re-sent interchange (same ISA13, same bytes) is recorded as a duplicate and yields nothing', async () => {
    // Prepare
    const { deps, receive } = setup();
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    deps.documents.clear();
    deps.outbound.clear();
    deps.notify.clear();
    // Act
    await receive('ACME/in/po-1-again.edi', sample850('PO-1'));
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

  it('the same object re-announced after its queues were lost (resume) forwards its sets and 997 again; a plain redelivery does not', async () => {
    // Prepare
    const { deps, receive } = setup();
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    const first = { documents: [...deps.documents.sent], outbound: [...deps.outbound.sent] };
    deps.documents.clear();
    deps.outbound.clear();
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    expect(deps.documents.sent).toEqual([]);
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/po-1.edi', eventTime: EVENT_TIME, resume: true });
    // Assess: the same messages (same deduplication ids), no further duplicate recorded.
    expect(deps.documents.sent).toEqual(first.documents);
    expect(deps.outbound.sent).toEqual(first.outbound);
    expect(deps.ledger.duplicates).toHaveLength(1);
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

/** An 850 interchange with ISA14 as given (the samples send `0`). */
function withIsa14(body: string, isa14: '0' | '1'): string {
  return body.replace(/\*00401\*(\d{9})\*0\*/, `*00401*$1*${isa14}*`);
}

/** `count` small 850 sets in one group of one interchange. */
function bigGroup850(count: number): string {
  const sets: string[] = [];
  for (let i = 1; i <= count; i++) {
    const control = String(i).padStart(5, '0');
    sets.push(`ST*850*${control}~BEG*00*SA*PO-${i}**20250101~PO1*1*10*EA*2.5**VP*ITEM-1~CTT*1~SE*5*${control}~`);
  }
  return [
    'ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250101*1200*U*00401*000000101*0*T*>~',
    'GS*PO*ACMEBUYER*OURSUPPLIER*20250101*1200*101*X*004010~',
    ...sets,
    `GE*${count}*101~IEA*1*000000101~`,
  ].join('');
}

describe('receiveInterchange: TA1 and 997 (README, "Acknowledgments")', () => {
  const cases: { name: string; profileTa1: boolean; file: string; kinds: string[]; ta1?: { acknowledgmentCode: string; noteCode: string } }[] = [
    { name: 'ISA14 0, profile off, good envelope: the 997 only', profileTa1: false, file: withIsa14(sample850('PO-1'), '0'), kinds: ['997'] },
    { name: 'ISA14 1, profile off, good envelope: the 997 and a TA1 A', profileTa1: false, file: withIsa14(sample850('PO-1'), '1'), kinds: ['997', 'TA1'], ta1: { acknowledgmentCode: 'A', noteCode: '000' } },
    { name: 'ISA14 0, profile on, good envelope: the 997 and a TA1 A', profileTa1: true, file: withIsa14(sample850('PO-1'), '0'), kinds: ['997', 'TA1'], ta1: { acknowledgmentCode: 'A', noteCode: '000' } },
    {
      name: 'ISA14 0, profile off, IEA02 mismatch: a TA1 R 001 and no 997',
      profileTa1: false,
      file: withIsa14(sample850('PO-1'), '0').replace('IEA*1*000000101', 'IEA*1*000000999'),
      kinds: ['TA1'],
      ta1: { acknowledgmentCode: 'R', noteCode: '001' },
    },
    {
      name: 'ISA14 1, an ISA07 qualifier not in the code list: the 997 and a TA1 E 007 (a code value is a warning)',
      profileTa1: false,
      file: withIsa14(sample850('PO-1'), '1').replace('*ZZ*OURSUPPLIER', '*1B*OURSUPPLIER'),
      kinds: ['997', 'TA1'],
      ta1: { acknowledgmentCode: 'E', noteCode: '007' },
    },
    {
      name: 'ISA14 0, a malformed ISA14: a TA1 R 019 and no 997',
      profileTa1: false,
      file: sample850('PO-1').replace(/\*00401\*(\d{9})\*0\*/, '*00401*$1*X*'),
      kinds: ['TA1'],
      ta1: { acknowledgmentCode: 'R', noteCode: '019' },
    },
  ];
  it.each(cases)('$name', async ({ profileTa1, file, kinds, ta1 }) => {
    // Prepare
    const deps = fakeIngestDeps(testPartner({ acks: { ta1: profileTa1 } }));
    deps.inbound.put('inbound', 'ACME/in/po.edi', file);
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/po.edi', eventTime: EVENT_TIME });
    // Assess
    expect(deps.outbound.bodies().map((m) => m.kind)).toEqual(kinds);
    const sent = deps.outbound.bodies().find((m) => m.kind === 'TA1');
    if (ta1) expect(sent?.payload).toMatchObject({ kind: 'inline', document: { type: 'TA1', interchangeControlNumber: '000000101', interchangeDate: '250101', interchangeTime: '1200', ...ta1 } });
    else expect(sent).toBeUndefined();
  });

  it('a rejected interchange: its sets are recorded as refused on the ledger, archived and alerted, none processed', async () => {
    // Prepare
    const deps = fakeIngestDeps(testPartner({ acks: { ta1: false } }));
    const broken = sample850('PO-77').replace('IEA*1*000000101', 'IEA*1*000000999');
    deps.inbound.put('inbound', 'ACME/in/broken.edi', broken);
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/broken.edi', eventTime: EVENT_TIME });
    // Assess
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.bodies().filter((m) => m.kind === '997')).toEqual([]);
    expect([...deps.archive.raw.values()]).toEqual([broken]);
    const record = await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101');
    expect(record).toMatchObject({ state: 'rejected', rejection: 'TA1 note 001', refusedSets: { count: 1, listed: [{ type: '850', groupControlNumber: '101', setControlNumber: '0001', key: 'PO-77' }] } });
    const [alert] = deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'interchange-rejected', recipients: ['partner:edi', 'operations'] });
    expect(alertData(alert)?.facts['Refused transaction sets']).toBe('1: 850 101/0001 (PO-77)');
    expect(alertData(alert)?.reason).toContain('no 997 was sent');
  });

  it('the same ISA13 with other content is refused with a TA1 R 025 and an alert, and recorded — not dropped', async () => {
    // Prepare
    const deps = fakeIngestDeps(testPartner({ acks: { ta1: false } }));
    const receive = (key: string, body: string) => {
      deps.inbound.put('inbound', key, body);
      return interchangeReceiver(deps)({ bucket: 'inbound', key, eventTime: EVENT_TIME });
    };
    await receive('ACME/in/po-1.edi', sample850('PO-1'));
    deps.documents.clear();
    deps.outbound.clear();
    deps.notify.clear();
    // Act
    await receive('ACME/in/po-2.edi', sample850('PO-2'));
    // Assess
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.bodies().map((m) => [m.kind, m.payload])).toEqual([['TA1', { kind: 'inline', document: expect.objectContaining({ acknowledgmentCode: 'R', noteCode: '025', interchangeControlNumber: '000000101' }) }]]);
    expect(deps.ledger.duplicates).toEqual([expect.objectContaining({ interchangeControlNumber: '000000101', sourceKey: 'ACME/in/po-2.edi', contentDiffers: true })]);
    const [alert] = deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'interchange-rejected', recipients: ['partner:edi', 'operations'] });
    expect(alertData(alert)?.reason).toContain('already used');
    expect(alertData(alert)?.facts['First received as']).toBe('ACME/in/po-1.edi');
    expect((await deps.ledger.get({ qualifier: 'ZZ', id: 'ACMEBUYER' }, '000000101'))?.sourceKey).toBe('ACME/in/po-1.edi');
    expect(deps.observability.counts.get('InterchangesConflicting')).toBe(1);
  });

  it('a 997 too large for a queue message (a group of thousands of sets) goes as a claim check that reads back', async () => {
    // Prepare
    const deps = fakeIngestDeps(testPartner({ acks: { ta1: false } }));
    deps.inbound.put('inbound', 'ACME/in/big.edi', bigGroup850(4600));
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/big.edi', eventTime: EVENT_TIME });
    // Assess
    const [ack] = deps.outbound.bodies();
    expect(ack?.kind).toBe('997');
    expect(ack?.payload.kind).toBe('claim');
    expect(Buffer.byteLength(JSON.stringify(ack))).toBeLessThan(INLINE_PAYLOAD_LIMIT_BYTES);
    if (ack?.payload.kind !== 'claim') throw new Error('not a claim check');
    const document = JSON.parse(await deps.archive.readClaim(ack.payload.claim));
    expect(document).toMatchObject({ type: '997', status: 'A', includedSets: 4600, receivedSets: 4600, acceptedSets: 4600 });
    expect(document.sets).toHaveLength(4600);
    expect(deps.documents.sent).toHaveLength(4600);
  }, 30_000);
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

describe('receiveInterchange: the partner’s inbound guide', () => {
  // The retail guide allows PO103 EA/BX/CA/PK/FT only; DZ is a valid X12 unit (element 355), so
  // only the guide finds it.
  const breaking = sample850('PO-7').replace('PO1*2*20*EA*', 'PO1*2*20*DZ*');
  const cases = [
    { policy: 'reject', body: breaking, ak501: 'R', ak901: 'R', queued: [] as string[], elementCodes: ['7'] },
    { policy: 'note', body: breaking, ak501: 'E', ak901: 'E', queued: ['PO-7'], elementCodes: ['7'] },
    { policy: 'reject', body: sample850('PO-7'), ak501: 'A', ak901: 'A', queued: ['PO-7'], elementCodes: [] },
  ] as const;
  for (const c of cases) {
    it(`${c.body === breaking ? 'an 850 breaking' : 'an 850 keeping'} its guide under '${c.policy}': AK501 ${c.ak501}, ${c.queued.length ? 'processed' : 'not processed'}`, async () => {
      // Prepare
      const deps = fakeIngestDeps(testPartner({ guides: { inbound: { '850': 'retail-distribution-4010' } }, inboundGuideFindings: c.policy }));
      deps.inbound.put('inbound', 'ACME/in/po-7.edi', c.body);
      // Act
      await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/po-7.edi', eventTime: EVENT_TIME });
      // Assess
      const ack = deps.outbound.bodies().find((m) => m.kind === '997')?.payload;
      if (ack?.kind !== 'inline' || ack.document.type !== '997') throw new Error('no inline 997 queued');
      const [set] = ack.document.sets;
      expect(set?.status).toBe(c.ak501);
      expect(ack.document.status).toBe(c.ak901);
      const elementErrors = set?.segmentErrors.flatMap((s) => s.elementErrors.map((e) => ({ segment: s.segmentId, position: s.position, element: e.position, code: e.code, value: e.value }))) ?? [];
      expect(elementErrors.map((e) => e.code)).toEqual(c.elementCodes);
      if (c.elementCodes.length) expect(elementErrors[0]).toMatchObject({ segment: 'PO1', position: 6, element: 3, value: 'DZ' });
      expect(deps.documents.sent.map((m) => m.body.purchaseOrderNumber)).toEqual(c.queued);
    });
  }
});

describe('receiveInterchange: the 999 for a 005010 partner whose profile asks for it', () => {
  const cases = [
    { name: '005010 group, profile asks: a 999', profile: { version: '005010', acks: { implementation999: true } }, body: sample850v5('PO-9'), kind: '999' },
    { name: '005010 group, profile does not ask: a 997', profile: { version: '005010' }, body: sample850v5('PO-9'), kind: '997' },
    { name: '004010 group, profile asks: still a 997 (no 999 before 005010)', profile: { acks: { implementation999: true } }, body: sample850('PO-9'), kind: '997' },
  ];
  it.each(cases)('$name', async ({ profile, body, kind }) => {
    // Prepare
    const deps = fakeIngestDeps(testPartner(profile));
    deps.inbound.put('inbound', 'ACME/in/po-9.edi', body);
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/po-9.edi', eventTime: EVENT_TIME });
    // Assess
    const ack = deps.outbound.bodies().find((m) => m.kind === '997' || m.kind === '999');
    expect(ack?.kind).toBe(kind);
    if (ack?.payload.kind !== 'inline') throw new Error('no inline acknowledgment');
    const settings = { senderQualifier: 'ZZ', senderId: 'OURSUPPLIER', receiverQualifier: 'ZZ', receiverId: 'ACMEBUYER', version: kind === '999' ? '005010' : '004010', delimiters: { element: '*', component: '>', segment: '~', ...(kind === '999' ? { repetition: '^' } : {}) }, usageIndicator: 'T', acknowledgmentRequested: false } as const;
    const text = renderOutbound(ack.payload.document, settings, { interchange: 7, group: 7, firstSet: 1 }, { date: '20250102', time: '0304' }, ack.kind);
    expect(text).toContain(kind === '999' ? 'ST*999*0001*005010X231A1~AK1*PO*501*005010~AK2*850*0001~IK5*A~AK9*A*1*1*1~' : 'ST*997*0001');
    expect(text).toContain('GS*FA*');
    expect(translateText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
