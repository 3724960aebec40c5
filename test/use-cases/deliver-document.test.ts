import { describe, expect, it } from 'vitest';
import * as Order from '#domain/orders/transitions.ts';
import { translateText } from '#domain/x12/translate.ts';
import { documentDelivery, UndeliverableError, UnknownPartnerError, type DeliverDocumentDeps } from '#functions/use-cases/deliver-document.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { sample850, sample850v5 } from '../support/edi-samples.ts';
import { alertData, FakeArchive, FakeClock, FakeControlNumbers, FakeDeliveryLog, FakeOutboundFiles, FakePartners, FakeQueue, testObservability, FakeSentDocuments, FakeScheduler } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';
import { testPartner } from '../support/partners.ts';

const partner = testPartner();

function setup() {
  const deps = {
    partners: new FakePartners(partner),
    controlNumbers: new FakeControlNumbers(),
    deliveries: new FakeDeliveryLog(),
    claims: new FakeArchive(),
    outboundFiles: new FakeOutboundFiles(),
    notify: new FakeQueue<NotifyMessage>(),
    clock: new FakeClock(),
    sentDocuments: new FakeSentDocuments(),
    scheduler: new FakeScheduler(),
    telemetry: testObservability(),
  } satisfies DeliverDocumentDeps;
  return { deps, delivery: documentDelivery(deps) };
}

/** The 855 the process stage queues for a new order `po` (checks off). */
function ack855(po = 'PO-1'): OutboundMessage {
  const message = Order.receiveOrder(undefined, { ...orderSet(sample850(po), partner), context: undefined }, '2025-01-02T03:04:05.000Z').next.outbox.outbound[0];
  if (!message) throw new Error('no 855');
  return message;
}

describe('documentDelivery.plan', () => {
  it('allocates one block of control numbers per partner for the first deliveries of a batch', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const batch = ['PO-1', 'PO-2', 'PO-3'].map((po, i) => ({ id: `m${i}`, message: ack855(po), redelivery: false }));
    // Act
    const planned = await delivery.plan(batch);
    // Assess
    expect(deps.controlNumbers.allocations).toEqual([{ partner: 'ACME', count: 3 }]);
    expect(['m0', 'm1', 'm2'].map((id) => planned.get(id)?.numbers?.interchange)).toEqual([1, 2, 3]);
  });

  it('looks a redelivery up and plans it with its recorded numbers, allocating none for it', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const record = await delivery.deliver(message, undefined, false);
    // Act
    const planned = await delivery.plan([{ id: 'again', message, redelivery: true }]);
    // Assess
    expect(planned.get('again')?.existing).toEqual(record);
    expect(deps.controlNumbers.allocations).toEqual([{ partner: 'ACME', count: 1 }]);
  });

  it('leaves the numbers to each delivery when the block allocation fails', async () => {
    // Prepare
    const { deps, delivery } = setup();
    deps.controlNumbers.failNext('allocate');
    // Act
    const planned = await delivery.plan([{ id: 'm', message: ack855(), redelivery: false }]);
    const record = await delivery.deliver(ack855(), planned.get('m'), false);
    // Assess
    expect(planned.get('m')?.numbers).toBeUndefined();
    expect(record.numbers.interchange).toBe(1);
  });
});

describe('documentDelivery.deliver', () => {
  it('renders the 855 with its numbers, records it, then writes it under <partner>/<type>/', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const planned = await delivery.plan([{ id: 'm', message, redelivery: false }]);
    // Act
    const record = await delivery.deliver(message, planned.get('m'), false);
    // Assess
    expect(record).toMatchObject({ kind: '855', idempotencyKey: '855/ACME/PO-1/v1', numbers: { interchange: 1, group: 1, firstSet: 1 }, key: 'ACME/855/20250102-000000001.x12', envelopeDate: '20250102', envelopeTime: '0304' });
    expect(await deps.deliveries.find(message.subject, message.idempotencyKey)).toEqual(record);
    const text = deps.outboundFiles.files.get(record.key)!;
    const read = translateText(text);
    expect(read.interchanges[0]).toMatchObject({ controlNumber: '000000001', senderId: 'OURSUPPLIER', receiverId: 'ACMEBUYER' });
    expect(read.documents.map((d) => [d.type, d.accepted, d.document?.type === '855' && d.document.purchaseOrderNumber])).toEqual([['855', true, 'PO-1']]);
  });

  it('writes a 999 message as the 999 (005010X231A1) in an FA group under <partner>/999/, and a redelivery as the same bytes', async () => {
    // Prepare
    const deps = { ...setup().deps, partners: new FakePartners(testPartner({ version: '005010', acks: { implementation999: true } })) };
    const delivery = documentDelivery(deps);
    const group = translateText(sample850v5('PO-5', ['PO1*1*10*E!*2.5**VP*ITEM-1'])).interchanges[0]!.groups[0]!;
    const message: OutboundMessage = {
      schemaVersion: 1,
      partner: 'ACME',
      kind: '999',
      idempotencyKey: '997/ZZ:ACMEBUYER/000000501/501',
      subject: { kind: 'interchange', partner: 'ACME', sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000501' },
      createdAt: '2025-01-02T03:04:05.000Z',
      payload: { kind: 'inline', document: group.acknowledgment },
    };
    // Act
    const record = await delivery.deliver(message, undefined, false);
    const again = await delivery.deliver(message, undefined, true);
    // Assess
    expect(record.key).toMatch(/^ACME\/999\//);
    const text = deps.outboundFiles.files.get(record.key)!;
    expect(text).toContain('GS*FA*OURSUPPLIER*ACMEBUYER*');
    expect(text).toContain('ST*999*0001*005010X231A1~AK1*PO*501*005010~AK2*850*0001~IK3*PO1*4*PO1*8~IK4*3*355*7*E!~IK5*E*5~AK9*E*1*1*1~SE*8*0001~');
    expect(translateText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(again.key).toBe(record.key);
    expect(deps.outboundFiles.files.get(again.key)).toBe(text);
    // a 999 is our acknowledgment, not a document the partner acknowledges: nothing tracked
    expect(await deps.sentDocuments.list('ACME')).toEqual([]);
  });

  it('a redelivery reuses its record: the same numbers, the same bytes to the same key, nothing allocated', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const first = await delivery.deliver(message, undefined, false);
    const bytes = deps.outboundFiles.files.get(first.key);
    deps.clock.advance(3600);
    // Act
    const again = await delivery.deliver(message, undefined, true);
    // Assess
    expect(again).toEqual(first);
    expect(deps.outboundFiles.puts).toEqual([first.key, first.key]);
    expect(deps.outboundFiles.files.get(first.key)).toBe(bytes);
    expect(deps.controlNumbers.allocations).toHaveLength(1);
  });

  it('a message sent twice as a first delivery: the second allocation is a gap, the first record wins', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const first = await delivery.deliver(message, undefined, false);
    // Act
    const second = await delivery.deliver(message, undefined, false);
    // Assess
    expect(second).toEqual(first);
    expect(deps.deliveries.records.size).toBe(1);
    expect(deps.controlNumbers.next.get('ACME')).toBe(2);
    expect(deps.telemetry.counts.get('ControlNumbersWasted')).toBe(1);
  });

  it('a crash between the record and the file: the retry writes the file with the recorded numbers', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    deps.outboundFiles.failNext('put');
    await expect(delivery.deliver(message, undefined, false)).rejects.toThrow('injected failure in put');
    // Act
    const record = await delivery.deliver(message, undefined, true);
    // Assess
    expect(record.numbers.interchange).toBe(1);
    expect(deps.outboundFiles.puts).toEqual([record.key]);
  });

  it('reads a document sent as a claim check from the archive', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const document = message.payload.kind === 'inline' ? message.payload.document : undefined;
    const claim = await deps.claims.storeClaim('claims/ACME/outbound/x.json', JSON.stringify(document));
    // Act
    const record = await delivery.deliver({ ...message, payload: { kind: 'claim', claim } }, undefined, false);
    // Assess
    expect(translateText(deps.outboundFiles.files.get(record.key)!).documents[0]?.type).toBe('855');
  });

  it('throws UndeliverableError for a document that does not render, recording and writing nothing', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    const tooLong = message.payload.kind === 'inline' && message.payload.document.type === '855' ? { ...message, payload: { kind: 'inline' as const, document: { ...message.payload.document, purchaseOrderNumber: 'X'.repeat(40) } } } : message;
    // Act
    const delivered = delivery.deliver(tooLong, undefined, false);
    // Assess
    await expect(delivered).rejects.toBeInstanceOf(UndeliverableError);
    await expect(delivered).rejects.toThrow(/^the 855 cannot be rendered as X12: /);
    expect(deps.deliveries.records.size).toBe(0);
    expect(deps.outboundFiles.puts).toEqual([]);
  });

  it('throws UnknownPartnerError for a partner without a profile', async () => {
    // Prepare
    const { delivery } = setup();
    // Act
    const delivered = delivery.deliver({ ...ack855(), partner: 'NOBODY' }, undefined, false);
    // Assess
    await expect(delivered).rejects.toBeInstanceOf(UnknownPartnerError);
  });
});

describe('documentDelivery.recordUndeliverable', () => {
  it('records the document as an error under its subject once and alerts operations', async () => {
    // Prepare
    const { deps, delivery } = setup();
    const message = ack855();
    // Act
    await delivery.recordUndeliverable(message, 'the 855 cannot be rendered as X12: BAK03 too long', '{"raw":true}', 'sqs-1');
    await delivery.recordUndeliverable(message, 'the 855 cannot be rendered as X12: BAK03 too long', '{"raw":true}', 'sqs-1');
    // Assess
    expect([...deps.deliveries.errors.values()]).toEqual([
      expect.objectContaining({ kind: 'deliver-855', reason: 'the 855 cannot be rendered as X12: BAK03 too long', message: '{"raw":true}', cause: { partner: 'ACME', type: '855', id: '855/ACME/PO-1/v1' } }),
    ]);
    const [alert] = deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'processing-error', recipients: ['operations'], idempotencyKey: 'undeliverable/855/ACME/PO-1/v1', subject: message.subject });
    expect(alertData(alert)?.reason).toBe('The outbound 855 was not sent: the 855 cannot be rendered as X12: BAK03 too long');
  });
});
