/**
 * Generates the transaction-set definitions in `schemas/x12/<version>/*.json` from the X12 004010
 * dictionary in SEF form (SEF 1.5; the notation is summarised in `schemas/x12/README.md`), plus
 * the 005010 deltas in `005010-overrides.json`.
 *
 *   node --import tsx schemas/x12/build-from-sef.ts [path/to/x12-004010.sef]
 *
 * Without a path it reads `reference/x12-004010.sef` in `EDI_SHARED_DIR`, or in the shared folder
 * beside the repository.
 *
 * Output is deterministic: same SEF + overrides in, byte-identical JSON out.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  CompositeDef,
  ElementDef,
  ElementRef,
  ElementType,
  EnvelopeSchema,
  SegmentDef,
  StructureNode,
  SyntaxNote,
  TransactionSetSchema,
  Usage,
} from './schema-types.ts';
import { FUNCTIONAL_GROUP_OF_SET } from './functional-groups.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHARED = process.env['EDI_SHARED_DIR'] ?? fileURLToPath(new URL('../../../shared', import.meta.url));
const DEFAULT_SEF = `${SHARED}/reference/x12-004010.sef`;

/**
 * The sets to generate, with their names (the SEF carries no prose); the GS01 functional
 * identifier comes from `functional-groups.ts`. A set generated here is served only once it has
 * an entry in `registry.ts` (README, "Adding a transaction set").
 */
export const SETS: Record<string, string> = {
  '810': 'Invoice',
  '830': 'Planning Schedule with Release Capability',
  '850': 'Purchase Order',
  '855': 'Purchase Order Acknowledgment',
  '856': 'Ship Notice/Manifest',
  '860': 'Purchase Order Change Request - Buyer Initiated',
  '865': 'Purchase Order Change Acknowledgment/Request - Seller Initiated',
  '997': 'Functional Acknowledgment',
};

const ENVELOPE_SEGMENTS = ['ISA', 'ISB', 'ISE', 'TA1', 'GS', 'GE', 'ST', 'SE', 'IEA'];

/** Lists larger than this are left out of the data (external or open code lists). */
const MAX_CODES = 2000;

// ---------------------------------------------------------------------------------------------
// SEF sections

export interface Sef {
  sets: Map<string, string>;
  segs: Map<string, string>;
  coms: Map<string, string>;
  elms: Map<string, string>;
  codes: Map<string, string>;
}

export function readSef(text: string): Sef {
  const sef: Sef = { sets: new Map(), segs: new Map(), coms: new Map(), elms: new Map(), codes: new Map() };
  const sections: Record<string, Map<string, string>> = {
    '.SETS': sef.sets,
    '.SEGS': sef.segs,
    '.COMS': sef.coms,
    '.ELMS': sef.elms,
    '.CODES': sef.codes,
  };
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('.')) {
      current = sections[line.split(/\s/)[0] ?? ''];
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    current.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return sef;
}

// ---------------------------------------------------------------------------------------------
// .SETS: `^[ST,M][BEG,M]+20[CUR]{:200[N1]…}^{:100000[PO1,M]…}^[CTT][SE,M]`

function parseMax(text: string, where: string): number | null {
  if (text === '' || text === undefined) return 1;
  if (text === '>1') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: bad max use '${text}'`);
  return n;
}

function parseUsage(text: string | undefined, where: string): Usage {
  if (text === undefined || text === '') return 'O';
  if (text === 'M') return 'M';
  throw new Error(`${where}: unknown usage '${text}'`);
}

export function parseSetStructure(setId: string, text: string): StructureNode[] {
  let i = 0;
  let area = 0;
  const where = () => `set ${setId} at ${i}`;

  const skipOrdinal = () => {
    while (i < text.length && /[0-9]/.test(text[i] ?? '')) i++;
  };

  const parseList = (closing: string | undefined): StructureNode[] => {
    const nodes: StructureNode[] = [];
    while (i < text.length) {
      const ch = text[i];
      if (ch === closing) {
        i++;
        return nodes;
      }
      if (ch === '^') {
        area++;
        i++;
      } else if (ch === '+') {
        i++;
        skipOrdinal();
      } else if (ch === '[') {
        const end = text.indexOf(']', i);
        if (end < 0) throw new Error(`${where()}: unclosed [`);
        const [id = '', usage, max = ''] = text.slice(i + 1, end).split(',');
        nodes.push({ kind: 'segment', id, usage: parseUsage(usage, where()), max: parseMax(max, where()), area: Math.max(area, 1) });
        i = end + 1;
      } else if (ch === '{') {
        const colon = text.indexOf(':', i);
        if (colon < 0) throw new Error(`${where()}: loop without ':'`);
        const m = /^(>1|\d+)/.exec(text.slice(colon + 1));
        if (!m) throw new Error(`${where()}: loop without max`);
        const max = parseMax(m[1] ?? '', where());
        const loopArea = Math.max(area, 1);
        i = colon + 1 + (m[1] ?? '').length;
        const children = parseList('}');
        const trigger = children[0];
        if (!trigger || trigger.kind !== 'segment') throw new Error(`${where()}: loop does not start with a segment`);
        nodes.push({ kind: 'loop', id: trigger.id, usage: trigger.usage, max, area: loopArea, children });
      } else {
        throw new Error(`${where()}: unexpected '${ch}'`);
      }
    }
    if (closing) throw new Error(`set ${setId}: missing '${closing}'`);
    return nodes;
  };
  return parseList(undefined);
}

// ---------------------------------------------------------------------------------------------
// .SEGS / .COMS: `[350][330]{10[235][234]}+C0302C0504P0607`

interface RawPosition {
  id: string;
  usage: Usage;
}

export function parseSyntaxNotes(text: string, where: string): SyntaxNote[] {
  const notes: SyntaxNote[] = [];
  const re = /([PRECL])(\d+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    const digits = m[2] ?? '';
    if (digits.length % 2 !== 0 || digits.length < 4) throw new Error(`${where}: bad syntax note '${m[0]}'`);
    const positions: number[] = [];
    for (let k = 0; k < digits.length; k += 2) positions.push(Number(digits.slice(k, k + 2)));
    notes.push({ kind: m[1] as SyntaxNote['kind'], positions });
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`${where}: cannot read syntax notes '${text}'`);
  return notes;
}

export function parsePositions(text: string, where: string): { positions: RawPosition[]; syntax: SyntaxNote[] } {
  const plus = text.indexOf('+');
  const body = plus < 0 ? text : text.slice(0, plus);
  const syntax = plus < 0 ? [] : parseSyntaxNotes(text.slice(plus + 1), where);
  const positions: RawPosition[] = [];
  let i = 0;
  const readBracket = (): RawPosition => {
    const end = body.indexOf(']', i);
    if (body[i] !== '[' || end < 0) throw new Error(`${where}: expected [ at ${i}`);
    const [id = '', usage] = body.slice(i + 1, end).split(',');
    i = end + 1;
    return { id, usage: parseUsage(usage, where) };
  };
  while (i < body.length) {
    if (body[i] === '[') {
      positions.push(readBracket());
    } else if (body[i] === '{') {
      const m = /^\{(\d+)/.exec(body.slice(i));
      if (!m) throw new Error(`${where}: bad repeat group`);
      i += m[0].length;
      const group: RawPosition[] = [];
      while (body[i] !== '}') {
        if (i >= body.length) throw new Error(`${where}: unclosed repeat group`);
        group.push(readBracket());
      }
      i++;
      for (let r = 0; r < Number(m[1]); r++) positions.push(...group);
    } else {
      throw new Error(`${where}: unexpected '${body[i]}'`);
    }
  }
  return { positions, syntax };
}

// ---------------------------------------------------------------------------------------------
// .ELMS / .CODES

const ELEMENT_TYPES = new Set(['AN', 'ID', 'R', 'DT', 'TM', 'B', 'N', 'N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);

/** Expands `104:110` / `A-Z` ranges; numeric ranges keep the width of their first bound. */
export function expandCodes(list: string): string[] {
  const out: string[] = [];
  for (const item of list.split(',')) {
    if (item === '') continue;
    const m = /^([0-9A-Z]+)[:-]([0-9A-Z]+)$/.exec(item);
    if (!m) {
      out.push(item);
      continue;
    }
    const [, from = '', to = ''] = m;
    if (/^\d+$/.test(from) && /^\d+$/.test(to) && Number(to) >= Number(from) && Number(to) - Number(from) <= 10_000) {
      for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from.length, '0'));
    } else if (from.length === 1 && to.length === 1 && to >= from) {
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c));
    } else {
      out.push(item);
    }
  }
  return [...new Set(out)];
}

function elementDef(sef: Sef, id: string): ElementDef {
  const raw = sef.elms.get(id);
  if (!raw) throw new Error(`element ${id} not in .ELMS`);
  const [type = '', min = '', max = ''] = raw.split(',');
  if (!ELEMENT_TYPES.has(type)) throw new Error(`element ${id}: unknown type ${type}`);
  const def: ElementDef = { id, type: type as ElementType, min: Number(min), max: Number(max) };
  const codes = sef.codes.get(id);
  if (codes !== undefined) {
    const list = expandCodes(codes);
    if (list.length > 0 && list.length <= MAX_CODES) def.codes = list;
  }
  return def;
}

// ---------------------------------------------------------------------------------------------
// Definitions

function toRefs(tag: string, positions: RawPosition[], sef: Sef): ElementRef[] {
  return positions.map((p, k) => {
    const ref = `${tag}${String(k + 1).padStart(2, '0')}`;
    const out: ElementRef = { ref, id: p.id, usage: p.usage, repeat: 1 };
    if (sef.coms.has(p.id)) out.composite = true;
    else if (!sef.elms.has(p.id)) throw new Error(`${ref}: ${p.id} is neither an element nor a composite`);
    return out;
  });
}

function segmentDef(sef: Sef, id: string): SegmentDef {
  const raw = sef.segs.get(id);
  if (raw === undefined) throw new Error(`segment ${id} not in .SEGS`);
  const { positions, syntax } = parsePositions(raw, `segment ${id}`);
  return { id, elements: toRefs(id, positions, sef), syntax };
}

function compositeDef(sef: Sef, id: string): CompositeDef {
  const raw = sef.coms.get(id);
  if (raw === undefined) throw new Error(`composite ${id} not in .COMS`);
  const { positions, syntax } = parsePositions(raw, `composite ${id}`);
  return { id, components: toRefs(id, positions, sef), syntax };
}

function segmentIds(nodes: StructureNode[], into: string[] = []): string[] {
  for (const n of nodes) {
    if (n.kind === 'segment') {
      if (!into.includes(n.id)) into.push(n.id);
    } else segmentIds(n.children, into);
  }
  return into;
}

function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord<T>(rec: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort(compareIds)) out[k] = rec[k] as T;
  return out;
}

interface Defs {
  segments: Record<string, SegmentDef>;
  composites: Record<string, CompositeDef>;
  elements: Record<string, ElementDef>;
}

/** Closes over segments: adds the composites and elements they use; marks checked positions. */
function collectDefs(sef: Sef, segIds: string[]): Defs {
  const segments: Record<string, SegmentDef> = {};
  const composites: Record<string, CompositeDef> = {};
  const elements: Record<string, ElementDef> = {};
  const useRefs = (refs: ElementRef[]) => {
    for (const r of refs) {
      if (r.composite) {
        if (!composites[r.id]) {
          const c = compositeDef(sef, r.id);
          composites[r.id] = c;
          useRefs(c.components);
        }
      } else if (!elements[r.id]) {
        elements[r.id] = elementDef(sef, r.id);
      }
    }
  };
  for (const id of segIds) {
    const s = segmentDef(sef, id);
    segments[id] = s;
    useRefs(s.elements);
  }
  markChecked({ segments, composites, elements });
  return { segments, composites: sortedRecord(composites), elements: sortedRecord(elements) };
}

/**
 * Marks `checkCodes` on every ID position whose element the dictionary gives a code list: a value
 * outside it is reported (AK403 7). Whether that rejects the set is the severity policy's call
 * (`functions/domain/x12/severity-policy.ts`: a warning), not the data's — real partners use
 * codes outside the 004010 lists (LIN `XX`, REF `ZZZ`), and the 997 should say so without refusing them.
 */
function markChecked(defs: Defs): void {
  const mark = (refs: ElementRef[]) => {
    for (const r of refs) {
      const el = r.composite ? undefined : defs.elements[r.id];
      if (el && el.type === 'ID' && el.codes && el.codes.length > 0) r.checkCodes = true;
      else delete r.checkCodes;
    }
  };
  for (const s of Object.values(defs.segments)) mark(s.elements);
  for (const c of Object.values(defs.composites)) mark(c.components);
}

// ---------------------------------------------------------------------------------------------
// 005010 overrides (data in 005010-overrides.json)

interface PositionOverride {
  id: string;
  usage: Usage;
  repeat?: number;
}

export interface VersionOverrides {
  version: string;
  description?: string;
  /** New or replaced element definitions. */
  elements: Record<string, ElementDef>;
  /** Codes added to an element's list (the 004010 codes are kept). */
  addCodes: Record<string, string[]>;
  /** Segment positions set or appended, keyed by segment id then 2-digit position. */
  segments: Record<string, Record<string, PositionOverride>>;
  /** Composite positions set or appended, keyed by composite id then 2-digit position. */
  composites: Record<string, Record<string, PositionOverride>>;
}

function overridePositions(tag: string, refs: ElementRef[], changes: Record<string, PositionOverride>, sef: Sef, o: VersionOverrides): ElementRef[] {
  const out = refs.map((r) => ({ ...r }));
  for (const [pos, change] of Object.entries(changes).sort(([a], [b]) => Number(a) - Number(b))) {
    const index = Number(pos) - 1;
    if (!Number.isInteger(index) || index < 0 || index > out.length) throw new Error(`override ${tag}${pos}: not a position or past the end`);
    const ref: ElementRef = { ref: `${tag}${pos.padStart(2, '0')}`, id: change.id, usage: change.usage, repeat: change.repeat ?? 1 };
    if (sef.coms.has(change.id) && !o.elements[change.id]) ref.composite = true;
    out[index] = ref;
  }
  return out;
}

function applyOverrides(defs: Defs, sef: Sef, o: VersionOverrides): Defs {
  const segments: Record<string, SegmentDef> = {};
  for (const [id, s] of Object.entries(defs.segments)) {
    const changes = o.segments[id];
    segments[id] = changes ? { ...s, elements: overridePositions(id, s.elements, changes, sef, o) } : s;
  }
  const composites: Record<string, CompositeDef> = {};
  for (const [id, c] of Object.entries(defs.composites)) {
    const changes = o.composites[id];
    composites[id] = changes ? { ...c, components: overridePositions(id, c.components, changes, sef, o) } : c;
  }
  const used = new Set<string>();
  for (const s of Object.values(segments)) for (const r of s.elements) if (!r.composite) used.add(r.id);
  for (const c of Object.values(composites)) for (const r of c.components) if (!r.composite) used.add(r.id);
  const elements: Record<string, ElementDef> = {};
  for (const id of used) {
    const base = o.elements[id] ?? defs.elements[id] ?? elementDef(sef, id);
    const def: ElementDef = { ...base };
    const extra = o.addCodes[id];
    if (extra && def.codes) def.codes = [...new Set([...def.codes, ...extra])];
    elements[id] = def;
  }
  const out: Defs = { segments, composites: sortedRecord(composites), elements: sortedRecord(elements) };
  markChecked(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building

export function buildSet(sef: Sef, setId: string): TransactionSetSchema {
  const name = SETS[setId];
  const functionalGroup = FUNCTIONAL_GROUP_OF_SET[setId];
  const raw = sef.sets.get(setId);
  if (name === undefined || functionalGroup === undefined || raw === undefined) throw new Error(`set ${setId} unknown`);
  const structure = parseSetStructure(setId, raw);
  const defs = collectDefs(sef, segmentIds(structure));
  return { id: setId, version: '004010', functionalGroup, name, structure, ...defs };
}

export function buildEnvelope(sef: Sef): EnvelopeSchema {
  const defs = collectDefs(sef, ENVELOPE_SEGMENTS);
  return { version: '004010', ...defs };
}

export function toVersion<T extends Defs & { version: string }>(schema: T, sef: Sef, o: VersionOverrides): T {
  return { ...structuredClone(schema), version: o.version, ...applyOverrides(structuredClone(schema), sef, o) };
}

// ---------------------------------------------------------------------------------------------
// Sets built by hand: the 999 (005010X231A1) is not in the 004010 SEF

/** A set definition written by hand (`999-005010X231.json`), completed from a generated set it shares elements with. */
export interface HandBuiltSet {
  id: string;
  version: string;
  name: string;
  /** Where the definition comes from (kept in the input file, not in the output). */
  source: string;
  structure: StructureNode[];
  segments: Record<string, SegmentDef>;
  composites: Record<string, CompositeDef>;
  /** Element and composite ids taken as they are from `base`. */
  reuse: string[];
  /** Codes added to a reused element's list. */
  addCodes: Record<string, string[]>;
  /** Elements defined here. */
  elements: Record<string, ElementDef>;
}

/**
 * The 999 Implementation Acknowledgment from its hand-written definition and the generated 005010
 * 997 (whose envelope and AK1/AK2/AK9 elements it shares), in the generated sets' shape and format.
 */
export function buildHandBuiltSet(spec: HandBuiltSet, base: TransactionSetSchema): TransactionSetSchema {
  const functionalGroup = FUNCTIONAL_GROUP_OF_SET[spec.id];
  if (functionalGroup === undefined) throw new Error(`set ${spec.id} has no functional group`);
  const elements: Record<string, ElementDef> = { ...spec.elements };
  const composites: Record<string, CompositeDef> = structuredClone(spec.composites);
  for (const id of spec.reuse) {
    const element = base.elements[id];
    const composite = base.composites[id];
    if (element) elements[id] = { ...element, ...(element.codes ? { codes: [...new Set([...element.codes, ...(spec.addCodes[id] ?? [])])] } : {}) };
    else if (composite) composites[id] = structuredClone(composite);
    else throw new Error(`${spec.id}: reused id ${id} is not in the ${base.id} definition`);
  }
  const defs: Defs = { segments: structuredClone(spec.segments), composites: sortedRecord(composites), elements: sortedRecord(elements) };
  for (const refs of [...Object.values(defs.segments).map((x) => x.elements), ...Object.values(defs.composites).map((x) => x.components)]) {
    for (const r of refs) if (!r.composite && !defs.elements[r.id]) throw new Error(`${spec.id}: ${r.ref} names element ${r.id}, which is not defined`);
  }
  markChecked(defs);
  return { id: spec.id, version: spec.version, functionalGroup, name: spec.name, structure: structuredClone(spec.structure), ...defs };
}

// ---------------------------------------------------------------------------------------------
// Compact, diff-friendly JSON: one line per structure node, element ref and element def.

const j = (v: unknown) => JSON.stringify(v);

function fmtStructure(nodes: StructureNode[], indent: string): string {
  return nodes
    .map((n) => {
      if (n.kind === 'segment') return `${indent}${j(n)}`;
      const { children, ...head } = n;
      const open = j(head).slice(0, -1);
      return `${indent}${open},"children":[\n${fmtStructure(children, indent + '  ')}\n${indent}]}`;
    })
    .join(',\n');
}

function fmtRefs(refs: ElementRef[], indent: string): string {
  return refs.map((r) => `${indent}${j(r)}`).join(',\n');
}

function fmtDefs(d: Defs): string {
  const segs = Object.values(d.segments)
    .map((s) => `    ${j(s.id)}: {"id":${j(s.id)},"syntax":${j(s.syntax)},"elements":[\n${fmtRefs(s.elements, '      ')}\n    ]}`)
    .join(',\n');
  const coms = Object.values(d.composites)
    .map((c) => `    ${j(c.id)}: {"id":${j(c.id)},"syntax":${j(c.syntax)},"components":[\n${fmtRefs(c.components, '      ')}\n    ]}`)
    .join(',\n');
  const els = Object.values(d.elements)
    .map((e) => `    ${j(e.id)}: ${j(e)}`)
    .join(',\n');
  const block = (body: string) => (body === '' ? '{}' : `{\n${body}\n  }`);
  return `  "segments": ${block(segs)},\n  "composites": ${block(coms)},\n  "elements": ${block(els)}`;
}

export function formatSet(s: TransactionSetSchema): string {
  return (
    `{\n  "id": ${j(s.id)},\n  "version": ${j(s.version)},\n  "functionalGroup": ${j(s.functionalGroup)},\n  "name": ${j(s.name)},\n` +
    `  "structure": [\n${fmtStructure(s.structure, '    ')}\n  ],\n${fmtDefs(s)}\n}\n`
  );
}

export function formatEnvelope(e: EnvelopeSchema): string {
  return `{\n  "version": ${j(e.version)},\n${fmtDefs(e)}\n}\n`;
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const sefPath = process.argv[2] ?? DEFAULT_SEF;
  const sef = readSef(readFileSync(sefPath, 'latin1'));
  const overrides = JSON.parse(readFileSync(`${HERE}/005010-overrides.json`, 'utf8')) as VersionOverrides;
  for (const v of ['004010', overrides.version]) mkdirSync(`${HERE}/${v}`, { recursive: true });
  const written: string[] = [];
  const write = (path: string, text: string) => {
    writeFileSync(`${HERE}/${path}`, text);
    written.push(path);
  };
  for (const setId of Object.keys(SETS)) {
    const s4 = buildSet(sef, setId);
    write(`004010/${setId}.json`, formatSet(s4));
    write(`${overrides.version}/${setId}.json`, formatSet(toVersion(s4, sef, overrides)));
  }
  // The 999 (005010 only) from its hand-written definition, completed from the 005010 997 just written.
  const spec = JSON.parse(readFileSync(`${HERE}/999-005010X231.json`, 'utf8')) as HandBuiltSet;
  write(`${overrides.version}/999.json`, formatSet(buildHandBuiltSet(spec, toVersion(buildSet(sef, '997'), sef, overrides))));
  const env = buildEnvelope(sef);
  write('004010/envelope.json', formatEnvelope(env));
  write(`${overrides.version}/envelope.json`, formatEnvelope(toVersion(env, sef, overrides)));
  console.log(`wrote ${written.length} files: ${written.join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
