/**
 * History API (API Gateway HTTP API v2, IAM-authorised, read only):
 * `GET /history/{partner}/{po}` → the order's timeline as JSON.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Timeline } from '#functions/ports/timeline.ts';
import { lazyHandler, liveHistoryDeps } from '#functions/shared/live-deps.ts';
import type { Observability } from '#functions/shared/observability.ts';
import { loadOrderHistory } from './history-view.ts';

export interface HistoryDeps {
  timeline: Timeline;
  observability: Observability;
}

export type HistoryHandler = (event: APIGatewayProxyEventV2, context?: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const ID = /^[^\u0000-\u001f]{1,64}$/;

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

export function history(deps: HistoryDeps): HistoryHandler {
  return async (event) => {
    const partner = event.pathParameters?.partner ?? event.queryStringParameters?.partner;
    const po = event.pathParameters?.po ?? event.queryStringParameters?.po;
    if (!partner || !po || !ID.test(partner) || !ID.test(po)) return json(400, { message: 'partner and po are required' });
    try {
      const view = await loadOrderHistory(deps.timeline, decodeURIComponent(partner), decodeURIComponent(po));
      deps.observability.count('HistoryViewed');
      return json(view.found ? 200 : 404, view);
    } catch (error) {
      deps.observability.logger.error('history failed', { error: error as Error });
      return json(500, { message: 'internal error' });
    } finally {
      deps.observability.flush();
    }
  };
}

export const handler: HistoryHandler = lazyHandler(() => history(liveHistoryDeps()));
