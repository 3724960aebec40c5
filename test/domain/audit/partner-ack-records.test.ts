/**
 * Partner-acknowledgment records under the order's tamper evidence (README, "Verification"):
 * each version is hashed, names the document record the chain covers, and keeps the hashes of
 * its earlier versions, so the daily seal still recognises a record that moved on legitimately.
 */
import { describe, expect, it } from 'vitest';
import { sealEntryOf, verifySealEntry } from '#domain/audit/daily-seal.ts';
import { advanceSentDocument, hashRecord, stampRecord, stampSentDocument } from '#domain/audit/record-hashes.ts';
import { verifyOrderRecords, type OrderRecords } from '#domain/audit/verify-order.ts';
import { GENESIS_HASH } from '#domain/orders/order-events.ts';
import type { OrderHead, OutboundRecord } from '#schemas/records/records.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';

const subject = { kind: 'order' as const, partner: 'ACME', purchaseOrderNumber: 'PO-1' };

const document: OutboundRecord = stampRecord({
  schemaVersion: 1,
  partner: 'ACME',
  kind: '855',
  idempotencyKey: '855/ACME/PO-1/v1',
  subject,
  numbers: { interchange: 12, group: 12, firstSet: 1 },
  envelopeDate: '20250102',
  envelopeTime: '0304',
  bucket: 'outbound',
  key: 'ACME/855/20250102-000000012.x12',
  recordedAt: '2025-01-02T03:04:05.000Z',
}) as OutboundRecord;

const sent: SentDocument = stampSentDocument(
  {
    schemaVersion: 1,
    partner: 'ACME',
    kind: '855',
    idempotencyKey: document.idempotencyKey,
    subject,
    documentKey: 'PO PO-1',
    interchangeControlNumber: '12',
    groupControlNumber: '12',
    setControlNumber: '1',
    sentAt: document.recordedAt,
    dueAt: '2025-01-03T03:04:05.000Z',
    state: 'sent',
    version: 0,
  },
  document.hash,
);

const accepted = advanceSentDocument(sent, { state: 'accepted', acknowledgment: { kind: '997', receivedAt: '2025-01-02T05:00:00.000Z', interchangeControlNumber: '000000555', findings: [] } });

/** An order's records with only what the partner-ack checks read (no head: that finding is filtered out). */
function records(acknowledgments: SentDocument[]): OrderRecords {
  return { partner: 'ACME', purchaseOrderNumber: 'PO-1', events: [], documents: [document], emails: [], errors: [], acknowledgments, demand: [], transitDays: 0, archived: [] };
}

const ackFindings = (r: OrderRecords, pendingAfter = '2030-01-01T00:00:00.000Z') => {
  const v = verifyOrderRecords(r, pendingAfter);
  return { findings: v.findings.filter((f) => f.link !== 'order head').map((f) => `${f.link}: ${f.reason}`), pending: v.pending };
};

describe('a partner-acknowledgment record against its order', () => {
  it.each<[string, SentDocument[], RegExp | undefined]>([
    ['as written', [sent], undefined],
    ['moved on by the partner\'s 997', [accepted], undefined],
    ['its state edited', [{ ...accepted, state: 'rejected' }], /^partner ack 855\/ACME\/PO-1\/v1: the record \(state rejected.*does not match its hash/],
    ['its acknowledgment edited', [{ ...accepted, acknowledgment: { ...accepted.acknowledgment!, receivedAt: '2025-01-01T00:00:00.000Z' } }], /^partner ack .*does not match its hash/],
    ['re-hashed with other control numbers', [stampRecord({ ...accepted, setControlNumber: '2' })], /^partner ack .*: it tracks 855 ISA13\/GS06\/ST02 12\/12\/2, the document record is 855 12\/12\/1/],
    ['re-hashed naming another document record', [stampRecord({ ...accepted, documentHash: GENESIS_HASH })], /^partner ack .*: it tracks 855/],
    ['deleted', [], /^document 855\/ACME\/PO-1\/v1: its partner-acknowledgment record .* is missing/],
  ])('%s', (_what, acks, caught) => {
    const { findings } = ackFindings(records(acks));
    if (caught) expect(findings[0]).toMatch(caught);
    else expect(findings).toEqual([]);
  });

  it('a missing record of a document sent within the grace period is pending, not broken', () => {
    const { findings, pending } = ackFindings(records([]), '2025-01-02T00:00:00.000Z');
    expect(findings).toEqual([]);
    expect(pending).toEqual(['partner ack 855/ACME/PO-1/v1']);
  });

  it('each version names the one before it', () => {
    expect(sent.earlierHashes).toEqual([]);
    expect(accepted.earlierHashes).toEqual([sent.hash]);
    expect(accepted.hash).toBe(hashRecord(accepted));
    expect(accepted.version).toBe(1);
  });
});

describe('a partner-acknowledgment record against the daily seal', () => {
  const head = { order: { lastEventSeq: 1, lastEventHash: 'a'.repeat(64) } } as unknown as OrderHead;
  const sealedAt = (acks: SentDocument[]) => sealEntryOf({ ...records(acks), head })!;
  const now = (acks: SentDocument[]): OrderRecords => ({ ...records(acks), head, events: [{ seq: 1, hash: 'a'.repeat(64) } as OrderRecords['events'][number]] });

  it.each<[string, SentDocument[], RegExp | undefined]>([
    ['unchanged', [sent], undefined],
    ['moved on after the seal', [accepted], undefined],
    ['moved on twice after the seal', [advanceSentDocument(accepted, { state: 'rejected' })], undefined],
    ['rewritten and re-hashed, its earlier hashes too', [stampRecord({ ...accepted, earlierHashes: [] })], /partner ack 855\/ACME\/PO-1\/v1 changed since it was sealed/],
    ['deleted', [], /partner ack 855\/ACME\/PO-1\/v1 was sealed and is gone/],
  ])('sealed as sent, now %s', (_what, acks, caught) => {
    const findings = verifySealEntry({ day: '2025-01-02' }, sealedAt([sent]), now(acks)).map((f) => f.reason);
    if (caught) expect(findings.join('\n')).toMatch(caught);
    else expect(findings).toEqual([]);
  });

  it("sealed when accepted by one 997, now rejected by a later 999 naming another file: the partner's files are not the seal's", () => {
    const byAck = (key: string, expected: string) => ({ key, expected, actual: expected, namedBy: 'the partner ack record', byAckRecord: true });
    const first = { ...records([accepted]), head, archived: [byAck('ACME/2025-01-02/' + 'b'.repeat(64), 'b'.repeat(64))] };
    const later = advanceSentDocument(accepted, { state: 'rejected' });
    const current = { ...now([later]), archived: [byAck('ACME/2025-01-03/' + 'c'.repeat(64), 'c'.repeat(64))] };
    expect(sealEntryOf(first)!.records).not.toHaveProperty(`archive ${first.archived[0]!.key}`);
    expect(verifySealEntry({ day: '2025-01-02' }, sealEntryOf(first)!, current)).toEqual([]);
  });
});
