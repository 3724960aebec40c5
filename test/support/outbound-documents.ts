/**
 * The documents we send each sample partner, built by the domain from the sample 850s the way
 * the pipeline builds them: an 855 (every line accepted), an 865 (a quantity increase), an 856
 * (every line shipped in two packs) and an 810. Used by the guide and golden-file tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acknowledgeChange } from '#domain/orders/acknowledge-order.ts';
import { invoiceOf } from '#domain/orders/invoice.ts';
import { allocateBillOfLading, allocateSscc, buildShipNotice, shipNoticeConventionsOf } from '#domain/orders/shipment.ts';
import { buildAcknowledgment, loadPartnerProfiles, lineNumberOf } from '#domain/planning/index.ts';
import { translateText } from '#domain/x12/translate.ts';
import type { ChangeAcknowledgment, Invoice, OrderAcknowledgment, OrderChange, PurchaseOrder, ShipNotice } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { LineState } from '#schemas/records/planning-state.ts';
import type { ShipmentRecord } from '#schemas/records/records.ts';
import { SAMPLES } from './samples-dir.ts';

export function samplePartners(): PartnerProfile[] {
  const loaded = loadPartnerProfiles({ file: 'partners.json', text: readFileSync(join(SAMPLES, 'master/partners.json'), 'utf8') });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.records;
}

export function samplePartner(id: string): PartnerProfile {
  const found = samplePartners().find((p) => p.id === id);
  if (!found) throw new Error(`no sample partner ${id}`);
  return found;
}

/** The clean sample 850 of each partner. */
export const CLEAN_850: Readonly<Record<string, string>> = {
  ACME: 'inbound/ACME/02-850-4500098801-clean.edi',
  BOLT: 'inbound/BOLT/02-850-P221870-clean.edi',
  CIRRUS: 'inbound/CIRRUS/02-850-CX26-0041180-clean.edi',
};

export function sampleText(path: string): string {
  return readFileSync(join(SAMPLES, path), 'utf8');
}

export function sampleOrder(partner: string): PurchaseOrder {
  const doc = translateText(sampleText(CLEAN_850[partner]!)).documents[0]?.document;
  if (doc?.type !== '850') throw new Error(`no 850 in ${CLEAN_850[partner]}`);
  return doc;
}

export const accepted = (lineNumber: string, extra: Partial<LineState> = {}): LineState => ({ schemaVersion: 1, lineNumber, status: 'accepted', reasons: [], decidedBy: 'rules', escalationsSent: 0, backOrdered: false, ...extra });

export const NOW = '2026-11-24T14:05:00.000Z';

export function sampleAcknowledgment(profile: PartnerProfile, order: PurchaseOrder, states?: readonly LineState[]): OrderAcknowledgment {
  const lineStates = states ?? order.lines.map((l, i) => accepted(lineNumberOf(l, i)));
  const outcome = buildAcknowledgment({ order, lineStates, decisions: [], now: NOW, controlNumber: '0001', partner: profile });
  if (outcome.status !== 'ready') throw new Error(`855 not ready: ${outcome.status}`);
  return outcome.acknowledgment;
}

export function sampleChange(order: PurchaseOrder): OrderChange {
  const line = order.lines[0]!;
  return {
    type: '860',
    controlNumber: '0001',
    purpose: '04',
    orderType: 'SA',
    purchaseOrderNumber: order.purchaseOrderNumber,
    changeSequence: '1',
    ...(order.orderDate ? { orderDate: order.orderDate } : {}),
    references: [],
    dates: [],
    parties: [],
    contacts: [],
    notes: [],
    lines: [{ ...line, lineNumber: lineNumberOf(line, 0), changeType: 'QI', quantity: (line.quantity ?? 0) + 10, quantityLeftToReceive: (line.quantity ?? 0) + 10 }],
  };
}

export function sampleChangeAcknowledgment(order: PurchaseOrder): ChangeAcknowledgment {
  const change = sampleChange(order);
  return acknowledgeChange({ purchaseOrderNumber: order.purchaseOrderNumber, purchaseOrder: order }, change, [{ lineNumber: '1', changeType: 'QI', applied: true }], NOW.slice(0, 10));
}

export const SHIPMENT_ID = 'S0123456789ABCDE';

export function sampleShipment(profile: PartnerProfile, order: PurchaseOrder): ShipmentRecord {
  return {
    id: SHIPMENT_ID,
    sequence: 1,
    at: NOW,
    shipDate: '2026-11-24',
    lines: order.lines.map((l, i) => ({ lineNumber: lineNumberOf(l, i), quantity: l.quantity ?? 1 })),
    carrier: 'ODFL',
    tracking: 'PRO-778812',
    billOfLading: allocateBillOfLading(profile.id, order.purchaseOrderNumber, SHIPMENT_ID),
    sscc: allocateSscc(profile.id, order.purchaseOrderNumber, 1, 2),
    by: 'Dock Team',
  };
}

export function sampleShipNotice(profile: PartnerProfile, order: PurchaseOrder): ShipNotice {
  const shipment = sampleShipment(profile, order);
  return buildShipNotice({
    order,
    shipmentId: shipment.id,
    createdAt: NOW,
    shipDate: shipment.shipDate,
    lines: shipment.lines,
    carrier: shipment.carrier,
    transportMethod: profile.shipping.transportMethod,
    ...(profile.shipping.routing ? { routing: profile.shipping.routing } : {}),
    tracking: shipment.tracking!,
    billOfLading: shipment.billOfLading!,
    sscc: shipment.sscc,
    transitDays: profile.transitDays,
    unitWeights: Object.fromEntries(shipment.lines.map((l) => [l.lineNumber, { weight: 1.25, unit: 'LB' as const }])),
    ...(profile.shipFrom ? { shipFrom: { role: 'SF', name: profile.shipFrom.name, idQualifier: profile.shipFrom.idQualifier, id: profile.shipFrom.id, addressLines: [], contacts: [] } } : {}),
    conventions: shipNoticeConventionsOf(profile),
  });
}

export function sampleInvoice(profile: PartnerProfile, order: PurchaseOrder): Invoice {
  return invoiceOf({ order: { purchaseOrder: order } }, sampleShipment(profile, order), profile);
}
