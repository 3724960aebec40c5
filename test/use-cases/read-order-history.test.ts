import { describe, expect, it } from 'vitest';
import { applyOrderChange } from '#functions/use-cases/apply-order-change.ts';
import { formatOrderHistory, loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import type { InterchangeTimeline, OrderTimeline } from '#functions/ports/timeline.ts';
import type { EmailRecord, OutboundRecord } from '#schemas/records/records.ts';
import { sample850, sample860 } from '../support/edi-samples.ts';
import { fakeDesk, FakeTimeline } from '../support/fakes/index.ts';
import { changeSet, orderSet } from '../support/inbound-sets.ts';
import { testPartner } from '../support/partners.ts';

const partner = testPartner();
const subject = { kind: 'order' as const, partner: 'ACME', purchaseOrderNumber: 'PO-1' };
const sender = { qualifier: 'ZZ', id: 'ACMEBUYER' };

const ack: OutboundRecord = {
  schemaVersion: 1,
  partner: 'ACME',
  kind: '855',
  idempotencyKey: '855/ACME/PO-1/v1',
  subject,
  numbers: { interchange: 42, group: 42, firstSet: 42 },
  envelopeDate: '20250102',
  envelopeTime: '0400',
  bucket: 'outbound',
  key: 'ACME/855/20250102-000000042.x12',
  recordedAt: '2025-01-02T04:00:00.000Z',
  hash: 'h855',
};
const email: EmailRecord = {
  schemaVersion: 1,
  partner: 'ACME',
  idempotencyKey: 'order-duplicate/x/to/ops@supplier.example',
  template: 'order-duplicate',
  subject,
  recipients: ['ops@supplier.example'],
  title: '[DUPLICATE] PO-1',
  status: 'sent',
  attempt: 1,
  claimedAt: '2025-01-03T10:00:01.000Z',
  sentAt: '2025-01-03T10:00:02.000Z',
};

/** PO-1 as the use cases store it: the 850 on 2 January, an 860 on 3 January. */
async function storedOrder(): Promise<OrderTimeline> {
  const desk = fakeDesk(partner);
  await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
  await applyOrderChange(desk, changeSet(sample860('PO-1', { isa13: '000000202' }), partner, '2025-01-03T10:00:00.000Z'));
  const head = (await desk.orders.get('ACME', 'PO-1'))!;
  return { order: head.order, events: desk.orders.eventsOf('ACME', 'PO-1'), documents: [ack], emails: [email], errors: [] };
}

const interchange = (isa13: string, receivedAt: string): InterchangeTimeline => ({
  interchange: { schemaVersion: 1, partner: 'ACME', sender, interchangeControlNumber: isa13, state: 'queued', archiveKey: `ACME/${receivedAt.slice(0, 10)}/abc`, sha256: 'abc', sourceKey: `ACME/in/${isa13}.edi`, receivedAt, groups: 1 },
  duplicates: isa13 === '000000101' ? [{ schemaVersion: 1, partner: 'ACME', sender, interchangeControlNumber: isa13, sourceKey: 'ACME/in/again.edi', sha256: 'abc', receivedAt: '2025-01-02T05:00:00.000Z' }] : [],
  documents: [],
  emails: [],
});

async function history(tamper?: (t: OrderTimeline) => OrderTimeline) {
  const order = await storedOrder();
  const timeline = new FakeTimeline(
    new Map([['ACME/PO-1', tamper ? tamper(order) : order]]),
    new Map([
      ['ZZ:ACMEBUYER/000000101', interchange('000000101', '2025-01-02T03:04:05.000Z')],
      ['ZZ:ACMEBUYER/000000202', interchange('000000202', '2025-01-03T10:00:00.000Z')],
    ]),
  );
  return loadOrderHistory(timeline, 'ACME', 'PO-1');
}

describe('loadOrderHistory', () => {
  it('puts the order’s interchanges, re-sends, events, documents and emails on one timeline, oldest first', async () => {
    // Act
    const h = await history();
    // Assess
    expect(h).toMatchObject({ found: true, order: { version: 2, status: 'open', lines: 2 }, chain: { valid: true } });
    expect(h.entries.map((e) => [e.at, e.kind])).toEqual([
      ['2025-01-02T03:04:05.000Z', 'interchange'],
      ['2025-01-02T03:04:05.000Z', 'event'],
      ['2025-01-02T03:04:05.000Z', 'step'],
      ['2025-01-02T03:04:05.000Z', 'step'],
      ['2025-01-02T04:00:00.000Z', 'document'],
      ['2025-01-02T05:00:00.000Z', 'duplicate'],
      ['2025-01-03T10:00:00.000Z', 'interchange'],
      ['2025-01-03T10:00:00.000Z', 'event'],
      ['2025-01-03T10:00:02.000Z', 'email'],
    ]);
    expect(h.entries.find((e) => e.kind === 'document')?.summary).toBe('855 sent: ISA13 000000042, GS06 42, ST02 0042');
    expect(h.entries.find((e) => e.kind === 'duplicate')?.summary).toBe('interchange ISA13 000000101 re-sent (ignored)');
    // The 850 was accepted and its 855 queued with it: received and confirmed by event #1.
    expect(h.stage).toEqual({ current: 'confirmed', steps: [{ step: 'received', at: '2025-01-02T03:04:05.000Z', seq: 1 }, { step: 'confirmed', at: '2025-01-02T03:04:05.000Z', seq: 1 }] });
  });

  const ackStates = [
    { state: 'sent' as const, text: "partner ack: sent, due by 2025-01-03T04:00:00.000Z" },
    { state: 'rejected' as const, text: "partner ack: rejected by the partner's 997 of 2025-01-02T06:00:00.000Z: segment PO1 at position 5: the code is not valid (+1 more)" },
    { state: 'overdue' as const, text: 'partner ack: overdue (due 2025-01-03T04:00:00.000Z)' },
  ];
  it.each(ackStates)('shows the partner-ack state of each document we sent: $state', async ({ state, text }) => {
    // Prepare
    const sentDocument = {
      schemaVersion: 1 as const, partner: 'ACME', kind: '855', idempotencyKey: ack.idempotencyKey, subject, documentKey: 'PO PO-1',
      interchangeControlNumber: '42', groupControlNumber: '42', setControlNumber: '42', sentAt: ack.recordedAt, dueAt: '2025-01-03T04:00:00.000Z', state, version: 1,
      ...(state === 'rejected' ? { acknowledgment: { kind: '997' as const, receivedAt: '2025-01-02T06:00:00.000Z', findings: ['segment PO1 at position 5: the code is not valid', 'transaction set: one or more segments are in error (AK502 5)'] } } : {}),
    };
    // Act
    const h = await history((t) => ({ ...t, acknowledgments: [sentDocument, { ...sentDocument, setControlNumber: '43', idempotencyKey: 'another document' }] }));
    // Assess
    expect(h.acknowledgments.map((a) => [a.kind, a.idempotencyKey, a.state])).toEqual([['855', ack.idempotencyKey, state], ['855', 'another document', state]]);
    const entry = h.entries.find((e) => e.kind === 'document');
    expect(entry?.summary).toBe(`855 sent: ISA13 000000042, GS06 42, ST02 0042 — ${text}`);
    expect(entry?.details.acknowledgment).toMatchObject({ state, groupControlNumber: '42', setControlNumber: '42' });
    expect(formatOrderHistory(h)).toContain(`  855 ${ack.idempotencyKey}: ${text}`);
  });

  it('reports a broken chain at the event that was edited', async () => {
    // Act
    const h = await history((t) => ({ ...t, events: t.events.map((e) => (e.seq === 2 ? { ...e, summary: 'nothing happened' } : e)) }));
    // Assess
    expect(h.chain).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('finds nothing for an order it does not know', async () => {
    // Act
    const h = await loadOrderHistory(new FakeTimeline(), 'ACME', 'PO-404');
    // Assess
    expect(h).toEqual({ partner: 'ACME', purchaseOrderNumber: 'PO-404', found: false, chain: { valid: true }, entries: [], acknowledgments: [] });
  });

  it('counts an order with only an error record as found', async () => {
    // Prepare
    const cause = { partner: 'ACME', type: '860', id: 'c', sender, interchangeControlNumber: '000000202' };
    const errors = [{ schemaVersion: 1 as const, partner: 'ACME', kind: 'change-unmatched', cause, at: '2025-01-04T00:00:00.000Z', reason: 'no 850', message: '{}' }];
    const timeline = new FakeTimeline(new Map([['ACME/PO-9', { events: [], documents: [], emails: [], errors }]]), new Map([['ZZ:ACMEBUYER/000000202', interchange('000000202', '2025-01-03T10:00:00.000Z')]]));
    // Act
    const h = await loadOrderHistory(timeline, 'ACME', 'PO-9');
    // Assess
    expect(h.found).toBe(true);
    expect(h.order).toBeUndefined();
    expect(h.entries.map((e) => [e.kind, e.summary])).toEqual([
      ['interchange', 'interchange ISA13 000000202 from ZZ/ACMEBUYER received (queued)'],
      ['error', 'change-unmatched: no 850'],
    ]);
  });
});

describe('formatOrderHistory', () => {
  it('prints the order, the chain verdict and one line per entry', async () => {
    // Prepare
    const h = await history();
    // Act
    const text = formatOrderHistory(h).split('\n');
    // Assess
    expect(text.slice(0, 4)).toEqual(['Order PO-1 of partner ACME', expect.stringMatching(/^ {2}status open, version 2, 2 line\(s\), updated /), '  event chain: intact', '  stage confirmed: received 2025-01-02T03:04:05.000Z → confirmed 2025-01-02T03:04:05.000Z']);
    expect(text.slice(5)).toHaveLength(h.entries.length);
    expect(h.acknowledgments).toEqual([]);
    expect(text[6]).toMatch(/^2025-01-02T03:04:05.000Z {2}event {7}#1 order.created \(v1\) by partner:ACME: /);
  });

  it('says where a broken chain breaks', async () => {
    // Prepare
    const h = await history((t) => ({ ...t, events: t.events.map((e) => (e.seq === 2 ? { ...e, summary: 'edited' } : e)) }));
    // Act
    const text = formatOrderHistory(h);
    // Assess
    expect(text).toContain('  event chain: BROKEN at event 2 (');
  });
});
