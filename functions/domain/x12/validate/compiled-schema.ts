/**
 * Lookup tables precomputed once per transaction-set schema (cached in WeakMaps keyed by the schema
 * and segment definitions), so the per-segment and per-element checks do no searching and no
 * string building on the happy path.
 */
import type {
  CompositeDef,
  ElementDef,
  ElementRef,
  SegmentDef,
  StructureNode,
  SyntaxNote,
  TransactionSetSchema,
} from '#schemas/x12/schema-types.ts';

/** Element type, as a small integer for a cheap switch in the hot path. */
export const Kind = { AN: 0, ID: 1, N: 2, R: 3, DT: 4, TM: 5, B: 6 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface CompiledElement {
  /** Position reference as written in the spec (`PO103`, `C00101`). */
  ref: string;
  /** Dictionary id (`355`, `C001`). */
  id: string;
  mandatory: boolean;
  repeat: number;
  kind: Kind;
  min: number;
  max: number;
  /** Code list to enforce (only when `checkCodes` and the dictionary lists codes). */
  codes: ReadonlySet<string> | undefined;
  composite: CompiledComposite | undefined;
}

export interface CompiledComposite {
  id: string;
  components: CompiledElement[];
  syntax: SyntaxNote[];
}

export interface CompiledSegment {
  id: string;
  elements: CompiledElement[];
  syntax: SyntaxNote[];
}

/** One position of the set's structure, flattened for matching. */
export interface CompiledNode {
  isLoop: boolean;
  /** Segment id, or the loop id for a loop. */
  id: string;
  /** The tag that matches this node: the segment id, or the loop's trigger segment id. */
  tag: string;
  mandatory: boolean;
  /** Maximum use / repeats; `Infinity` when unbounded. */
  max: number;
  /** Document-order ordinal of the node (pre-order), used to tell "earlier in the set" from "later". */
  ordinal: number;
  /** Children of a loop (index 0 is the trigger). */
  table: ChildTable | undefined;
}

/** The children of the set (or of one loop) with an index from tag to the child positions it can match. */
export interface ChildTable {
  nodes: CompiledNode[];
  byTag: Map<string, number[]>;
}

export interface CompiledSchema {
  schema: TransactionSetSchema;
  root: ChildTable;
  segments: Map<string, CompiledSegment>;
  /** Lowest document-order ordinal at which each segment id occurs anywhere in the set. */
  firstOrdinal: Map<string, number>;
}

const KINDS: Record<string, Kind> = { AN: Kind.AN, ID: Kind.ID, R: Kind.R, DT: Kind.DT, TM: Kind.TM, B: Kind.B };

function kindOf(type: string): Kind {
  const k = KINDS[type];
  if (k !== undefined) return k;
  return type.charCodeAt(0) === 78 /* N */ ? Kind.N : Kind.AN;
}

/** The dictionary part of a schema: a transaction set's or the envelope's. */
export type ElementDictionary = Pick<TransactionSetSchema, 'elements' | 'composites'>;

const PERMISSIVE: ElementDef = { id: '', type: 'AN', min: 0, max: Number.POSITIVE_INFINITY };

const codeSets = new WeakMap<ElementDef, ReadonlySet<string>>();

function codeSetOf(def: ElementDef): ReadonlySet<string> | undefined {
  if (!def.codes || def.codes.length === 0) return undefined;
  let set = codeSets.get(def);
  if (!set) {
    set = new Set(def.codes);
    codeSets.set(def, set);
  }
  return set;
}

function compileSimple(ref: ElementRef, def: ElementDef | undefined): CompiledElement {
  const d = def ?? PERMISSIVE;
  return {
    ref: ref.ref,
    id: ref.id,
    mandatory: ref.usage === 'M',
    repeat: ref.repeat > 1 ? ref.repeat : 1,
    kind: kindOf(d.type),
    min: d.min,
    max: d.max,
    codes: ref.checkCodes ? codeSetOf(d) : undefined,
    composite: undefined,
  };
}

function compileComposite(def: CompositeDef, schema: ElementDictionary): CompiledComposite {
  return {
    id: def.id,
    components: def.components.map((c) => compileSimple(c, schema.elements[c.id])),
    syntax: def.syntax,
  };
}

function compileElement(ref: ElementRef, schema: ElementDictionary): CompiledElement {
  const compositeDef = ref.composite ? schema.composites[ref.id] : undefined;
  if (!compositeDef) return compileSimple(ref, schema.elements[ref.id]);
  return {
    ref: ref.ref,
    id: ref.id,
    mandatory: ref.usage === 'M',
    repeat: ref.repeat > 1 ? ref.repeat : 1,
    kind: Kind.AN,
    min: 0,
    max: Number.POSITIVE_INFINITY,
    codes: undefined,
    composite: compileComposite(compositeDef, schema),
  };
}

const segmentCache = new WeakMap<SegmentDef, { schema: ElementDictionary; compiled: CompiledSegment }>();

/** Compiles (once, then cached) a segment definition against the element/composite dictionary of `schema`. */
export function compileSegment(def: SegmentDef, schema: ElementDictionary): CompiledSegment {
  const hit = segmentCache.get(def);
  if (hit && hit.schema === schema) return hit.compiled;
  const compiled: CompiledSegment = {
    id: def.id,
    elements: def.elements.map((e) => compileElement(e, schema)),
    syntax: def.syntax,
  };
  segmentCache.set(def, { schema, compiled });
  return compiled;
}

function compileTable(nodes: StructureNode[], counter: { n: number }, firstOrdinal: Map<string, number>): ChildTable {
  const compiled: CompiledNode[] = [];
  const byTag = new Map<string, number[]>();
  for (const node of nodes) {
    const ordinal = counter.n++;
    let c: CompiledNode;
    if (node.kind === 'segment') {
      if (!firstOrdinal.has(node.id)) firstOrdinal.set(node.id, ordinal);
      c = {
        isLoop: false,
        id: node.id,
        tag: node.id,
        mandatory: node.usage === 'M',
        max: node.max ?? Number.POSITIVE_INFINITY,
        ordinal,
        table: undefined,
      };
    } else {
      const table = compileTable(node.children, counter, firstOrdinal);
      const trigger = table.nodes[0];
      c = {
        isLoop: true,
        id: node.id,
        tag: trigger ? trigger.tag : node.id,
        mandatory: node.usage === 'M',
        max: node.max ?? Number.POSITIVE_INFINITY,
        ordinal,
        table,
      };
    }
    const list = byTag.get(c.tag);
    if (list) list.push(compiled.length);
    else byTag.set(c.tag, [compiled.length]);
    compiled.push(c);
  }
  return { nodes: compiled, byTag };
}

const schemaCache = new WeakMap<TransactionSetSchema, CompiledSchema>();

/** Compiles (once, then cached) a transaction-set schema into matching and checking tables. */
export function compileSchema(schema: TransactionSetSchema): CompiledSchema {
  const hit = schemaCache.get(schema);
  if (hit) return hit;
  const firstOrdinal = new Map<string, number>();
  const root = compileTable(schema.structure, { n: 0 }, firstOrdinal);
  const segments = new Map<string, CompiledSegment>();
  for (const [id, def] of Object.entries(schema.segments)) segments.set(id, compileSegment(def, schema));
  const compiled: CompiledSchema = { schema, root, segments, firstOrdinal };
  schemaCache.set(schema, compiled);
  return compiled;
}

/**
 * The maximum use of the node reached by `path` from the set's root: loop ids (their trigger
 * segment's tag) then the segment or loop asked for, e.g. `['AK2', 'AK3', 'AK4']` for the AK4s
 * of one AK3 loop of a 997. `Infinity` when unbounded.
 * @throws Error when the path is not in the schema (a programming error, not input).
 */
export function maxUseOf(cs: CompiledSchema, path: readonly string[]): number {
  let table: ChildTable | undefined = cs.root;
  let node: CompiledNode | undefined;
  for (const id of path) {
    node = table?.nodes.find((n) => n.id === id && (n.isLoop || id === path[path.length - 1]));
    if (node === undefined) throw new Error(`${path.join('/')} is not in transaction set ${cs.schema.id}`);
    table = node.table;
  }
  if (node === undefined) throw new Error('an empty path names no node');
  return node.max;
}
