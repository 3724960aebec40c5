/**
 * History API (API Gateway HTTP API v2, read only; README, "History API"). Every route is GET and
 * answers JSON (the document route answers the raw bytes unless `?format=json`):
 *
 * - `/orders/{partner}/{po}/history`: state, timeline, chain verdict and the full verify verdict;
 * - `/orders/{partner}/{po}/emails`: the emails as sent, bodies from the audit archive;
 * - `/orders?partner&from&to&status&limit&cursor`: one page of the order index;
 * - `/partners/{partner}/interchanges?from&to&limit&cursor`: the ledger, refused files included;
 * - `/interchanges/{sender}/{control}`: one ledger record (sender `QUALIFIER:ID`, ISA13);
 * - `/documents/{store}/{key+}`: bytes of a document a record names, SHA-256 in `x-content-sha256`;
 * - `/partners/{partner}/sent/{control}`: the same for the 997/999/TA1 we sent in our ISA13 `control`;
 * - `/items/{item}/projection`: the item's weekly forecast, booked demand, supply, PAB, safety stock;
 * - `/items/{item}/history?limit`: the item's history (decisions, P1 confirmations, delay notes and
 *   notices with the text sent, supply loads, forecast changes, digests) and its delay note;
 * - `/worklist?partner&limit`: held lines, open P1 cases, delay risks, overdue acks by tier and value;
 * - `/me`: the caller's role and name.
 *
 * Routes are matched on the request's path, so the same handler serves `/console/...` (Cognito JWT)
 * and the IAM routes. Auditors and planners may call every route; anyone else gets 403.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidCursorError } from '#functions/ports/order-index.ts';
import type { Timeline } from '#functions/ports/timeline.ts';
import { apiCallerOf, callerRoleNamesFromEnv, refusal, type CallerRoleNames } from '#functions/shared/api-caller.ts';
import type { Observability } from '#functions/shared/observability.ts';
import { buildWorklist, type BuildWorklistDeps } from '#functions/use-cases/build-worklist.ts';
import { InterchangeCursorError, listInterchangePage, type ListInterchangesDeps } from '#functions/use-cases/list-interchanges.ts';
import { DEFAULT_PAGE_SIZE, INDEXED_STATUSES, listOrders, OrderQueryError, type IndexedStatus, type ListOrdersDeps } from '#functions/use-cases/list-orders.ts';
import { DOCUMENT_STORES, readDocument, readSentAcknowledgment, translationOf, type DocumentResult, type DocumentStore, type ReadDocumentDeps } from '#functions/use-cases/read-document.ts';
import { readItemProjection, type ReadItemProjectionDeps } from '#functions/use-cases/read-item-projection.ts';
import { readItemHistory, type ReadItemHistoryDeps } from '#functions/use-cases/read-item-history.ts';
import { loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import { readOrderEmails, type ReadOrderEmailsDeps } from '#functions/use-cases/read-order-emails.ts';
import { RequestRefusedError } from '#functions/use-cases/errors.ts';
import { verifyOrder, type VerifyOrderDeps } from '#functions/use-cases/verify-order.ts';
import { exportOrders, type ExportOrdersDeps } from '#functions/use-cases/export-orders.ts';
import { listPartnerAcks, type ListPartnerAcksDeps } from '#functions/use-cases/list-partner-acks.ts';
import { SENT_DOCUMENT_STATES, type SentDocumentState } from '#schemas/records/sent-document.ts';
import { HISTORY_ROUTES, routeOf } from '#functions/shared/api-routes.ts';

export type HistoryDeps = VerifyOrderDeps &
  ListOrdersDeps &
  ListInterchangesDeps &
  ReadDocumentDeps &
  ReadOrderEmailsDeps &
  ReadItemProjectionDeps &
  ReadItemHistoryDeps &
  BuildWorklistDeps &
  ExportOrdersDeps &
  ListPartnerAcksDeps & {
    timeline: Timeline;
    observability: Observability;
    /** IAM role names of planners and auditors; default from the environment (EDI_PLANNER_ROLE_NAME, EDI_AUDITOR_ROLE_NAME). */
    roles?: CallerRoleNames;
  };

export type HistoryHandler = (event: APIGatewayProxyEventV2, context?: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const ID = /^[^\u0000-\u001f]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_PAGE_SIZE = 1000;
/** Lambda answers at most 6 MB through API Gateway; a larger export is refused with the CLI's name. */
export const MAX_EXPORT_BYTES = 5 * 1024 * 1024;

const HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: HEADERS, body: JSON.stringify(body) };
}

/** A request the caller got wrong: answered 400 with the message. */
class BadRequest extends Error {
  override name = 'BadRequest';
}

function id(value: string | undefined, name: string): string {
  if (value === undefined || !ID.test(value)) throw new BadRequest(`${name}: 1 to 64 characters, no control characters`);
  return value;
}

function day(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!DAY.test(value)) throw new BadRequest(`${name}: a date YYYY-MM-DD`);
  return value;
}

function limitOf(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PAGE_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw new BadRequest(`limit: a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

function senderOf(text: string): { qualifier: string; id: string } {
  const sender = /^([^:]{1,2}):(.{1,15})$/.exec(text.trim());
  if (!sender) throw new BadRequest('sender must be QUALIFIER:ID (e.g. ZZ:ACMEAUTOTIER1)');
  return { qualifier: sender[1]!.trim(), id: sender[2]!.trim() };
}

function isa13Of(text: string): string {
  if (!/^\d{1,9}$/.test(text.trim())) throw new BadRequest('control: the ISA13 number (up to 9 digits)');
  return text.trim().padStart(9, '0');
}

export function history(deps: HistoryDeps): HistoryHandler {
  const roles = deps.roles ?? callerRoleNamesFromEnv();

  async function orderHistory(partner: string, po: string) {
    const [view, verification] = await Promise.all([loadOrderHistory(deps.timeline, partner, po), verifyOrder(deps, partner, po)]);
    return json(view.found || verification.found ? 200 : 404, { ...view, verification });
  }

  async function interchange(senderText: string, control: string) {
    const who = senderOf(senderText);
    const interchangeControlNumber = isa13Of(control);
    const t = await deps.timeline.interchange(who, interchangeControlNumber);
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

  async function document(store: string, key: string, query: Record<string, string | undefined>) {
    if (!(DOCUMENT_STORES as readonly string[]).includes(store)) throw new BadRequest(`store: one of ${DOCUMENT_STORES.join(', ')}`);
    if (key.length === 0 || key.length > 1024 || /[\u0000-\u001f]/.test(key)) throw new BadRequest('key: 1 to 1024 characters, no control characters');
    const hint = {
      ...(query['po'] ? { purchaseOrderNumber: id(query['po'], 'po') } : {}),
      ...(query['sender'] || query['control'] ? { interchange: { sender: senderOf(query['sender'] ?? ''), interchangeControlNumber: isa13Of(query['control'] ?? '') } } : {}),
    };
    return documentAnswer(await readDocument(deps, store as DocumentStore, key, hint), query);
  }

  /** A document found (by its key, or a sent acknowledgment by our ISA13): its bytes, or JSON with `?format=json`. */
  function documentAnswer(found: DocumentResult, query: Record<string, string | undefined>): APIGatewayProxyStructuredResultV2 {
    if (!found.found) return json(404, { message: found.reason });
    const { store, key } = found;
    if (!found.bytes || !found.sha256) return json(410, { message: `${store} key ${key} is named by ${found.namedBy} but the object is gone`, key, store, namedBy: found.namedBy, ...(found.recordedSha256 ? { recordedSha256: found.recordedSha256 } : {}) });
    const integrity = found.recordedSha256 === undefined ? {} : { recordedSha256: found.recordedSha256, matchesRecord: found.recordedSha256 === found.sha256 };
    if (query['format'] === 'json') {
      // X12 is ASCII; latin1 keeps any other byte as one character, so the text is the bytes.
      const text = new TextDecoder('latin1').decode(found.bytes);
      const translated = translationOf(text);
      return json(200, { store, key, sha256: found.sha256, namedBy: found.namedBy, ...integrity, text, ...(translated ? { translated } : {}) });
    }
    if (query['format'] !== undefined && query['format'] !== 'raw') throw new BadRequest('format: json or raw');
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/edi-x12',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-content-sha256': found.sha256,
        ...(found.recordedSha256 ? { 'x-recorded-sha256': found.recordedSha256 } : {}),
      },
      isBase64Encoded: true,
      body: Buffer.from(found.bytes).toString('base64'),
    };
  }

  /** `edi export` over HTTP (the console's export, for audit sampling): CSV or JSON lines as a download. */
  async function exported(q: Record<string, string | undefined>): Promise<APIGatewayProxyStructuredResultV2> {
    const partner = id(q['partner'], 'partner');
    const format = q['format'] ?? 'csv';
    if (format !== 'csv' && format !== 'jsonl') throw new BadRequest('format: csv or jsonl');
    const from = day(q['from'], 'from');
    const to = day(q['to'], 'to');
    let body = '';
    for await (const line of exportOrders(deps, { partner, from, to }, format)) {
      body += line;
      if (body.length > MAX_EXPORT_BYTES) return json(413, { message: `the export of ${partner} ${from ?? ''}…${to ?? ''} is over ${MAX_EXPORT_BYTES / 1024 / 1024} MB: narrow the date range, or run edi export` });
    }
    const name = `${partner}-${from ?? 'start'}-${to ?? 'now'}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
    return {
      statusCode: 200,
      headers: { 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}"` },
      body,
    };
  }

  async function route(event: APIGatewayProxyEventV2, caller: { role: string; name: string }): Promise<APIGatewayProxyStructuredResultV2> {
    const matched = routeOf(HISTORY_ROUTES, event);
    if (!matched) return json(404, { message: `no route ${event.requestContext?.http?.method ?? 'GET'} ${event.rawPath ?? ''}`, routes: Object.values(HISTORY_ROUTES) });
    const method = event.requestContext?.http?.method ?? 'GET';
    if (method !== 'GET') return json(405, { message: 'the history API is read only: GET' });
    const p = matched.params;
    const q = event.queryStringParameters ?? {};
    switch (matched.route) {
      case 'me':
        return json(200, caller);
      case 'orderHistory':
        return orderHistory(id(p['partner'], 'partner'), id(p['po'], 'po'));
      case 'orderEmails': {
        const found = await readOrderEmails(deps, id(p['partner'], 'partner'), id(p['po'], 'po'));
        return json(found.found ? 200 : 404, { partner: p['partner'], purchaseOrderNumber: p['po'], ...found });
      }
      case 'orders': {
        const status = q['status'] || undefined;
        if (status !== undefined && !(INDEXED_STATUSES as readonly string[]).includes(status)) throw new BadRequest(`status: one of ${INDEXED_STATUSES.join(', ')}`);
        const page = await listOrders(deps, {
          partner: q['partner'] ? id(q['partner'], 'partner') : undefined,
          from: day(q['from'], 'from'),
          to: day(q['to'], 'to'),
          status: status as IndexedStatus | undefined,
          limit: limitOf(q['limit']),
          cursor: q['cursor'] || undefined,
        });
        return json(200, page);
      }
      case 'partnerInterchanges': {
        const page = await listInterchangePage(deps, { partner: id(p['partner'], 'partner'), from: day(q['from'], 'from'), to: day(q['to'], 'to'), limit: limitOf(q['limit']), cursor: q['cursor'] || undefined });
        return json(200, { partner: p['partner'], ...page });
      }
      case 'partnerAcks': {
        // `edi acks` over HTTP: our documents to the partner and what its 997/999/TA1 said.
        const state = q['state'] || undefined;
        if (state !== undefined && !(SENT_DOCUMENT_STATES as readonly string[]).includes(state)) throw new BadRequest(`state: one of ${SENT_DOCUMENT_STATES.join(', ')}`);
        const partner = id(p['partner'], 'partner');
        const documents = await listPartnerAcks(deps, { partner, ...(state ? { state: state as SentDocumentState } : {}) });
        return json(200, { partner, ...(state ? { state } : {}), documents });
      }
      case 'interchange':
        return interchange(p['sender'] ?? '', p['control'] ?? '');
      case 'document':
        return document(p['store'] ?? '', p['key'] ?? '', q);
      case 'sentAcknowledgment':
        return documentAnswer(await readSentAcknowledgment(deps, id(p['partner'], 'partner'), Number(isa13Of(p['control'] ?? ''))), q);
      case 'itemProjection': {
        try {
          return json(200, await readItemProjection(deps, id(p['item'], 'item')));
        } catch (error) {
          // No such item, or no supply plan to project it from.
          if (error instanceof RequestRefusedError) return json(404, { message: error.message });
          throw error;
        }
      }
      case 'itemHistory': {
        try {
          return json(200, await readItemHistory(deps, id(p['item'], 'item'), q['limit'] ? { limit: limitOf(q['limit']) } : {}));
        } catch (error) {
          if (error instanceof RequestRefusedError) return json(404, { message: error.message });
          throw error;
        }
      }
      case 'worklist':
        return json(200, await buildWorklist(deps, { partner: q['partner'] ? id(q['partner'], 'partner') : undefined, limit: limitOf(q['limit']) }));
      case 'export':
        return exported(q);
    }
  }

  return async (event) => {
    const caller = apiCallerOf(event, roles);
    if (!caller) {
      const r = refusal(undefined, 'the history API serves auditors and planners');
      return json(r.statusCode, { message: r.message });
    }
    try {
      const answer = await route(event, caller);
      deps.observability.count('HistoryViewed');
      return answer;
    } catch (error) {
      if (error instanceof BadRequest || error instanceof OrderQueryError || error instanceof InvalidCursorError || error instanceof InterchangeCursorError) return json(400, { message: error.message });
      deps.observability.logger.error('history failed', { error: error as Error });
      return json(500, { message: 'internal error' });
    } finally {
      deps.observability.flush();
    }
  };
}
