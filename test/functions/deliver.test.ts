import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { deliver, type DeliverDeps } from '#functions/deliver/handler.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { sample850 } from '../support/edi-samples.ts';
import { FakeArchive, FakeClock, FakeControlNumbers, FakeDeadLetters, FakeDeliveryLog, FakeOutboundFiles, FakePartners, FakeQueue, testObservability, FakeSentDocuments, FakeScheduler } from '../support/fakes/index.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import { testPartner } from '../support/partners.ts';
import { sqsEvent, sqsRecord } from '../support/sqs-events.ts';

function setup() {
  const deps = {
    partners: new FakePartners(testPartner()),
    controlNumbers: new FakeControlNumbers(),
    deliveries: new FakeDeliveryLog(),
    claims: new FakeArchive(),
    outboundFiles: new FakeOutboundFiles(),
    clock: new FakeClock(),
    sentDocuments: new FakeSentDocuments(),
    scheduler: new FakeScheduler(),
    notify: new FakeQueue<NotifyMessage>(),
    deadLetters: new FakeDeadLetters(),
    observability: testObservability(),
  } satisfies DeliverDeps;
  return { deps, handler: deliver(deps) };
}

const interchange = { kind: 'interchange' as const, partner: 'ACME', sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000101' };

function ack997(key = '997/ZZ:ACMEBUYER/000000101/101'): OutboundMessage {
  const ack = translateText(sample850('PO-1')).interchanges[0]!.groups[0]!.acknowledgment;
  return { schemaVersion: 1, partner: 'ACME', kind: '997', idempotencyKey: key, subject: interchange, createdAt: '2025-01-02T03:04:05.000Z', payload: { kind: 'inline', document: ack } };
}

function ta1(): OutboundMessage {
  return {
    schemaVersion: 1,
    partner: 'ACME',
    kind: 'TA1',
    idempotencyKey: 'TA1/ZZ:ACMEBUYER/000000101',
    subject: interchange,
    createdAt: '2025-01-02T03:04:05.000Z',
    payload: { kind: 'inline', document: { type: 'TA1', interchangeControlNumber: '000000101', interchangeDate: '250101', interchangeTime: '1200', acknowledgmentCode: 'R', noteCode: '022' } },
  };
}

describe('deliver', () => {
  it('allocates control numbers, renders the 997 and writes it under <partner>/<type>/', async () => {
    const { deps, handler } = setup();
    const result = await handler(sqsEvent(sqsRecord(ack997())));
    expect(result.batchItemFailures).toEqual([]);
    const [key] = deps.outboundFiles.puts;
    expect(key).toBe('ACME/997/20250102-000000001.x12');
    const text = deps.outboundFiles.files.get(key!)!;
    expect(text).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*OURSUPPLIER {4}\*ZZ\*ACMEBUYER {6}\*250102\*0304\*U\*00401\*000000001\*0\*T\*>~/);
    expect(text).toContain('AK1*PO*101');
    expect([...deps.deliveries.records.values()][0]).toMatchObject({ kind: '997', numbers: { interchange: 1, group: 1, firstSet: 1 } });
  });

  it('a redelivery reuses the recorded numbers and writes the same bytes to the same key', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord(ack997())));
    const first = deps.outboundFiles.files.get('ACME/997/20250102-000000001.x12');
    deps.clock.advance(3600);
    await handler(sqsEvent(sqsRecord(ack997(), { receiveCount: 2 })));
    expect(deps.outboundFiles.puts).toEqual(['ACME/997/20250102-000000001.x12', 'ACME/997/20250102-000000001.x12']);
    expect(deps.outboundFiles.files.get('ACME/997/20250102-000000001.x12')).toBe(first);
    expect(deps.controlNumbers.next.get('ACME')).toBe(1);
  });

  it('a crash between recording and writing the file: the retry writes it with the recorded numbers', async () => {
    const { deps, handler } = setup();
    deps.outboundFiles.failNext('put');
    const failed = await handler(sqsEvent(sqsRecord(ack997(), { messageId: 'a' })));
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    await handler(sqsEvent(sqsRecord(ack997(), { receiveCount: 2 })));
    expect(deps.outboundFiles.puts).toEqual(['ACME/997/20250102-000000001.x12']);
    expect(deps.controlNumbers.next.get('ACME')).toBe(1);
  });

  it('allocates one block per partner for a batch, each document its own numbers', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord(ack997('k1')), sqsRecord(ack997('k2')), sqsRecord(ack997('k3'))));
    expect([...deps.deliveries.records.values()].map((r) => r.numbers.interchange).sort()).toEqual([1, 2, 3]);
    expect(deps.outboundFiles.puts).toHaveLength(3);
  });

  it('renders a TA1 interchange', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord(ta1())));
    const text = [...deps.outboundFiles.files.values()][0]!;
    expect(text).toContain('TA1*000000101*250101*1200*R*022~');
    expect(text).not.toContain('GS*');
  });

  it('fails a record for a partner without profile, alone', async () => {
    const { deps, handler } = setup();
    const stranger = { ...ack997('x'), partner: 'NOBODY' };
    const result = await handler(sqsEvent(sqsRecord(stranger, { messageId: 'stranger' }), sqsRecord(ack997())));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'stranger' }]);
    expect(deps.outboundFiles.puts).toHaveLength(1);
  });

  it('a first delivery writes its record without reading it first; a message sent twice still yields one record and one file', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord(ack997())));
    await handler(sqsEvent(sqsRecord(ack997())));
    expect(deps.deliveries.records.size).toBe(1);
    expect(new Set(deps.outboundFiles.puts)).toEqual(new Set(['ACME/997/20250102-000000001.x12']));
    // the second allocation is a gap in the numbers, never a second document
    expect(deps.controlNumbers.next.get('ACME')).toBe(2);
  });

  function ack855(po: string): OutboundMessage {
    return {
      schemaVersion: 1,
      partner: 'ACME',
      kind: '855',
      idempotencyKey: `855/ACME/${po}/v1`,
      subject: { kind: 'order', partner: 'ACME', purchaseOrderNumber: po },
      createdAt: '2025-01-02T03:04:05.000Z',
      payload: {
        kind: 'inline',
        document: { type: '855', controlNumber: '0001', references: [], dates: [], parties: [], contacts: [], notes: [], purpose: '00', acknowledgmentType: 'AC', purchaseOrderNumber: po, orderDate: '2025-01-01', lines: [] },
      },
    };
  }

  it("sets one acknowledgment timer per partner for a batch's documents, not one per document", async () => {
    const { deps, handler } = setup();
    const result = await handler(sqsEvent(sqsRecord(ack855('PO-1')), sqsRecord(ack855('PO-2')), sqsRecord(ack855('PO-3')), sqsRecord(ack997())));
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.outboundFiles.puts).toHaveLength(4);
    // The 997 we send is not tracked; the three 855s share one timer at their due time.
    const timers = [...deps.scheduler.schedules.values()];
    expect(timers).toHaveLength(1);
    const timer = timers[0]!.message;
    expect(timer).toMatchObject({ kind: 'ack-overdue' });
    expect(timer.kind === 'ack-overdue' ? timer.documents.map((d) => d.idempotencyKey).sort() : []).toEqual(['855/ACME/PO-1/v1', '855/ACME/PO-2/v1', '855/ACME/PO-3/v1']);
    expect(timers[0]!.at.toISOString()).toBe(new Date(deps.clock.now().getTime() + testPartner().ackDueHours * 3_600_000).toISOString());
  });

  it('retries the records that sent documents when their timer cannot be set, and the retry sets it', async () => {
    const { deps, handler } = setup();
    const scheduleAt = deps.scheduler.scheduleAt.bind(deps.scheduler);
    deps.scheduler.scheduleAt = async () => {
      throw new Error('injected: scheduler unavailable');
    };
    const records = [sqsRecord(ack855('PO-1'), { messageId: 'a' }), sqsRecord(ack997(), { messageId: 'b' })];
    const first = await handler(sqsEvent(...records));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    deps.scheduler.scheduleAt = scheduleAt;
    const again = await handler(sqsEvent(sqsRecord(ack855('PO-1'), { messageId: 'a', receiveCount: 2 })));
    expect(again.batchItemFailures).toEqual([]);
    expect(deps.scheduler.schedules.size).toBe(1);
    // The redelivery wrote the same file again, not a second document.
    expect(new Set(deps.outboundFiles.puts.filter((k) => k.includes('/855/'))).size).toBe(1);
  });

  it('a document that cannot be rendered is recorded, alerted and dead-lettered at once with its cause; its neighbours are delivered', async () => {
    const { deps, handler } = setup();
    const broken: OutboundMessage = {
      schemaVersion: 1,
      partner: 'ACME',
      kind: '855',
      idempotencyKey: '855/ACME/PO-9/v1',
      subject: { kind: 'order', partner: 'ACME', purchaseOrderNumber: 'PO-9' },
      createdAt: '2025-01-02T03:04:05.000Z',
      payload: {
        kind: 'inline',
        // BAK03 is at most 22 characters: this PO number cannot be written.
        document: { type: '855', controlNumber: '0001', references: [], dates: [], parties: [], contacts: [], notes: [], purpose: '00', acknowledgmentType: 'AD', purchaseOrderNumber: 'P'.repeat(40), orderDate: '2025-01-01', lines: [] },
      },
    };
    const result = await handler(sqsEvent(sqsRecord(broken, { messageId: 'broken' }), sqsRecord(ack997())));
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.outboundFiles.puts).toEqual(['ACME/997/20250102-000000002.x12']);
    expect(deps.deadLetters.sent).toHaveLength(1);
    expect(deps.deadLetters.sent[0]).toMatchObject({ messageId: 'broken', cause: expect.stringMatching(/^the 855 cannot be rendered as X12: /) });
    expect([...deps.deliveries.errors.values()]).toEqual([expect.objectContaining({ kind: 'deliver-855', reason: deps.deadLetters.sent[0]!.cause })]);
    expect(deps.notify.bodies()).toEqual([expect.objectContaining({ template: 'processing-error', recipients: ['operations'], idempotencyKey: 'undeliverable/855/ACME/PO-9/v1' })]);
    expect([...deps.deliveries.records.values()].map((r) => r.kind)).toEqual(['997']);
  });

  it('a body that is not an outbound message goes to the DLQ at once with its cause', async () => {
    const { deps, handler } = setup();
    const result = await handler(sqsEvent(sqsRecord('{"hello":1}', { messageId: 'junk' })));
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.deadLetters.sent).toEqual([expect.objectContaining({ messageId: 'junk', body: '{"hello":1}', cause: expect.stringMatching(/^not an outbound message/) })]);
  });

  it('retries (does not dead-letter) when the DLQ cannot be reached', async () => {
    const { deps, handler } = setup();
    deps.deadLetters.failNext('send');
    const result = await handler(sqsEvent(sqsRecord('{"hello":1}', { messageId: 'junk' })));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'junk' }]);
  });
});
