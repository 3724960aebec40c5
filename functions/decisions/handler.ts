/**
 * Decisions API (API Gateway HTTP API v2; planners only — README, "History API" → "Who may call"):
 * - `POST /orders/{partner}/{po}/lines/{line}/decision` with
 *   `{"decision":"approve|reject|quantity=Q|date=D|price=P","reason":"TEXT"}` → decide-line, the use
 *   case `edi decide` calls (a date that would send the level-3 email to a customer already told of
 *   the delay is refused with 400, pointing at the `/delay` preview below);
 * - `POST /orders/{partner}/{po}/lines/{line}/confirm` with `{"date":"YYYY-MM-DD","reason":"TEXT"}` →
 *   confirm-expedite (the supplier's date for a P1 line), the use case `edi confirm` calls;
 * - `POST /items/{item}/delay-note` with `{"cause","countermeasures":[…],"customerCause","customerCountermeasures":[…]}`
 *   → record-delay-note (delay level 1), as `edi delay note`;
 * - `POST /orders/{partner}/{po}/lines/{line}/delay` with `{"date","preview":true}` → the confirmed-delay
 *   email exactly as it would go, with its `previewId`; with `{"date","previewId","reason"}` → sends it
 *   with the replacing 855 (delay level 3), as `edi delay preview` / `edi delay confirm`;
 * - `POST /items/{item}/allocations?week=D` (or `{"week":"D"}`) → the priority allocation of that
 *   short week with its `id`, nothing changed; `POST /items/{item}/allocations/{id}/confirm` with
 *   `{"week","reason"?}` → decides each moved or cut line (855s, confirmed-delay notices) and records
 *   the allocation on the item's history, as `edi allocate` / `edi allocate --confirm ID`.
 *
 * Who decided is the authenticated caller (Cognito user name or IAM session name), not a field of
 * the body. 200 with the outcome, 400 for a request the planner got wrong, 403 for anyone who is not
 * a planner, 409 when the order changed meanwhile. The same routes under `/console` take a JWT.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { routeOf, DECISION_ROUTES } from '#functions/shared/api-routes.ts';
import { apiCallerOf, callerRoleNamesFromEnv, refusal, type CallerRoleNames } from '#functions/shared/api-caller.ts';
import { confirmExpedite, type ConfirmExpediteDeps } from '#functions/use-cases/confirm-expedite.ts';
import type { DecideLineDeps } from '#functions/use-cases/decide-line.ts';
import { confirmDelay, decideWithoutPreview, previewConfirmedDelay, type ConfirmDelayDeps } from '#functions/use-cases/confirm-delay.ts';
import { recordDelayNote, type RecordDelayNoteDeps } from '#functions/use-cases/record-delay-note.ts';
import { allocateSupply, type AllocateSupplyDeps } from '#functions/use-cases/allocate-supply.ts';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { shipReported, type LoadShipmentsDeps } from '#functions/use-cases/load-shipments.ts';
import { ShipmentInputZ } from '#schemas/master-data/shipment-file.ts';

/** `by` names the planner when the request carries no authenticated caller (the CLI-side tests); the caller's name wins otherwise. */
export const DecisionBodyZ = z.object({ decision: z.string().min(1), by: z.string().trim().min(1).optional(), reason: z.string().trim().min(1) });
export const ConfirmBodyZ = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), reason: z.string().trim().min(1).optional() });

export interface DecisionRequest {
  partner: string;
  purchaseOrderNumber: string;
  lineNumber: string;
  body: unknown;
  /** The authenticated planner; recorded as who decided. */
  by?: string | undefined;
}

export type DecisionsDeps = DecideLineDeps & ConfirmExpediteDeps & RecordDelayNoteDeps & ConfirmDelayDeps & AllocateSupplyDeps;

const NoteText = z.string().trim().min(1).max(2000);
export const DelayNoteBodyZ = z.object({
  cause: NoteText,
  countermeasures: z.array(NoteText).min(1),
  customerCause: NoteText.optional(),
  customerCountermeasures: z.array(NoteText).optional(),
  by: z.string().trim().min(1).optional(),
});
export const DelayConfirmBodyZ = z.union([
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), preview: z.literal(true), by: z.string().trim().min(1).optional() }),
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), previewId: z.string().regex(/^[0-9a-f]{16}$/, 'the previewId of a preview'), reason: z.string().trim().min(1), by: z.string().trim().min(1).optional() }),
]);

export async function handleDelayNoteRequest(request: { item: string; body: unknown; by?: string | undefined }, deps: RecordDelayNoteDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = DelayNoteBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${issues(body.error)}` });
  const by = request.by ?? body.data.by;
  if (!by) return json(400, { error: 'body: by is required when the caller is not authenticated' });
  return answer(() => recordDelayNote(deps, { item: request.item, cause: body.data.cause, countermeasures: body.data.countermeasures, customerCause: body.data.customerCause, customerCountermeasures: body.data.customerCountermeasures, by }));
}

export async function handleDelayConfirmRequest(request: DecisionRequest, deps: ConfirmDelayDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = DelayConfirmBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${issues(body.error)}` });
  const by = request.by ?? body.data.by;
  if (!by) return json(400, { error: 'body: by is required when the caller is not authenticated' });
  const line = { partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, lineNumber: request.lineNumber, date: body.data.date, by };
  return answer(() => ('previewId' in body.data ? confirmDelay(deps, { ...line, previewId: body.data.previewId, reason: body.data.reason }) : previewConfirmedDelay(deps, line)));
}

const WeekZ = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD (a date in the week to allocate)');
export const AllocationBodyZ = z.object({ week: WeekZ.optional(), reason: z.string().trim().min(1).optional(), by: z.string().trim().min(1).optional() });

/**
 * The allocation routes: without `id` the proposal (read only, though planners only: it names
 * every customer's order value); with `id` its confirmation. The week comes from `?week=` or the
 * body, so a planner's GET-like call and the console's JSON POST read alike.
 */
export async function handleAllocationRequest(request: { item: string; id?: string | undefined; week?: string | undefined; body: unknown; by?: string | undefined }, deps: AllocateSupplyDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = AllocationBodyZ.safeParse(request.body ?? {});
  if (!body.success) return json(400, { error: `body: ${issues(body.error)}` });
  const week = WeekZ.safeParse(request.week ?? body.data.week);
  if (!week.success) return json(400, { error: `week: ${week.error.issues[0]?.message ?? 'required'} (?week=YYYY-MM-DD or {"week"})` });
  if (request.id === undefined) return answer(() => allocateSupply(deps, { item: request.item, week: week.data }));
  const by = request.by ?? body.data.by;
  if (!by) return json(400, { error: 'body: by is required when the caller is not authenticated' });
  return answer(() => allocateSupply(deps, { item: request.item, week: week.data, confirm: request.id, by, ...(body.data.reason ? { reason: body.data.reason } : {}) }));
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ');
}

async function answer(run: () => Promise<unknown>): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return json(200, await run());
  } catch (error) {
    if (error instanceof RequestRefusedError) return json(400, { error: error.message });
    if (error instanceof OrderConflictError) return json(409, { error: error.message });
    throw error;
  }
}

export async function handleDecisionRequest(request: DecisionRequest, deps: DecideLineDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = DecisionBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${issues(body.error)}` });
  const by = request.by ?? body.data.by;
  if (!by) return json(400, { error: 'body: by is required when the caller is not authenticated' });
  return answer(() => decideWithoutPreview(deps, { partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, lineNumber: request.lineNumber, decision: body.data.decision, by, reason: body.data.reason }));
}

export async function handleConfirmRequest(request: DecisionRequest & { by: string }, deps: ConfirmExpediteDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = ConfirmBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${issues(body.error)}` });
  return answer(() => confirmExpedite(deps, { partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, lineNumber: request.lineNumber, date: body.data.date, by: request.by, ...(body.data.reason ? { reason: body.data.reason } : {}) }));
}

/**
 * `POST /orders/{partner}/{po}/shipments` on the decisions API (README, "Shipments from a WMS or
 * ERP"), planners only like the other routes: one shipment as a WMS or ERP reports it,
 * `{"lines":[{"lineNumber":"1","quantity":5}],"carrier":"ODFL", …}` (schemas/master-data/shipment-file.ts
 * without partner and PO, which the path names) → the ship use case `edi ship` and the shipments
 * files use. 200 with the result (`recorded` false: the same shipment before, nothing new), 400 for
 * a shipment the order refuses — recorded and told to operations as a refused shipments file is
 * (shipReported) — and 409 when the order changed meanwhile.
 */
export const ShipmentBodyZ = ShipmentInputZ.omit({ partner: true, purchaseOrderNumber: true });
const SHIPMENT_PATH = /^(?:\/console)?\/orders\/([^/]+)\/([^/]+)\/shipments$/;

export async function handleShipmentRequest(request: { partner: string; purchaseOrderNumber: string; body: unknown; by?: string }, deps: LoadShipmentsDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const body = ShipmentBodyZ.safeParse(request.body);
  if (!body.success) return json(400, { error: `body: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ')}` });
  try {
    const source = `POST /orders/${request.partner}/${request.purchaseOrderNumber}/shipments`;
    const result = await shipReported(deps, { ...body.data, partner: request.partner, purchaseOrderNumber: request.purchaseOrderNumber, by: body.data.by ?? request.by ?? 'api' }, source);
    return json(200, result);
  } catch (error) {
    if (error instanceof RequestRefusedError) return json(400, { error: error.message });
    if (error instanceof OrderConflictError) return json(409, { error: error.message });
    throw error;
  }
}

export function decisions(deps: DecisionsDeps, roles: CallerRoleNames = callerRoleNamesFromEnv(), shipments?: LoadShipmentsDeps): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const caller = apiCallerOf(event, roles);
    if (caller?.role !== 'planner') {
      const r = refusal(caller, 'decisions and confirmations are for planners (group planners, or the planner role)');
      return json(r.statusCode, { error: r.message });
    }
    // POST /orders/{partner}/{po}/shipments (handleShipmentRequest).
    const shipPath = SHIPMENT_PATH.exec(event.rawPath ?? '');
    if (shipments && shipPath) {
      let shipment: unknown;
      try {
        shipment = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
      } catch {
        return json(400, { error: 'body is not JSON' });
      }
      return handleShipmentRequest({ partner: decodeURIComponent(shipPath[1]!), purchaseOrderNumber: decodeURIComponent(shipPath[2]!), body: shipment, by: caller.name }, shipments);
    }
    const matched = routeOf(DECISION_ROUTES, event);
    if (!matched) return json(404, { error: `no route ${event.rawPath ?? ''}; routes: ${Object.values(DECISION_ROUTES).join(', ')}` });
    if ((event.requestContext?.http?.method ?? 'POST') !== 'POST') return json(405, { error: 'decisions are POST' });
    const p = matched.params;
    let body: unknown;
    try {
      body = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    if (matched.route === 'delayNote') {
      if (!p['item']) return json(400, { error: `path: ${DECISION_ROUTES.delayNote}` });
      return handleDelayNoteRequest({ item: p['item'], body, by: caller.name }, deps);
    }
    if (matched.route === 'allocation' || matched.route === 'confirmAllocation') {
      if (!p['item'] || (matched.route === 'confirmAllocation' && !p['id'])) return json(400, { error: `path: ${DECISION_ROUTES[matched.route]}` });
      return handleAllocationRequest({ item: p['item'], id: p['id'], week: event.queryStringParameters?.['week'], body, by: caller.name }, deps);
    }
    if (!p['partner'] || !p['po'] || !p['line']) return json(400, { error: `path: ${DECISION_ROUTES[matched.route]}` });
    const request = { partner: p['partner'], purchaseOrderNumber: p['po'], lineNumber: p['line'], body, by: caller.name };
    return matched.route === 'decideLine' ? handleDecisionRequest(request, deps) : matched.route === 'confirmDelay' ? handleDelayConfirmRequest(request, deps) : handleConfirmRequest(request, deps);
  };
}
