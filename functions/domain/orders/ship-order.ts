/**
 * Goods leave for an order: an `order.shipped` event with the shipped quantity per line (which
 * an 860 may not cut below), one SSCC-18 per pack, the 856 when the partner takes 856s and the
 * 810 when it takes 810s. The
 * same shipment (its id, by default a hash of the arguments) twice records nothing new.
 */
import type { Party } from '#schemas/documents/x12-documents.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { OrderHead, OrderPlanning, ShipmentRecord } from '#schemas/records/records.ts';
import { dateOfInstant, findLine, orderedQuantityOf } from '../planning/index.ts';
import { documentMessage } from './order-messages.ts';
import { invoiceOf } from './invoice.ts';
import { invoiceKey, shipNoticeKey } from './order-keys.ts';
import { allocateBillOfLading, allocateSscc, buildShipNotice, packsPerLine, shipmentIdOf, shipNoticeConventionsOf, type ConfirmedLine, type ShipmentLine } from './shipment.ts';
import { advance, refuse, type Refusal, type Transition } from './transition.ts';

export interface ShipmentInput {
  lines: ShipmentLine[];
  /** Carrier SCAC. */
  carrier: string;
  tracking?: string;
  billOfLading?: string;
  /** YYYY-MM-DD; the date of `now` when absent. */
  shipDate?: string;
  /** Number of packs (one SSCC-18 each); 1 when absent. */
  packs?: number;
  /** The shipment's id (BSN02); a hash of the other arguments when absent. */
  shipmentId?: string;
  /** TD504 transport method (element 91); the partner profile's `shipping.transportMethod` when absent. */
  transportMethod?: string;
  by: string;
}

/** The shipment was recorded before: nothing new. */
export interface AlreadyShipped {
  alreadyRecorded: true;
  shipment: ShipmentRecord;
  /** True when the order's last event is this shipment (its outbox may still need sending). */
  isLast: boolean;
}

export interface ShippedOrder extends Transition {
  shipment: ShipmentRecord;
  shipped: Record<string, number>;
}

export function isAlreadyShipped(result: ShippedOrder | AlreadyShipped | Refusal): result is AlreadyShipped {
  return 'alreadyRecorded' in result;
}

/** The quantity and unit each line was confirmed with (decisions), for the 856's SN1. */
function confirmedLinesOf(planning: OrderPlanning): Record<string, ConfirmedLine> {
  return Object.fromEntries(
    planning.lineStates
      .filter((s) => s.quantity !== undefined || s.unitOfMeasure !== undefined)
      .map((s) => [s.lineNumber, { ...(s.quantity !== undefined ? { quantity: s.quantity } : {}), ...(s.unitOfMeasure !== undefined ? { unitOfMeasure: s.unitOfMeasure } : {}) }]),
  );
}

/** Packed gross weight per unit of each line whose item is known and weighed in the item master. */
function unitWeightsOf(planning: OrderPlanning, items: readonly Item[]): Record<string, { weight: number; unit: 'LB' | 'KG' }> {
  const byPart = new Map(items.map((i) => [i.vendorPart, i]));
  const out: Record<string, { weight: number; unit: 'LB' | 'KG' }> = {};
  for (const [line, part] of Object.entries(planning.items)) {
    const item = byPart.get(part);
    if (item?.grossWeight !== undefined) out[line] = { weight: item.grossWeight, unit: item.weightUnit };
  }
  return out;
}

function shipFromParty(from: NonNullable<PartnerProfile['shipFrom']>): Party {
  return { role: 'SF', name: from.name, idQualifier: from.idQualifier, id: from.id, addressLines: [], contacts: [] };
}

function shipmentCauseId(partner: string, purchaseOrderNumber: string, shipmentId: string): string {
  return `shipment/${partner}/${purchaseOrderNumber}/${shipmentId}`;
}

/** The shipment transition; refused for a cancelled order, an unknown or undecided line, or more than ordered. */
export function shipOrder(head: OrderHead, input: ShipmentInput & { partner: PartnerProfile; companyPrefix: string; items?: readonly Item[] }, now: string): ShippedOrder | AlreadyShipped | Refusal {
  const { order } = head;
  const planning = head.planning;
  if (!planning) return refuse(`order ${order.purchaseOrderNumber} was not checked by the planning rules`);
  if (order.status === 'cancelled') return refuse(`PO ${order.purchaseOrderNumber} is cancelled`);
  if (input.lines.length === 0) return refuse('name at least one line and quantity');
  if (!input.carrier.trim()) return refuse('the carrier SCAC is required');
  const packs = input.packs ?? 1;
  if (!Number.isInteger(packs) || packs < 1 || packs > 999) return refuse(`packs must be a whole number from 1 to 999, not ${input.packs}`);
  const shipDate = input.shipDate ?? dateOfInstant(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shipDate)) return refuse(`ship date ${shipDate} is not YYYY-MM-DD`);
  const shipmentId =
    input.shipmentId ??
    shipmentIdOf({ partner: order.partner, purchaseOrderNumber: order.purchaseOrderNumber, lines: input.lines, carrier: input.carrier, ...(input.tracking ? { tracking: input.tracking } : {}), ...(input.billOfLading ? { billOfLading: input.billOfLading } : {}), shipDate, packs });
  if (!/^[A-Za-z0-9._-]{2,30}$/.test(shipmentId)) return refuse(`shipment id ${shipmentId} must be 2-30 letters, digits, '.', '_' or '-'`);
  const shipments = planning.shipments ?? [];
  const done = shipments.find((s) => s.id === shipmentId);
  if (done) return { alreadyRecorded: true, shipment: done, isLast: head.lastEvent.cause.id === shipmentCauseId(order.partner, order.purchaseOrderNumber, shipmentId) };

  const po = order.purchaseOrder;
  const shipped: Record<string, number> = { ...(planning.shipped ?? {}) };
  const seen = new Set<string>();
  for (const l of input.lines) {
    if (seen.has(l.lineNumber)) return refuse(`line ${l.lineNumber} is named twice`);
    seen.add(l.lineNumber);
    if (!Number.isFinite(l.quantity) || l.quantity <= 0) return refuse(`line ${l.lineNumber}: quantity must be positive`);
    const found = findLine(po, l.lineNumber);
    if (!found) return refuse(`PO ${order.purchaseOrderNumber} has no line ${l.lineNumber}`);
    const state = planning.lineStates.find((s) => s.lineNumber === l.lineNumber);
    if (state && state.status !== 'accepted') return refuse(`line ${l.lineNumber} is ${state.status}: decide it before shipping`);
    const limit = state?.quantity ?? orderedQuantityOf(found.line);
    const total = (shipped[l.lineNumber] ?? 0) + l.quantity;
    if (limit !== undefined && total > limit) return refuse(`line ${l.lineNumber}: ${total} would exceed the ${limit} ordered (${shipped[l.lineNumber] ?? 0} shipped already)`);
    shipped[l.lineNumber] = total;
  }
  // Every pack holds something: a line spread over several packs needs a unit for each.
  const perLine = input.lines.length < packs ? packsPerLine(input.lines.length, packs) : input.lines.map(() => 1);
  const short = input.lines.findIndex((l, i) => l.quantity < perLine[i]!);
  if (short >= 0) return refuse(`${packs} packs for ${input.lines.map((l) => l.quantity).reduce((a, b) => a + b, 0)} unit(s): line ${input.lines[short]!.lineNumber} would leave a pack empty; give fewer packs`);
  const sequence = shipments.length + 1;
  let sscc: string[];
  try {
    sscc = allocateSscc(order.partner, order.purchaseOrderNumber, sequence, packs, input.companyPrefix);
  } catch (error) {
    return refuse(`cannot allocate SSCC-18 labels with GS1 company prefix ${input.companyPrefix}: ${(error as Error).message}`);
  }
  const billOfLading = input.billOfLading ?? allocateBillOfLading(order.partner, order.purchaseOrderNumber, shipmentId, input.companyPrefix);
  const transportMethod = input.transportMethod ?? input.partner.shipping.transportMethod;
  if (!/^[A-Z0-9]{1,2}$/.test(transportMethod)) return refuse(`transport method ${transportMethod} is not an X12 code (element 91, e.g. M motor, LT less than truckload, U parcel)`);
  const noticeKey = input.partner.acks.shipNotice856 ? shipNoticeKey(order.partner, order.purchaseOrderNumber, shipmentId) : undefined;
  const shipment: ShipmentRecord = {
    id: shipmentId,
    sequence,
    at: now,
    shipDate,
    lines: input.lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity })),
    carrier: input.carrier,
    ...(input.tracking ? { tracking: input.tracking } : {}),
    billOfLading,
    sscc,
    by: input.by,
    ...(noticeKey ? { shipNoticeKey: noticeKey } : {}),
  };
  // An 810 per shipment for partners that take them (shipped quantity × confirmed price).
  const billKey = input.partner.acks.invoice810 ? invoiceKey(order.partner, order.purchaseOrderNumber, shipmentId) : undefined;
  if (billKey) shipment.invoiceKey = billKey;
  const next: OrderPlanning = { ...planning, shipped, shipments: [...shipments, shipment] };
  const invoice = billKey ? documentMessage(order.partner, order.purchaseOrderNumber, billKey, invoiceOf(head, shipment, input.partner), now) : undefined;
  const notice = noticeKey
    ? documentMessage(
        order.partner,
        order.purchaseOrderNumber,
        noticeKey,
        buildShipNotice({
          order: po,
          shipmentId,
          createdAt: now,
          shipDate,
          lines: shipment.lines,
          carrier: input.carrier,
          transportMethod,
          ...(input.partner.shipping.routing ? { routing: input.partner.shipping.routing } : {}),
          ...(input.tracking ? { tracking: input.tracking } : {}),
          billOfLading,
          sscc,
          transitDays: input.partner.transitDays,
          vendorParts: planning.items,
          confirmed: confirmedLinesOf(planning),
          unitWeights: unitWeightsOf(planning, input.items ?? []),
          ...(input.partner.shipFrom ? { shipFrom: shipFromParty(input.partner.shipFrom) } : {}),
          conventions: shipNoticeConventionsOf(input.partner),
        }),
        now,
      )
    : undefined;
  const transition = advance(
    head,
    input.partner,
    {
      type: 'order.shipped',
      cause: { partner: order.partner, type: 'shipment', id: shipmentCauseId(order.partner, order.purchaseOrderNumber, shipmentId) },
      actor: `shipper:${input.by}`,
      summary: `shipment ${shipmentId}: ${shipment.lines.map((l) => `line ${l.lineNumber} × ${l.quantity}`).join(', ')} by ${input.carrier}${input.tracking ? ` (${input.tracking})` : ''}, ${packs} pack(s)`,
      details: { shipment, shipped },
      planning: next,
      outbound: [...(notice ? [notice] : []), ...(invoice ? [invoice] : [])],
    },
    now,
  );
  return { ...transition, shipment, shipped };
}
