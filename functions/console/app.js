/**
 * The console: hash routes, one page each (#/search, #/order/P/PO, #/item/I, #/worklist).
 * Every page reads the History API; planners also get the decide and confirm actions. What a
 * role may do is enforced by the API (an auditor's decision is refused there too); the console
 * only leaves out buttons a role cannot use.
 */
import { ApiError, configured, download, get, loadConfig, path, post, signIn, signOut, whoAmI } from './api.js';
import { definitionList, fill, h, newPage, setFlash, table, unavailable } from './dom.js';
import { projectionChart } from './chart.js';
import { describe, itemsOf, namedJson, parseX12, renderNamed } from './x12.js';

let me;

const STATUSES = [
  ['', 'Any status'],
  ['open', 'Open'],
  ['held', 'Held'],
  ['at-risk', 'At risk'],
  ['p1-open', 'P1 open'],
  ['ack-overdue', 'Ack overdue'],
  ['cancelled', 'Cancelled'],
];

function field(label, input) {
  const id = input.id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function when(at) {
  if (!at) return '';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

const orderLink = (partner, po) => h('a', { href: `#/order/${encodeURIComponent(partner)}/${encodeURIComponent(po)}` }, `${partner} PO ${po}`);

// ---- sign-in ------------------------------------------------------------------------------

function signInPage(message) {
  const show = newPage();
  const button = (role, label) =>
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: async () => {
          await signIn(role);
          await start();
        },
      },
      label,
    );
  const local = configured()?.auth?.kind === 'local';
  show(
    h('h1', {}, 'Sign in'),
    message ? h('p', { class: 'notice', role: 'status' }, message) : null,
    local
      ? [
          h('p', {}, 'Local demo users (the local stack only; on AWS the console signs in through Cognito):'),
          h('div', { class: 'actions' }, button('auditor', 'Sign in as auditor'), button('planner', 'Sign in as planner')),
        ]
      : [h('p', {}, 'Sign in with your account; your group (auditors or planners) decides what you may do.'), h('div', { class: 'actions' }, button(undefined, 'Sign in'))],
  );
}

function renderWho() {
  const who = document.getElementById('who');
  if (!me) return void fill(who);
  fill(
    who,
    h('span', {}, `Signed in as ${me.name} (${me.role})`),
    h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          await signOut();
          me = undefined;
          renderWho();
          signInPage('Signed out.');
        },
      },
      'Sign out',
    ),
  );
}

// ---- search -------------------------------------------------------------------------------

async function searchPage(params) {
  const show = newPage();
  const input = (id, attrs = {}) => h('input', { id, name: id, value: params.get(id) ?? '', ...attrs });
  const status = h('select', { id: 'status', name: 'status' }, STATUSES.map(([v, l]) => h('option', { value: v, selected: (params.get('status') ?? '') === v }, l)));
  const results = h('section', { 'aria-labelledby': 'results-h', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      role: 'search',
      'aria-label': 'Orders',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const po = String(data.get('po') ?? '').trim();
        const partner = String(data.get('partner') ?? '').trim();
        if (po && partner) return void (location.hash = `#/order/${encodeURIComponent(partner)}/${encodeURIComponent(po)}`);
        const q = new URLSearchParams([...data.entries()].filter(([, v]) => String(v).trim() !== ''));
        location.hash = `#/search?${q}`;
      },
    },
    h('div', { class: 'fields' },
      field('Partner', input('partner', { autocomplete: 'off', placeholder: 'ACME' })),
      field('PO number', input('po', { autocomplete: 'off' })),
      field('Order date from', input('from', { type: 'date' })),
      field('Order date to', input('to', { type: 'date' })),
      field('Status', status),
    ),
    h('p', { class: 'hint', id: 'search-hint' }, 'Partner and PO open the order; partner with dates, or a status, list orders.'),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  const query = Object.fromEntries(['partner', 'from', 'to', 'status', 'cursor'].map((k) => [k, params.get(k) ?? undefined]));
  show(h('h1', {}, 'Search orders'), form, query.partner ? exportControls(query) : null, results);
  if (!query.partner && !query.status) return;
  fill(results, h('h2', { id: 'results-h' }, 'Results'), h('p', {}, 'Loading…'));
  try {
    const page = await get('/orders', { ...query, limit: '25' });
    const orders = page?.orders ?? page?.items ?? [];
    const next = page?.next ?? page?.cursor ?? page?.nextCursor;
    fill(
      results,
      h('h2', { id: 'results-h' }, `Results (${orders.length}${next ? '+' : ''})`),
      orders.length
        ? table(
            'Orders found',
            ['Order', 'Status', 'Order date', 'Lines', 'Held lines'],
            orders.map((o) => [orderLink(o.partner, o.purchaseOrderNumber ?? o.po), o.status ?? '', o.orderDate ?? '', String(o.lines ?? ''), (o.heldLines ?? []).join(', ')]),
          )
        : h('p', {}, 'No orders match.'),
      next ? h('p', {}, h('a', { href: `#/search?${new URLSearchParams({ ...Object.fromEntries(params), cursor: next })}` }, 'Next page')) : null,
    );
  } catch (error) {
    fill(results, h('h2', { id: 'results-h' }, 'Results'), unavailable('Order search', error));
  }
}

/** The partner's orders in the date range as a file for audit sampling (`edi export` over the API). */
function exportControls(query) {
  const note = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = (format, label) =>
    h('button', {
      type: 'button',
      onclick: async () => {
        fill(note, 'Preparing the export…');
        try {
          await download('/export', { partner: query.partner, from: query.from, to: query.to, format }, `${query.partner}-${query.from || 'start'}-${query.to || 'now'}.${format}`);
          fill(note, `Exported as ${label}.`);
        } catch (error) {
          fill(note, unavailable('Export', error));
        }
      },
    }, `Export ${label}`);
  return h('section', { 'aria-labelledby': 'export-h', class: 'export' }, h('h2', { id: 'export-h' }, `Export ${query.partner}'s orders${query.from || query.to ? ` (${query.from || '…'} to ${query.to || '…'})` : ''}`), h('p', {}, button('csv', 'CSV'), ' ', button('jsonl', 'JSON lines')), note);
}

// ---- order --------------------------------------------------------------------------------

const EVENT = /^#(\d+) (\S+) \(v(\d+)\) by (.+?): (.*)$/s;
const DECISION_LIKE = /decid|decision|release|confirm|expedite|escalat|risk|reject|accept|cancel/i;

function verdictOf(historyView) {
  const chain = historyView.chain ?? {};
  // `verification`: the full verify verdict (README "Verification"); `chain` alone on an API without it.
  const v = historyView.verification ?? historyView.verify;
  const ok = v ? v.valid === true : chain.valid === true;
  const first = v?.findings?.[0];
  const checked = v?.checked ? Object.entries(v.checked).map(([k, n]) => `${n} ${k}`).join(', ') : '';
  const text = v
    ? ok
      ? `every record of the order matches its chain (checked ${checked})${v.pending?.length ? `; ${v.pending.length} effect(s) still on their way` : ''}${v.sealedOn ? `; sealed ${v.sealedOn}` : ''}`
      : `first broken link: ${first ? `${first.link}: ${first.reason}` : 'unknown'}`
    : ok
      ? 'the event chain is intact (this API gives no full verification)'
      : `the event chain is broken at event ${chain.brokenAtSeq} (${chain.reason})`;
  return h('p', { class: ok ? 'verdict ok' : 'verdict broken', role: 'status', 'data-testid': 'verdict' }, ok ? 'Verified: ' : 'NOT verified: ', text);
}

function documentViewer(label, store, key, hint = {}) {
  const body = h('div', { class: 'doc-body' });
  let loaded = false;
  const details = h(
    'details',
    {
      class: 'document',
      ontoggle: async () => {
        if (!details.open || loaded) return;
        loaded = true;
        fill(body, h('p', {}, 'Loading…'));
        try {
          const doc = await get(`/documents/${encodeURIComponent(store)}/${key.split('/').map(encodeURIComponent).join('/')}`, { format: 'json', ...hint });
          const parsed = parseX12(doc.text ?? '');
          const described = await describe(parsed);
          const translated = doc.document ?? doc.translated ?? doc.json;
          const items = itemsOf(parsed);
          fill(
            body,
            definitionList([
              ['Key', doc.key ?? key],
              ['SHA-256', doc.sha256],
              ['Set', described.set ? `${described.set} ${described.setName ?? ''} (${described.version})` : undefined],
            ]),
            items.length ? h('p', {}, 'Items: ', items.map((i, k) => [k ? ', ' : '', h('a', { href: `#/item/${encodeURIComponent(i)}` }, i)])) : null,
            h(
              'div',
              { class: 'side-by-side' },
              h('section', { 'aria-label': 'Raw X12 with names' }, h('h4', {}, 'Raw X12, named'), h('pre', { class: 'raw' }, doc.text ?? ''), renderNamed(described)),
              h(
                'section',
                { 'aria-label': 'Translated JSON' },
                h('h4', {}, translated ? 'Translated JSON' : 'Segments as JSON (named by schemas/x12)'),
                h('pre', { class: 'json' }, JSON.stringify(translated ?? namedJson(described), null, 2)),
              ),
            ),
          );
        } catch (error) {
          loaded = false;
          fill(body, unavailable('Document', error));
        }
      },
    },
    h('summary', {}, label),
    body,
  );
  return details;
}

function decideForm(partner, po, onDone, line = '') {
  const id = (x) => `${x}-${partner}-${po}-${line || 'any'}`.replace(/[^A-Za-z0-9-]/g, '_');
  const out = h('p', { role: 'status', 'aria-live': 'polite' });
  const kind = h('select', { id: id('kind'), name: 'kind' }, [['approve', 'Approve as ordered'], ['reject', 'Reject the line'], ['quantity', 'Change quantity to'], ['date', 'Change date to'], ['price', 'Change price to']].map(([v, l]) => h('option', { value: v }, l)));
  const form = h(
    'form',
    {
      class: 'decide',
      'aria-label': `Decide a line of ${partner} PO ${po}`,
      onsubmit: async (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const k = String(data.get('kind'));
        const value = String(data.get('value') ?? '').trim();
        const decision = k === 'approve' || k === 'reject' ? k : `${k}=${value}`;
        out.textContent = 'Sending…';
        try {
          const result = await post(path`/orders/${partner}/${po}/lines/${String(data.get('line')).trim()}/decision`, { decision, by: me?.name ?? 'planner', reason: String(data.get('reason') ?? '').trim() });
          setFlash(`Decided line ${String(data.get('line')).trim()} of ${partner} PO ${po}: ${decision} (line ${result?.lineStatus ?? 'decided'}${result?.acknowledgment ? `, ${result.acknowledgment}` : ''})`);
          await onDone?.();
        } catch (error) {
          out.textContent = `Refused (${error.status ?? 'error'}): ${error.message}`;
        }
      },
    },
    h('div', { class: 'fields' },
      field('Line', h('input', { id: id('line'), name: 'line', required: true, value: line, inputmode: 'numeric', size: 4 })),
      field('Decision', kind),
      field('Value (quantity, YYYY-MM-DD or price)', h('input', { id: id('value'), name: 'value' })),
      field('Reason', h('input', { id: id('reason'), name: 'reason', required: true })),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Decide'),
    out,
  );
  return form;
}

function confirmForm(partner, po, line, onDone) {
  const id = (x) => `${x}-${partner}-${po}-${line}`.replace(/[^A-Za-z0-9-]/g, '_');
  const out = h('p', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'confirm',
      'aria-label': `Confirm a date for ${partner} PO ${po} line ${line}`,
      onsubmit: async (e) => {
        e.preventDefault();
        const data = new FormData(form);
        out.textContent = 'Sending…';
        try {
          const result = await post(path`/orders/${partner}/${po}/lines/${line}/confirm`, { date: String(data.get('date')), by: me?.name ?? 'planner', reason: String(data.get('reason') ?? '').trim() || undefined });
          setFlash(`Confirmed ${partner} PO ${po} line ${line} for ${String(data.get('date'))}: ${(result?.confirmed ?? []).join(', ') || 'recorded'}`);
          await onDone?.();
        } catch (error) {
          out.textContent = `Refused (${error.status ?? 'error'}): ${error.message}`;
        }
      },
    },
    field('Confirmed date', h('input', { id: id('date'), name: 'date', type: 'date', required: true })),
    field('Note', h('input', { id: id('reason'), name: 'reason' })),
    h('button', { type: 'submit', class: 'primary' }, 'Confirm'),
    out,
  );
  return form;
}

async function orderPage(partner, po) {
  const show = newPage();
  show(h('h1', {}, `Order ${po} of ${partner}`), h('p', {}, 'Loading…'));
  let view;
  try {
    view = await get(path`/orders/${partner}/${po}/history`);
  } catch (error) {
    return show(h('h1', {}, `Order ${po} of ${partner}`), unavailable('Order history', error), h('p', {}, h('a', { href: '#/search' }, 'Back to search')));
  }
  const entries = view.entries ?? view.timeline ?? [];
  const events = entries.filter((e) => e.kind === 'event').map((e) => ({ e, m: EVENT.exec(e.summary ?? '') }));
  const decisions = events.filter(({ e, m }) => DECISION_LIKE.test(m?.[2] ?? e.summary ?? ''));
  // The planning checks' findings an event recorded when a document was applied (who: its actor).
  const anomalies = events.flatMap(({ e, m }) => (Array.isArray(e.details?.findings) ? e.details.findings.map((f) => ({ at: e.at, by: m?.[4] ?? '', f })) : []));
  const documents = entries.flatMap((e) =>
    e.kind === 'interchange' && e.details?.archiveKey
      ? [{ label: `Received: ${e.summary}`, store: 'archive', key: e.details.archiveKey }]
      : e.kind === 'document' && e.details?.key
        ? [{ label: `Sent: ${e.summary}`, store: 'outbound', key: e.details.key, hint: { po } }]
        : [],
  );
  const emails = h('section', { 'aria-labelledby': 'emails-h' }, h('h2', { id: 'emails-h' }, 'Emails as sent'), h('p', {}, 'Loading…'));
  const planner = me?.role === 'planner';
  const refresh = () => orderPage(partner, po);
  show(
    h('h1', {}, `Order ${po} of ${partner}`),
    definitionList([
      ['Status', view.order?.status ?? 'no order stored'],
      ['Version', view.order?.version],
      ['Lines', view.order?.lines],
      ['Updated', when(view.order?.updatedAt)],
    ]),
    verdictOf(view),
    h(
      'section',
      { 'aria-labelledby': 'timeline-h' },
      h('h2', { id: 'timeline-h' }, 'Timeline'),
      h('ol', { class: 'timeline' }, entries.map((e) => h('li', { class: `entry ${e.kind}` }, h('time', { datetime: e.at }, when(e.at)), ' ', h('span', { class: 'kind' }, e.kind), ' ', h('span', { class: 'summary' }, e.summary)))),
    ),
    h(
      'section',
      { 'aria-labelledby': 'decisions-h' },
      h('h2', { id: 'decisions-h' }, 'Anomalies and decisions'),
      anomalies.length
        ? table(
            'Anomalies found',
            ['When', 'Found on', 'Line', 'Item', 'Rule', 'Severity', 'Finding', 'Suggestion'],
            anomalies.map(({ at, by, f }) => [when(at), by, f.lineNumber ?? '', f.item ? h('a', { href: `#/item/${encodeURIComponent(f.item)}` }, f.item) : '', f.rule ?? '', f.severity ?? '', f.message ?? '', f.suggestion ? Object.entries(f.suggestion).map(([k, v]) => `${k} ${v}`).join(', ') : '']),
          )
        : h('p', {}, 'No anomaly found.'),
      decisions.length
        ? table('Who decided what, when', ['When', 'Who', 'What', 'Detail'], decisions.map(({ e, m }) => [when(e.at), m?.[4] ?? '', m?.[2] ?? e.kind, m?.[5] ?? e.summary]))
        : h('p', {}, 'No decision recorded.'),
      planner && view.order?.status === 'held' ? [h('h3', {}, 'Decide a held line'), decideForm(partner, po, refresh)] : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'documents-h' },
      h('h2', { id: 'documents-h' }, 'Documents'),
      documents.length ? documents.map((d) => documentViewer(d.label, d.store, d.key, d.hint)) : h('p', {}, 'No document recorded.'),
    ),
    emails,
  );
  try {
    const found = await get(path`/orders/${partner}/${po}/emails`);
    const list = Array.isArray(found) ? found : found?.emails;
    if (!Array.isArray(list)) throw new ApiError(404, 'the answer holds no list of emails');
    fill(
      emails,
      h('h2', { id: 'emails-h' }, 'Emails as sent'),
      list.length
        ? list.map((m) =>
            h(
              'article',
              { class: 'email-message' },
              h('h3', {}, m.subject ?? m.title ?? '(no subject)'),
              definitionList([
                ['To', (m.recipients ?? m.to ?? []).join?.(', ') ?? String(m.to ?? '')],
                ['Sent', when(m.sentAt ?? m.at ?? m.claimedAt)],
                ['Status', m.status],
                ['Body SHA-256', m.sha256 ?? m.bodySha256],
                ['Body check', m.bodyCheck],
              ]),
              h('pre', { class: 'email-body' }, typeof m.body === 'string' ? m.body : (m.body?.text ?? '(body not kept)')),
            ),
          )
        : h('p', {}, 'No email sent for this order.'),
    );
  } catch (error) {
    fill(emails, h('h2', { id: 'emails-h' }, 'Emails as sent'), unavailable('Emails', error));
  }
}

// ---- item ---------------------------------------------------------------------------------

async function itemPage(item) {
  const show = newPage();
  const input = h('input', { id: 'item', name: 'item', value: item ?? '', required: true, autocomplete: 'off', placeholder: 'KPC-3400' });
  const form = h(
    'form',
    { 'aria-label': 'Item', onsubmit: (e) => (e.preventDefault(), (location.hash = `#/item/${encodeURIComponent(input.value.trim())}`)) },
    field('Item number', input),
    h('button', { type: 'submit', class: 'primary' }, 'Show chart'),
  );
  const out = h('section', { 'aria-labelledby': 'chart-h' });
  show(h('h1', {}, item ? `Item ${item}` : 'Item chart'), form, out);
  if (!item) return;
  fill(out, h('h2', { id: 'chart-h' }, 'Weekly projection'), h('p', {}, 'Loading…'));
  try {
    const projection = await get(path`/items/${item}/projection`);
    const missing = projection?.missing === 'supply-plan' ? h('p', { class: 'notice' }, `Item ${item} has no supply plan: nothing to project.`) : null;
    fill(
      out,
      h('h2', { id: 'chart-h' }, `Weekly projection${projection?.description ? ` — ${projection.description}` : ''}`),
      missing ?? projectionChart({ item, ...projection }),
      projection?.weeks?.length && !projection.weeks.some((w) => typeof w.atp === 'number') ? h('p', { class: 'hint' }, 'This API gives no ATP for the item yet: the ATP line is left out.') : null,
    );
  } catch (error) {
    fill(out, h('h2', { id: 'chart-h' }, 'Weekly projection'), unavailable('Item projection', error));
  }
}

// ---- work list ----------------------------------------------------------------------------

function worklistRows(list) {
  if (Array.isArray(list)) return list;
  if (Array.isArray(list?.items)) return list.items;
  return Object.entries(list ?? {}).flatMap(([kind, rows]) => (Array.isArray(rows) ? rows.map((r) => ({ kind, ...r })) : []));
}

async function worklistPage() {
  const show = newPage();
  show(h('h1', {}, 'Work list'), h('p', {}, 'Loading…'));
  let rows;
  try {
    rows = worklistRows(await get('/worklist'));
  } catch (error) {
    return show(h('h1', {}, 'Work list'), unavailable('Work list', error));
  }
  const planner = me?.role === 'planner';
  const kindOf = (r) => String(r.kind ?? r.type ?? '');
  show(
    h('h1', {}, 'Work list'),
    h('p', {}, planner ? 'Held lines, P1 cases, delay risks and overdue acknowledgments, by tier and value.' : 'Read only: decisions are for planners.'),
    rows.length
      ? h(
          'ul',
          { class: 'worklist' },
          rows.map((r) => {
            const partner = r.partner;
            const po = r.purchaseOrderNumber ?? r.po;
            const line = r.lineNumber ?? r.line;
            const kind = kindOf(r);
            return h(
              'li',
              { class: 'work' },
              h('p', {}, h('span', { class: 'kind' }, kind), ' ', partner && po ? orderLink(partner, po) : '', line ? ` line ${line}` : '', r.tier ? ` · tier ${r.tier}` : '', r.value !== undefined ? ` · value ${r.value}` : '', r.item ? ` · item ` : '', r.item ? h('a', { href: `#/item/${encodeURIComponent(r.item)}` }, r.item) : '', r.detail || r.reason || r.summary ? ` · ${r.detail ?? r.reason ?? r.summary}` : ''),
              planner && /held|hold/i.test(kind) ? h('details', {}, h('summary', {}, `Decide line ${line ?? ''}`), decideForm(partner, po, worklistPage, line ?? '')) : null,
              planner && /p1|expedite/i.test(kind) ? h('details', {}, h('summary', {}, `Confirm a date for line ${line ?? ''}`), confirmForm(partner, po, line ?? '', worklistPage)) : null,
            );
          }),
        )
      : h('p', {}, 'Nothing to do.'),
  );
}

// ---- router -------------------------------------------------------------------------------

async function route() {
  if (!me) return signInPage();
  const [hashPath, q = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = hashPath.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('nav a').forEach((a) => a.removeAttribute('aria-current'));
  const current = document.querySelector(`nav a[href="#/${parts[0] ?? 'search'}"]`);
  current?.setAttribute('aria-current', 'page');
  try {
    if (parts[0] === 'order' && parts[1] && parts[2]) return await orderPage(parts[1], parts.slice(2).join('/'));
    if (parts[0] === 'item') return await itemPage(parts[1]);
    if (parts[0] === 'worklist') return await worklistPage();
    return await searchPage(new URLSearchParams(q));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      me = undefined;
      renderWho();
      return signInPage('Your session ended; sign in again.');
    }
    newPage()(h('h1', {}, 'Something went wrong'), h('p', { class: 'notice' }, String(error?.message ?? error)));
  }
}

async function start() {
  me = await whoAmI();
  renderWho();
  await route();
}

window.addEventListener('hashchange', () => void route());
loadConfig()
  .then(start)
  .catch((error) => newPage()(h('h1', {}, 'Console unavailable'), h('p', { class: 'notice' }, String(error?.message ?? error))));
