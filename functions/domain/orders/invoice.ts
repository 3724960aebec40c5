/**
 * The 810 of a shipment, the pure part: what was shipped, at the price and in the unit the 855
 * confirmed (a planner's `price=` or `uom=` decision), with the partner's terms of sale.
 * Deterministic: the invoice number derives from the shipment id, so a retry invoices the same.
 */
import type { Invoice, InvoiceLine, Party, Terms } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Order, OrderPlanning, ShipmentRecord } from '#schemas/records/records.ts';
import { addDays } from '../planning/dates.ts';
import { lineNumberOf } from '../planning/order-lines.ts';

/** BIG02: `I` + the shipment id's 15 hex digits (or the caller's shipment id), at most 22 characters (element 76). */
export function invoiceNumberOf(shipment: Pick<ShipmentRecord, 'id'>): string {
  const id = /^S[0-9A-F]{15}$/.test(shipment.id) ? shipment.id.slice(1) : shipment.id;
  return `I${id}`.slice(0, 22);
}

/** ITD: basic terms (`05` discount not applicable) or with an early-payment discount (`08`), from the invoice date (ITD02 `3`). */
export function termsOf(profile: Pick<PartnerProfile, 'invoiceTerms'>, invoiceDate: string): Terms {
  const t = profile.invoiceTerms;
  const discount = t.discountPercent !== undefined && t.discountDays !== undefined;
  return {
    typeCode: discount ? '08' : '05',
    basisDateCode: '3',
    ...(discount ? { discountPercent: t.discountPercent, discountDays: t.discountDays, discountDueDate: addDays(invoiceDate, t.discountDays!) } : {}),
    netDueDate: addDays(invoiceDate, t.netDays),
    netDays: t.netDays,
  };
}

const cents = (value: number): number => Math.round(value * 100) / 100;

/**
 * The invoice of one shipment: BIG with the shipment's date, the PO number and date; REF BM (bill
 * of lading) and SI (shipment id, the 856's BSN02); the order's bill-to and ship-to, our remit-to
 * when the profile names our ship-from; ITD from the profile; DTM 011 shipped; one IT1 per shipped
 * line (quantity shipped × the confirmed price, in the confirmed unit, the 850's product ids); TDS
 * the total.
 */
export function invoiceOf(order: { order: Pick<Order, 'purchaseOrder'>; planning?: Pick<OrderPlanning, 'lineStates'> | undefined }, shipment: ShipmentRecord, profile: Pick<PartnerProfile, 'invoiceTerms' | 'shipFrom'>): Invoice {
  const po = order.order.purchaseOrder;
  const states = order.planning?.lineStates ?? [];
  const lines: InvoiceLine[] = shipment.lines.map((shipped) => {
    const index = po.lines.findIndex((l, i) => lineNumberOf(l, i) === shipped.lineNumber);
    const line = po.lines[index];
    const state = states.find((s) => s.lineNumber === shipped.lineNumber);
    const unitPrice = state?.unitPrice ?? line?.unitPrice;
    const unit = state?.unitOfMeasure ?? line?.unitOfMeasure;
    return {
      lineNumber: shipped.lineNumber,
      quantity: shipped.quantity,
      ...(unit !== undefined ? { unitOfMeasure: unit } : {}),
      ...(unitPrice !== undefined ? { unitPrice, priceBasis: line?.priceBasis ?? 'PE' } : {}),
      productIds: (line?.productIds ?? []).map((p) => ({ qualifier: p.qualifier, value: p.value })),
      ...(line?.description ? { description: line.description } : {}),
    };
  });
  const total = cents(lines.reduce((sum, l) => sum + (l.quantity ?? 0) * (l.unitPrice ?? 0), 0));
  const parties: Party[] = [
    ...po.parties.filter((p) => ['BT', 'ST'].includes(p.role.trim().toUpperCase())),
    ...(profile.shipFrom ? [{ role: 'RI', name: profile.shipFrom.name, idQualifier: profile.shipFrom.idQualifier, id: profile.shipFrom.id, addressLines: [], contacts: [] }] : []),
  ];
  return {
    type: '810',
    controlNumber: '0001',
    invoiceDate: shipment.shipDate,
    invoiceNumber: invoiceNumberOf(shipment),
    ...(po.orderDate ? { orderDate: po.orderDate } : {}),
    purchaseOrderNumber: po.purchaseOrderNumber,
    ...(po.releaseNumber ? { releaseNumber: po.releaseNumber } : {}),
    ...(po.currency ? { currency: po.currency } : {}),
    references: [...(shipment.billOfLading ? [{ qualifier: 'BM', value: shipment.billOfLading }] : []), { qualifier: 'SI', value: shipment.id }],
    dates: [{ qualifier: '011', date: shipment.shipDate }],
    parties,
    contacts: [],
    notes: [],
    terms: [termsOf(profile, shipment.shipDate)],
    lines,
    totalAmount: total,
  };
}
