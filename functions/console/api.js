/**
 * The History and Decisions API as the console calls it. config.json (beside index.html) names
 * the API base URL: `/api` on the local server, the API's CloudFront path on AWS; sign-in is
 * `local` (the local server's demo users, a cookie) or `cognito` (the hosted UI's ID token, sent
 * as a bearer token, which the API's JWT authorizer checks).
 */
let config;

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  config = await response.json();
  if (typeof config.apiBaseUrl !== 'string') throw new Error('config.json: apiBaseUrl missing');
  config.apiBaseUrl = config.apiBaseUrl.replace(/\/$/, '');
  // Cognito's hosted UI returns the ID token in the fragment (implicit grant): keep it for this tab.
  const token = /[#&]id_token=([^&]+)/.exec(location.hash)?.[1];
  if (token) {
    sessionStorage.setItem('edi-token', token);
    history.replaceState(null, '', `${location.pathname}#/search`);
  }
  return config;
}

export const configured = () => config;

function headers(extra = {}) {
  const token = sessionStorage.getItem('edi-token');
  return { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function parse(response) {
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = { message: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, body?.message ?? body?.error ?? `HTTP ${response.status}`, body);
  return body;
}

/** The path's dynamic parts encoded one by one (a PO number may hold `/` or spaces). */
export function path(strings, ...values) {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

export async function get(route, query = {}) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const url = `${config.apiBaseUrl}${route}${q.size ? `?${q}` : ''}`;
  return parse(await fetch(url, { headers: headers(), credentials: 'same-origin' }));
}

export async function post(route, body) {
  return parse(await fetch(`${config.apiBaseUrl}${route}`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), credentials: 'same-origin', body: JSON.stringify(body) }));
}

/** Who is signed in: the API's /me, else (local server, before that route exists) the local session. */
export async function whoAmI() {
  try {
    return normalise(await get('/me'));
  } catch (error) {
    if (error.status === 401) return undefined;
    if (config.auth?.kind !== 'local') throw error;
  }
  const response = await fetch('auth/session', { credentials: 'same-origin' });
  return response.ok ? normalise(await response.json()) : undefined;
}

function normalise(me) {
  const role = String(me?.role ?? me?.group ?? '');
  return { name: me?.name ?? me?.username ?? 'signed in', role: /planner/i.test(role) ? 'planner' : /auditor/i.test(role) ? 'auditor' : role };
}

export async function signIn(role) {
  if (config.auth?.kind === 'cognito') {
    location.assign(config.auth.signInUrl);
    return;
  }
  const response = await fetch(`auth/sign-in?as=${encodeURIComponent(role)}`, { method: 'POST', credentials: 'same-origin' });
  await parse(response);
}

export async function signOut() {
  sessionStorage.removeItem('edi-token');
  if (config.auth?.kind === 'local') await fetch('auth/sign-out', { method: 'POST', credentials: 'same-origin' });
  else if (config.auth?.signOutUrl) location.assign(config.auth.signOutUrl);
}
