import { describe, expect, it } from 'vitest';
import { map865 } from '#domain/x12/map/map-865.ts';
import { ChangeAcknowledgmentZ } from '#schemas/documents/x12-documents.ts';
import { firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map865(set.segments, set.delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map865 ${NEEDS_CORPUS}`, () => {
  it('reads the Advance Auto BCA*06*AC with its change sequence and a POC CA line', () => {
    const ack = mapFile('other/oop-865-advanceauto.edi');
    expect(ack).toMatchObject({ type: '865', controlNumber: '0004', purpose: '06', acknowledgmentType: 'AC', purchaseOrderNumber: '0025076', changeSequence: '1', orderDate: '2009-02-09', lineItemCount: 1 });
    expect(ack.references).toEqual([{ qualifier: 'ZZ', value: '3304159' }]);
    expect(ack.parties.map((p) => [p.role, p.name, p.id])).toEqual([
      ['PD', 'AARON ATHEY', '211'],
      ['ST', 'ADVANCE AUTO', '29'],
    ]);
    expect(ack.lines).toHaveLength(1);
    expect(ack.lines[0]).toMatchObject({ changeType: 'CA', quantity: 65, quantityLeftToReceive: 40, unitOfMeasure: 'EA', unitPrice: 1.76, priceBasis: 'TE', productIds: [{ qualifier: 'BP', value: '7040007' }], acks: [] });
    expect(ack.lines[0]?.lineNumber).toBeUndefined();
    expect(ChangeAcknowledgmentZ.safeParse(ack).success).toBe(true);
  });

  it('drops the 9-digit DTM*038 date and keeps the readable ones', () => {
    expect(mapFile('other/oop-865-advanceauto.edi').dates).toEqual([
      { qualifier: '002', date: '2009-02-16' },
      { qualifier: '037', date: '2009-02-14' },
    ]);
  });

  it('reads the Tyco BCA with 10 elements, FOB, ITD and a POC loop with PIDs, ACK and SCH', () => {
    const ack = mapFile('other/oop-865-tyco.edi');
    expect(ack).toMatchObject({ purpose: '00', acknowledgmentType: 'AC', purchaseOrderNumber: '2470184577', changeSequence: '00000003', orderDate: '2008-02-22', acknowledgmentDate: '2008-05-22', lineItemCount: 1 });
    expect(ack.fob).toEqual({ paymentMethod: 'ZZ', locationQualifier: 'DE', location: 'COLLECT EXCEPT FOR UPS OR PP ARE PREPAID AND CHARGED', titleLocationQualifier: 'OR', titleLocation: 'SHIP POINT' });
    expect(ack.terms).toEqual([{ typeCode: '05', basisDateCode: '3', netDays: 30, description: 'NET 30' }]);
    const line = ack.lines[0];
    expect(line).toMatchObject({ lineNumber: '00001', changeType: 'RS', quantity: 1000, quantityLeftToReceive: 1000, unitOfMeasure: 'PC', unitPrice: 7.55, priceBasis: 'PE' });
    expect(line?.productIds.map((p) => p.qualifier)).toEqual(['BP', 'VP', 'DR']);
    expect(line?.description).toBe('PART-NUMBER   CC848777821; ITM 00001; UM   PC');
    expect(line?.acks).toEqual([{ status: 'IC', quantity: 1000, unitOfMeasure: 'EA', dateQualifier: '017', date: '2008-06-02' }]);
    expect(line?.schedules).toEqual([{ quantity: 475, unitOfMeasure: 'EA', dateQualifier: '068', date: '2049-12-31' }]);
    expect(ChangeAcknowledgmentZ.safeParse(ack).success).toBe(true);
  });
});

describe('map865', () => {
  it('reads BCA09 seller reference and dates a bare ACK from its loop DTM', () => {
    const { segments, delimiters } = inlineSegments(`ST*865*1~BCA*01*RJ*PO3****** S-9 *20240110~POC*1*DI~ACK*ID~DTM*068*20240111~SE*6*1~`);
    const ack = map865(segments, delimiters);
    expect(ack).toMatchObject({ purpose: '01', acknowledgmentType: 'RJ', sellerOrderNumber: 'S-9', acknowledgmentDate: '2024-01-10' });
    expect(ack.lines[0]?.acks).toEqual([{ status: 'ID', dateQualifier: '068', date: '2024-01-11' }]);
  });
});
