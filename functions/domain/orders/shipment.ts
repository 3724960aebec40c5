/**
 * "Ship and tell", the pure part: the deterministic shipment id, the SSCC-18 labels
 * of a shipment's packs, and the 856 Ship Notice that tells the partner what is on the truck.
 *
 * Determinism: the shipment id is the caller's or a hash of the shipment's arguments; the SSCCs
 * are derived from partner + PO + shipment sequence + pack number, so a retry of the same
 * shipment always labels the same packs with the same codes.
 */
import type { Party, PurchaseOrder, PurchaseOrderLine, ShipNotice, ShipNoticeNode } from '#schemas/documents/x12-documents.ts';
import { partnerGuideOf, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { addDays } from '../planning/dates.ts';
import { lineNumberOf, orderedQuantityOf } from '../planning/order-lines.ts';
import { gs1CheckDigit, manValueOf, sscc18 } from '../x12/write/sscc.ts';
import { sha256Hex } from './sha256.ts';

/** A clearly fake GS1 company prefix (the one GS1's own examples use); set `EDI_GS1_COMPANY_PREFIX` to your own. */
export const DEFAULT_GS1_COMPANY_PREFIX = '0614141';

export interface ShipmentLine {
  lineNumber: string;
  quantity: number;
}

export interface ShipmentRequest {
  partner: string;
  purchaseOrderNumber: string;
  lines: readonly ShipmentLine[];
  /** SCAC of the carrier (TD503). */
  carrier: string;
  tracking?: string;
  billOfLading?: string;
  /** YYYY-MM-DD. */
  shipDate: string;
  packs: number;
}

/**
 * The shipment id (BSN02, 2–30 characters): `S` + 15 hex digits of the SHA-256 of the request's
 * canonical form (lines sorted by number), so the same command twice names the same shipment.
 */
export function shipmentIdOf(request: ShipmentRequest): string {
  const lines = [...request.lines].sort((a, b) => a.lineNumber.localeCompare(b.lineNumber, 'en', { numeric: true })).map((l) => [l.lineNumber, l.quantity]);
  const canonical = JSON.stringify([request.partner, request.purchaseOrderNumber, lines, request.carrier, request.tracking ?? '', request.billOfLading ?? '', request.shipDate, request.packs]);
  return `S${sha256Hex(canonical).slice(0, 15).toUpperCase()}`;
}

/**
 * SSCC-18 labels for the packs of shipment number `sequence` (1, 2, … on the order): extension
 * digit 0, the company prefix, and a serial reference of the remaining digits taken from the
 * SHA-256 of `partner/PO/sequence/pack` (read as a number), then the GS1 check digit.
 */
export function allocateSscc(partner: string, purchaseOrderNumber: string, sequence: number, packs: number, companyPrefix: string = DEFAULT_GS1_COMPANY_PREFIX): string[] {
  const serialLength = 16 - companyPrefix.length;
  const out: string[] = [];
  for (let pack = 1; pack <= packs; pack++) {
    const hash = sha256Hex(`${partner}/${purchaseOrderNumber}/${sequence}/${pack}`);
    const serial = (BigInt(`0x${hash.slice(0, 24)}`) % 10n ** BigInt(serialLength)).toString().padStart(serialLength, '0');
    out.push(sscc18(0, companyPrefix, serial));
  }
  return out;
}

/**
 * A VICS bill of lading number (17 digits: the GS1 company prefix, a shipper-assigned serial, the
 * GS1 mod-10 check digit) for a shipment given none, derived from partner, PO and shipment id so a
 * retry allocates the same number.
 */
export function allocateBillOfLading(partner: string, purchaseOrderNumber: string, shipmentId: string, companyPrefix: string = DEFAULT_GS1_COMPANY_PREFIX): string {
  const serialLength = 16 - companyPrefix.length;
  const hash = sha256Hex(`BOL/${partner}/${purchaseOrderNumber}/${shipmentId}`);
  const serial = (BigInt(`0x${hash.slice(0, 24)}`) % 10n ** BigInt(serialLength)).toString().padStart(serialLength, '0');
  const body = `${companyPrefix}${serial}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/** How a partner's guide wants the 856 built: the HL structure and the label qualifier. */
export interface ShipNoticeConventions {
  /** `SOPI` shipment/order/pack/item (BSN05 `0001`), `SOI` shipment/order/item (BSN05 `0002`). */
  structure: 'SOPI' | 'SOI';
  /** MAN01 of the container labels: `GM` (`00` + SSCC-18) or `AA` (the bare SSCC-18). */
  labelQualifier: 'GM' | 'AA';
}

export const DEFAULT_SHIP_NOTICE_CONVENTIONS: ShipNoticeConventions = { structure: 'SOPI', labelQualifier: 'GM' };

/** The conventions the partner's outbound 856 guide asks for: its HL structure and MAN01 codes; the defaults where it says nothing. */
export function shipNoticeConventionsOf(profile: Pick<PartnerProfile, 'guides'>): ShipNoticeConventions {
  const rules = partnerGuideOf(profile, '856', 'outbound')?.rules ?? [];
  const hierarchy = rules.find((r) => r.kind === 'hierarchy');
  const labels = rules.find((r) => r.kind === 'codes' && r.element === 'MAN01');
  const structure = hierarchy?.kind === 'hierarchy' && hierarchy.levels.join('') === 'SOI' ? 'SOI' : 'SOPI';
  const labelQualifier = labels?.kind === 'codes' && !labels.codes.includes('GM') && labels.codes.includes('AA') ? 'AA' : 'GM';
  return { structure, labelQualifier };
}

/** What an ordered line became once confirmed (a decision may have changed quantity or unit). */
export interface ConfirmedLine {
  quantity?: number;
  unitOfMeasure?: string;
}

export interface ShipNoticeInput {
  order: PurchaseOrder;
  shipmentId: string;
  /** When the notice is created (BSN03/BSN04), ISO instant. */
  createdAt: string;
  shipDate: string;
  lines: readonly ShipmentLine[];
  carrier: string;
  /** TD504 transport method (element 91) and TD505 routing. */
  transportMethod: string;
  routing?: string;
  tracking?: string;
  billOfLading: string;
  /** One SSCC-18 per pack. */
  sscc: readonly string[];
  /** Partner transit days: DTM 017 (estimated delivery) = ship date + transit days. */
  transitDays: number;
  /** Vendor part per line number (our part, LIN VP) when the order line does not carry one. */
  vendorParts?: Readonly<Record<string, string>>;
  /** The confirmed quantity and unit per line number (the 855's), when a decision changed them. */
  confirmed?: Readonly<Record<string, ConfirmedLine>>;
  /** Packed gross weight per unit of each shipped line (from the item master), by line number. */
  unitWeights?: Readonly<Record<string, { weight: number; unit: 'LB' | 'KG' }>>;
  /** Our ship-from party (N1*SF). */
  shipFrom?: Party;
  conventions?: ShipNoticeConventions;
}

const node = (level: string, extra: Partial<ShipNoticeNode> = {}): ShipNoticeNode => ({
  id: '',
  level,
  marks: [],
  packaging: [],
  carriers: [],
  references: [],
  dates: [],
  parties: [],
  children: [],
  ...extra,
});

function findOrderLine(order: PurchaseOrder, lineNumber: string): PurchaseOrderLine | undefined {
  return order.lines.find((l, i) => lineNumberOf(l, i) === lineNumber);
}

/**
 * Which line goes into which pack, and how many of it: with at least as many lines as packs, line
 * k fills pack k mod packs; with more packs than lines, pack j holds part of line j mod lines,
 * each line's quantity split as evenly as whole units allow (so no pack is empty). The caller
 * refuses a shipment with more packs than a line has units ({@link packsPerLine}).
 */
export function packContents(lines: readonly ShipmentLine[], packs: number): { pack: number; line: ShipmentLine; quantity: number }[] {
  if (lines.length >= packs) return lines.map((line, k) => ({ pack: k % packs, line, quantity: line.quantity }));
  const counts = packsPerLine(lines.length, packs);
  const parts = lines.map((line, i) => splitQuantity(line.quantity, counts[i]!));
  return Array.from({ length: packs }, (_, j) => {
    const i = j % lines.length;
    return { pack: j, line: lines[i]!, quantity: parts[i]![Math.floor(j / lines.length)]! };
  });
}

/** How many packs each of `lines` lines gets when `packs` packs are filled in turn. */
export function packsPerLine(lines: number, packs: number): number[] {
  return Array.from({ length: lines }, (_, i) => Math.max(1, Math.floor(packs / lines) + (i < packs % lines ? 1 : 0)));
}

function splitQuantity(quantity: number, parts: number): number[] {
  if (Number.isInteger(quantity)) {
    const base = Math.floor(quantity / parts);
    return Array.from({ length: parts }, (_, k) => base + (k < quantity % parts ? 1 : 0));
  }
  const base = Math.floor((quantity / parts) * 1000) / 1000;
  return Array.from({ length: parts }, (_, k) => (k === parts - 1 ? Math.round((quantity - base * (parts - 1)) * 1000) / 1000 : base));
}

/** TD1 gross weight: the shipped quantity times each line's unit weight, in one unit (KG converted to LB when units mix); undefined when a line has no weight. */
export function grossWeightOf(lines: readonly ShipmentLine[], unitWeights: Readonly<Record<string, { weight: number; unit: 'LB' | 'KG' }>> | undefined): { weight: number; unit: 'LB' | 'KG' } | undefined {
  if (!unitWeights) return undefined;
  const weights = lines.map((l) => ({ line: l, w: unitWeights[l.lineNumber] }));
  if (weights.some((x) => x.w === undefined)) return undefined;
  const units = new Set(weights.map((x) => x.w!.unit));
  const unit = units.size === 1 ? [...units][0]! : 'LB';
  const total = weights.reduce((sum, x) => sum + x.line.quantity * (x.w!.unit === unit ? x.w!.weight : x.w!.weight * 2.20462), 0);
  return { weight: Math.round(total * 100) / 100, unit };
}

/**
 * The 856. BSN02 the shipment id, BSN03/BSN04 when the notice was created, BSN05 the structure
 * (`0001` S-O-P-I, `0002` S-O-I, as the partner's guide builds the tree). Shipment level: TD1
 * (cartons, lading quantity = packs, TD106 `G` gross weight from the item master), TD5 (TD501 `B`
 * origin carrier, SCAC, TD504 transport method, TD505 routing), REF BM bill of lading and CN
 * tracking number, DTM 011 shipped and 017 estimated delivery (ship date + transit days), N1 SF
 * (ours) and ST (the order's, with its ids). Order level: PRF with PO number and date. S-O-P-I:
 * one pack per SSCC with MAN (GM: `00` + SSCC-18; AA: the SSCC-18), the lines spread over the
 * packs in turn; S-O-I: the labels as MAN on the shipment. Item level: LIN with the product ids
 * as the 850 carried them (plus our VP when it carried none), SN1 shipped quantity and unit and
 * the confirmed quantity.
 */
export function buildShipNotice(input: ShipNoticeInput): ShipNotice {
  const { order } = input;
  const conventions = input.conventions ?? DEFAULT_SHIP_NOTICE_CONVENTIONS;
  const labels = input.sscc.map((code) => ({ qualifier: conventions.labelQualifier, value: manValueOf(conventions.labelQualifier, code) }));
  const packs = labels.map((mark) => node('P', { marks: [mark] }));
  const itemNode = (shipped: ShipmentLine, quantity: number): ShipNoticeNode => {
    const line = findOrderLine(order, shipped.lineNumber);
    const carried = line?.productIds ?? [];
    const vendorPart = input.vendorParts?.[shipped.lineNumber];
    const ids = carried.some((p) => p.qualifier === 'VP') || vendorPart === undefined ? carried : [...carried, { qualifier: 'VP', value: vendorPart }];
    const confirmed = input.confirmed?.[shipped.lineNumber];
    const ordered = confirmed?.quantity ?? (line ? orderedQuantityOf(line) : undefined);
    return node('I', {
      item: {
        lineNumber: shipped.lineNumber,
        productIds: ids.map((p) => ({ qualifier: p.qualifier, value: p.value })),
        quantityShipped: quantity,
        unitOfMeasure: confirmed?.unitOfMeasure ?? line?.unitOfMeasure ?? 'EA',
        ...(ordered !== undefined ? { quantityOrdered: ordered } : {}),
      },
    });
  };
  const items = input.lines.map((shipped) => itemNode(shipped, shipped.quantity));
  const sopi = conventions.structure === 'SOPI';
  if (sopi) {
    for (const { pack, line, quantity } of packContents(input.lines, packs.length)) packs[pack]!.children.push(itemNode(line, quantity));
  }
  const shipTo = order.parties.filter((p) => p.role.trim().toUpperCase() === 'ST');
  const weight = grossWeightOf(input.lines, input.unitWeights);
  const shipment = node('S', {
    packaging: [{ packagingCode: 'CTN25', ladingQuantity: input.sscc.length, ...(weight ? { weightQualifier: 'G', weight: weight.weight, weightUnit: weight.unit } : {}) }],
    carriers: [{ routingSequence: 'B', scac: input.carrier, transportMethod: input.transportMethod, ...(input.routing ? { routing: input.routing } : {}) }],
    references: [{ qualifier: 'BM', value: input.billOfLading }, ...(input.tracking ? [{ qualifier: 'CN', value: input.tracking }] : [])],
    ...(sopi ? {} : { marks: labels }),
    dates: [
      { qualifier: '011', date: input.shipDate },
      { qualifier: '017', date: addDays(input.shipDate, input.transitDays) },
    ],
    parties: [...(input.shipFrom ? [input.shipFrom] : []), ...shipTo],
    children: [node('O', { purchaseOrderNumber: order.purchaseOrderNumber, ...(order.orderDate ? { purchaseOrderDate: order.orderDate } : {}), children: sopi ? packs : items })],
  });
  return {
    type: '856',
    controlNumber: '0001',
    purpose: '00',
    shipmentId: input.shipmentId,
    shipDate: input.createdAt.slice(0, 10),
    shipTime: input.createdAt.slice(11, 16),
    structureCode: sopi ? '0001' : '0002',
    hierarchy: [shipment],
  };
}
