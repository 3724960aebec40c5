/**
 * The bundled demo: master data, supply plan and inbound X12 for three trading partners, anchored
 * at DEMO TODAY (Monday 2026-11-23). Deterministic: no clock, no randomness — every quantity, date
 * and control number below is written out or derived from them, so regenerating gives the same bytes.
 *
 *     node --import tsx samples/generate-samples.ts [OUT_DIR]     (default: this folder)
 *
 * `test/samples/samples.test.ts` regenerates into a temp dir and compares with the committed files,
 * then checks that the planning core finds exactly the stories told here (see `FILE_STORIES`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// ─── the calendar ────────────────────────────────────────────────────────────────────────────

/** DEMO TODAY: a Monday; week 0 of the supply plan and the forecasts starts on it. */
export const DEMO_TODAY = '2026-11-23';
export const DEMO_TIME_ZONE = 'America/Chicago';
/** The instant the demo runs at: 10:00 in Chicago, after every file below was sent. */
export const DEMO_NOW = '2026-11-23T16:00:00Z';
export const WEEKS = 12;

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of week `w` (week 0 = the week of DEMO TODAY). */
export function weekStart(w: number): string {
  return addDays(DEMO_TODAY, 7 * w);
}

const compact = (date: string): string => date.replaceAll('-', '');

// ─── our company and the people ──────────────────────────────────────────────────────────────

export const SUPPLIER = {
  name: 'Keystone Precision Components',
  isaId: 'KEYSTONEPC',
  duns: '079312846',
  gsId: 'KEYSTONEPC',
  /** Our supplier number in the partners' systems. */
  vendorNumber: 'KPC00417',
};

interface Person {
  name: string;
  email: string;
}

const person = (name: string, email: string): Person => ({ name, email });

const PEOPLE = {
  priya: person('Priya Natarajan', 'priya.natarajan@example.com'),
  marcus: person('Marcus Oyelaran', 'marcus.oyelaran@example.com'),
  elena: person('Elena Kowalczyk', 'elena.kowalczyk@example.com'),
  tomas: person('Tomas Rivera', 'tomas.rivera@example.com'),
  grace: person('Grace Lindqvist', 'grace.lindqvist@example.com'),
  daniel: person('Daniel Achebe', 'daniel.achebe@example.com'),
  sofia: person('Sofia Marchetti', 'sofia.marchetti@example.com'),
  robert: person('Robert Haldane', 'robert.haldane@example.com'),
  jordan: person('Jordan Pike', 'jordan.pike@example.com'),
  renee: person('Renee Castillo', 'renee.castillo@example.com'),
  mei: person('Mei Tanaka', 'mei.tanaka@example.com'),
  expediteDesk: person('Expedite Desk (24x7)', 'expedite@example.com'),
  luis: person('Luis Ferreira (on call)', 'luis.ferreira@example.com'),
  allocation: person('Allocation Team', 'allocation@example.com'),
  nadia: person('Nadia Brooks', 'nadia.brooks@example.com'),
  ines: person('Ines Duarte', 'ines.duarte@example.com'),
  henrik: person('Henrik Olsen', 'henrik.olsen@example.com'),
  amara: person('Amara Okafor', 'amara.okafor@example.com'),
};

/** Bought-in parts: the supplier contact a P1 asks for the date, and purchasing's manager → director → VP. */
const BOUGHT_IN: Readonly<Record<string, { supplier: { name: string; email: string }; purchasing: readonly { name: string; email: string }[] }>> = {
  'KPC-3310': { supplier: person('Karin Vogt (Rheinfeld Stanztechnik)', 'karin.vogt@rheinfeld-stanz.example.net'), purchasing: [PEOPLE.ines, PEOPLE.henrik, PEOPLE.amara] },
};

/** Product families: planner (= owner, the one responsible person) and manager; one director and VP for all. */
const FAMILIES = {
  fasteners: { planner: PEOPLE.priya, manager: PEOPLE.grace },
  machined: { planner: PEOPLE.marcus, manager: PEOPLE.daniel },
  electronics: { planner: PEOPLE.elena, manager: PEOPLE.daniel },
  chemicals: { planner: PEOPLE.tomas, manager: PEOPLE.grace },
} as const;
type Family = keyof typeof FAMILIES;

// ─── partners ────────────────────────────────────────────────────────────────────────────────

export type PartnerId = 'ACME' | 'BOLT' | 'CIRRUS';
export const PARTNER_IDS: readonly PartnerId[] = ['ACME', 'BOLT', 'CIRRUS'];

interface PartnerWire {
  isaQualifier: string;
  isaId: string;
  gsId: string;
  ours: { isaQualifier: string; isaId: string; gsId: string };
  version: '004010' | '005010';
  component: string;
  repetition?: string;
  ackRequested: '0' | '1';
  /** Days from our ship date to their delivery date. */
  transitDays: number;
  /** Weekday their orders ask delivery on, days after Monday (ship is then always Tuesday). */
  deliveryWeekday: number;
  shipTo: { name: string; id: string; street: string; city: string; state: string; zip: string };
  billTo: { name: string; id: string; street: string; city: string; state: string; zip: string };
  buyer: Person & { phone: string };
  /** First ISA13 this partner uses in the demo. */
  firstControlNumber: number;
}

export const WIRE: Readonly<Record<PartnerId, PartnerWire>> = {
  ACME: {
    isaQualifier: 'ZZ',
    isaId: 'ACMEAUTOTIER1',
    gsId: 'ACMEAUTO',
    ours: { isaQualifier: 'ZZ', isaId: SUPPLIER.isaId, gsId: SUPPLIER.gsId },
    version: '004010',
    component: '>',
    ackRequested: '0',
    transitDays: 2,
    deliveryWeekday: 3,
    shipTo: { name: 'ACME Automotive Plant 2', id: 'ST-0200', street: '1200 Industrial Pkwy', city: 'Sterling Heights', state: 'MI', zip: '48310' },
    billTo: { name: 'ACME Automotive Accounts Payable', id: 'BT-0001', street: 'PO Box 4410', city: 'Troy', state: 'MI', zip: '48084' },
    buyer: { name: 'Hannah Whitfield', email: 'hannah.whitfield@acme-auto.example.net', phone: '2485550142' },
    firstControlNumber: 4101,
  },
  BOLT: {
    isaQualifier: '01',
    isaId: '081466205',
    gsId: '081466205',
    ours: { isaQualifier: '01', isaId: SUPPLIER.duns, gsId: SUPPLIER.duns },
    version: '004010',
    component: '>',
    ackRequested: '0',
    transitDays: 3,
    deliveryWeekday: 4,
    shipTo: { name: 'Bolt Industrial Supply DC Joliet', id: 'DC14', street: '2750 Channahon Rd', city: 'Joliet', state: 'IL', zip: '60436' },
    billTo: { name: 'Bolt Industrial Supply Inc', id: 'HQ01', street: '400 W Madison St Ste 900', city: 'Chicago', state: 'IL', zip: '60606' },
    buyer: { name: 'Owen Gallagher', email: 'owen.gallagher@boltsupply.example.net', phone: '3125550187' },
    firstControlNumber: 70331,
  },
  CIRRUS: {
    isaQualifier: '12',
    isaId: '5125550147',
    gsId: 'CIRRUSEMS',
    ours: { isaQualifier: 'ZZ', isaId: SUPPLIER.isaId, gsId: SUPPLIER.gsId },
    version: '005010',
    component: ':',
    repetition: '^',
    ackRequested: '1',
    transitDays: 1,
    deliveryWeekday: 2,
    shipTo: { name: 'Cirrus EMS Austin Site', id: 'AUS1', street: '9800 Metric Blvd', city: 'Austin', state: 'TX', zip: '78758' },
    billTo: { name: 'Cirrus EMS Inc Finance', id: 'FIN1', street: '9800 Metric Blvd', city: 'Austin', state: 'TX', zip: '78758' },
    buyer: { name: 'Arjun Mehta', email: 'arjun.mehta@cirrus-ems.example.net', phone: '5125550163' },
    firstControlNumber: 210051,
  },
};

const escalationChain = [
  { role: 'manager', ...PEOPLE.daniel },
  { role: 'director', ...PEOPLE.sofia },
  { role: 'vp', ...PEOPLE.robert },
];

/** Our plant as every partner's 856 names it (N1*SF, DUNS-like id). */
const SHIP_FROM = { name: 'Keystone Precision Components Plant 1', idQualifier: '1', id: '084512000' };

/** The partner profiles as stored in `master/partners.json` (input shape of `PartnerProfileZ`). */
export function partnerProfiles(): unknown[] {
  const wire = (id: PartnerId) => {
    const w = WIRE[id];
    return {
      isa: { qualifier: w.isaQualifier, id: w.isaId },
      gsId: w.gsId,
      ours: w.ours,
      version: w.version,
      delimiters: { element: '*', component: w.component, ...(w.repetition ? { repetition: w.repetition } : {}), segment: '~' },
      usage: 'P',
    };
  };
  return [
    {
      schemaVersion: 1,
      id: 'ACME',
      name: 'ACME Automotive Systems (tier-1 seating and body)',
      ...wire('ACME'),
      acks: { functional997: true, orderAck855: true, changeAck865: true, shipNotice856: true, ta1: false },
      guides: { inbound: { '850': 'automotive-aiag-4010' }, outbound: { '855': 'automotive-aiag-4010', '856': 'automotive-aiag-4010', '865': 'automotive-aiag-4010' } },
      shipFrom: SHIP_FROM,
      shipping: { transportMethod: 'M', routing: 'ACME ROUTING GUIDE ZONE 2' },
      contacts: {
        edi: person('ACME EDI Support', 'edi-support@acme-auto.example.net'),
        planner: PEOPLE.marcus,
        customerService: PEOPLE.jordan,
        buyer: person(WIRE.ACME.buyer.name, WIRE.ACME.buyer.email),
        expedite24x7: [PEOPLE.expediteDesk, PEOPLE.luis],
        allocationTeam: [PEOPLE.allocation, PEOPLE.nadia],
      },
      escalationChain,
      holdSlaHours: 4,
      expediteIntervalHours: 4,
      transitDays: WIRE.ACME.transitDays,
      priorityClass: 'A',
      tolerances: { decimalShiftTolerance: 0.15, deviationPercent: 20, priceTolerancePercent: 0.5, forecastSwingPercent: 15, firmHorizonWeeks: 4 },
      ruleSeverity: { 'decimal-shift': 'hold', 'forecast-deviation': 'hold', 'pack-multiple': 'hold', 'price-mismatch': 'hold', 'pull-in-inside-lead-time': 'hold' },
      lineDownCodes: ['LD', 'LINE DOWN'],
      rushOrderTypes: ['RO'],
      includeUnconsumedForecastInPab: false,
      autoCustomerRiskNotice: false,
    },
    {
      schemaVersion: 1,
      id: 'BOLT',
      name: 'Bolt Industrial Supply (MRO distributor)',
      ...wire('BOLT'),
      acks: { functional997: true, orderAck855: true, changeAck865: true, shipNotice856: true, invoice810: true, ta1: false },
      guides: { inbound: { '850': 'retail-distribution-4010' }, outbound: { '855': 'retail-distribution-4010', '856': 'retail-distribution-4010', '810': 'retail-distribution-4010' } },
      shipFrom: SHIP_FROM,
      shipping: { transportMethod: 'LT' },
      invoiceTerms: { netDays: 30, discountPercent: 2, discountDays: 10 },
      contacts: {
        edi: person('Bolt EDI Team', 'edi@boltsupply.example.net'),
        planner: PEOPLE.priya,
        customerService: PEOPLE.renee,
        buyer: person(WIRE.BOLT.buyer.name, WIRE.BOLT.buyer.email),
        expedite24x7: [PEOPLE.expediteDesk],
        allocationTeam: [PEOPLE.allocation],
      },
      escalationChain: [{ role: 'manager', ...PEOPLE.grace }, { role: 'director', ...PEOPLE.sofia }, { role: 'vp', ...PEOPLE.robert }],
      holdSlaHours: 8,
      expediteIntervalHours: 4,
      transitDays: WIRE.BOLT.transitDays,
      priorityClass: 'B',
      tolerances: { decimalShiftTolerance: 0.15, deviationPercent: 30, priceTolerancePercent: 1, forecastSwingPercent: 25, firmHorizonWeeks: 4 },
      ruleSeverity: { 'pack-multiple': 'warn', 'below-moq': 'warn', 'price-mismatch': 'hold', 'never-forecast': 'warn' },
      lineDownCodes: [],
      rushOrderTypes: ['RO'],
      includeUnconsumedForecastInPab: false,
      autoCustomerRiskNotice: true,
      autoRiskNoticeAfterHours: 0,
    },
    {
      schemaVersion: 1,
      id: 'CIRRUS',
      name: 'Cirrus EMS (electronics manufacturing services)',
      ...wire('CIRRUS'),
      acks: { functional997: true, orderAck855: true, changeAck865: true, shipNotice856: true, ta1: true },
      guides: { outbound: { '855': 'electronics-ems-5010', '856': 'electronics-ems-5010', '865': 'electronics-ems-5010' } },
      shipFrom: SHIP_FROM,
      shipping: { transportMethod: 'M' },
      contacts: {
        edi: person('Cirrus B2B Integration', 'b2b@cirrus-ems.example.net'),
        planner: PEOPLE.elena,
        customerService: PEOPLE.mei,
        buyer: person(WIRE.CIRRUS.buyer.name, WIRE.CIRRUS.buyer.email),
        expedite24x7: [PEOPLE.expediteDesk, PEOPLE.luis],
        allocationTeam: [PEOPLE.allocation, PEOPLE.nadia],
      },
      escalationChain,
      holdSlaHours: 6,
      expediteIntervalHours: 4,
      transitDays: WIRE.CIRRUS.transitDays,
      priorityClass: 'C',
      tolerances: { decimalShiftTolerance: 0.15, deviationPercent: 25, priceTolerancePercent: 1, forecastSwingPercent: 20, firmHorizonWeeks: 4 },
      ruleSeverity: { 'unknown-item': 'reject', 'uom-mismatch': 'hold', 'inside-lead-time': 'warn', 'duplicate-po': 'hold' },
      lineDownCodes: ['LINE STOP'],
      rushOrderTypes: ['RO'],
      includeUnconsumedForecastInPab: false,
      autoCustomerRiskNotice: false,
    },
  ];
}

// ─── items ───────────────────────────────────────────────────────────────────────────────────

export interface ItemSpec {
  vendorPart: string;
  description: string;
  uom: 'EA' | 'BX' | 'CA';
  pack: number;
  moq: number;
  leadTimeDays: number;
  safetyStock: number;
  family: Family;
  /** Contract price per partner that buys the item (and so has a buyer part for it). */
  prices: Partial<Record<PartnerId, number>>;
}

const item = (vendorPart: string, description: string, uom: ItemSpec['uom'], pack: number, moq: number, leadTimeDays: number, safetyStock: number, family: Family, prices: ItemSpec['prices']): ItemSpec => ({
  vendorPart,
  description,
  uom,
  pack,
  moq,
  leadTimeDays,
  safetyStock,
  family,
  prices,
});

export const ITEMS: readonly ItemSpec[] = [
  item('KPC-1001', 'Hex flange bolt M8x1.25x25, class 10.9, zinc flake, box of 100', 'BX', 10, 20, 10, 60, 'fasteners', { ACME: 18.4, BOLT: 19.9 }),
  item('KPC-1002', 'Hex flange nut M8x1.25, class 10, zinc flake, box of 100', 'BX', 10, 20, 10, 60, 'fasteners', { ACME: 9.75, BOLT: 10.6 }),
  item('KPC-1050', 'Worm-drive hose clamp 40-60 mm, stainless W4', 'EA', 10, 10, 7, 50, 'fasteners', { BOLT: 1.38 }),
  item('KPC-1075', 'Cable tie 300 x 4.8 mm, UV black nylon, box of 100', 'BX', 10, 100, 5, 50, 'fasteners', { BOLT: 6.2 }),
  item('KPC-1120', 'Split lock washer M10, spring steel, box of 100', 'BX', 10, 10, 5, 20, 'fasteners', { ACME: 4.15, BOLT: 4.6 }),
  item('KPC-2040', 'Bearing housing for 6204, machined 6061 aluminium', 'EA', 1, 5, 10, 10, 'machined', { ACME: 86.5 }),
  item('KPC-2210', 'Turned shaft 12 x 180 mm, C45 induction hardened', 'EA', 10, 50, 14, 60, 'machined', { ACME: 42.75 }),
  item('KPC-2350', 'Sintered bronze bushing 16 x 20 x 25 mm', 'EA', 50, 100, 21, 100, 'machined', { ACME: 2.95, BOLT: 3.3 }),
  item('KPC-3310', 'Seat frame mounting bracket LH, stamped steel, e-coat', 'EA', 10, 50, 21, 40, 'machined', { ACME: 12.8, BOLT: 14.1 }),
  item('KPC-3320', 'Seat frame mounting bracket RH, stamped steel, e-coat', 'EA', 10, 50, 21, 100, 'machined', { ACME: 12.8 }),
  item('KPC-3400', 'Wire harness retainer clip, PA66 GF30', 'EA', 12, 48, 14, 120, 'machined', { ACME: 0.84 }),
  item('KPC-3550', 'Gear blank 32T module 1.5, sintered steel', 'EA', 24, 48, 45, 48, 'machined', { ACME: 7.35 }),
  item('KPC-5120', 'Extruded aluminium heat sink 40 x 40 x 11 mm, black anodised', 'EA', 24, 48, 28, 200, 'electronics', { CIRRUS: 3.42 }),
  item('KPC-5190', 'Board-to-board standoff M3 x 8 mm, brass, nickel plated', 'EA', 50, 500, 14, 1000, 'electronics', { CIRRUS: 0.118 }),
  item('KPC-5230', 'Thermal interface pad 25 x 25 x 1 mm, 3 W/mK', 'EA', 50, 100, 14, 200, 'electronics', { CIRRUS: 0.69 }),
  item('KPC-5310', 'EMI shield can 20 x 20 x 3 mm, tin-plated steel', 'EA', 50, 250, 35, 250, 'electronics', { CIRRUS: 0.27 }),
  item('KPC-5400', 'Axial fan assembly 40 x 40 x 10 mm, 12 V, with connector', 'EA', 10, 20, 30, 40, 'electronics', { CIRRUS: 6.9, BOLT: 8.25 }),
  item('KPC-5520', 'Ribbon cable assembly 20-pin, 150 mm, IDC both ends', 'EA', 50, 100, 21, 100, 'electronics', { CIRRUS: 1.64 }),
  item('KPC-8015', 'Acrylic conformal coating, 1 L can, case of 12', 'CA', 1, 2, 14, 10, 'chemicals', { CIRRUS: 318.0, BOLT: 342.0 }),
  item('KPC-8120', 'Threadlocker medium strength, 50 ml bottle, case of 10', 'CA', 1, 1, 7, 15, 'chemicals', { ACME: 96.0, BOLT: 104.5 }),
];

/**
 * Maximum stock (README, "Planning intelligence", over-stock): only KPC-1075, whose two receipts of
 * 500 take PAB from 420 to 1,420 by week 9 (1,380 with BOLT's order), above the max of 1,200, as soon as the supply plan is
 * loaded: the one over-stock warning of the demo, to the item's manager.
 */
export const MAX_STOCK: Readonly<Record<string, number>> = { 'KPC-1075': 1200 };

/** Packed gross weight of one unit of measure, pounds (the 856's TD1 weight sums it over the shipped lines). */
const GROSS_WEIGHT_LB: Readonly<Record<string, number>> = {
  'KPC-1001': 2.4, 'KPC-1002': 1.9, 'KPC-1050': 0.08, 'KPC-1075': 0.45, 'KPC-1120': 0.6, 'KPC-2040': 1.1, 'KPC-2210': 0.9, 'KPC-2350': 0.06,
  'KPC-3310': 0.7, 'KPC-3320': 0.7, 'KPC-3400': 0.01, 'KPC-3550': 0.12, 'KPC-5120': 0.05, 'KPC-5190': 0.004, 'KPC-5230': 0.003, 'KPC-5310': 0.006,
  'KPC-5400': 0.09, 'KPC-5520': 0.03, 'KPC-8015': 31.5, 'KPC-8120': 1.6,
};

const ITEM_BY_PART = new Map(ITEMS.map((i) => [i.vendorPart, i]));

function itemSpec(vendorPart: string): ItemSpec {
  const spec = ITEM_BY_PART.get(vendorPart);
  if (!spec) throw new Error(`no item ${vendorPart}`);
  return spec;
}

const partNumber = (vendorPart: string): string => vendorPart.slice(4);

/** The partner's own part number for one of our items (only for partners that buy it). */
export function buyerPart(partner: PartnerId, vendorPart: string): string {
  const n = partNumber(vendorPart);
  switch (partner) {
    case 'ACME':
      return `AC-${n}10`;
    case 'BOLT':
      return `BL${n}7`;
    case 'CIRRUS':
      return `CX-${n}-01`;
  }
}

/** UPC-A: GS1 prefix 084512, 5-digit item reference, check digit. */
export function upcOf(vendorPart: string): string {
  const body = `084512${partNumber(vendorPart).padStart(5, '0')}`;
  const sum = [...body].reduce((acc, digit, index) => acc + Number(digit) * (index % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(rows: readonly (readonly (string | number | undefined)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** `master/items.csv`: dotted column paths as the master-data loader reads them. */
export function itemsCsv(): string {
  const header = [
    'vendorPart',
    ...PARTNER_IDS.map((p) => `buyerParts.${p}`),
    'upc',
    'description',
    'unitOfMeasure',
    'packSize',
    'moq',
    'leadTimeDays',
    'safetyStock',
    'maxStock',
    ...PARTNER_IDS.map((p) => `contractPrice.${p}`),
    'currency',
    'grossWeight',
    'weightUnit',
    'planner.name',
    'planner.email',
    ...(['owner', 'manager', 'director', 'vp'] as const).flatMap((step) => [`escalation.${step}.name`, `escalation.${step}.email`]),
    'source',
    'supplier.name',
    'supplier.email',
    ...(['manager', 'director', 'vp'] as const).flatMap((step) => [`purchasing.${step}.name`, `purchasing.${step}.email`]),
  ];
  const rows = ITEMS.map((spec) => {
    const family = FAMILIES[spec.family];
    const chain = [family.planner, family.manager, PEOPLE.sofia, PEOPLE.robert];
    const bought = BOUGHT_IN[spec.vendorPart];
    return [
      spec.vendorPart,
      ...PARTNER_IDS.map((p) => (spec.prices[p] !== undefined ? buyerPart(p, spec.vendorPart) : undefined)),
      upcOf(spec.vendorPart),
      spec.description,
      spec.uom,
      spec.pack,
      spec.moq,
      spec.leadTimeDays,
      spec.safetyStock,
      MAX_STOCK[spec.vendorPart],
      ...PARTNER_IDS.map((p) => (spec.prices[p] !== undefined ? (spec.prices[p] as number).toFixed(spec.prices[p]! < 1 ? 3 : 2) : undefined)),
      'USD',
      GROSS_WEIGHT_LB[spec.vendorPart],
      'LB',
      family.planner.name,
      family.planner.email,
      ...chain.flatMap((p) => [p.name, p.email]),
      bought ? 'buy' : 'make',
      bought?.supplier.name,
      bought?.supplier.email,
      ...[0, 1, 2].flatMap((i) => [bought?.purchasing[i]?.name, bought?.purchasing[i]?.email]),
    ];
  });
  return csv([header, ...rows]);
}

// ─── supply plan ─────────────────────────────────────────────────────────────────────────────

export interface SupplySpec {
  onHand: number;
  /** On hand away from the plant (location → quantity), part of `onHand`; the rest is at the plant. */
  elsewhere?: Record<string, number>;
  /** Week index → MPS quantity finishing that week. */
  mps?: Record<number, number>;
  /** Week index → purchased receipts. */
  receipts?: Record<number, number>;
  /** What the plan said before the slip (only KPC-3310). */
  mpsBeforeSlip?: Record<number, number>;
}

export const SUPPLY: Readonly<Record<string, SupplySpec>> = {
  'KPC-1001': { onHand: 240, mps: { 4: 200, 8: 200 } },
  'KPC-1002': { onHand: 260, mps: { 5: 200, 9: 200 } },
  'KPC-1050': { onHand: 180, mps: { 6: 100, 10: 100 } },
  'KPC-1075': { onHand: 420, receipts: { 4: 500, 9: 500 } },
  'KPC-1120': { onHand: 150, receipts: { 6: 100 } },
  // The textbook PAB example: opening 14, orders 15 and MPS 50 in week 2 → PAB 49.
  'KPC-2040': { onHand: 14, mps: { 2: 50, 6: 50, 10: 50 } },
  'KPC-2210': { onHand: 180, mps: { 1: 200, 5: 200, 9: 200 } },
  'KPC-2350': { onHand: 350, mps: { 2: 400, 7: 400 } },
  // The slipped MPS: 400 planned for week 3 now finishes in week 5.
  'KPC-3310': { onHand: 120, elsewhere: { 'DC-EAST': 40 }, mps: { 5: 400, 9: 400 }, mpsBeforeSlip: { 3: 400, 9: 400 } },
  'KPC-3320': { onHand: 500, mps: { 4: 300, 8: 300 } },
  'KPC-3400': { onHand: 960, mps: { 1: 480, 5: 480, 9: 480 } },
  'KPC-3550': { onHand: 200, mps: { 6: 240 } },
  // Below safety stock (200) in weeks 4–5 after CIRRUS's order; never negative: P3 only.
  'KPC-5120': { onHand: 312, mps: { 6: 480, 10: 480 } },
  'KPC-5190': { onHand: 3500, mps: { 2: 2500, 7: 2500 } },
  'KPC-5230': { onHand: 900, mps: { 5: 500 } },
  'KPC-5310': { onHand: 1600, mps: { 6: 1500 } },
  'KPC-5400': { onHand: 90, mps: { 3: 60, 7: 60, 11: 60 } },
  'KPC-5520': { onHand: 450, mps: { 3: 300, 8: 300 } },
  'KPC-8015': { onHand: 60, receipts: { 2: 48, 8: 48 } },
  'KPC-8120': { onHand: 75, receipts: { 5: 60, 10: 60 } },
};

function supplyCsv(mpsOf: (part: string, spec: SupplySpec) => Record<number, number>): string {
  const rows: (string | number | undefined)[][] = [['item', 'location', 'onHand', 'weekStart', 'mps', 'receipts']];
  for (const spec of ITEMS) {
    const supply = SUPPLY[spec.vendorPart] as SupplySpec;
    const mps = mpsOf(spec.vendorPart, supply);
    const away = Object.entries(supply.elsewhere ?? {});
    const atPlant = supply.onHand - away.reduce((total, [, quantity]) => total + quantity, 0);
    for (let w = 0; w < WEEKS; w++) {
      rows.push([spec.vendorPart, w === 0 && away.length ? 'PLANT' : undefined, w === 0 ? atPlant : undefined, weekStart(w), mps[w] ?? 0, supply.receipts?.[w] ?? 0]);
    }
    for (const [location, quantity] of away) rows.push([spec.vendorPart, location, quantity, undefined, undefined, undefined]);
  }
  return csv(rows);
}

// ─── forecasts (830) ─────────────────────────────────────────────────────────────────────────

/** Week-to-week shape of the planning (`D`) weeks; the four firm weeks are flat. */
const SHAPE = [1, 1, 1, 1, 1.1, 0.9, 1, 1.2, 0.8, 1, 1.1, 0.9];

interface ForecastSpec {
  item: string;
  base: number;
  /** Week index → exact quantity (the weeks the demo's orders fall in). */
  weeks?: Record<number, number>;
}

/** What each partner forecasts. CIRRUS never forecasts KPC-5230 (its 850 for it is `never-forecast`). */
export const FORECASTS: Readonly<Record<PartnerId, readonly ForecastSpec[]>> = {
  ACME: [
    { item: 'KPC-1001', base: 60 },
    { item: 'KPC-1120', base: 30 },
    { item: 'KPC-2040', base: 15 },
    { item: 'KPC-2210', base: 220 },
    { item: 'KPC-2350', base: 100 },
    { item: 'KPC-3310', base: 60 },
    { item: 'KPC-3320', base: 300, weeks: { 5: 300 } },
    { item: 'KPC-3400', base: 120 },
    { item: 'KPC-3550', base: 48 },
    { item: 'KPC-8120', base: 10 },
  ],
  BOLT: [
    { item: 'KPC-1001', base: 60 },
    { item: 'KPC-1002', base: 80 },
    { item: 'KPC-1050', base: 10 },
    { item: 'KPC-1075', base: 40 },
    { item: 'KPC-1120', base: 20 },
    { item: 'KPC-2350', base: 400, weeks: { 4: 400 } },
    { item: 'KPC-3310', base: 200 },
    { item: 'KPC-5400', base: 20 },
    { item: 'KPC-8015', base: 6 },
    { item: 'KPC-8120', base: 20 },
  ],
  CIRRUS: [
    { item: 'KPC-5120', base: 240, weeks: { 4: 240 } },
    { item: 'KPC-5190', base: 2200 },
    { item: 'KPC-5310', base: 1000 },
    { item: 'KPC-5400', base: 40, weeks: { 5: 40 } },
    { item: 'KPC-5520', base: 300, weeks: { 4: 300, 5: 300 } },
    { item: 'KPC-8015', base: 40 },
  ],
};

/** The 12 weekly quantities of one forecast line: base × shape, rounded to the pack, exact weeks as given. */
export function forecastQuantities(spec: ForecastSpec): number[] {
  const pack = itemSpec(spec.item).pack;
  return SHAPE.map((factor, w) => spec.weeks?.[w] ?? Math.max(pack, Math.round((spec.base * factor) / pack) * pack));
}

// ─── X12 writing ─────────────────────────────────────────────────────────────────────────────

type Seg = readonly (string | number | undefined)[];

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

function segment(elements: Seg): string {
  const parts = elements.map((e) => (e === undefined ? '' : typeof e === 'number' ? num(e) : e));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('*');
}

interface SetSpec {
  /** ST01. */
  type: '830' | '850' | '860';
  /** Segments between ST and SE. */
  body: Seg[];
  /** Deliberate envelope error: added to the true SE01. */
  se01Delta?: number;
}

interface InterchangeSpec {
  /** Whose ids the envelope carries (the sender). */
  sender: PartnerId;
  controlNumber: number;
  date: string;
  time: string;
  functionalId: 'PS' | 'PO' | 'PC';
  sets: SetSpec[];
}

const pad = (text: string, width: number): string => text.padEnd(width, ' ');

/** One interchange with one functional group, as the partner would send it: `~` and a newline after each segment. */
function interchange(spec: InterchangeSpec): string {
  const w = WIRE[spec.sender];
  const five = w.version === '005010';
  const isa13 = String(spec.controlNumber).padStart(9, '0');
  const yymmdd = compact(spec.date).slice(2);
  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    w.isaQualifier,
    pad(w.isaId, 15),
    w.ours.isaQualifier,
    pad(w.ours.isaId, 15),
    yymmdd,
    spec.time,
    five ? (w.repetition as string) : 'U',
    five ? '00501' : '00401',
    isa13,
    w.ackRequested,
    'P',
    w.component,
  ].join('*');
  const lines = [isa];
  const gs06 = String(spec.controlNumber);
  lines.push(segment(['GS', spec.functionalId, w.gsId, w.ours.gsId, compact(spec.date), spec.time, gs06, 'X', w.version]));
  spec.sets.forEach((set, index) => {
    const st02 = String(index + 1).padStart(4, '0');
    const segments = [segment(['ST', set.type, st02]), ...set.body.map(segment)];
    segments.push(segment(['SE', segments.length + 1 + (set.se01Delta ?? 0), st02]));
    lines.push(...segments);
  });
  lines.push(segment(['GE', spec.sets.length, gs06]));
  lines.push(segment(['IEA', 1, isa13]));
  return lines.map((line) => `${line}~\n`).join('');
}

function n1Loop(role: 'ST' | 'BT', party: PartnerWire['shipTo']): Seg[] {
  return [
    ['N1', role, party.name, '92', party.id],
    ['N3', party.street],
    ['N4', party.city, party.state, party.zip, 'US'],
  ];
}

// ─── the 830s ────────────────────────────────────────────────────────────────────────────────

const FORECAST_SENT = addDays(DEMO_TODAY, -3); // Friday before DEMO TODAY

function planningSchedule(partner: PartnerId, reference: string): SetSpec {
  const w = WIRE[partner];
  const body: Seg[] = [
    ['BFR', '05', reference, undefined, 'DL', 'A', compact(weekStart(0)), compact(addDays(weekStart(WEEKS - 1), 6)), compact(FORECAST_SENT)],
    ['PER', 'BD', w.buyer.name, 'TE', w.buyer.phone, 'EM', w.buyer.email],
    ...n1Loop('ST', w.shipTo),
    ['N1', 'SU', SUPPLIER.name, '92', SUPPLIER.vendorNumber],
  ];
  let hash = 0;
  for (const [index, spec] of FORECASTS[partner].entries()) {
    const it = itemSpec(spec.item);
    body.push(['LIN', String(index + 1), 'BP', buyerPart(partner, spec.item), 'VP', spec.item]);
    body.push(['UIT', it.uom]);
    body.push(['PID', 'F', undefined, undefined, undefined, it.description]);
    forecastQuantities(spec).forEach((quantity, week) => {
      hash += quantity;
      body.push(['FST', quantity, week < 4 ? 'C' : 'D', 'W', compact(weekStart(week))]);
    });
  }
  body.push(['CTT', FORECASTS[partner].length, hash]);
  return { type: '830', body };
}

// ─── the 850s and the 860 ────────────────────────────────────────────────────────────────────

interface OrderLine {
  line: string;
  /** Our part; for the unknown-item line, the (wrong) VP the buyer sent. */
  vendorPart: string;
  /** Override the buyer part (unknown item). */
  buyerPart?: string;
  quantity: number;
  uom?: string;
  price?: number;
  /** Week index of the requested delivery (on the partner's delivery weekday). */
  week?: number;
  /** Explicit delivery date (the line-down rush). */
  delivery?: string;
  description?: string;
}

interface OrderSpec {
  partner: PartnerId;
  po: string;
  orderType: 'SA' | 'RO';
  lines: OrderLine[];
  lineDown?: boolean;
}

/** Requested delivery date of a line: the partner's delivery weekday in the line's week. */
export function deliveryDate(partner: PartnerId, week: number): string {
  return addDays(weekStart(week), WIRE[partner].deliveryWeekday);
}

function lineDelivery(partner: PartnerId, line: OrderLine): string {
  if (line.delivery) return line.delivery;
  if (line.week === undefined) throw new Error(`line ${line.line} has no date`);
  return deliveryDate(partner, line.week);
}

function productIds(partner: PartnerId, line: OrderLine): Seg {
  const known = ITEM_BY_PART.get(line.vendorPart);
  return [
    'BP',
    line.buyerPart ?? buyerPart(partner, line.vendorPart),
    'VP',
    line.vendorPart,
    ...(known ? ['UP', upcOf(line.vendorPart)] : []),
  ];
}

function unitPrice(partner: PartnerId, line: OrderLine): number {
  if (line.price !== undefined) return line.price;
  const price = itemSpec(line.vendorPart).prices[partner];
  if (price === undefined) throw new Error(`${partner} has no contract price for ${line.vendorPart}`);
  return price;
}

function purchaseOrder(spec: OrderSpec): SetSpec {
  const w = WIRE[spec.partner];
  const dates = spec.lines.map((l) => lineDelivery(spec.partner, l)).sort();
  const body: Seg[] = [['BEG', '00', spec.orderType, spec.po, undefined, compact(DEMO_TODAY)], ['CUR', 'BY', 'USD']];
  body.push(['REF', 'IA', SUPPLIER.vendorNumber]);
  if (spec.partner === 'ACME') body.push(['REF', 'DP', spec.lineDown ? 'BODY SHOP' : 'SEATING']);
  if (spec.lineDown) body.push(['REF', 'ZZ', 'LD']);
  body.push(['PER', 'BD', w.buyer.name, 'TE', w.buyer.phone, 'EM', w.buyer.email]);
  body.push(['ITD', '01', '3', undefined, undefined, undefined, undefined, spec.partner === 'BOLT' ? '30' : '45']);
  body.push(['DTM', '002', compact(dates[0] as string)]);
  body.push(['TD5', undefined, '2', spec.lineDown ? 'FDEN' : 'ODFL', spec.lineDown ? 'A' : 'M']);
  if (spec.lineDown) {
    body.push(['N9', 'L1', 'LINE DOWN']);
    body.push(['MSG', 'LINE DOWN - PLANT 2 BODY SHOP LINE 3 STOPPED FOR KPC-3310 LH BRACKETS. SHIP SAME DAY PRIORITY.']);
  }
  body.push(...n1Loop('ST', w.shipTo), ...n1Loop('BT', w.billTo));
  let hash = 0;
  for (const line of spec.lines) {
    const known = ITEM_BY_PART.get(line.vendorPart);
    hash += line.quantity;
    body.push(['PO1', line.line, line.quantity, line.uom ?? known?.uom ?? 'EA', unitPrice(spec.partner, line), 'PE', ...productIds(spec.partner, line)]);
    body.push(['PID', 'F', undefined, undefined, undefined, line.description ?? known?.description ?? 'UNKNOWN']);
    body.push(['DTM', '002', compact(lineDelivery(spec.partner, line))]);
  }
  body.push(['CTT', spec.lines.length, hash]);
  return { type: '850', body };
}

// ─── the demo files ──────────────────────────────────────────────────────────────────────────

/** Expected outcome of one inbound file, used by the README, `demo.json` and the samples test. */
export interface FileStory {
  /** Path under `samples/inbound/`. */
  path: string;
  partner: PartnerId;
  set: '830' | '850' | '860';
  /** PO number (850/860) or schedule reference (830). */
  reference: string;
  /** What the file shows, in one sentence. */
  demonstrates: string;
  /** Planning rule findings expected per line: `line → rule ids` (850/860). */
  findings?: Record<string, string[]>;
  /** Expedite tier per line, where one applies. */
  tiers?: Record<string, 'P1' | 'P2'>;
  /** The emails this file causes (by kind). */
  emails: string[];
  /** Expected 997 (AK5/AK9) for the group, or how the file is refused before any 997. */
  ack997: string;
  /** Expected 855/865 outcome. */
  orderAck: string;
  /** For deliberately bad files: what must go wrong. */
  bad?: 'sender-mismatch' | 'se01-count';
}

interface DemoFile {
  story: FileStory;
  interchange: InterchangeSpec;
}

function orderFile(story: Omit<FileStory, 'set' | 'reference'>, order: OrderSpec, envelope: { controlNumber: number; time: string; sender?: PartnerId; se01Delta?: number }): DemoFile {
  const set = purchaseOrder(order);
  if (envelope.se01Delta) set.se01Delta = envelope.se01Delta;
  return {
    story: { ...story, set: '850', reference: order.po },
    interchange: { sender: envelope.sender ?? order.partner, controlNumber: envelope.controlNumber, date: DEMO_TODAY, time: envelope.time, functionalId: 'PO', sets: [set] },
  };
}

const ACME_CLEAN: OrderSpec = {
  partner: 'ACME',
  po: '4500098801',
  orderType: 'SA',
  lines: [
    { line: '1', vendorPart: 'KPC-2040', quantity: 15, week: 2 },
    { line: '2', vendorPart: 'KPC-2210', quantity: 200, week: 3 },
    { line: '3', vendorPart: 'KPC-3320', quantity: 300, week: 5 },
  ],
};

/** The 860 for ACME_CLEAN: line 2 quantity 200 → 240, line 3 delivery pulled in from week 5 to week 1. */
function acmeChange(): SetSpec {
  const w = WIRE.ACME;
  const ids = (vendorPart: string): Seg => ['BP', buyerPart('ACME', vendorPart), 'VP', vendorPart, 'UP', upcOf(vendorPart)];
  const body: Seg[] = [
    ['BCH', '04', 'SA', ACME_CLEAN.po, undefined, '1', compact(DEMO_TODAY)],
    ['REF', 'IA', SUPPLIER.vendorNumber],
    ['PER', 'BD', w.buyer.name, 'TE', w.buyer.phone, 'EM', w.buyer.email],
    ['N9', 'L1', 'CHANGE REASON'],
    ['MSG', 'BUILD SCHEDULE REVISED - LINE 2 QTY INCREASE, LINE 3 NEEDED WEEK 49'],
    ['POC', '2', 'QI', 240, 240, 'EA', 42.75, 'PE', ...ids('KPC-2210')],
    ['PID', 'F', undefined, undefined, undefined, itemSpec('KPC-2210').description],
    ['POC', '3', 'RS', 300, 300, 'EA', 12.8, 'PE', ...ids('KPC-3320')],
    ['PID', 'F', undefined, undefined, undefined, itemSpec('KPC-3320').description],
    ['DTM', '002', compact(deliveryDate('ACME', 1))],
    ['CTT', 2],
  ];
  return { type: '860', body };
}

const ACK_OK = 'AK5 A, AK9 A (accepted)';
const LINE_DOWN_DELIVERY = addDays(DEMO_TODAY, 2);

export function demoFiles(): DemoFile[] {
  const acme = WIRE.ACME.firstControlNumber;
  const bolt = WIRE.BOLT.firstControlNumber;
  const cirrus = WIRE.CIRRUS.firstControlNumber;
  const forecastFile = (partner: PartnerId, reference: string, controlNumber: number, time: string, emails: string[]): DemoFile => ({
    story: {
      path: `${partner}/01-830-forecast-${reference}.edi`,
      partner,
      set: '830',
      reference,
      demonstrates: `12 weekly FST buckets (C firm weeks 1–4, D planning after) for ${FORECASTS[partner].length} items, ship-to ${WIRE[partner].shipTo.id}; the baseline every order of ${partner} is checked against.`,
      emails,
      ack997: ACK_OK,
      orderAck: 'none (830)',
    },
    interchange: { sender: partner, controlNumber, date: FORECAST_SENT, time, functionalId: 'PS', sets: [planningSchedule(partner, reference)] },
  });

  return [
    // ── ACME ─────────────────────────────────────────────────────────────────────────────────
    forecastFile('ACME', 'ACME-FC-2648', acme, '1805', []),
    orderFile(
      {
        path: 'ACME/02-850-4500098801-clean.edi',
        partner: 'ACME',
        demonstrates: 'A clean order: every line matches forecast, pack, MOQ, contract price, UOM and lead time. Line 1 is the textbook PAB example (KPC-2040: opening 14, order 15, MPS 50 → PAB 49 in week 2).',
        findings: { '1': [], '2': [], '3': [] },
        emails: [],
        ack997: ACK_OK,
        orderAck: '855 accepted as ordered (IA on every line)',
      },
      ACME_CLEAN,
      { controlNumber: acme + 1, time: '0712' },
    ),
    orderFile(
      {
        path: 'ACME/03-850-4500098802-decimal-shift.edi',
        partner: 'ACME',
        demonstrates: 'Decimal shift: line 1 orders 1,200 of KPC-3400 where the forecast for that week is 120 (10×); suggestion 120. Line 2 is clean, but a hold holds the whole order.',
        findings: { '1': ['decimal-shift'], '2': [] },
        emails: ['anomaly (hold) → planner Marcus Oyelaran + customer service'],
        ack997: ACK_OK,
        orderAck: 'no 855 while held; after the planner decides (e.g. quantity 120) an 855 with IQ',
      },
      {
        partner: 'ACME',
        po: '4500098802',
        orderType: 'SA',
        lines: [
          { line: '1', vendorPart: 'KPC-3400', quantity: 1200, week: 3 },
          { line: '2', vendorPart: 'KPC-1120', quantity: 30, week: 3 },
        ],
      },
      { controlNumber: acme + 2, time: '0736' },
    ),
    orderFile(
      {
        path: 'ACME/04-850-4500098803-line-down.edi',
        partner: 'ACME',
        demonstrates: `Line down: BEG02 \`RO\`, \`REF*ZZ*LD\` and an \`N9*L1\`/\`MSG\` "LINE DOWN" note, for KPC-3310 (the item whose MPS slipped), delivery ${LINE_DOWN_DELIVERY} — inside the 21-day lead time.`,
        findings: { '1': ['inside-lead-time'] },
        tiers: { '1': 'P1' },
        emails: ['P1 line-down → expedite 24x7 desk + item owner Marcus Oyelaran (then manager → director → VP every 4 h until a date is confirmed); KPC-3310 is bought-in: supplier Karin Vogt asked at once, then purchasing manager → director → VP every 4 h', 'anomaly (warn: inside lead time) → planner'],
        ack997: ACK_OK,
        orderAck: '855 sent (a warn does not hold); the promise date comes from the expedite confirmation',
      },
      {
        partner: 'ACME',
        po: '4500098803',
        orderType: 'RO',
        lineDown: true,
        lines: [{ line: '1', vendorPart: 'KPC-3310', quantity: 60, delivery: LINE_DOWN_DELIVERY }],
      },
      { controlNumber: acme + 3, time: '0755' },
    ),
    {
      story: {
        path: 'ACME/05-860-4500098801-change.edi',
        partner: 'ACME',
        set: '860',
        reference: ACME_CLEAN.po,
        demonstrates: `\`BCH*04\` change of the clean PO 4500098801: line 2 quantity increase 200 → 240 (QI, within forecast), line 3 delivery pulled in from ${deliveryDate('ACME', 5)} to ${deliveryDate('ACME', 1)} (RS), inside KPC-3320's 21-day lead time.`,
        findings: { '2': [], '3': ['pull-in-inside-lead-time'] },
        emails: ['anomaly (hold: pull-in inside lead time) → planner Marcus Oyelaran + customer service'],
        ack997: ACK_OK,
        orderAck: '865 once the planner decides on line 3 (line 2 accepted)',
      },
      interchange: { sender: 'ACME', controlNumber: acme + 4, date: DEMO_TODAY, time: '0942', functionalId: 'PC', sets: [acmeChange()] },
    },

    // ── BOLT ─────────────────────────────────────────────────────────────────────────────────
    forecastFile('BOLT', 'BOLT-FC-47', bolt, '1630', []),
    orderFile(
      {
        path: 'BOLT/02-850-P221870-clean.edi',
        partner: 'BOLT',
        demonstrates: 'A clean three-line distributor order (KPC-1002, KPC-2350, KPC-8120), each at forecast, contract price and outside lead time.',
        findings: { '1': [], '2': [], '3': [] },
        emails: [],
        ack997: ACK_OK,
        orderAck: '855 accepted as ordered (IA on every line)',
      },
      {
        partner: 'BOLT',
        po: 'P221870',
        orderType: 'SA',
        lines: [
          { line: '1', vendorPart: 'KPC-1002', quantity: 80, week: 2 },
          { line: '2', vendorPart: 'KPC-2350', quantity: 400, week: 4 },
          { line: '3', vendorPart: 'KPC-8120', quantity: 20, week: 2 },
        ],
      },
      { controlNumber: bolt + 1, time: '0705' },
    ),
    orderFile(
      {
        path: 'BOLT/03-850-P221871-pack-multiple.edi',
        partner: 'BOLT',
        demonstrates: 'Pack multiple: 12 of KPC-1050 (pack of 10); suggestion 10, alternatives 10 or 20.',
        findings: { '1': ['pack-multiple'] },
        emails: ['anomaly (warn) → planner Priya Natarajan + customer service'],
        ack997: ACK_OK,
        orderAck: '855 sent (warn)',
      },
      { partner: 'BOLT', po: 'P221871', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-1050', quantity: 12, week: 2 }] },
      { controlNumber: bolt + 2, time: '0711' },
    ),
    orderFile(
      {
        path: 'BOLT/04-850-P221872-below-moq.edi',
        partner: 'BOLT',
        demonstrates: 'Below MOQ: 40 boxes of KPC-1075 against a minimum order of 100; suggestion 100.',
        findings: { '1': ['below-moq'] },
        emails: ['anomaly (warn) → planner Priya Natarajan + customer service'],
        ack997: ACK_OK,
        orderAck: '855 sent (warn)',
      },
      { partner: 'BOLT', po: 'P221872', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-1075', quantity: 40, week: 2 }] },
      { controlNumber: bolt + 3, time: '0718' },
    ),
    orderFile(
      {
        path: 'BOLT/05-850-P221873-price-off-contract.edi',
        partner: 'BOLT',
        demonstrates: "Price off contract: KPC-1001 at 18.40 (ACME's contract price) instead of BOLT's 19.90 (−7.54%, tolerance ±1%).",
        findings: { '1': ['price-mismatch'] },
        emails: ['anomaly (hold) → planner Priya Natarajan + customer service'],
        ack997: ACK_OK,
        orderAck: 'no 855 while held; then 855 with IP (price 19.90) or as decided',
      },
      { partner: 'BOLT', po: 'P221873', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-1001', quantity: 60, price: 18.4, week: 3 }] },
      { controlNumber: bolt + 4, time: '0724' },
    ),
    orderFile(
      {
        path: 'BOLT/06-850-P221874-due-in-shortage-week.edi',
        partner: 'BOLT',
        demonstrates: `A clean-looking order for 200 of KPC-3310 due in week 3 (${weekStart(3)}), the week its 400 MPS slipped out of: PAB goes to −140, so the line is short.`,
        findings: { '1': [] },
        tiers: { '1': 'P2' },
        emails: [
          'delay level 1 (internal alert, KPC-3310) → planner Marcus Oyelaran + customer service',
          'P2 order at risk → allocation team (same business day)',
          'delay level 2 (automatic risk notice: BOLT autoCustomerRiskNotice, after 0 h) → buyer Owen Gallagher',
        ],
        ack997: ACK_OK,
        orderAck: '855 sent; a confirmed delay later sends a replacing 855 with DR (level 3)',
      },
      { partner: 'BOLT', po: 'P221874', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-3310', quantity: 200, week: 3 }] },
      { controlNumber: bolt + 5, time: '0733' },
    ),
    orderFile(
      {
        path: 'BOLT/07-850-4500098804-wrong-sender.edi',
        partner: 'BOLT',
        demonstrates: "Misrouted file: an ACME order (ISA ZZ/ACMEAUTOTIER1, GS ACMEAUTO) dropped into BOLT's channel. The ISA/GS sender is not BOLT's, so the whole file is refused.",
        emails: ['interchange rejected → BOLT EDI contact + operations'],
        ack997: 'none: refused before reading the groups (recorded, archived, alerted)',
        orderAck: 'none',
        bad: 'sender-mismatch',
      },
      { partner: 'ACME', po: '4500098804', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-2210', quantity: 100, week: 4 }] },
      { controlNumber: acme + 5, time: '0802', sender: 'ACME' },
    ),

    // ── CIRRUS ───────────────────────────────────────────────────────────────────────────────
    forecastFile('CIRRUS', 'CX-FCST-2026W47', cirrus, '2310', []),
    orderFile(
      {
        path: 'CIRRUS/02-850-CX26-0041180-clean.edi',
        partner: 'CIRRUS',
        demonstrates: 'A clean 005010 order. Line 1 (240 of KPC-5120) takes that item below its safety stock of 200 in weeks 4–5 without a shortage: the early warning, P3 in the planner digest.',
        findings: { '1': [], '2': [], '3': [] },
        emails: ['P3 plan shortfall (KPC-5120 below safety stock) → planner digest, Elena Kowalczyk'],
        ack997: ACK_OK,
        orderAck: '855 accepted as ordered (IA on every line)',
      },
      {
        partner: 'CIRRUS',
        po: 'CX26-0041180',
        orderType: 'SA',
        lines: [
          { line: '1', vendorPart: 'KPC-5120', quantity: 240, week: 4 },
          { line: '2', vendorPart: 'KPC-5400', quantity: 40, week: 5 },
          { line: '3', vendorPart: 'KPC-5520', quantity: 300, week: 4 },
        ],
      },
      { controlNumber: cirrus + 1, time: '0804' },
    ),
    orderFile(
      {
        path: 'CIRRUS/03-850-CX26-0041181-unknown-item.edi',
        partner: 'CIRRUS',
        demonstrates: 'Unknown item: BP CX-5910-01 / VP KPC-5910 (transposed digits of KPC-5190) match nothing in the item master. CIRRUS rejects unknown items.',
        findings: { '1': ['unknown-item'] },
        emails: ['anomaly (reject) → planner Elena Kowalczyk + customer service'],
        ack997: ACK_OK,
        orderAck: '855 with line 1 rejected (IR)',
      },
      {
        partner: 'CIRRUS',
        po: 'CX26-0041181',
        orderType: 'SA',
        lines: [{ line: '1', vendorPart: 'KPC-5910', buyerPart: 'CX-5910-01', quantity: 2000, price: 0.118, week: 3, description: 'STANDOFF M3X8 BRASS NI' }],
      },
      { controlNumber: cirrus + 2, time: '0809' },
    ),
    orderFile(
      {
        path: 'CIRRUS/04-850-CX26-0041182-never-forecast.edi',
        partner: 'CIRRUS',
        demonstrates: 'Never forecast: KPC-5230 is a known item with a CIRRUS part number, but no CIRRUS 830 ever carried it.',
        findings: { '1': ['never-forecast'] },
        emails: ['anomaly (hold) → planner Elena Kowalczyk + customer service'],
        ack997: ACK_OK,
        orderAck: 'no 855 while held',
      },
      { partner: 'CIRRUS', po: 'CX26-0041182', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-5230', quantity: 500, week: 3 }] },
      { controlNumber: cirrus + 3, time: '0815' },
    ),
    orderFile(
      {
        path: 'CIRRUS/05-850-CX26-0041183-uom-mismatch.edi',
        partner: 'CIRRUS',
        demonstrates: 'UOM mismatch: 40 EA of KPC-8015, which is sold by the case (CA, 12 cans).',
        findings: { '1': ['uom-mismatch'] },
        emails: ['anomaly (hold) → planner Tomas Rivera + customer service'],
        ack997: ACK_OK,
        orderAck: 'no 855 while held',
      },
      { partner: 'CIRRUS', po: 'CX26-0041183', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-8015', quantity: 40, uom: 'EA', week: 3 }] },
      { controlNumber: cirrus + 4, time: '0821' },
    ),
    orderFile(
      {
        path: 'CIRRUS/06-850-CX26-0041184-inside-lead-time.edi',
        partner: 'CIRRUS',
        demonstrates: `Inside lead time: 1,000 of KPC-5310 for delivery ${deliveryDate('CIRRUS', 2)} (ship ${addDays(deliveryDate('CIRRUS', 2), -1)}); its lead time is 35 days, earliest ship ${addDays(DEMO_TODAY, 35)}. Stock covers it: the allocation team decides.`,
        findings: { '1': ['inside-lead-time'] },
        tiers: { '1': 'P2' },
        emails: ['anomaly (warn) → planner Elena Kowalczyk + customer service', 'P2 order at risk → allocation team (same business day)'],
        ack997: ACK_OK,
        orderAck: '855 sent (warn)',
      },
      { partner: 'CIRRUS', po: 'CX26-0041184', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-5310', quantity: 1000, week: 2 }] },
      { controlNumber: cirrus + 5, time: '0826' },
    ),
    orderFile(
      {
        path: 'CIRRUS/07-850-CX26-0041185-original.edi',
        partner: 'CIRRUS',
        demonstrates: 'A clean order for 2,000 of KPC-5190 (the first of two files with this PO number).',
        findings: { '1': [] },
        emails: [],
        ack997: ACK_OK,
        orderAck: '855 accepted as ordered',
      },
      { partner: 'CIRRUS', po: 'CX26-0041185', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-5190', quantity: 2000, week: 3 }] },
      { controlNumber: cirrus + 6, time: '0831' },
    ),
    orderFile(
      {
        path: 'CIRRUS/08-850-CX26-0041185-resent-changed.edi',
        partner: 'CIRRUS',
        demonstrates: 'Duplicate PO: the same PO number CX26-0041185 in a new interchange with different content (2,500 instead of 2,000) — an 850 where an 860 was due.',
        findings: { '1': ['duplicate-po'] },
        emails: ['anomaly (hold: duplicate PO) → planner Elena Kowalczyk + customer service'],
        ack997: ACK_OK,
        orderAck: 'no 855 for the re-send; the original stands until the planner decides',
      },
      { partner: 'CIRRUS', po: 'CX26-0041185', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-5190', quantity: 2500, week: 3 }] },
      { controlNumber: cirrus + 7, time: '0914' },
    ),
    orderFile(
      {
        path: 'CIRRUS/09-850-CX26-0041186-se01-count-off.edi',
        partner: 'CIRRUS',
        demonstrates: 'Envelope error: SE01 says one segment more than the set holds. The set is rejected in the 997; nothing reaches the order desk.',
        emails: [],
        ack997: 'AK5 R with AK502 4 (number of included segments does not match actual count), AK9 R',
        orderAck: 'none (set rejected)',
        bad: 'se01-count',
      },
      { partner: 'CIRRUS', po: 'CX26-0041186', orderType: 'SA', lines: [{ line: '1', vendorPart: 'KPC-5520', quantity: 200, week: 5 }] },
      { controlNumber: cirrus + 8, time: '0938', se01Delta: 1 },
    ),
  ];
}

// ─── README, demo.json, output ───────────────────────────────────────────────────────────────

/** What the PAB of each item should show (used by README, demo.json and the test). */
export const ITEM_STORIES: Readonly<Record<string, string>> = {
  'KPC-1075': 'Over-stock: the receipts of 500 in weeks 4 and 9 take PAB from 420 to 1,420 by week 9 (1,380 with BOLT\'s 40), above the maximum stock of 1,200 in weeks 9–11 → one [OVER-STOCK] warning to the item\'s manager when the supply plan is loaded.',
  'KPC-2040': 'Textbook PAB example: opening 14, ACME orders 15 and MPS 50 in week 2 → PAB 49.',
  'KPC-3310': 'Slipped MPS: the 400 planned for week 3 finishes in week 5. ACME\'s line-down 60 (week 0) leaves 60; BOLT\'s 200 in week 3 takes PAB to −140 → shortage, delay level 1, P2, automatic level 2 to BOLT. Week 5 recovers to 260. (With the MPS in week 3, PAB would stay at 260.)',
  'KPC-5120': 'Early warning: CIRRUS\'s 240 in week 4 takes PAB from 312 to 72, below the safety stock of 200, never negative → P3 (planner digest) until the MPS of week 6.',
};

function weekLabel(w: number): string {
  return `W${w} ${weekStart(w)}`;
}

function readme(files: readonly DemoFile[]): string {
  const rows = files.map(({ story }) => {
    const findings = story.findings
      ? Object.entries(story.findings)
          .map(([line, rules]) => `L${line}: ${rules.length ? rules.join(', ') : 'none'}${story.tiers?.[line] ? ` (${story.tiers[line]})` : ''}`)
          .join('; ')
      : story.bad
        ? `envelope: ${story.bad}`
        : '—';
    const emails = story.emails.length ? story.emails.join('<br>') : '—';
    return `| \`inbound/${story.path}\` | ${story.set} ${story.reference} | ${story.demonstrates} | ${findings} | ${emails} | ${story.ack997} | ${story.orderAck} |`;
  });
  const itemRows = ITEMS.map((spec) => {
    const s = SUPPLY[spec.vendorPart] as SupplySpec;
    const plan = [...Object.entries(s.mps ?? {}).map(([w, q]) => `MPS ${q} W${w}`), ...Object.entries(s.receipts ?? {}).map(([w, q]) => `rcpt ${q} W${w}`)].join(', ');
    const buyers = PARTNER_IDS.filter((p) => spec.prices[p] !== undefined).join(', ');
    return `| ${spec.vendorPart} | ${spec.description} | ${spec.uom} | ${spec.pack} | ${spec.moq} | ${spec.leadTimeDays} | ${spec.safetyStock} | ${buyers} | ${s.onHand} | ${plan} | ${ITEM_STORIES[spec.vendorPart] ?? 'fine: PAB stays at or above safety stock'} |`;
  });
  return `# Demo data

Generated by \`generate-samples.ts\` — do not edit by hand; change the generator and run

    node --import tsx samples/generate-samples.ts

The test \`test/samples/samples.test.ts\` regenerates into a temp dir and fails when these files drift,
validates the master data with the loader, reads every X12 file, and runs the planning core over the
demo to check that each file produces exactly the findings listed below.

**DEMO TODAY is ${DEMO_TODAY}** (a Monday, time zone ${DEMO_TIME_ZONE}; the demo runs at ${DEMO_NOW}), stored
in \`demo.json\`. Week W0 starts on it; the supply plan and the 830s cover W0–W${WEEKS - 1}
(${weekStart(0)} – ${addDays(weekStart(WEEKS - 1), 6)}). The 830s were sent on ${FORECAST_SENT}, the 850s and the 860 on DEMO TODAY.

Our side is **${SUPPLIER.name}** (ISA ZZ/${SUPPLIER.isaId}, and DUNS 01/${SUPPLIER.duns} towards BOLT).

## Partners (\`master/partners.json\`)

| partner | who | ISA sender | GS02 | version | transit | notable profile settings |
| --- | --- | --- | --- | --- | --- | --- |
| ACME | automotive tier-1 | ZZ/${WIRE.ACME.isaId} | ${WIRE.ACME.gsId} | 004010 | ${WIRE.ACME.transitDays} d | strict: decimal shift, deviation (±20%), pack, price (±0.5%), pull-in all hold; line-down codes \`LD\` (REF) and "LINE DOWN" (N9/MSG, NTE); 4 h hold SLA |
| BOLT | industrial MRO distributor | 01/${WIRE.BOLT.isaId} (DUNS) | ${WIRE.BOLT.gsId} | 004010 | ${WIRE.BOLT.transitDays} d | \`autoCustomerRiskNotice\` on, after 0 h: a shortage on a BOLT line sends the level-2 risk notice at once; pack and MOQ only warn |
| CIRRUS | electronics EMS | 12/${WIRE.CIRRUS.isaId} (phone) | ${WIRE.CIRRUS.gsId} | 005010, \`^\` repetition, \`:\` component | ${WIRE.CIRRUS.transitDays} d | wants TA1 (ISA14 = 1); unknown items are rejected (855 IR); UOM and duplicate PO hold |

Every order asks for delivery on the partner's delivery weekday (ACME Thursday, BOLT Friday, CIRRUS
Wednesday) so that the ship date (delivery minus transit) is a Tuesday in the same ISO week as the
delivery; the only exception is ACME's line-down rush (delivery Wednesday ${LINE_DOWN_DELIVERY}, ship DEMO TODAY).

## Inbound files (\`inbound/<PARTNER>/…\`)

The folder is the channel: the pipeline takes the partner from it and checks the ISA/GS sender ids
against that partner's profile. File names sort in the order they were sent.

| file | set | what it demonstrates | planning findings per line (tier) | emails | 997 | 855 / 865 |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Every file except the SE01 one reads with no error diagnostics
(\`node functions/cli/edi.mjs validate samples/inbound/*/*.edi\`); the misrouted file is well-formed X12
and is refused by the ingest stage for its sender ids, not by the reader.

### Emails the demo produces, by kind

- **anomaly, hold**: decimal shift (ACME 4500098802), price off contract (BOLT P221873), never forecast
  (CIRRUS CX26-0041182), UOM mismatch (CIRRUS CX26-0041183), duplicate PO (CIRRUS CX26-0041185 re-send),
  pull-in inside lead time (ACME 860 for 4500098801).
- **anomaly, warn**: pack multiple (BOLT P221871), below MOQ (BOLT P221872), inside lead time (CIRRUS
  CX26-0041184, ACME 4500098803).
- **anomaly, reject**: unknown item (CIRRUS CX26-0041181) → 855 line IR.
- **P1 line-down** (ACME 4500098803) → 24/7 expedite desk and the item owner, with on hand per
  location (KPC-3310: PLANT 80, DC-EAST 40), open supply by week and what can ship now; escalation
  steps manager → director → VP every 4 h while no date is confirmed. KPC-3310 is bought-in: its
  supplier Karin Vogt is asked at once to confirm within 4 h, then purchasing manager Ines Duarte →
  director Henrik Olsen → VP Amara Okafor every 4 h. A confirmed date (\`edi confirm\`) sends a
  stand-down to everyone reached and the replacing 855 with that date.
- **P2 order at risk** → allocation team: BOLT P221874 (PAB shortage), CIRRUS CX26-0041184 (inside lead time).
- **P3 plan shortfall** → planner digest: KPC-5120 below safety stock.
- **delay level 1** (internal alert): KPC-3310, BOLT P221874 line 1 short in W3.
- **delay level 2** (automatic risk notice to BOLT's buyer): the same line.
- **interchange rejected**: \`BOLT/07-…-wrong-sender.edi\`.
- **997 rejection** (no email; the 997 itself): \`CIRRUS/09-…-se01-count-off.edi\`.

Delay **level 3** and the **all-clear** need a planner action: confirm a new date for BOLT P221874
line 1 (level 3: email and a replacing 855 with DR), or load
\`scenarios/supply-plan-mps-restored.csv\` (the KPC-3310 MPS back in W3) as the supply plan and
re-run: the shortage is gone and the all-clear goes to the people who got level 1.

## Items (\`master/items.csv\`) and supply plan (\`supply/supply-plan.csv\`)

Planners own their family at the first escalation step: fasteners ${FAMILIES.fasteners.planner.name},
machined parts ${FAMILIES.machined.planner.name}, electronics ${FAMILIES.electronics.planner.name},
chemicals ${FAMILIES.chemicals.planner.name}; managers ${PEOPLE.grace.name} (fasteners, chemicals) and
${PEOPLE.daniel.name} (machined, electronics); director ${PEOPLE.sofia.name}; VP ${PEOPLE.robert.name}.
Buyer part numbers: ACME \`AC-nnnn10\`, BOLT \`BLnnnn7\`, CIRRUS \`CX-nnnn-01\`.

No partner counts unconsumed forecast in PAB, so PAB is on hand − order lines + MPS + receipts.
Weeks: ${Array.from({ length: WEEKS }, (_, w) => weekLabel(w)).join(', ')}.

| item | description | UOM | pack | MOQ | lead days | safety stock | bought by | on hand | planned supply | PAB story |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${itemRows.join('\n')}
`;
}

function demoJson(files: readonly DemoFile[]): string {
  const json = {
    today: DEMO_TODAY,
    timeZone: DEMO_TIME_ZONE,
    now: DEMO_NOW,
    weeks: Array.from({ length: WEEKS }, (_, w) => weekStart(w)),
    supplier: SUPPLIER,
    master: { partners: 'master/partners.json', items: 'master/items.csv', supplyPlan: 'supply/supply-plan.csv' },
    scenarios: { mpsRestored: 'scenarios/supply-plan-mps-restored.csv' },
    items: ITEM_STORIES,
    files: files.map(({ story }) => ({ ...story, path: `inbound/${story.path}` })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Every generated file: path relative to `samples/` → content. */
export function generateSamples(): Map<string, string> {
  const files = demoFiles();
  const out = new Map<string, string>();
  out.set('demo.json', demoJson(files));
  out.set('README.md', readme(files));
  out.set('master/partners.json', `${JSON.stringify({ schemaVersion: 1, partners: partnerProfiles() }, null, 2)}\n`);
  out.set('master/items.csv', itemsCsv());
  out.set('supply/supply-plan.csv', supplyCsv((_, spec) => spec.mps ?? {}));
  out.set('scenarios/supply-plan-mps-restored.csv', supplyCsv((_, spec) => spec.mpsBeforeSlip ?? spec.mps ?? {}));
  for (const file of files) out.set(`inbound/${file.story.path}`, interchange(file.interchange));
  return out;
}

/** Write every generated file under `dir`; returns the relative paths written. */
export async function writeSamples(dir: string): Promise<string[]> {
  const files = generateSamples();
  for (const [path, text] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
  }
  return [...files.keys()];
}

const HERE = dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? HERE;
  const written = await writeSamples(dir);
  process.stdout.write(`wrote ${written.length} files under ${dir}\n`);
}
