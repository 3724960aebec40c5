/**
 * The History and Decisions API as the console calls it. config.json (beside index.html) says
 * where it is and how to sign in:
 * - locally `{"apiBaseUrl": "/api", "auth": {"kind": "local"}}`: the local server's demo users, a cookie;
 * - on AWS (written by the CDK stack) `{apiUrl, consolePrefix, region, userPoolId, userPoolClientId,
 *   cognitoDomain, redirectUri}`: the API's `/console` routes, signed in through Cognito's hosted UI
 *   with the authorization code and PKCE (RFC 7636; the console is a static page and keeps no
 *   secret); the ID token is kept for the tab and sent as a bearer token, which the API's JWT
 *   authorizer checks.
 */
let config;

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const TOKEN = 'edi-token';
const VERIFIER = 'edi-pkce-verifier';
const STATE = 'edi-pkce-state';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function normaliseConfig(raw) {
  const cognito = raw.cognitoDomain && raw.userPoolClientId;
  const apiBaseUrl = raw.apiBaseUrl ?? (raw.apiUrl ? `${raw.apiUrl.replace(/\/$/, '')}${raw.consolePrefix ?? ''}` : undefined);
  if (typeof apiBaseUrl !== 'string') throw new Error('config.json: apiBaseUrl (or apiUrl) missing');
  return {
    apiBaseUrl: apiBaseUrl.replace(/\/$/, ''),
    auth: cognito ? { kind: 'cognito', domain: raw.cognitoDomain, clientId: raw.userPoolClientId, redirectUri: raw.redirectUri ?? `${location.origin}/` } : (raw.auth ?? { kind: 'local' }),
  };
}

/** Back from the hosted UI with `?code&state`: the code and the verifier for the tokens (RFC 7636 §4.5). */
async function finishCognitoSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || config.auth.kind !== 'cognito') return;
  const verifier = sessionStorage.getItem(VERIFIER);
  const state = sessionStorage.getItem(STATE);
  sessionStorage.removeItem(VERIFIER);
  sessionStorage.removeItem(STATE);
  history.replaceState(null, '', `${location.pathname}#/search`);
  if (!verifier || params.get('state') !== state) throw new Error('sign-in: the answer does not match this tab’s request; sign in again');
  const response = await fetch(`https://${config.auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.auth.clientId, code, redirect_uri: config.auth.redirectUri, code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`sign-in: the token endpoint answered ${response.status}`);
  const tokens = await response.json();
  if (tokens.id_token) sessionStorage.setItem(TOKEN, tokens.id_token);
}

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  config = normaliseConfig(await response.json());
  await finishCognitoSignIn();
  return config;
}

export const configured = () => config;

function headers(extra = {}) {
  const token = sessionStorage.getItem(TOKEN);
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

/** A download (the export): fetched with the same sign-in as every call, saved under `filename`. */
export async function download(route, query, filename) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const response = await fetch(`${config.apiBaseUrl}${route}?${q}`, { headers: headers({ accept: '*/*' }), credentials: 'same-origin' });
  if (!response.ok) await parse(response);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
    if (config.auth.kind !== 'local') throw error;
  }
  const response = await fetch('auth/session', { credentials: 'same-origin' });
  return response.ok ? normalise(await response.json()) : undefined;
}

function normalise(me) {
  const role = String(me?.role ?? me?.group ?? '');
  return { name: me?.name ?? me?.username ?? 'signed in', role: /planner/i.test(role) ? 'planner' : /auditor/i.test(role) ? 'auditor' : role };
}

export async function signIn(role) {
  if (config.auth.kind === 'cognito') {
    const verifier = randomText(48);
    const state = randomText(16);
    sessionStorage.setItem(VERIFIER, verifier);
    sessionStorage.setItem(STATE, state);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const q = new URLSearchParams({ response_type: 'code', client_id: config.auth.clientId, redirect_uri: config.auth.redirectUri, scope: 'openid email profile', state, code_challenge_method: 'S256', code_challenge: challenge });
    location.assign(`https://${config.auth.domain}/oauth2/authorize?${q}`);
    return new Promise(() => undefined);
  }
  const response = await fetch(`auth/sign-in?as=${encodeURIComponent(role)}`, { method: 'POST', credentials: 'same-origin' });
  await parse(response);
}

export async function signOut() {
  sessionStorage.removeItem(TOKEN);
  if (config.auth.kind === 'local') await fetch('auth/sign-out', { method: 'POST', credentials: 'same-origin' });
  else location.assign(`https://${config.auth.domain}/logout?${new URLSearchParams({ client_id: config.auth.clientId, logout_uri: config.auth.redirectUri })}`);
}
