/**
 * "Ship and tell", the pure part: the deterministic shipment id, the SSCC-18 labels
 * of a shipment's packs, and the 856 Ship Notice that tells the partner what is on the truck.
 *
 * Determinism: the shipment id is the caller's or a hash of the shipment's arguments; the SSCCs
 * are derived from partner + PO + shipment sequence + pack number, so a retry of the same
 * shipment always labels the same packs with the same codes.
 */
import type { PurchaseOrder, PurchaseOrderLine, ShipNotice, ShipNoticeNode } from '#schemas/documents/x12-documents.ts';
import { addDays } from '../planning/dates.ts';
import { lineNumberOf, orderedQuantityOf } from '../planning/order-lines.ts';
import { sscc18 } from '../x12/write/sscc.ts';
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

export interface ShipNoticeInput {
  order: PurchaseOrder;
  shipmentId: string;
  shipDate: string;
  /** HH:MM. */
  shipTime: string;
  lines: readonly ShipmentLine[];
  carrier: string;
  tracking?: string;
  billOfLading?: string;
  /** One SSCC-18 per pack. */
  sscc: readonly string[];
  /** Partner transit days: DTM 017 (estimated delivery) = ship date + transit days. */
  transitDays: number;
  /** Vendor part per line number (our part, LIN VP) when the order line does not carry one. */
  vendorParts?: Readonly<Record<string, string>>;
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
 * The 856 (structure S-O-P-I, BSN05 `0001`): S shipment with TD1 (cartons, lading quantity = packs),
 * TD5 carrier, REF BM/CN, DTM 011 shipped and 017 estimated delivery, N1 ST from the order; O order
 * with PRF; one P per pack with MAN GM (SSCC-18); I items with LIN BP/VP and SN1 (shipped, ordered).
 * The lines are spread over the packs in turn (line k in pack k mod packs).
 */
export function buildShipNotice(input: ShipNoticeInput): ShipNotice {
  const { order } = input;
  const packs = input.sscc.map((code) => node('P', { marks: [{ qualifier: 'GM', value: code }] }));
  input.lines.forEach((shipped, k) => {
    const line = findOrderLine(order, shipped.lineNumber);
    const buyer = line?.productIds.find((p) => p.qualifier === 'BP');
    const vendor = line?.productIds.find((p) => p.qualifier === 'VP') ?? (input.vendorParts?.[shipped.lineNumber] ? { qualifier: 'VP', value: input.vendorParts[shipped.lineNumber]! } : undefined);
    const ordered = line ? orderedQuantityOf(line) : undefined;
    const item = node('I', {
      item: {
        lineNumber: shipped.lineNumber,
        productIds: [buyer, vendor].filter((p): p is { qualifier: string; value: string } => p !== undefined),
        quantityShipped: shipped.quantity,
        unitOfMeasure: line?.unitOfMeasure ?? 'EA',
        ...(ordered !== undefined ? { quantityOrdered: ordered } : {}),
      },
    });
    packs[k % packs.length]!.children.push(item);
  });
  const shipTo = order.parties.filter((p) => p.role === 'ST');
  const shipment = node('S', {
    packaging: [{ packagingCode: 'CTN25', ladingQuantity: input.sscc.length }],
    carriers: [{ scac: input.carrier }],
    references: [...(input.billOfLading ? [{ qualifier: 'BM', value: input.billOfLading }] : []), ...(input.tracking ? [{ qualifier: 'CN', value: input.tracking }] : [])],
    dates: [
      { qualifier: '011', date: input.shipDate },
      { qualifier: '017', date: addDays(input.shipDate, input.transitDays) },
    ],
    parties: shipTo,
    children: [node('O', { purchaseOrderNumber: order.purchaseOrderNumber, ...(order.orderDate ? { purchaseOrderDate: order.orderDate } : {}), children: packs })],
  });
  return {
    type: '856',
    controlNumber: '0001',
    purpose: '00',
    shipmentId: input.shipmentId,
    shipDate: input.shipDate,
    shipTime: input.shipTime,
    structureCode: '0001',
    hierarchy: [shipment],
  };
}
