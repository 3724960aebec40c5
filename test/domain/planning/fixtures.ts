import type { PurchaseOrder, PurchaseOrderLine } from '#schemas/documents/x12-documents.ts';
import { ItemZ, type Item } from '#schemas/master-data/item.ts';
import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { ForecastEntry } from '#domain/planning/forecast.ts';

export const NOW = '2025-03-03T09:00:00.000Z'; // a Monday

const person = (name: string, email: string) => ({ name, email });

export function acmeProfile(overrides: Record<string, unknown> = {}): PartnerProfile {
  return PartnerProfileZ.parse({
    id: 'ACME',
    name: 'Acme Assembly GmbH',
    isa: { qualifier: 'ZZ', id: 'ACMEASSY' },
    gsId: 'ACMEASSY',
    ours: { isaQualifier: 'ZZ', isaId: 'WIDGETCO', gsId: 'WIDGETCO' },
    version: '004010',
    usage: 'P',
    acks: { functional997: true, orderAck855: true, changeAck865: true, shipNotice856: true },
    contacts: {
      edi: person('EDI Desk', 'edi@widgetco.example'),
      planner: person('Pat Planner', 'pat.planner@widgetco.example'),
      customerService: person('Casey Service', 'cs@widgetco.example'),
      buyer: person('Bea Buyer', 'bea.buyer@acme.example'),
      expedite24x7: [person('Expedite Desk', 'expedite@widgetco.example')],
      allocationTeam: [person('Allocation Team', 'allocation@widgetco.example')],
    },
    escalationChain: [
      { role: 'manager', name: 'Mia Manager', email: 'mia@widgetco.example' },
      { role: 'director', name: 'Dan Director', email: 'dan@widgetco.example' },
    ],
    holdSlaHours: 8,
    lineDownCodes: ['LD', 'LINEDOWN'],
    ...overrides,
  });
}

export function bracketItem(overrides: Record<string, unknown> = {}): Item {
  return ItemZ.parse({
    vendorPart: 'WC-100',
    buyerParts: { ACME: 'BP-1001' },
    upc: '012345678905',
    description: 'Steel mounting bracket',
    unitOfMeasure: 'EA',
    packSize: 10,
    moq: 20,
    leadTimeDays: 14,
    safetyStock: 10,
    contractPrice: { ACME: 2.5 },
    currency: 'USD',
    planner: person('Pat Planner', 'pat.planner@widgetco.example'),
    escalation: {
      owner: person('Olga Owner', 'olga@widgetco.example'),
      manager: person('Mia Manager', 'mia@widgetco.example'),
      director: person('Dan Director', 'dan@widgetco.example'),
      vp: person('Vera VP', 'vera@widgetco.example'),
    },
    ...overrides,
  });
}

export function line(overrides: Partial<PurchaseOrderLine> = {}): PurchaseOrderLine {
  return {
    lineNumber: '1',
    quantity: 120,
    unitOfMeasure: 'EA',
    unitPrice: 2.5,
    productIds: [{ qualifier: 'BP', value: 'BP-1001' }],
    dates: [{ qualifier: '010', date: '2025-04-07' }],
    schedules: [],
    references: [],
    notes: [],
    parties: [],
    ...overrides,
  };
}

export function order(lines: PurchaseOrderLine[], overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return {
    type: '850',
    controlNumber: '0001',
    purpose: '00',
    orderType: 'SA',
    purchaseOrderNumber: '4500012345',
    orderDate: '2025-03-01',
    currency: 'USD',
    references: [],
    dates: [],
    parties: [{ role: 'ST', name: 'Acme Plant 1', idQualifier: '92', id: 'PLANT1', addressLines: [], contacts: [] }],
    contacts: [],
    notes: [],
    lines,
    ...overrides,
  };
}

export function forecast(overrides: Partial<ForecastEntry> = {}): ForecastEntry {
  return {
    partnerId: 'ACME',
    shipTo: 'PLANT1',
    item: 'WC-100',
    periodStart: '2025-04-07',
    periodEnd: '2025-04-13',
    quantity: 120,
    forecastQualifier: 'D',
    timingQualifier: 'W',
    ...overrides,
  };
}
