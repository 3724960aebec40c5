/**
 * `POST /orders/{partner}/{po}/shipments` on the decisions API (README, "Shipments from a WMS or
 * ERP"): one shipment as a WMS or ERP reports it, `{"lines":[{"lineNumber":"1","quantity":5}],
 * "carrier":"ODFL", …}` (schemas/master-data/shipment-file.ts without partner and PO, which the
 * path names) → the ship use case `edi ship` and the shipments files use. 200 with the result
 * (`recorded` false: the same shipment before, nothing new), 400 for a shipment the order refuses,
 * 409 when the order changed meanwhile (send it again). The caller is answered; no email.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { shipOrder, type ShipOrderDeps } from '#functions/use-cases/ship-order.ts';
import { ShipmentInputZ } from '#schemas/master-data/shipment-file.ts';


export const ShipmentBodyZ = ShipmentInputZ.omit({ partner: true, purchaseOrderNumber: true });

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function handleShipmentRequest(request: { partner: string; purchaseOrderNumber: string; body: unknown }, deps: ShipOrderDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = ShipmentBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ')}` });
  try {
    const result = await shipOrder(deps, { ...body.data, partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, by: body.data.by ?? 'api' });
    return json(200, result);
  } catch (error) {
    if (error instanceof RequestRefusedError) return json(400, { error: error.message });
    if (error instanceof OrderConflictError) return json(409, { error: error.message });
    throw error;
  }
}
