import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { acknowledgedBy997, acknowledgedByTa1, findingsOfSet } from '#domain/x12/partner-acks.ts';
import { fireEscalation } from '#functions/use-cases/fire-escalation.ts';
import { listPartnerAcks } from '#functions/use-cases/list-partner-acks.ts';
import { reconcilePartnerAck } from '#functions/use-cases/reconcile-partner-ack.ts';
import { ackTimerName, trackSentDocument } from '#functions/use-cases/track-sent-document.ts';
import { interchangeReceiver } from '#functions/use-cases/receive-interchange.ts';
import type { FunctionalAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { alertData, fakeDesk, fakeIngestDeps, FakeScheduler, FakeSentDocuments, FakeQueue, testObservability } from '../support/fakes/index.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import { testPartner } from '../support/partners.ts';

const SENT_AT = '2025-01-02T03:04:05.000Z';
const partner = testPartner({ ackDueHours: 24 });

/** Our 856 for PO-1 went out as ISA13 7 / GS06 7 / ST02 7. */
async function sent856(sentDocuments = new FakeSentDocuments(), scheduler = new FakeScheduler()) {
  await trackSentDocument(
    { sentDocuments, scheduler },
    {
      profile: partner,
      kind: '856',
      idempotencyKey: '856/ACME/PO-1/S-1',
      subject: { kind: 'order', partner: 'ACME', purchaseOrderNumber: 'PO-1' },
      numbers: { interchange: 7, group: 7, firstSet: 7 },
      sentAt: SENT_AT,
      documentHash: 'f'.repeat(64),
    },
  );
  return { sentDocuments, scheduler };
}

/** The partner's 997 for our group 7, read by our own reader. */
function partner997(body: string[]): string {
  const segments = [
    'ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250103*1200*U*00401*000000555*0*T*>',
    'GS*FA*ACMEBUYER*OURSUPPLIER*20250103*1200*555*X*004010',
    'ST*997*0001',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*555',
    'IEA*1*000000555',
  ];
  return segments.join('~') + '~';
}

function read997(text: string): FunctionalAcknowledgment {
  const doc = translateText(text).documents[0]?.document;
  if (doc?.type !== '997') throw new Error('not a 997');
  return doc;
}

const REJECTING = ['AK1*SH*7', 'AK2*856*0007', 'AK3*TD1*4**8', 'AK4*7*81*1', 'AK5*R*5', 'AK9*R*1*1*0'];

describe('partner acknowledgments, pure', () => {
  const cases: { name: string; body: string[]; state: string }[] = [
    { name: 'AK5 A', body: ['AK1*SH*7', 'AK2*856*0007', 'AK5*A', 'AK9*A*1*1*1'], state: 'accepted' },
    { name: 'AK5 E', body: ['AK1*SH*7', 'AK2*856*0007', 'AK5*E', 'AK9*E*1*1*1'], state: 'accepted-with-errors' },
    { name: 'AK5 R', body: REJECTING, state: 'rejected' },
    { name: 'no AK2, AK9 A (the whole group accepted)', body: ['AK1*SH*7', 'AK9*A*1*1*1'], state: 'accepted' },
    { name: 'no AK2 for it, AK9 P (only the named sets were in error)', body: ['AK1*SH*7', 'AK2*856*0008', 'AK5*R', 'AK9*P*2*2*1'], state: 'accepted' },
    { name: 'no AK2, AK9 R', body: ['AK1*SH*7', 'AK9*R*1*1*0*5'], state: 'rejected' },
  ];
  it.each(cases)('$name → $state', ({ body, state }) => {
    expect(acknowledgedBy997(read997(partner997(body)), '7').state).toBe(state);
  });

  it('says what an AK3/AK4 means in plain English', () => {
    const ack = read997(partner997(REJECTING));
    expect(findingsOfSet(ack.sets[0]!)).toEqual([
      'segment TD1 at position 4: TD107 (element 81): a mandatory element is missing (AK403 1)',
      'transaction set: one or more segments are in error (AK502 5)',
    ]);
  });

  it('a TA1 R speaks for the whole interchange, with its note', () => {
    expect(acknowledgedByTa1('R', '025')).toEqual({ state: 'rejected', findings: ['interchange: the interchange control number was used before (TA105 025)'] });
  });
});

describe('tracking and reconciling our documents', () => {
  it('records a sent 856 with its control numbers and sets its overdue timer ackDueHours later', async () => {
    // Act
    const { sentDocuments, scheduler } = await sent856();
    // Assess
    expect([...sentDocuments.documents.values()]).toEqual([
      expect.objectContaining({ state: 'sent', kind: '856', documentKey: 'PO PO-1', interchangeControlNumber: '7', groupControlNumber: '7', setControlNumber: '7', dueAt: '2025-01-03T03:04:05.000Z' }),
    ]);
    expect(scheduler.schedules.get(ackTimerName('ACME', [{ groupControlNumber: '7', setControlNumber: '7' }]))).toMatchObject({ message: { kind: 'ack-overdue', dueAt: '2025-01-03T03:04:05.000Z' } });
  });

  it('a partner 997 rejecting our 856 through ingest: the document rejected with its findings, one alert to operations', async () => {
    // Prepare
    // a desk in another zone than the default one, so the alert's times show whose zone they use
    const berlin = { ...partner, desk: { ...partner.desk, timeZone: 'Europe/Berlin', commandPrefix: 'edi-eu' } };
    const deps = fakeIngestDeps(berlin);
    await sent856(deps.sentDocuments);
    deps.inbound.put('inbound', 'ACME/in/997.edi', partner997(REJECTING));
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/997.edi', eventTime: '2025-01-03T00:00:00.000Z' });
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/997.edi', eventTime: '2025-01-03T00:00:00.000Z' });
    // Assess
    const [document] = await listPartnerAcks(deps, { partner: 'ACME', state: 'rejected' });
    expect(document).toMatchObject({ state: 'rejected', acknowledgment: { kind: '997', interchangeControlNumber: '000000555', findings: [expect.stringContaining('TD107'), expect.any(String)] } });
    const alerts = deps.notify.bodies().filter((m) => m.template === 'partner-ack-rejected');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ recipients: ['operations'], subject: { kind: 'order', purchaseOrderNumber: 'PO-1' } });
    expect(alertData(alerts[0])?.facts['Document key']).toBe('856/ACME/PO-1/S-1');
    expect(alertData(alerts[0])?.facts['Finding 1']).toContain('a mandatory element is missing');
    // in the desk's time and with its command prefix, as the overdue alert
    expect(alertData(alerts[0])?.facts['Sent at']).toBe('04:04 GMT+1 Thu 2 Jan');
    expect(alertData(alerts[0])?.facts['Acknowledgment']).toBe("997 in the partner's interchange 000000555, received 01:00 GMT+1 Fri 3 Jan");
    expect(alertData(alerts[0])?.facts['See all rejected']).toBe('edi-eu acks --partner ACME --state rejected');
    expect(deps.documents.sent).toEqual([]);
  });

  it('a partner 999 (005010) rejecting our 856 through ingest: read as its acknowledgment, the document rejected, one alert', async () => {
    // Prepare: the 999 says what REJECTING says, with the 999's segments and an implementation code.
    const deps = fakeIngestDeps(partner);
    await sent856(deps.sentDocuments);
    const partner999 = [
      'ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250103*1200*^*00501*000000557*0*T*>',
      'GS*FA*ACMEBUYER*OURSUPPLIER*20250103*1200*557*X*005010X231A1',
      'ST*999*0001*005010X231A1',
      'AK1*SH*7*005010',
      'AK2*856*0007',
      'IK3*TD1*4**8',
      'IK4*7*81*1',
      'IK5*R*5',
      'AK9*R*1*1*0',
      'SE*8*0001',
      'GE*1*557',
      'IEA*1*000000557',
    ].join('~') + '~';
    deps.inbound.put('inbound', 'ACME/in/999.edi', partner999);
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/999.edi', eventTime: '2025-01-03T00:00:00.000Z' });
    // Assess
    const [document] = await listPartnerAcks(deps, { partner: 'ACME', state: 'rejected' });
    expect(document).toMatchObject({ state: 'rejected', acknowledgment: { kind: '999', interchangeControlNumber: '000000557', findings: [expect.stringContaining('TD107'), expect.any(String)] } });
    expect(deps.notify.bodies().filter((m) => m.template === 'partner-ack-rejected')).toHaveLength(1);
    expect(deps.documents.sent).toEqual([]);
  });

  /** The partner's interchange 556 holding only TA1s (ISA, TA1…, IEA with 0 groups). */
  const partnerTa1s = (...ta1s: string[]) =>
    ['ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250103*1200*U*00401*000000556*0*T*>', ...ta1s, 'IEA*0*000000556'].join('~') + '~';
  const ta1Cases: { name: string; ta1: string; state: string; alerts: number; findings: string[] }[] = [
    { name: 'TA1 A for our ISA13 7: accepted', ta1: 'TA1*000000007*250102*0304*A*000', state: 'accepted', alerts: 0, findings: [] },
    { name: 'TA1 E: accepted with errors, its note in words', ta1: 'TA1*000000007*250102*0304*E*006', state: 'accepted-with-errors', alerts: 0, findings: ['interchange: the sender id is invalid (TA105 006)'] },
    { name: 'TA1 R: rejected, one alert', ta1: 'TA1*000000007*250102*0304*R*022', state: 'rejected', alerts: 1, findings: ['interchange: the control structure is invalid (TA105 022)'] },
    { name: 'TA1 for another ISA13: nothing moves', ta1: 'TA1*000000008*250102*0304*R*022', state: 'sent', alerts: 0, findings: [] },
    { name: 'an unreadable TA1 (TA104 X): nothing moves', ta1: 'TA1*000000007*250102*0304*X*022', state: 'sent', alerts: 0, findings: [] },
  ];
  it.each(ta1Cases)('a partner TA1 through ingest — $name', async ({ ta1, state, alerts, findings }) => {
    // Prepare
    const deps = fakeIngestDeps(partner);
    await sent856(deps.sentDocuments);
    deps.inbound.put('inbound', 'ACME/in/ta1.edi', partnerTa1s(ta1));
    // Act
    await interchangeReceiver(deps)({ bucket: 'inbound', key: 'ACME/in/ta1.edi', eventTime: '2025-01-03T00:00:00.000Z' });
    // Assess
    const [document] = await deps.sentDocuments.list('ACME');
    expect(document?.state).toBe(state);
    if (state !== 'sent') expect(document?.acknowledgment).toMatchObject({ kind: 'TA1', interchangeControlNumber: '000000556', findings });
    expect(deps.notify.bodies().filter((m) => m.template === 'partner-ack-rejected')).toHaveLength(alerts);
    expect(deps.documents.sent).toEqual([]);
  });

  it('a later acceptance does not undo a rejection; an ack naming nothing we sent is reported as unmatched', async () => {
    // Prepare
    const { sentDocuments } = await sent856();
    const deps = { sentDocuments, notify: new FakeQueue<NotifyMessage>(), telemetry: testObservability() };
    const at = { partner: 'ACME', receivedAt: SENT_AT, interchangeControlNumber: '555', archiveKey: 'a', sha256: 'f'.repeat(64) };
    await reconcilePartnerAck(deps, { ...at, acknowledgment: { kind: '997', document: read997(partner997(REJECTING)) } });
    // Act
    const again = await reconcilePartnerAck(deps, { ...at, acknowledgment: { kind: '997', document: read997(partner997(['AK1*SH*7', 'AK9*A*1*1*1'])) } });
    const stranger = await reconcilePartnerAck(deps, { ...at, acknowledgment: { kind: '997', document: read997(partner997(['AK1*SH*99', 'AK9*A*1*1*1'])) } });
    // Assess
    expect(again.changed).toEqual([]);
    expect(stranger).toEqual({ changed: [], unmatched: true });
    expect((await sentDocuments.list('ACME'))[0]?.state).toBe('rejected');
  });

  const overdue: { name: string; ackFirst: boolean; fired: boolean }[] = [
    { name: 'no ack by the due time: overdue, one alert even when the timer fires twice', ackFirst: false, fired: true },
    { name: 'an ack that came before the due time settles it: no alert', ackFirst: true, fired: false },
  ];
  it.each(overdue)('$name', async ({ ackFirst, fired }) => {
    // Prepare
    const desk = fakeDesk(partner);
    const { scheduler } = await sent856(desk.sentDocuments);
    if (ackFirst) {
      await reconcilePartnerAck(
        { sentDocuments: desk.sentDocuments, notify: desk.notify, telemetry: testObservability() },
        { partner: 'ACME', receivedAt: SENT_AT, interchangeControlNumber: '555', archiveKey: 'a', sha256: 'f'.repeat(64), acknowledgment: { kind: '997', document: read997(partner997(['AK1*SH*7', 'AK9*A*1*1*1'])) } },
      );
    }
    const timer = scheduler.schedules.get(ackTimerName('ACME', [{ groupControlNumber: '7', setControlNumber: '7' }]))!.message;
    desk.clock.current = new Date('2025-01-03T03:04:05.000Z');
    // Act
    const first = await fireEscalation(desk, timer);
    await fireEscalation(desk, timer);
    // Assess
    expect(first.fired).toBe(fired);
    const alerts = desk.notify.bodies().filter((m) => m.template === 'partner-ack-overdue');
    expect(new Set(alerts.map((a) => a.idempotencyKey)).size).toBe(fired ? 1 : 0);
    expect((await listPartnerAcks(desk, { partner: 'ACME', state: 'overdue' })).length).toBe(fired ? 1 : 0);
    if (fired) {
      // in the desk's time (America/Chicago) and with its command prefix
      expect(alertData(alerts[0])?.facts['Due by']).toBe('21:04 CST Thu 2 Jan');
      expect(alertData(alerts[0])?.facts['See all overdue']).toBe(`${partner.desk.commandPrefix} acks --partner ACME --state overdue`);
    }
  });
});
