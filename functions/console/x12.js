/**
 * Raw X12 for people: each segment with its name and each element with its reference
 * (BEG03), its dictionary name and its value, from the repository's schemas/x12 (the set's
 * definition for the segment layout, names.json for the names). The delimiters are read from
 * the ISA as X12 defines them: element separator ISA position 4, component separator ISA16,
 * segment terminator the character after ISA16 (X12.5 interchange control structure).
 */
import { h } from './dom.js';

const cache = new Map();
async function json(url) {
  if (!cache.has(url)) {
    cache.set(
      url,
      fetch(url).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined),
    );
  }
  return cache.get(url);
}

export function parseX12(text) {
  const start = text.indexOf('ISA');
  if (start < 0 || text.length < start + 106) return { segments: [], error: 'no ISA header' };
  const isa = text.slice(start);
  const element = isa[3];
  const component = isa[104];
  const terminator = isa[105];
  const segments = isa
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+|[\r\n]+$/g, ''))
    .filter((s) => s.trim() !== '')
    .map((raw) => {
      const [id, ...elements] = raw.split(element);
      return { id: id.trim(), elements, raw };
    });
  return { segments, delimiters: { element, component, terminator } };
}

/** Version (GS08, first six characters) and set (ST01) of the first set in the interchange. */
function setOf(segments) {
  const gs = segments.find((s) => s.id === 'GS');
  const st = segments.find((s) => s.id === 'ST');
  return { version: (gs?.elements[7] ?? '004010').slice(0, 6), set: st?.elements[0] };
}

export async function describe(parsed) {
  const { version, set } = setOf(parsed.segments);
  const safeVersion = /^00[45]010$/.test(version) ? version : '004010';
  const [names, envelope, schema] = await Promise.all([
    json('schemas/x12/names.json'),
    json(`schemas/x12/${safeVersion}/envelope.json`),
    /^\d{3}$/.test(set ?? '') ? json(`schemas/x12/${safeVersion}/${set}.json`) : undefined,
  ]);
  const defs = { ...(envelope?.segments ?? {}), ...(schema?.segments ?? {}) };
  return {
    version: safeVersion,
    set,
    setName: schema?.name,
    segments: parsed.segments.map((seg) => {
      const def = defs[seg.id];
      return {
        id: seg.id,
        name: names?.segments?.[seg.id],
        elements: seg.elements.map((value, i) => {
          const ref = def?.elements?.[i];
          return { ref: ref?.ref ?? `${seg.id}${String(i + 1).padStart(2, '0')}`, id: ref?.id, name: ref ? names?.elements?.[ref.id] : undefined, value };
        }),
      };
    }),
  };
}

/** Our item numbers on the document's lines: PO1/POC/LIN product IDs qualified VP (vendor's part number). */
export function itemsOf(parsed) {
  const items = new Set();
  for (const seg of parsed.segments) {
    if (!['PO1', 'POC', 'LIN', 'ACK'].includes(seg.id)) continue;
    for (let i = 0; i + 1 < seg.elements.length; i++) if (seg.elements[i] === 'VP' && seg.elements[i + 1]) items.add(seg.elements[i + 1]);
  }
  return [...items];
}

/** The named segments as a table per segment, for the raw column. */
export function renderNamed(described) {
  return h(
    'div',
    { class: 'segments' },
    described.segments.map((seg) =>
      h(
        'section',
        { class: 'segment', 'aria-label': `${seg.id} ${seg.name ?? ''}`.trim() },
        h('h4', {}, h('code', {}, seg.id), seg.name ? ` ${seg.name}` : ''),
        h(
          'table',
          { class: 'elements' },
          h('caption', { class: 'visually-hidden' }, `${seg.id} elements`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ref'), h('th', { scope: 'col' }, 'Element'), h('th', { scope: 'col' }, 'Value'))),
          h(
            'tbody',
            {},
            seg.elements.map((e) =>
              h('tr', {}, h('th', { scope: 'row' }, h('code', {}, e.ref)), h('td', {}, e.name ?? (e.id ? `element ${e.id}` : '')), h('td', {}, h('code', {}, e.value))),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The segments as JSON keyed by element reference and name (when the API sends no translated document). */
export function namedJson(described) {
  return described.segments.map((seg) => ({
    segment: seg.id,
    ...(seg.name ? { name: seg.name } : {}),
    elements: Object.fromEntries(seg.elements.filter((e) => e.value !== '').map((e) => [e.name ? `${e.ref} ${e.name}` : e.ref, e.value])),
  }));
}
