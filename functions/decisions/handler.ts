/**
 * Decisions API (API Gateway HTTP API v2, IAM-authorised): `POST /orders/{partner}/{po}/lines/{line}/decision`
 * with `{"decision":"approve|reject|quantity=Q|date=D|price=P","by":"NAME","reason":"TEXT"}` →
 * decide-line, the same use case `edi decide` calls. 200 with the outcome, 400 for a request the
 * planner got wrong, 409 when the order changed meanwhile.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { decideLine, type DecideLineDeps } from '#functions/use-cases/decide-line.ts';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { shipOrder, type ShipOrderDeps } from '#functions/use-cases/ship-order.ts';
import { ShipmentInputZ } from '#schemas/master-data/shipment-file.ts';

export const DecisionBodyZ = z.object({ decision: z.string().min(1), by: z.string().trim().min(1), reason: z.string().trim().min(1) });

export interface DecisionRequest {
  partner: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  body: unknown;
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function handleDecisionRequest(request: DecisionRequest, deps: DecideLineDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = DecisionBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ')}` });
  try {
    const result = await decideLine(deps, { partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, lineNumber: request.lineNumber, decision: body.data.decision, by: body.data.by, reason: body.data.reason });
    return json(200, result);
  } catch (error) {
    if (error instanceof RequestRefusedError) return json(400, { error: error.message });
    if (error instanceof OrderConflictError) return json(409, { error: error.message });
    throw error;
  }
}

/**
 * `POST /orders/{partner}/{po}/shipments` on the decisions API (README, "Shipments from a WMS or
 * ERP"): one shipment as a WMS or ERP reports it, `{"lines":[{"lineNumber":"1","quantity":5}],
 * "carrier":"ODFL", …}` (schemas/master-data/shipment-file.ts without partner and PO, which the
 * path names) → the ship use case `edi ship` and the shipments files use. 200 with the result
 * (`recorded` false: the same shipment before, nothing new), 400 for a shipment the order refuses,
 * 409 when the order changed meanwhile (send it again). The caller is answered; no email.
 */
export const ShipmentBodyZ = ShipmentInputZ.omit({ partner: true, purchaseOrderNumber: true });

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

export function decisions(deps: DecideLineDeps, shipments?: ShipOrderDeps): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const p = event.pathParameters ?? {};
    // POST /orders/{partner}/{po}/shipments (handleShipmentRequest).
    if (shipments && p.partner && p.po && !p.line && (event.rawPath ?? event.routeKey ?? '').endsWith('/shipments')) {
      let shipment: unknown;
      try {
        shipment = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
      } catch {
        return json(400, { error: 'body is not JSON' });
      }
      return handleShipmentRequest({ partner: decodeURIComponent(p.partner), purchaseOrderNumber: decodeURIComponent(p.po), body: shipment }, shipments);
    }
    if (!p.partner || !p.po || !p.line) return json(400, { error: 'path: /orders/{partner}/{po}/lines/{line}/decision' });
    let body: unknown;
    try {
      body = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    return handleDecisionRequest({ partner: decodeURIComponent(p.partner), purchaseOrderNumber: decodeURIComponent(p.po), lineNumber: decodeURIComponent(p.line), body }, deps);
  };
}
