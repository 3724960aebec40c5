import { beforeAll, describe, expect, it } from 'vitest';
import { map850 } from '#domain/x12/map/map-850.ts';
import { PurchaseOrderZ, type PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import { corpusSets, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string, index = 0) => {
  const set = corpusSets(path)[index];
  if (set === undefined) throw new Error(`no set ${index} in ${path}`);
  return map850(set.segments, set.delimiters);
};
const mapInline = (text: string) => {
  const { segments, delimiters } = inlineSegments(text);
  return map850(segments, delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map850 on the VICS retail PO (nodex12-850-vics) ${NEEDS_CORPUS}`, () => {
  let po: PurchaseOrder;
  beforeAll(() => {
    po = mapFile('850/nodex12-850-vics.edi');
  });

  it('reads BEG purpose, type, PO number, date and contract', () => {
    expect(po).toMatchObject({
      type: '850',
      controlNumber: '000000010',
      purpose: '00',
      orderType: 'SA',
      purchaseOrderNumber: '08292233294',
      orderDate: '2010-11-27',
      contractNumber: '610385385',
    });
    expect(po.releaseNumber).toBeUndefined();
  });

  it('reads the six PO1 lines with quantities, units, prices and product ids', () => {
    expect(po.lines.map((l) => [l.lineNumber, l.quantity, l.unitOfMeasure, l.unitPrice, l.priceBasis])).toEqual([
      ['1', 120, 'EA', 9.25, 'TE'],
      ['2', 220, 'EA', 13.79, 'TE'],
      ['3', 126, 'EA', 10.99, 'TE'],
      ['4', 76, 'EA', 4.35, 'TE'],
      ['5', 72, 'EA', 7.5, 'TE'],
      ['6', 696, 'EA', 9.55, 'TE'],
    ]);
    expect(po.lines[0]?.productIds).toEqual([
      { qualifier: 'CB', value: '065322-117' },
      { qualifier: 'PR', value: 'RO' },
      { qualifier: 'VN', value: 'AB3542' },
    ]);
  });

  it('takes each line description from its PID05 and its pack from PO4', () => {
    expect(po.lines.map((l) => l.description)).toEqual([
      'SMALL WIDGET',
      'MEDIUM WIDGET',
      'LARGE WIDGET',
      'NANO WIDGET',
      'BLUE WIDGET',
      'ORANGE WIDGET',
    ]);
    expect(po.lines[0]?.pack).toEqual({ pack: 4, size: 4, sizeUnit: 'EA', packagingCode: 'PLT94', grossWeight: 3, weightUnit: 'LR' });
    expect(po.lines[1]?.pack).toEqual({ pack: 2, size: 2, sizeUnit: 'EA' });
  });

  it('reads header REF, DTM, ITD terms, TD5 routing and the N1 ship-to with N3/N4', () => {
    expect(po.references).toEqual([
      { qualifier: 'DP', value: '038' },
      { qualifier: 'PS', value: 'R' },
    ]);
    expect(po.dates).toEqual([{ qualifier: '002', date: '2010-12-14' }]);
    expect(po.terms).toEqual([{ typeCode: '14', basisDateCode: '3', discountPercent: 2, discountDays: 45, netDays: 46 }]);
    expect(po.carriers).toEqual([{ routingSequence: 'A', scac: 'P3', routing: 'SEE XYZ RETAIL ROUTING GUIDE' }]);
    expect(po.parties).toEqual([
      {
        role: 'ST',
        name: 'XYZ RETAIL',
        idQualifier: '9',
        id: '0003947268292',
        addressLines: ['31875 SOLON RD'],
        city: 'SOLON',
        state: 'OH',
        postalCode: '44139',
        contacts: [],
      },
    ]);
  });

  it('reads CTT01 and the summary AMT', () => {
    expect(po.lineItemCount).toBe(6);
    expect(po.amounts).toEqual([{ qualifier: '1', amount: 13045.94 }]);
  });

  it('produces a document the PurchaseOrder schema accepts', () => {
    expect(PurchaseOrderZ.safeParse(po).success).toBe(true);
  });
});

describe.skipIf(!HAS_CORPUS)(`map850 on other partner files ${NEEDS_CORPUS}`, () => {
  it('maps the newline-terminated copy of the VICS PO to the same document', () => {
    expect(mapFile('850/nodex12-850-noterm.edi')).toEqual(mapFile('850/nodex12-850-vics.edi'));
  });

  it('reads Petco N9/MSG as a reference and a note, and a PO1 with an empty PO101', () => {
    const po = mapFile('850/nodex12-850-petco.edi');
    expect(po.orderType).toBe('NE');
    expect(po.references).toEqual([{ qualifier: 'ZZ', value: '0' }]);
    expect(po.notes[0]).toMatch(/^000000000001010700 BUYER/);
    expect(po.dates).toEqual([{ qualifier: '106', date: '2016-05-02' }]);
    expect(po.lines).toHaveLength(1);
    expect(po.lines[0]?.lineNumber).toBeUndefined();
    expect(po.lines[0]).toMatchObject({ quantity: 1, unitOfMeasure: 'KI', unitPrice: 225 });
    expect(po.lines[0]?.productIds.map((p) => p.qualifier)).toEqual(['VN', 'PD', 'SK']);
    expect(po.lineItemCount).toBe(1);
    expect(po.parties.map((p) => p.role)).toEqual(['VN', 'ST']);
  });

  it('reads SLN sub-lines with the unit from the first component of the C001 composite', () => {
    const po = mapFile('850/ediengine-850-sln-composite.edi');
    expect(po.lines[0]?.subLines).toEqual([
      {
        lineNumber: '1.1',
        relationship: 'I',
        quantity: 10000,
        unitOfMeasure: 'PC',
        unitPrice: 1.56,
        priceBasis: 'TP',
        productIds: [
          { qualifier: 'VC', value: 'P-875OS' },
          { qualifier: 'UI', value: '09999982001' },
        ],
      },
    ]);
    expect(po.lines[0]?.description).toBe('SMALL WIDGET');
  });

  it('reads the Canadian PO currency from CUR02', () => {
    expect(mapFile('850/bots-850-canadian-cad.edi').currency).toBe('CAD');
  });

  it('maps each of several sets in one group to its own document', () => {
    const sets = corpusSets('850/edifabric-850-multi-st.edi');
    expect(sets.length).toBeGreaterThan(1);
    for (const set of sets) expect(PurchaseOrderZ.safeParse(map850(set.segments, set.delimiters)).success).toBe(true);
  });

  it('keeps PO103 "INVALID" as sent (the validator, not the mapper, rejects it)', () => {
    const po = mapFile('850/edifabric-850-invalid-uom.edi');
    expect(po.lines.some((l) => l.unitOfMeasure === 'INVALID')).toBe(true);
  });

  it('maps every 850 of the corpus to a schema-valid document', () => {
    for (const path of [
      '850/bots-850-dropship-tilde-elem.edi',
      '850/bots-850-jit-multi-st.edi',
      '850/bots-850-pipe-elem.edi',
      '850/edinet-850-indented-tabs.edi',
      '850/edinet-850-missing-isa16.edi',
      '850/flextronics-850-pipe-term.edi',
      '850/oop-850-adobe-clp.edi',
      '850/oop-850-adobe-shrinkwrap.edi',
      '850/oop-850-adobe-tlp.edi',
      '850/oop-850-sitestuff.edi',
    ]) {
      for (const set of corpusSets(path)) {
        const po = map850(set.segments, set.delimiters);
        expect(PurchaseOrderZ.safeParse(po).success, path).toBe(true);
        expect(po.purchaseOrderNumber, path).not.toBe('');
      }
    }
  });
});

describe('map850 loop structure and edge cases', () => {
  it('puts an N1 loop inside a PO1 loop on the line, not the header', () => {
    const po = mapInline(`ST*850*1~BEG*00*SA*PO1**20240105~N1*BT*HQ~PO1*1*5*EA*2*PE*BP*X1~N1*ST*STORE 12*92*12~N3*1 MAIN ST~N4*AUSTIN*TX*78701~REF*DP*7~PO1*2*1*EA~SE*10*1~`);
    expect(po.parties.map((p) => p.role)).toEqual(['BT']);
    expect(po.lines[0]?.parties).toEqual([
      {
        role: 'ST',
        name: 'STORE 12',
        idQualifier: '92',
        id: '12',
        addressLines: ['1 MAIN ST'],
        city: 'AUSTIN',
        state: 'TX',
        postalCode: '78701',
        contacts: [],
        references: [{ qualifier: 'DP', value: '7' }],
      },
    ]);
    expect(po.lines[0]?.references).toEqual([]);
    expect(po.lines[1]?.parties).toEqual([]);
  });

  it('gives REF and PER after a header N1 to that party, and those before it to the header', () => {
    const po = mapInline(`ST*850*1~BEG*00*SA*PO1~REF*IA*V1~PER*BD*JANE*TE*5551234*EM*J@X.COM~N1*ST*DC~N2*DOCK 4~PER*RE*BOB~REF*ZZ*INNER~SE*8*1~`);
    expect(po.references).toEqual([{ qualifier: 'IA', value: 'V1' }]);
    expect(po.contacts).toEqual([
      { function: 'BD', name: 'JANE', channels: [{ qualifier: 'TE', value: '5551234' }, { qualifier: 'EM', value: 'J@X.COM' }] },
    ]);
    expect(po.parties[0]).toMatchObject({ role: 'ST', additionalNames: ['DOCK 4'], contacts: [{ function: 'RE', name: 'BOB', channels: [] }], references: [{ qualifier: 'ZZ', value: 'INNER' }] });
  });

  it('reads line SCH schedules, DTM dates, MSG notes and joins several PIDs', () => {
    const po = mapInline(`ST*850*1~BEG*00*SA*PO1~PO1*1*10*CA*3.5~PID*F****RED~PID*F*08***LARGE~DTM*010*20240201~SCH*4*CA***002*20240210~SCH*6*CA***002*240217~SCH*X*CA~MSG*FRAGILE~SE*9*1~`);
    const line = po.lines[0];
    expect(line?.description).toBe('RED; LARGE');
    expect(line?.dates).toEqual([{ qualifier: '010', date: '2024-02-01' }]);
    expect(line?.schedules).toEqual([
      { quantity: 4, unitOfMeasure: 'CA', dateQualifier: '002', date: '2024-02-10' },
      { quantity: 6, unitOfMeasure: 'CA', dateQualifier: '002', date: '2024-02-17' },
    ]);
    expect(line?.notes).toEqual(['FRAGILE']);
  });

  it('reads header FOB, SAC with its N2 amount, and trims padded values', () => {
    const po = mapInline(`ST*850*1~BEG* 00 *SA* PO-9 ~FOB*PP*OR*DALLAS~SAC*C*D240***12550~SE*5*1~`);
    expect(po.purpose).toBe('00');
    expect(po.purchaseOrderNumber).toBe('PO-9');
    expect(po.fob).toEqual({ paymentMethod: 'PP', locationQualifier: 'OR', location: 'DALLAS' });
    expect(po.allowancesCharges).toEqual([{ indicator: 'C', code: 'D240', amount: 125.5 }]);
  });

  it('does not throw on missing or garbled elements and still yields a schema-valid document', () => {
    const po = mapInline(`ST~BEG~BEG*00~PO1~PO1*1*many*EA*cheap~PID~PO4~SCH~DTM*002*notadate~N1~N3~N4~PER~REF~CTT*x~SE`);
    expect(PurchaseOrderZ.safeParse(po).success).toBe(true);
    expect(po.purpose).toBe('00');
    expect(po.lines).toHaveLength(2);
    expect(po.lines[1]).toMatchObject({ lineNumber: '1', unitOfMeasure: 'EA' });
    expect(po.lines[1]?.quantity).toBeUndefined();
    expect(po.lines[1]?.unitPrice).toBeUndefined();
    expect(po.lineItemCount).toBeUndefined();
  });

  it('maps an empty segment list to an empty but schema-valid order', () => {
    const po = map850([], inlineSegments('').delimiters);
    expect(PurchaseOrderZ.safeParse(po).success).toBe(true);
    expect(po.lines).toEqual([]);
  });
});
