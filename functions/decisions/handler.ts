/**
 * Decisions API (API Gateway HTTP API v2, IAM-authorized, planner role):
 * `POST /orders/{partner}/{po}/lines/{line}/decision` with a JSON body
 * `{ "decision": "approve|reject|quantity=Q|date=D|price=P", "by": "NAME", "reason": "TEXT" }`.
 * The same domain call as `edi decide`: the decision is an event on the order, then the 855 goes
 * out through the outbound queue. 200 with the outcome; 400 for a request the planner got wrong;
 * 409 when the order changed meanwhile (decide again).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { PlanningConflictError, PlanningRequestError, type PlanningService } from '#functions/planning/planning-service.ts';
import { lazyHandler, livePlanningService } from '#functions/shared/live-deps.ts';

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

let shared: PlanningService | undefined;

/** Decodes and decides one request; `service` defaults to the live planning service. */
export async function handleDecisionRequest(request: DecisionRequest, service?: PlanningService): Promise<APIGatewayProxyStructuredResultV2> {
  const body = DecisionBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ')}` });
  try {
    const planning = service ?? (shared ??= livePlanningService());
    const result = await planning.decideLine({ partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, lineNumber: request.lineNumber, decision: body.data.decision, by: body.data.by, reason: body.data.reason });
    return json(200, result);
  } catch (error) {
    if (error instanceof PlanningRequestError) return json(400, { error: error.message });
    if (error instanceof PlanningConflictError) return json(409, { error: error.message });
    throw error;
  }
}

export function decisions(service: () => PlanningService): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const p = event.pathParameters ?? {};
    if (!p.partner || !p.po || !p.line) return json(400, { error: 'path: /orders/{partner}/{po}/lines/{line}/decision' });
    let body: unknown;
    try {
      body = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    return handleDecisionRequest({ partner: decodeURIComponent(p.partner), purchaseOrderNumber: decodeURIComponent(p.po), lineNumber: decodeURIComponent(p.line), body }, service());
  };
}

export const handler = lazyHandler(() => {
  const service = livePlanningService();
  const run = decisions(() => service);
  return (event: APIGatewayProxyEventV2, _context: unknown) => run(event);
});
