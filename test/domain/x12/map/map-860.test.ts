import { describe, expect, it } from 'vitest';
import { map860 } from '#domain/x12/map/map-860.ts';
import { OrderChangeZ } from '#schemas/documents/x12-documents.ts';
import { firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map860(set.segments, set.delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map860 ${NEEDS_CORPUS}`, () => {
  it('reads the retailer 860: BCH*04*SA, POC delete-item lines with IN/VN ids, and the N1*BY loop', () => {
    const change = mapFile('860/oop-860-retailer.edi');
    expect(change).toMatchObject({ type: '860', controlNumber: '56488', purpose: '04', orderType: 'SA', purchaseOrderNumber: 'PO NUMBER', changeDate: '2008-03-10', lineItemCount: 2 });
    expect(change.references).toEqual([{ qualifier: 'IA', value: 'TEMPR' }]);
    expect(change.lines.map((l) => [l.lineNumber, l.changeType, l.productIds])).toEqual([
      ['1', 'DI', [{ qualifier: 'IN', value: '59123' }, { qualifier: 'VN', value: '018100775285' }]],
      ['2', 'DI', [{ qualifier: 'IN', value: '86111' }, { qualifier: 'VN', value: '039307384346' }]],
    ]);
    expect(change.parties[0]).toMatchObject({ role: 'BY', name: 'RETAILER', idQualifier: '92', id: '1129', addressLines: ['123 THISRD', 'SUITE11'], city: 'LEXINGTON', state: 'KY', postalCode: '40511' });
    expect(OrderChangeZ.safeParse(change).success).toBe(true);
  });

  it("leaves the order date out when BCH06 is not a date ('PO DATE')", () => {
    expect(mapFile('860/oop-860-retailer.edi').orderDate).toBeUndefined();
  });

  it('reads the generated cancellation: BCH*01 with BCH06/BCH11 dates and no PO number', () => {
    const change = mapFile('860/oop-860-cancel-generated.edi');
    expect(change).toMatchObject({ purpose: '01', orderType: 'SA', purchaseOrderNumber: '', orderDate: '2010-08-17', changeDate: '2010-08-18', lines: [] });
    expect(change.references).toEqual([{ qualifier: 'IA', value: '1to30chars' }]);
    expect(change.dates).toEqual([{ qualifier: '010', date: '2010-08-19' }]);
    expect(OrderChangeZ.safeParse(change).success).toBe(true);
  });
});

describe('map860', () => {
  it('reads POC quantities, the C001 unit composite, price and the change sequence', () => {
    const { segments, delimiters } = inlineSegments(`ST*860*1~BCH*04*SA*PO5**3*20240101~POC*1*QD*80*20*CA:12:EA*4.25*PE*BP*A1*UP*012345678905~PID*F****WIDGET~SCH*80*CA***002*20240301~POC*2*AI*10**EA*1~SE*7*1~`);
    const change = map860(segments, delimiters);
    expect(change.changeSequence).toBe('3');
    expect(change.lines[0]).toMatchObject({ lineNumber: '1', changeType: 'QD', quantity: 80, quantityLeftToReceive: 20, unitOfMeasure: 'CA', unitPrice: 4.25, priceBasis: 'PE', description: 'WIDGET' });
    expect(change.lines[0]?.productIds).toEqual([
      { qualifier: 'BP', value: 'A1' },
      { qualifier: 'UP', value: '012345678905' },
    ]);
    expect(change.lines[0]?.schedules).toEqual([{ quantity: 80, unitOfMeasure: 'CA', dateQualifier: '002', date: '2024-03-01' }]);
    expect(change.lines[1]).toMatchObject({ changeType: 'AI', quantity: 10, unitOfMeasure: 'EA', unitPrice: 1 });
    expect(change.lines[1]?.quantityLeftToReceive).toBeUndefined();
  });

  it('maps a POC without a change type to an empty change type rather than throwing', () => {
    const { segments, delimiters } = inlineSegments(`ST*860*1~BCH~POC~SE*3*1~`);
    const change = map860(segments, delimiters);
    expect(change.lines).toEqual([{ changeType: '', productIds: [], dates: [], schedules: [], references: [], notes: [], parties: [] }]);
    expect(OrderChangeZ.safeParse(change).success).toBe(true);
  });
});
