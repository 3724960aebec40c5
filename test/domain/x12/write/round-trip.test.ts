/**
 * Write → read → equal, over random outbound documents (fast-check). The reader here is
 * `translateText` (tokenizer + envelope + validator + mappers); `functions/domain/x12/reader.ts`
 * does not exist yet.
 *
 * Normalised before comparing, because writing defines them: ST02 (allocated by the writer),
 * CTT01 (`lineItemCount`, counted by the writer), the 856 HL ids/parent ids (renumbered
 * depth-first by the writer).
 *
 * Header notes travel as `N9*L1` + MSG (L1 = letters or notes) and come back as notes.
 * Not generated, on purpose: fields the writers do not write (FOB, ITD, SAC, AMT, PO4, SLN, header TD5 of 855/865);
 * 005010-only 997 elements (AK103, AK203, AK401-3), since the round trip runs in 004010.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  ChangeAcknowledgment,
  FunctionalAcknowledgment,
  OrderAcknowledgment,
  Party,
  ShipNotice,
  ShipNoticeNode,
  TypedDocument,
} from '#schemas/documents/x12-documents.ts';
import { translateText } from '#domain/x12/translate.ts';
import { sscc18 } from '#domain/x12/write/sscc.ts';
import { writeDocuments } from '#domain/x12/write/write-interchange.ts';
import { numbers, now, settings4010 } from './fixtures.ts';

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const id = (max = 10) => fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${max - 1}}$`));
const text = (min = 1, max = 30) => fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 ,.&/-]{${Math.max(0, min - 2)},${max - 2}}[A-Z0-9]$`));
const isoDate = fc.record({ y: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(
  ({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
);
const hhmm = fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) }).map(({ h, m }) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const quantity = fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 100);
const uom = fc.constantFrom('EA', 'CA', 'BX', 'PK');
const productId = fc.record({ qualifier: fc.constantFrom('BP', 'VP', 'UP', 'IN'), value: id(20) });
const reference = fc.record({ qualifier: fc.constantFrom('VN', 'DP', 'IA', 'PD'), value: id(20), description: opt(text(1, 40)) });
const dateRef = fc.record({ qualifier: fc.constantFrom('002', '010', '011', '017', '068'), date: isoDate, time: opt(hhmm) });
const contact = fc.record({
  function: fc.constantFrom('IC', 'RE', 'BD'),
  name: opt(text()),
  channels: fc.array(fc.record({ qualifier: fc.constantFrom('TE', 'FX', 'EM'), value: fc.stringMatching(/^\d{10}$/) }), { maxLength: 3 }),
});
const party: fc.Arbitrary<Party> = fc
  .record({
    role: fc.constantFrom('ST', 'BT', 'SF', 'SU', 'BY'),
    name: text(),
    ids: opt(fc.record({ idQualifier: fc.constantFrom('92', '91', '1'), id: fc.stringMatching(/^[A-Z0-9]{2,12}$/) })),
    addressLines: fc.array(text(1, 40), { maxLength: 4 }),
    city: opt(text(2, 20)),
    state: opt(fc.constantFrom('OH', 'CA', 'ON')),
    postalCode: opt(fc.stringMatching(/^\d{5}$/)),
    country: opt(fc.constantFrom('US', 'CA')),
    contacts: fc.array(contact, { maxLength: 2 }),
  })
  .map(({ ids, ...p }) => ({ ...p, ...ids }));
const lineAck = fc
  .record({
    status: fc.constantFrom('IA', 'IB', 'IC', 'IQ', 'IR', 'DR', 'IP'),
    qty: opt(fc.record({ quantity, unitOfMeasure: uom })),
    when: opt(fc.record({ dateQualifier: fc.constantFrom('068', '067', '017'), date: isoDate })),
  })
  .map(({ status, qty, when }) => ({ status, ...qty, ...when }));
const schedule = fc.record({ quantity, unitOfMeasure: uom, dateQualifier: fc.constantFrom('002', '010'), date: isoDate });
const price = opt(fc.record({ unitPrice: quantity, priceBasis: fc.constantFrom('PE', 'CP') }));
const lineCore = {
  lineNumber: opt(fc.stringMatching(/^[1-9]\d{0,3}$/)),
  productIds: fc.array(productId, { maxLength: 3 }),
  description: opt(text(1, 80)),
  dates: fc.array(dateRef, { maxLength: 2 }),
  schedules: fc.array(schedule, { maxLength: 2 }),
  references: fc.array(reference, { maxLength: 2 }),
  parties: fc.array(party, { maxLength: 1 }),
  acks: fc.array(lineAck, { minLength: 1, maxLength: 2 }),
  price,
};
const header = {
  purpose: fc.constantFrom('00', '05', '06'),
  acknowledgmentType: fc.constantFrom('AC', 'AD', 'RD', 'AK'),
  purchaseOrderNumber: id(22),
  orderDate: isoDate,
  releaseNumber: opt(id(30)),
  acknowledgmentDate: opt(isoDate),
  currency: opt(fc.constantFrom('USD', 'CAD')),
  references: fc.array(reference, { maxLength: 2 }),
  dates: fc.array(dateRef, { maxLength: 2 }),
  parties: fc.array(party, { maxLength: 2 }),
  contacts: fc.array(contact, { maxLength: 2 }),
  notes: fc.array(text(1, 60), { maxLength: 3 }),
};

const orderAck: fc.Arbitrary<OrderAcknowledgment> = fc
  .record({
    ...header,
    requestReference: opt(id(45)),
    contractNumber: opt(id(30)),
    sellerOrderNumber: opt(id(30)),
    lines: fc.array(fc.record({ ...lineCore, qty: opt(fc.record({ quantity, unitOfMeasure: uom })) }), { maxLength: 4 }),
  })
  .map(({ lines, ...h }) => ({
    type: '855',
    controlNumber: '0001',
    ...h,
    lines: lines.map(({ qty, price: p, ...l }) => ({ ...l, ...qty, ...p, notes: [] })),
  }));

const changeAck: fc.Arbitrary<ChangeAcknowledgment> = fc
  .record({
    ...header,
    changeSequence: opt(fc.stringMatching(/^\d{1,8}$/)),
    sellerOrderNumber: opt(id(30)),
    lines: fc.array(
      fc.record({
        ...lineCore,
        changeType: fc.constantFrom('QI', 'QD', 'PC', 'AI', 'DI', 'CA'),
        qty: opt(fc.record({ quantity, quantityLeftToReceive: quantity, unitOfMeasure: uom })),
        productIds: fc.array(productId, { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ lines, ...h }) => ({
    type: '865',
    controlNumber: '0001',
    ...h,
    lines: lines.map(({ qty, price: p, ...l }) => ({ ...l, ...qty, ...p, notes: [] })),
  }));

const baseNode = { marks: [], packaging: [], carriers: [], references: [], dates: [], parties: [], children: [] };
const ssccArb = fc.stringMatching(/^\d{9}$/).map((serial) => sscc18(0, '0614141', serial));
const itemNode = fc
  .record({
    lineNumber: opt(fc.stringMatching(/^[1-9]\d{0,3}$/)),
    productIds: fc.array(productId, { minLength: 1, maxLength: 3 }),
    quantityShipped: quantity,
    unitOfMeasure: uom,
    quantityOrdered: opt(quantity),
    description: opt(text(1, 80)),
  })
  .map((item): ShipNoticeNode => ({ ...baseNode, id: '', level: 'I', item }));
const packNode = fc
  .record({ sscc: ssccArb, children: fc.array(itemNode, { minLength: 1, maxLength: 3 }) })
  .map(({ sscc, children }): ShipNoticeNode => ({ ...baseNode, id: '', level: 'P', marks: [{ qualifier: 'GM', value: `00${sscc}` }], children }));
const orderNode = fc
  .record({ purchaseOrderNumber: id(22), purchaseOrderDate: opt(isoDate), children: fc.array(packNode, { minLength: 1, maxLength: 2 }) })
  .map((o): ShipNoticeNode => ({ ...baseNode, id: '', level: 'O', ...o }));
const shipmentNode = fc
  .record({
    packaging: fc.array(fc.record({ packagingCode: fc.constantFrom('CTN25', 'PLT94'), ladingQuantity: fc.integer({ min: 1, max: 999 }), weightQualifier: fc.constant('G'), weight: quantity, weightUnit: fc.constantFrom('LB', 'KG') }), { maxLength: 1 }),
    carriers: fc.array(fc.record({ scac: fc.stringMatching(/^[A-Z]{4}$/), transportMethod: fc.constantFrom('M', 'U', 'A'), routing: opt(text(1, 35)) }), { maxLength: 1 }),
    references: fc.array(fc.record({ qualifier: fc.constantFrom('BM', 'CN'), value: id(30) }), { maxLength: 2 }),
    dates: fc.array(fc.record({ qualifier: fc.constantFrom('011', '017'), date: isoDate }), { maxLength: 2 }),
    parties: fc.array(party, { maxLength: 2 }),
    children: fc.array(orderNode, { minLength: 1, maxLength: 2 }),
  })
  .map((s): ShipNoticeNode => ({ ...baseNode, id: '', level: 'S', ...s }));
const shipNotice: fc.Arbitrary<ShipNotice> = fc
  .record({ shipmentId: fc.stringMatching(/^[A-Z0-9]{2,20}$/), shipDate: isoDate, shipTime: hhmm, root: shipmentNode })
  .map(({ root, ...b }) => ({ type: '856', controlNumber: '0001', purpose: '00', structureCode: '0001', ...b, hierarchy: [root] }));

const ak718 = fc.constantFrom('1', '2', '3', '4', '5', '6', '7');
const functionalAck: fc.Arbitrary<FunctionalAcknowledgment> = fc.record({
  type: fc.constant('997' as const),
  controlNumber: fc.constant('0001'),
  group: fc.record({ functionalId: fc.constantFrom('PO', 'PC', 'PS'), controlNumber: fc.stringMatching(/^[1-9]\d{0,8}$/) }),
  sets: fc.array(
    fc.record({
      setId: fc.constantFrom('850', '860', '830'),
      controlNumber: fc.stringMatching(/^\d{4,9}$/),
      segmentErrors: fc.array(
        fc.record({
          segmentId: fc.constantFrom('BEG', 'PO1', 'N1', 'ZZZ'),
          position: fc.integer({ min: 1, max: 999_999 }),
          loopId: opt(fc.constantFrom('PO1', 'N1')),
          code: fc.constantFrom('1', '2', '3', '8'),
          elementErrors: fc.array(
            fc.record({ position: fc.integer({ min: 1, max: 99 }), componentPosition: opt(fc.integer({ min: 1, max: 99 })), elementReference: opt(fc.stringMatching(/^[1-9]\d{0,3}$/)), code: fc.constantFrom('1', '4', '5', '6', '7', '8'), value: opt(id(20)) }),
            { maxLength: 3 },
          ),
        }),
        { maxLength: 2 },
      ),
      status: fc.constantFrom('A', 'E', 'R'),
      errorCodes: fc.uniqueArray(ak718, { maxLength: 5 }),
    }),
    { maxLength: 3 },
  ),
  status: fc.constantFrom('A', 'E', 'P', 'R'),
  includedSets: fc.integer({ min: 0, max: 999 }),
  receivedSets: fc.integer({ min: 0, max: 999 }),
  acceptedSets: fc.integer({ min: 0, max: 999 }),
  errorCodes: fc.uniqueArray(fc.constantFrom('1', '2', '3', '4', '5', '6'), { maxLength: 5 }),
});

/** What the reader must give back for `doc` written as the only set of an interchange. */
function expected(doc: TypedDocument): TypedDocument {
  const renumber = (roots: ShipNoticeNode[]): ShipNoticeNode[] => {
    let next = 1;
    const visit = (n: ShipNoticeNode, parentId: string | undefined): ShipNoticeNode => {
      const nodeId = String(next++);
      const { parentId: _, ...rest } = n;
      return { ...rest, id: nodeId, ...(parentId === undefined ? {} : { parentId }), children: n.children.map((c) => visit(c, nodeId)) };
    };
    return roots.map((r) => visit(r, undefined));
  };
  const count = (roots: ShipNoticeNode[]): number => roots.reduce((sum, n) => sum + 1 + count(n.children), 0);
  switch (doc.type) {
    case '855':
    case '865':
      return { ...doc, controlNumber: '0001', ...(doc.lines.length > 0 ? { lineItemCount: doc.lines.length } : {}) };
    case '856':
      return { ...doc, controlNumber: '0001', hierarchy: renumber(doc.hierarchy), lineItemCount: count(doc.hierarchy) };
    default:
      return { ...doc, controlNumber: '0001' };
  }
}

function readBack(doc: TypedDocument): { document: unknown; errors: unknown[] } {
  const result = translateText(writeDocuments([doc], settings4010, numbers, now));
  return { document: result.documents[0]?.document, errors: result.diagnostics.filter((d) => d.severity === 'error') };
}

describe('write → read round trip', () => {
  it.each([
    ['855', orderAck],
    ['865', changeAck],
    ['856', shipNotice],
    ['997', functionalAck],
  ] as const)('reads back every random %s as written, without error diagnostics', (_, arb) => {
    fc.assert(
      fc.property(arb as fc.Arbitrary<TypedDocument>, (doc) => {
        const { document, errors } = readBack(doc);
        expect(errors).toEqual([]);
        expect(document).toEqual(expected(doc));
      }),
      { numRuns: 150 },
    );
  });
});
