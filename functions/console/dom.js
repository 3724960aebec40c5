/**
 * A tiny element builder: text is always set as text (partner data never becomes markup).
 * h('p', { class: 'x' }, 'text', child) → <p class="x">text<child></p>.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (the item chart). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

/** Replaces an element's children (arrays flattened, null/undefined/false left out, as h() does). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let flash;
let currentPage = 0;

/**
 * A page's own show(): it shows nothing once another page has started (a slow answer for the page
 * the user left must not replace the page they are on).
 */
export function newPage() {
  const id = ++currentPage;
  const route = location.hash;
  return (...children) => {
    if (id !== currentPage) return;
    show(...children);
    // Which route the page on show was rendered for: a click on a link to the page already shown
    // renders it again (hashchange), so a script or test waits for this before typing into it.
    document.getElementById('main').dataset.route = route;
  };
}

/** A message for the next page shown (an action's outcome, when the action re-renders the page). */
export function setFlash(message) {
  flash = message;
}

/** Replaces the main landmark's content and moves focus to its first heading (screen readers hear the new page). */
export function show(...children) {
  const main = document.getElementById('main');
  const parts = children.flat().filter((c) => c !== null && c !== undefined && c !== false);
  if (flash && !parts.some((c) => c.textContent === 'Loading…')) {
    parts.splice(1, 0, h('p', { class: 'flash', role: 'status' }, flash));
    flash = undefined;
  }
  main.replaceChildren(...parts);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** A message for a part of a page whose API route answered with an error (or is not deployed yet). */
export function unavailable(what, error) {
  const status = error?.status;
  const reason = status === 404 || status === 400 ? 'not available from this API (route missing or not found)' : status === 403 ? 'not allowed for your role' : status === 401 ? 'sign in first' : 'could not be loaded';
  return h('p', { class: 'notice', role: 'status' }, `${what}: ${reason}${error?.message ? ` — ${error.message}` : ''}`);
}

export function definitionList(pairs) {
  return h('dl', { class: 'pairs' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function table(caption, headers, rows) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))),
  );
}
