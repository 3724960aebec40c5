/** Realistic outbound documents, settings and a golden-file helper shared by the writer tests. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { X12Parser } from 'node-x12';
import { expect } from 'vitest';
import type {
  ChangeAcknowledgment,
  FunctionalAcknowledgment,
  OrderAcknowledgment,
  Party,
  ShipNotice,
  ShipNoticeNode,
} from '#schemas/documents/x12-documents.ts';
import type { ControlNumbers, EnvelopeSettings, Segment } from '#domain/x12/types.ts';

export const settings4010: EnvelopeSettings = {
  senderQualifier: 'ZZ',
  senderId: 'ACMEMFG',
  receiverQualifier: '01',
  receiverId: '123456789',
  version: '004010',
  delimiters: { element: '*', component: '>', segment: '~' },
  usageIndicator: 'P',
  acknowledgmentRequested: false,
  lineBreaks: true,
};

export const settings5010: EnvelopeSettings = {
  ...settings4010,
  version: '005010',
  versionSuffix: 'X231',
  delimiters: { element: '*', component: ':', repetition: '^', segment: '~' },
  usageIndicator: 'T',
  acknowledgmentRequested: true,
};

export const numbers: ControlNumbers = { interchange: 1207, group: 1207, firstSet: 1 };
export const now = { date: '20240302', time: '0915' };

const shipTo: Party = {
  role: 'ST',
  name: 'WIDGETCO DISTRIBUTION CENTER 12',
  idQualifier: '92',
  id: 'DC12',
  addressLines: ['1200 INDUSTRIAL PKWY', 'DOCK 4'],
  city: 'COLUMBUS',
  state: 'OH',
  postalCode: '43215',
  country: 'US',
  contacts: [{ function: 'RE', name: 'RECEIVING', channels: [{ qualifier: 'TE', value: '6145550100' }] }],
};

const supplier: Party = { role: 'SU', name: 'ACME MANUFACTURING', idQualifier: '92', id: 'V7781', addressLines: [], contacts: [] };

const noLineExtras = { dates: [], schedules: [], references: [], notes: [], parties: [] };

/** 855: one line accepted, one quantity changed, one rejected, one rescheduled. */
export const orderAck: OrderAcknowledgment = {
  type: '855',
  controlNumber: '0001',
  purpose: '00',
  acknowledgmentType: 'AC',
  purchaseOrderNumber: '4500012345',
  orderDate: '2024-03-01',
  acknowledgmentDate: '2024-03-02',
  currency: 'USD',
  references: [{ qualifier: 'VN', value: 'SO-778812' }],
  dates: [{ qualifier: '002', date: '2024-03-15' }],
  parties: [shipTo, supplier],
  contacts: [],
  notes: [],
  lines: [
    {
      lineNumber: '1',
      quantity: 100,
      unitOfMeasure: 'EA',
      unitPrice: 12.5,
      priceBasis: 'PE',
      productIds: [
        { qualifier: 'BP', value: 'WC-10045' },
        { qualifier: 'VP', value: 'AC-2200-BLK' },
      ],
      description: 'BRACKET, STEEL, BLACK POWDER COAT',
      ...noLineExtras,
      acks: [{ status: 'IA', quantity: 100, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-03-15' }],
    },
    {
      lineNumber: '2',
      quantity: 250,
      unitOfMeasure: 'EA',
      unitPrice: 3.075,
      priceBasis: 'PE',
      productIds: [
        { qualifier: 'BP', value: 'WC-10046' },
        { qualifier: 'VP', value: 'AC-2210' },
      ],
      ...noLineExtras,
      acks: [{ status: 'IQ', quantity: 200, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-03-15' }],
    },
    {
      lineNumber: '3',
      quantity: 50,
      unitOfMeasure: 'CA',
      unitPrice: 48,
      priceBasis: 'PE',
      productIds: [{ qualifier: 'BP', value: 'WC-99999' }],
      ...noLineExtras,
      acks: [{ status: 'IR', quantity: 50, unitOfMeasure: 'CA' }],
    },
    {
      lineNumber: '4',
      quantity: 75,
      unitOfMeasure: 'EA',
      unitPrice: 0.85,
      priceBasis: 'PE',
      productIds: [
        { qualifier: 'BP', value: 'WC-10050' },
        { qualifier: 'UP', value: '012345678905' },
      ],
      ...noLineExtras,
      acks: [{ status: 'DR', quantity: 75, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-03-29' }],
    },
  ],
};

const emptyNode = { marks: [], packaging: [], carriers: [], references: [], dates: [], parties: [], children: [] };

function itemNode(id: string, lineNumber: string, buyerPart: string, upc: string, quantity: number): ShipNoticeNode {
  return {
    ...emptyNode,
    id,
    level: 'I',
    item: {
      lineNumber,
      productIds: [
        { qualifier: 'BP', value: buyerPart },
        { qualifier: 'UP', value: upc },
      ],
      quantityShipped: quantity,
      unitOfMeasure: 'EA',
    },
  };
}

/** 856 S → O → P (two cartons with SSCC-18) → I. */
export const shipNotice: ShipNotice = {
  type: '856',
  controlNumber: '0001',
  purpose: '00',
  shipmentId: 'SH-20240308-001',
  shipDate: '2024-03-08',
  shipTime: '14:30',
  structureCode: '0001',
  hierarchy: [
    {
      ...emptyNode,
      id: '1',
      level: 'S',
      packaging: [{ packagingCode: 'CTN25', ladingQuantity: 2, weightQualifier: 'G', weight: 41.5, weightUnit: 'LB' }],
      carriers: [{ scac: 'UPSN', transportMethod: 'U', routing: 'UPS GROUND' }],
      references: [
        { qualifier: 'BM', value: 'BOL7781200' },
        { qualifier: 'CN', value: '1Z999AA10123456784' },
      ],
      dates: [
        { qualifier: '011', date: '2024-03-08' },
        { qualifier: '017', date: '2024-03-12' },
      ],
      parties: [
        { ...shipTo, contacts: [] },
        { role: 'SF', name: 'ACME MANUFACTURING', idQualifier: '92', id: 'PLANT1', addressLines: [], contacts: [] },
      ],
      children: [
        {
          ...emptyNode,
          id: '2',
          level: 'O',
          purchaseOrderNumber: '4500012345',
          purchaseOrderDate: '2024-03-01',
          children: [
            {
              ...emptyNode,
              id: '3',
              level: 'P',
              marks: [{ qualifier: 'GM', value: '00006141411234567890' }],
              children: [itemNode('4', '1', 'WC-10045', '012345678905', 60)],
            },
            {
              ...emptyNode,
              id: '5',
              level: 'P',
              marks: [{ qualifier: 'GM', value: '00106141411234567897' }],
              children: [itemNode('6', '1', 'WC-10045', '012345678905', 40), itemNode('7', '2', 'WC-10046', '012345678912', 200)],
            },
          ],
        },
      ],
    },
  ],
};

/** 865: the seller confirms a buyer's quantity change and reschedules the line. */
export const changeAck: ChangeAcknowledgment = {
  type: '865',
  controlNumber: '0001',
  purpose: '00',
  acknowledgmentType: 'AC',
  purchaseOrderNumber: '4500012345',
  changeSequence: '3',
  orderDate: '2024-03-01',
  acknowledgmentDate: '2024-03-05',
  references: [],
  dates: [],
  parties: [supplier],
  contacts: [],
  notes: ['QTY CHANGE ACCEPTED, SHIP DATE MOVED ONE WEEK'],
  lines: [
    {
      lineNumber: '2',
      changeType: 'QI',
      quantity: 300,
      quantityLeftToReceive: 300,
      unitOfMeasure: 'EA',
      unitPrice: 3.075,
      priceBasis: 'PE',
      productIds: [{ qualifier: 'BP', value: 'WC-10046' }],
      ...noLineExtras,
      acks: [{ status: 'IC', quantity: 300, unitOfMeasure: 'EA', dateQualifier: '068', date: '2024-03-22' }],
    },
  ],
};

export function fa(overrides: Partial<FunctionalAcknowledgment>): FunctionalAcknowledgment {
  return {
    type: '997',
    controlNumber: '0001',
    group: { functionalId: 'PO', controlNumber: '4471' },
    sets: [],
    status: 'A',
    includedSets: 0,
    receivedSets: 0,
    acceptedSets: 0,
    errorCodes: [],
    ...overrides,
  };
}

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));

/** Compares `text` exactly with `golden/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, text: string): void {
  const path = `${goldenDir}${name}`;
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, text);
  expect(existsSync(path), `golden file ${name} (run with UPDATE_GOLDEN=1 to create it)`).toBe(true);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/**
 * Parses `text` with node-x12's strict parser (throws on bad ISA length, IEA/GE/SE counts or
 * control numbers, segments outside their envelope) and returns the counts it saw.
 */
export function parseStrict(text: string): { groups: number; sets: number[]; segmentsPerSet: number[][] } {
  const parsed = new X12Parser(true).parse(text);
  const interchanges = 'interchanges' in parsed ? parsed.interchanges : [parsed];
  const groups = interchanges.flatMap((i) => i.functionalGroups);
  return {
    groups: groups.length,
    sets: groups.map((g) => g.transactions.length),
    // node-x12 keeps ST/SE as header/trailer, so +2 gives SE01.
    segmentsPerSet: groups.map((g) => g.transactions.map((t) => t.segments.length + 2)),
  };
}

/** Segment tags with their elements, `*`-joined: a compact view for assertions. */
export function show(segments: readonly Segment[]): string[] {
  return segments.map((s) => [s.tag, ...s.elements].join('*').replaceAll('\u001F', ':'));
}
