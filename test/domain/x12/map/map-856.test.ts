import { beforeAll, describe, expect, it } from 'vitest';
import { map856 } from '#domain/x12/map/map-856.ts';
import { ShipNoticeZ, type ShipNoticeNode, type ShipNotice } from '#schemas/documents/x12-documents.ts';
import { corpusSets, firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map856(set.segments, set.delimiters);
};
const depth = (nodes: ShipNoticeNode[]): number => (nodes.length === 0 ? 0 : 1 + Math.max(...nodes.map((n) => depth(n.children))));
const flatten = (nodes: ShipNoticeNode[]): ShipNoticeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe.skipIf(!HAS_CORPUS)(`map856 on the retail SOPI ASN (bots-856-sopi-retail) ${NEEDS_CORPUS}`, () => {
  let asn: ShipNotice;
  let nodes: ShipNoticeNode[];
  beforeAll(() => {
    asn = mapFile('856/bots-856-sopi-retail.edi');
    nodes = flatten(asn.hierarchy);
  });

  it('reads BSN shipment id, date, time and structure code', () => {
    expect(asn).toMatchObject({ controlNumber: '0062', purpose: '00', shipmentId: '15918861602', shipDate: '2004-08-05', shipTime: '00:00', structureCode: '0001', lineItemCount: 58 });
  });

  it('builds the S → O → P → I tree from HL01/HL02: one shipment, one order, three packs, 63 HLs', () => {
    expect(asn.hierarchy).toHaveLength(1);
    expect(depth(asn.hierarchy)).toBe(4);
    expect(nodes).toHaveLength(63);
    const shipment = asn.hierarchy[0];
    expect(shipment?.level).toBe('S');
    expect(shipment?.children.map((c) => [c.id, c.level])).toEqual([['2', 'O']]);
    expect(shipment?.children[0]?.children.map((p) => [p.id, p.level, p.children.length])).toEqual([
      ['3', 'P', 4],
      ['8', 'P', 2],
      ['11', 'P', 52],
    ]);
  });

  it('reads the SSCC-18 MAN*GM marks of each pack', () => {
    const packs = nodes.filter((n) => n.level === 'P');
    expect(packs.map((p) => p.marks)).toEqual([
      [{ qualifier: 'GM', value: '0000123456781234567892' }],
      [{ qualifier: 'GM', value: '0000123456781234567891' }],
      [{ qualifier: 'GM', value: '0000123456781234567890' }],
    ]);
  });

  it('reads PRF into the order level and the shipment DTM and N1s into the shipment level', () => {
    const order = asn.hierarchy[0]?.children[0];
    expect(order?.purchaseOrderNumber).toBe('ordernumber');
    expect(order?.purchaseOrderDate).toBe('2004-08-08');
    expect(asn.hierarchy[0]?.dates).toEqual([{ qualifier: '017', date: '2004-08-05' }]);
    expect(asn.hierarchy[0]?.parties.map((p) => [p.role, p.idQualifier, p.id])).toEqual([
      ['ST', '92', 'DESTINATION1'],
      ['SH', '92', 'XXXXXX'],
    ]);
  });

  it('reads LIN ids and SN1 quantities into each item level', () => {
    const items = nodes.filter((n) => n.level === 'I');
    expect(items).toHaveLength(58);
    expect(items[0]?.parentId).toBe('3');
    expect(items[0]?.item).toEqual({
      lineNumber: '4',
      productIds: [
        { qualifier: 'UP', value: '058824077500' },
        { qualifier: 'BP', value: '01113481' },
      ],
      quantityShipped: 11,
      unitOfMeasure: 'EA',
    });
    expect(items.reduce((sum, n) => sum + (n.item?.quantityShipped ?? 0), 0)).toBe(427);
  });

  it('produces a document the ShipNotice schema accepts', () => {
    expect(ShipNoticeZ.safeParse(asn).success).toBe(true);
  });
});

describe.skipIf(!HAS_CORPUS)(`map856 on other ASNs ${NEEDS_CORPUS}`, () => {
  it('reads the crossdock ASN: shipment TD1/TD5/REF/DTM/N1, two orders with packs and items', () => {
    const asn = mapFile('856/ediengine-856-crossdock.edi');
    const shipment = asn.hierarchy[0];
    expect(shipment?.packaging).toEqual([{ packagingCode: 'CTN', ladingQuantity: 5, weight: 24, weightUnit: 'LB' }]);
    expect(shipment?.carriers).toEqual([{ scac: 'OVNT', routing: 'OVERNITE' }]);
    expect(shipment?.references.map((r) => r.qualifier)).toEqual(['BM', 'CN', 'SE']);
    expect(shipment?.dates.map((d) => d.qualifier)).toEqual(['011', '017']);
    expect(shipment?.parties[0]).toMatchObject({ role: 'SF', addressLines: ['SOME STREET'], city: 'CITY', state: 'CA', postalCode: '90210' });
    expect(shipment?.children.map((o) => [o.purchaseOrderNumber, o.children.length])).toEqual([
      ['POREF00', 4],
      ['POREF01', 1],
    ]);
    expect(shipment?.children[0]?.children[1]?.children[0]?.item?.productIds).toEqual([{ qualifier: 'EN', value: '0000000000831' }]);
    expect(ShipNoticeZ.safeParse(asn).success).toBe(true);
  });

  it('reads a shifted HL*1*S (HL02 left out) as a root shipment level and keeps going', () => {
    const asn = mapFile('856/lear-856-2040-broken.edi');
    expect(asn.hierarchy.map((n) => [n.id, n.level, n.parentId])).toEqual([['1', 'S', undefined]]);
    expect(asn.hierarchy[0]?.children.map((n) => n.level)).toEqual(['I', 'I', 'I']);
    expect(asn.shipDate).toBe('2019-02-14');
    expect(asn.dates).toEqual([{ qualifier: '011', date: '2019-02-14', time: '13:21' }]);
    expect(ShipNoticeZ.safeParse(asn).success).toBe(true);
  });

  it('maps every 856 of the corpus to a schema-valid document with a non-empty hierarchy', () => {
    for (const path of [
      '856/bots-856-plus-apostrophe.edi',
      '856/nodex12-856-4060.edi',
      '856/oop-856-3060.edi',
      '856/oop-856-davidyurman.edi',
      '856/oop-856-retail-pipe-comp.edi',
      '856/oop-856-steel-tilde.edi',
    ]) {
      for (const set of corpusSets(path)) {
        const asn = map856(set.segments, set.delimiters);
        expect(ShipNoticeZ.safeParse(asn).success, path).toBe(true);
        expect(asn.hierarchy.length, path).toBeGreaterThan(0);
      }
    }
  });
});

describe('map856 edge cases', () => {
  const map = (text: string) => {
    const { segments, delimiters } = inlineSegments(text);
    return map856(segments, delimiters);
  };

  it('makes an HL whose parent id is unknown a root instead of dropping it', () => {
    const asn = map(`ST*856*1~BSN*00*S1*240105*0800~HL*1**S~HL*2*9*O~PRF*PO1~SE*6*1~`);
    expect(asn.hierarchy.map((n) => [n.id, n.parentId, n.level])).toEqual([
      ['1', undefined, 'S'],
      ['2', '9', 'O'],
    ]);
    expect(asn.shipDate).toBe('2024-01-05');
    expect(asn.shipTime).toBe('08:00');
  });

  it('reads SN1 without LIN, SN105 ordered quantity, PID description and MAN ranges', () => {
    const asn = map(`ST*856*1~BSN*00*S1~HL*1**S~HL*2*1*I~SN1*7*10*CA**12*CA~PID*F****BLUE MUG~MAN*GM*001*002*CP*ABC~SE*7*1~`);
    const item = asn.hierarchy[0]?.children[0];
    expect(item?.item).toEqual({ lineNumber: '7', productIds: [], quantityShipped: 10, unitOfMeasure: 'CA', quantityOrdered: 12, description: 'BLUE MUG' });
    expect(item?.marks).toEqual([
      { qualifier: 'GM', value: '001' },
      { qualifier: 'CP', value: 'ABC' },
    ]);
  });

  it('ignores segments before the first HL other than BSN and DTM, and never throws on blanks', () => {
    const asn = map(`ST~BSN~REF*BM*1~DTM~HL~LIN~SN1~TD1~TD5~N1~N3~SE`);
    expect(ShipNoticeZ.safeParse(asn).success).toBe(true);
    expect(asn.hierarchy).toHaveLength(1);
    expect(asn.hierarchy[0]?.id).toBe('');
  });
});
