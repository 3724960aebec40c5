import { describe, expect, it } from 'vitest';
import { map855 } from '#domain/x12/map/map-855.ts';
import { OrderAcknowledgmentZ } from '#schemas/documents/x12-documents.ts';
import { corpusSets, firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map855(set.segments, set.delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map855 ${NEEDS_CORPUS}`, () => {
  it('reads BAK*54*AC of both minimal sets in staedi-855-multi-st', () => {
    const acks = corpusSets('855/staedi-855-multi-st.edi').map((s) => map855(s.segments, s.delimiters));
    expect(acks.map((a) => [a.controlNumber, a.purpose, a.acknowledgmentType, a.purchaseOrderNumber, a.orderDate])).toEqual([
      ['0001', '54', 'AC', 'ORDER1', '2026-01-27'],
      ['0002', '54', 'AC', 'ORDER2', '2026-01-27'],
    ]);
    for (const ack of acks) expect(OrderAcknowledgmentZ.safeParse(ack).success).toBe(true);
  });

  it('reads the book-trade 855: BAK06/BAK09, CUR, N1 with two N3s, and ACK statuses per PO1', () => {
    const ack = mapFile('855/nodex12-855-book.edi');
    expect(ack).toMatchObject({ purpose: '00', acknowledgmentType: 'AD', purchaseOrderNumber: 'POTEST1112', orderDate: '2020-10-15', requestReference: '60169126', acknowledgmentDate: '2020-10-15', currency: 'USD', lineItemCount: 4 });
    expect(ack.parties[0]?.addressLines).toEqual(['REGULAR EDI ACCOUNT', 'ATTN ACQ SERVS', '7615 DISALLE BOULEVARD']);
    expect(ack.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice, l.acks.map((a) => [a.status, a.quantity, a.unitOfMeasure])])).toEqual([
      ['1', 3, 4.5, [['IA', 3, 'UN']]],
      ['2', 2, 15.99, [['IR', 0, 'UN']]],
      ['3', 1, 0, [['IR', 0, 'UN']]],
      ['4', 2, 4.5, [['IA', 2, 'UN']]],
    ]);
    expect(ack.lines[0]?.productIds[0]).toEqual({ qualifier: 'EN', value: '9780446360265' });
    expect(ack.lines[0]?.schedules).toEqual([{ quantity: 3, unitOfMeasure: 'UN', dateQualifier: '080', date: '2004-12-31' }]);
    expect(OrderAcknowledgmentZ.safeParse(ack).success).toBe(true);
  });

  it("reads Kohl's BAK*16*AP with a header DTM and PO1 lines without ACK", () => {
    const ack = mapFile('855/edifabric-855-kohls.edi');
    expect(ack).toMatchObject({ purpose: '16', acknowledgmentType: 'AP', purchaseOrderNumber: '1234567', orderDate: '2005-01-02', lineItemCount: 3 });
    expect(ack.dates).toEqual([{ qualifier: '068', date: '2005-02-03' }]);
    expect(ack.parties.map((p) => p.role)).toEqual(['SF', 'ST']);
    expect(ack.lines.map((l) => l.productIds.find((p) => p.qualifier === 'UP')?.value)).toEqual(['123456789012', '123456798123', '999988888001']);
    expect(ack.lines.every((l) => l.acks.length === 0)).toBe(true);
  });

  it('maps every 855 of the corpus to a schema-valid document', () => {
    for (const path of ['855/bots-855-safeway-ucs.edi', '855/oop-855-adobe.edi']) {
      for (const set of corpusSets(path)) expect(OrderAcknowledgmentZ.safeParse(map855(set.segments, set.delimiters)).success, path).toBe(true);
    }
  });
});

describe('map855', () => {
  it('dates an ACK without ACK04/ACK05 from the DTM of its ACK loop, and keeps other DTMs on the line', () => {
    const { segments, delimiters } = inlineSegments(`ST*855*1~BAK*00*AC*PO7*20240101****SO-55*20240102~PO1*1*10*EA*2.5**BP*A1~DTM*002*20240201~ACK*IQ*8*EA~DTM*068*20240205~ACK*IB*2*EA*068*20240301~DTM*067*20240310~SE*9*1~`);
    const ack = map855(segments, delimiters);
    expect(ack.sellerOrderNumber).toBe('SO-55');
    expect(ack.acknowledgmentDate).toBe('2024-01-02');
    expect(ack.lines[0]?.acks).toEqual([
      { status: 'IQ', quantity: 8, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-02-05' },
      { status: 'IB', quantity: 2, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-03-01' },
    ]);
    expect(ack.lines[0]?.dates).toEqual([
      { qualifier: '002', date: '2024-02-01' },
      { qualifier: '067', date: '2024-03-10' },
    ]);
  });

  it('ignores an ACK that appears before any PO1 and does not throw on a bare BAK', () => {
    const { segments, delimiters } = inlineSegments(`ST*855*1~BAK~ACK*IA*1~SE*4*1~`);
    const ack = map855(segments, delimiters);
    expect(ack.lines).toEqual([]);
    expect(OrderAcknowledgmentZ.safeParse(ack).success).toBe(true);
  });
});
