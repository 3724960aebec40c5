/**
 * A shipment as a WMS or ERP reports it (README, "Shipments from a WMS or ERP"): in a JSON file
 * under the inbound bucket's `shipments/` prefix (`{"shipments": [...]}` or a bare array), as the
 * body of `POST /orders/{partner}/{po}/shipments`, or one CSV row per shipped line.
 */
import { z } from 'zod';

const text = z.string().trim().min(1);

export const ShipmentLineInputZ = z.object({ lineNumber: text, quantity: z.number().positive() });

export const ShipmentInputZ = z.object({
  partner: text,
  purchaseOrderNumber: text,
  /** BSN02; without it the shipment's id is a hash of the other fields, so the same report twice is one shipment. */
  shipmentId: text.optional(),
  lines: z.array(ShipmentLineInputZ).min(1),
  /** Carrier SCAC. */
  carrier: text,
  tracking: text.optional(),
  billOfLading: text.optional(),
  /** YYYY-MM-DD. */
  shipDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional(),
  packs: z.number().int().min(1).max(999).optional(),
  /** TD504 (element 91); the partner profile's when absent. */
  transportMethod: text.optional(),
  /** Who shipped it; `wms` when absent. */
  by: text.optional(),
});
export type ShipmentFileInput = z.infer<typeof ShipmentInputZ>;

export const ShipmentFileZ = z.union([z.object({ shipments: z.array(ShipmentInputZ).min(1) }), z.array(ShipmentInputZ).min(1)]);

/** The CSV columns: the required ones, then the optional ones. One row per shipped line; rows that agree on every column but line and quantity are one shipment. */
export const SHIPMENT_CSV_REQUIRED = ['partner', 'po', 'line', 'quantity', 'carrier'] as const;
export const SHIPMENT_CSV_OPTIONAL = ['shipment_id', 'tracking', 'bol', 'ship_date', 'packs', 'transport_method', 'by'] as const;
