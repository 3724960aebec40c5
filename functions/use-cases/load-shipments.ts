/**
 * Shipments as a WMS or ERP reports them (README, "Shipments from a WMS or ERP"): a file under the
 * inbound bucket's `shipments/` prefix, CSV or JSON. All or nothing, as master-data loads:
 * 1 read the whole file (a bad row refuses the file);
 * 2 check every shipment against its order as the domain would record it, in file order (a later
 *   shipment of the same PO sees the earlier one) — one refused shipment refuses the file;
 * 3 otherwise record each through the ship use case `edi ship` uses (856, and 810 for a partner
 *   that takes them; the order's steps published). A file re-sent, or retried after a failure
 *   half-way, records nothing twice: each shipment's id is its own or a hash of its fields.
 * A refusal is recorded (a file record naming every shipment's result, an error record on each
 * refused order's history) and emailed to operations once per file content. One shipment reported
 * on the API ({@link shipReported}) is recorded and, when refused, reported the same way.
 */
import { sha256Hex } from '#domain/orders/sha256.ts';
import { parseShipmentFile, type FileShipment } from '#domain/orders/shipment-file.ts';
import * as Order from '#domain/orders/transitions.ts';
import { dateOfInstant } from '#domain/planning/dates.ts';
import type { MasterDataError } from '#domain/planning/load-master-data.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { MasterDataErrors } from '#functions/ports/planning-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { ShipmentFileInput } from '#schemas/master-data/shipment-file.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION, type OrderHead } from '#schemas/records/records.ts';
import { RequestRefusedError } from './errors.ts';
import { shipOrder, type ShipOrderDeps, type ShipRequest, type ShipResult } from './ship-order.ts';

/** Inbound keys routed to the shipments loader instead of the X12 reader. */
export function isShipmentsKey(key: string): boolean {
  return key.startsWith('shipments/');
}

export type LoadShipmentsDeps = ShipOrderDeps & {
  orders: Pick<OrderStore, 'get' | 'create' | 'commit' | 'repair' | 'recordError'>;
  masterErrors: MasterDataErrors;
  notify: NotifyQueue;
};

export interface ShipmentOutcome {
  row: number;
  partner: string;
  purchaseOrderNumber: string;
  /** `recorded`; `already-recorded` (the same shipment before: nothing new); `refused` with the reason; `not-applied` (another shipment of the file was refused). */
  result: 'recorded' | 'already-recorded' | 'refused' | 'not-applied';
  reason?: string;
  shipmentId?: string;
  shipNoticeKey?: string;
}

export type LoadShipmentsResult = { ok: true; file: string; shipments: ShipmentOutcome[] } | { ok: false; file: string; errors: MasterDataError[]; shipments: ShipmentOutcome[] };

/** The ship request of a reported shipment; its ship date fixed once so the check and the record agree on the shipment id. */
function requestOf(s: ShipmentFileInput, today: string): ShipRequest {
  return { ...s, shipDate: s.shipDate ?? today, by: s.by ?? 'wms', lines: s.lines.map((l) => ({ ...l })) };
}

/** Step 2: what the domain would say of each shipment, without writing anything. */
async function check(deps: LoadShipmentsDeps, shipments: readonly FileShipment[], today: string, now: string): Promise<ShipmentOutcome[]> {
  const heads = new Map<string, OrderHead | undefined>();
  const items = deps.items ? await deps.items.listItems() : [];
  const out: ShipmentOutcome[] = [];
  for (const { row, shipment } of shipments) {
    const base = { row, partner: shipment.partner, purchaseOrderNumber: shipment.purchaseOrderNumber };
    const profile = await deps.partners.get(shipment.partner);
    if (!profile) {
      out.push({ ...base, result: 'refused', reason: `no partner ${shipment.partner}` });
      continue;
    }
    const key = `${shipment.partner}/${shipment.purchaseOrderNumber}`;
    if (!heads.has(key)) heads.set(key, await deps.orders.get(shipment.partner, shipment.purchaseOrderNumber));
    const head = heads.get(key);
    if (!head) {
      out.push({ ...base, result: 'refused', reason: `no order ${shipment.partner} PO ${shipment.purchaseOrderNumber}` });
      continue;
    }
    const result = Order.shipOrder(head, { ...requestOf(shipment, today), partner: profile, companyPrefix: deps.gs1CompanyPrefix, items }, now);
    if (Order.isRefusal(result)) out.push({ ...base, result: 'refused', reason: result.reason });
    else if (Order.isAlreadyShipped(result)) out.push({ ...base, result: 'already-recorded', shipmentId: result.shipment.id });
    else {
      heads.set(key, result.next);
      out.push({ ...base, result: 'recorded', shipmentId: result.shipment.id });
    }
  }
  return out;
}

export async function loadShipments(deps: LoadShipmentsDeps, input: { file: string; text: string }): Promise<LoadShipmentsResult> {
  const now = deps.clock.now().toISOString();
  const today = dateOfInstant(now);
  const sha256 = sha256Hex(input.text);
  const parsed = parseShipmentFile(input.file, input.text);
  if (!parsed.ok) {
    await reportRefusal(deps, { file: input.file, sha256, at: now, errors: parsed.errors, shipments: [] });
    return { ok: false, file: input.file, errors: parsed.errors, shipments: [] };
  }
  const checked = await check(deps, parsed.records, today, now);
  if (checked.some((c) => c.result === 'refused')) {
    const shipments = checked.map((c) => (c.result === 'refused' ? c : { ...c, result: 'not-applied' as const, reason: 'another shipment of the file was refused' }));
    const errors = shipments.filter((c) => c.result === 'refused').map((c) => ({ file: input.file, row: c.row, field: `${c.partner} PO ${c.purchaseOrderNumber}`, message: c.reason ?? 'refused' }));
    await reportRefusal(deps, { file: input.file, sha256, at: now, errors, shipments, texts: parsed.records });
    return { ok: false, file: input.file, errors, shipments };
  }
  const shipments: ShipmentOutcome[] = [];
  for (const { row, shipment } of parsed.records) {
    // The same use case as `edi ship`; a conflict or a queue failure throws and the whole file is retried (idempotent).
    try {
      const r = await shipOrder(deps, requestOf(shipment, today));
      shipments.push({ row, partner: shipment.partner, purchaseOrderNumber: shipment.purchaseOrderNumber, result: r.recorded ? 'recorded' : 'already-recorded', shipmentId: r.shipmentId, ...(r.shipNoticeKey ? { shipNoticeKey: r.shipNoticeKey } : {}) });
    } catch (error) {
      // The order changed between the check and the record (an 860 cut it): refused like any other, the earlier ones stay recorded.
      if (!(error instanceof RequestRefusedError)) throw error;
      const refused: ShipmentOutcome = { row, partner: shipment.partner, purchaseOrderNumber: shipment.purchaseOrderNumber, result: 'refused', reason: error.message };
      shipments.push(refused);
      await reportRefusal(deps, { file: input.file, sha256, at: now, errors: [{ file: input.file, row, field: `${shipment.partner} PO ${shipment.purchaseOrderNumber}`, message: error.message }], shipments: [refused], texts: [{ row, shipment }] });
    }
  }
  return { ok: true, file: input.file, shipments };
}

/**
 * One shipment a WMS or ERP reports on the API (`POST /orders/{partner}/{po}/shipments`): 1 record
 * it through the ship use case, as a file's shipment; 2 refused, report it as a refused file is —
 * a record under `source` (kind `shipments`), an error record on the order's history and an alert
 * to operations, each once per request content (keys from its SHA-256), so a caller retrying the
 * same refused request is told again without a second email — then 3 refuse it to the caller.
 */
export async function shipReported(deps: LoadShipmentsDeps, shipment: ShipmentFileInput, source: string): Promise<ShipResult> {
  const now = deps.clock.now().toISOString();
  const request = requestOf(shipment, dateOfInstant(now));
  try {
    return await shipOrder(deps, request);
  } catch (error) {
    if (!(error instanceof RequestRefusedError)) throw error;
    const sha256 = sha256Hex(JSON.stringify(shipment));
    const refused: ShipmentOutcome = { row: 1, partner: shipment.partner, purchaseOrderNumber: shipment.purchaseOrderNumber, result: 'refused', reason: error.message };
    const errors = [{ file: source, row: 1, field: `${shipment.partner} PO ${shipment.purchaseOrderNumber}`, message: error.message }];
    await reportRefusal(deps, { file: source, sha256, at: now, errors, shipments: [refused], texts: [{ row: 1, shipment }], what: 'request' });
    throw error;
  }
}

async function reportRefusal(
  deps: LoadShipmentsDeps,
  r: { file: string; sha256: string; at: string; errors: MasterDataError[]; shipments: ShipmentOutcome[]; texts?: readonly FileShipment[]; what?: 'file' | 'request' },
): Promise<void> {
  await deps.masterErrors.recordMasterDataError({ schemaVersion: RECORD_SCHEMA_VERSION, file: r.file, kind: 'shipments', sha256: r.sha256, at: r.at, errors: r.errors.slice(0, 200) });
  // On each refused order's history too, so whoever looks at the PO sees the shipment that did not go.
  for (const s of r.shipments.filter((x) => x.result === 'refused')) {
    const head = await deps.orders.get(s.partner, s.purchaseOrderNumber);
    if (!head) continue;
    const causeId = `shipments/${r.sha256}/${s.row}`;
    const shipment = r.texts?.find((t) => t.row === s.row)?.shipment;
    await deps.orders.recordError(s.purchaseOrderNumber, causeId, {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: s.partner,
      kind: 'shipment-refused',
      cause: { partner: s.partner, type: 'shipment-file', id: causeId },
      at: r.at,
      reason: `${r.file} row ${s.row}: ${s.reason ?? 'refused'}`,
      message: JSON.stringify(shipment ?? {}),
    });
  }
  const first = r.errors[0];
  await deps.notify.send([
    {
      body: notifyMessage('shipments-refused', {
        partner: '_shipments',
        recipients: ['operations'],
        idempotencyKey: `shipments-refused/${r.sha256}`,
        subject: { kind: 'file', partner: '_shipments', sha256: r.sha256 },
        createdAt: r.at,
        data: {
          reason:
            r.what === 'request'
              ? `${r.file} refused: ${first ? `${first.field}: ${first.message}` : 'refused'}. The shipment was not recorded.`
              : `${r.errors.length} problem${r.errors.length === 1 ? '' : 's'} in ${r.file}${first ? `, first: row ${first.row}, ${first.field}: ${first.message}` : ''}. No shipment from the file was recorded.`,
          facts: { File: r.file, 'SHA-256': r.sha256, Problems: String(r.errors.length), Shipments: String(r.shipments.length) },
          diagnostics: r.errors.slice(0, 200).map((e) => ({ severity: 'error', code: e.field, message: `${e.file} row ${e.row}, ${e.field}: ${e.message}` })),
        },
      }),
    },
  ]);
}
