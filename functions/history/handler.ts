/**
 * History API (API Gateway HTTP API v2, IAM-authorised, read only):
 * `GET /orders/{partner}/{po}/history` → the order's timeline as JSON;
 * `GET /interchanges/{sender}/{control}` → the ledger record of one interchange (sender
 * `QUALIFIER:ID`, e.g. `ZZ:ACMEAUTOTIER1`, and ISA13): state, receipt, archive key, re-sends,
 * and the documents and emails recorded for it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Timeline } from '#functions/ports/timeline.ts';
import type { Observability } from '#functions/shared/observability.ts';
import { loadOrderHistory } from '#functions/use-cases/read-order-history.ts';

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
  async function interchange(senderText: string, control: string) {
    const sender = /^([^:]{1,2}):(.{1,15})$/.exec(decodeURIComponent(senderText).trim());
    const isa13 = decodeURIComponent(control).trim();
    if (!sender || !/^\d{1,9}$/.test(isa13)) return json(400, { message: 'sender must be QUALIFIER:ID (e.g. ZZ:ACMEAUTOTIER1) and control the ISA13 number' });
    const who = { qualifier: sender[1]!.trim(), id: sender[2]!.trim() };
    const interchangeControlNumber = isa13.padStart(9, '0');
    const t = await deps.timeline.interchange(who, interchangeControlNumber);
    deps.observability.count('HistoryViewed');
    const found = t.interchange !== undefined || t.duplicates.length > 0;
    return json(found ? 200 : 404, {
      sender: who,
      interchangeControlNumber,
      found,
      ...(t.interchange ? { interchange: t.interchange } : {}),
      duplicates: t.duplicates.map((d) => ({ receivedAt: d.receivedAt, sourceKey: d.sourceKey, sha256: d.sha256 })),
      documents: t.documents.map((d) => ({ kind: d.kind, key: d.key, recordedAt: d.recordedAt, numbers: d.numbers, idempotencyKey: d.idempotencyKey })),
      emails: t.emails.map((m) => ({ title: m.title, status: m.status, recipients: m.recipients, at: m.sentAt ?? m.claimedAt, idempotencyKey: m.idempotencyKey })),
    });
  }

  return async (event) => {
    const sender = event.pathParameters?.sender;
    const control = event.pathParameters?.control;
    if (sender !== undefined || control !== undefined) {
      if (!sender || !control || !ID.test(sender) || !ID.test(control)) return json(400, { message: 'sender and control are required' });
      try {
        return await interchange(sender, control);
      } catch (error) {
        deps.observability.logger.error('interchange history failed', { error: error as Error });
        return json(500, { message: 'internal error' });
      } finally {
        deps.observability.flush();
      }
    }
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
