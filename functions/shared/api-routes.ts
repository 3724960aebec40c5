/**
 * The HTTP API's routes, as API Gateway route paths: the handlers match requests against these and
 * the CDK stack creates exactly these routes (and the auditor's execute-api resources) from them.
 * Every route is served twice: as is with SigV4 (IAM), and under {@link CONSOLE_PREFIX} with a
 * Cognito JWT (API Gateway HTTP APIs allow one authorizer per route).
 */

/** Read-only routes (GET), served by functions/history/handler.ts to auditors and planners. */
export const HISTORY_ROUTES = {
  orderHistory: '/orders/{partner}/{po}/history',
  orderEmails: '/orders/{partner}/{po}/emails',
  orders: '/orders',
  partnerInterchanges: '/partners/{partner}/interchanges',
  partnerAcks: '/partners/{partner}/acks',
  interchange: '/interchanges/{sender}/{control}',
  document: '/documents/{store}/{key+}',
  /** A 997/999/TA1 we sent, by our own ISA13: the document route's answer for its key. */
  sentAcknowledgment: '/partners/{partner}/sent/{control}',
  itemProjection: '/items/{item}/projection',
  itemHistory: '/items/{item}/history',
  worklist: '/worklist',
  export: '/export',
  me: '/me',
} as const;
export type HistoryRoute = keyof typeof HISTORY_ROUTES;

/** Write routes (POST), served by functions/decisions/handler.ts to planners only. */
export const DECISION_ROUTES = {
  decideLine: '/orders/{partner}/{po}/lines/{line}/decision',
  confirmExpedite: '/orders/{partner}/{po}/lines/{line}/confirm',
  /** Delay level 3: `{"date","preview":true}` answers the customer's email; `{"date","previewId","reason"}` sends it. */
  confirmDelay: '/orders/{partner}/{po}/lines/{line}/delay',
  /** Delay level 1: root cause and countermeasure of an item's shortage, with the customer texts apart. */
  delayNote: '/items/{item}/delay-note',
  /** Priority allocation of a short week: `?week=D` (or `{"week"}`) answers the proposal and changes nothing. */
  allocation: '/items/{item}/allocations',
  /** Confirms proposal `{id}` of that week: `{"week","reason"?}`; each moved or cut line is decided as `edi decide` would. */
  confirmAllocation: '/items/{item}/allocations/{id}/confirm',
} as const;
export type DecisionRoute = keyof typeof DECISION_ROUTES;

/** The same routes for the console, authorized by the Cognito user pool's JWT. */
export const CONSOLE_PREFIX = '/console';

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `path` (the request's raw path) against one route template: its parameters, or undefined when it does not match. */
export function matchRoute(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(w);
    if (greedy) {
      if (i >= got.length) return undefined;
      params[greedy[1]!] = got.slice(i).map(safeDecode).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(w);
    if (param) params[param[1]!] = safeDecode(g);
    else if (w !== g) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

/** Which of `routes` a request is for: by its path (without the console prefix), with the path parameters. */
export function routeOf<K extends string>(routes: Record<K, string>, event: { rawPath?: string; routeKey?: string; pathParameters?: Record<string, string | undefined> }): { route: K; params: Record<string, string> } | undefined {
  let path = event.rawPath ?? '';
  if (path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`)) path = path.slice(CONSOLE_PREFIX.length) || '/';
  for (const [route, template] of Object.entries(routes) as [K, string][]) {
    const params = matchRoute(template, path);
    if (params) return { route, params };
  }
  return undefined;
}
