/**
 * Shape of the transaction-set definitions in `schemas/x12/<version>/<set>.json`.
 * They are data generated from the X12 004010 dictionary in SEF form by `build-from-sef.ts`
 * (see `schemas/x12/README.md`); one generic validator, reader and writer use them.
 */

/** X12 simple data element types. N0–N9 are implied-decimal numerics. */
export type ElementType = 'AN' | 'ID' | 'R' | 'DT' | 'TM' | 'B' | `N${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | 'N';

/** A simple data element from the dictionary (`.ELMS` / `.CODES`). */
export interface ElementDef {
  id: string;
  type: ElementType;
  min: number;
  max: number;
  /** Code values of an ID element; absent for external or very large code lists. */
  codes?: string[];
}

/** Segment usage: Mandatory, Optional (conditional elements are `O` plus syntax notes). */
export type Usage = 'M' | 'O';

/** One position in a segment or a composite. */
export interface ElementRef {
  /** Position reference as written in the spec, e.g. `PO103`, `C00101`. */
  ref: string;
  /** Dictionary id: a simple element (`355`) or a composite (`C001`). */
  id: string;
  usage: Usage;
  /** Maximum repetitions (005010 repeating elements); 1 when not repeating. */
  repeat: number;
  /** True when `id` names a composite in `composites`. */
  composite?: boolean;
  /** Enforce the code list of this ID element (the codes the pipeline acts on). */
  checkCodes?: boolean;
}

/**
 * X12 syntax note, positions 1-based within the segment/composite:
 * P paired (all or none), R required (at least one), E exclusion (at most one),
 * C conditional (if first present, all others required), L list conditional (if first present, at least one other).
 */
export interface SyntaxNote {
  kind: 'P' | 'R' | 'E' | 'C' | 'L';
  positions: number[];
}

export interface CompositeDef {
  id: string;
  components: ElementRef[];
  syntax: SyntaxNote[];
}

export interface SegmentDef {
  id: string;
  elements: ElementRef[];
  syntax: SyntaxNote[];
}

/** A segment occurrence within the set's structure. */
export interface SegmentNode {
  kind: 'segment';
  id: string;
  usage: Usage;
  /** Maximum use; `null` for unbounded (`>1`). */
  max: number | null;
  /** Table (area) number: 1 header, 2 detail, 3 summary. */
  area: number;
}

/** A loop: its first child is the loop's trigger segment. */
export interface LoopNode {
  kind: 'loop';
  /** Loop id: the trigger segment's tag (e.g. `N1`, `PO1`, `HL`). */
  id: string;
  usage: Usage;
  /** Maximum repeats; `null` for unbounded. */
  max: number | null;
  area: number;
  children: StructureNode[];
}

export type StructureNode = SegmentNode | LoopNode;

/** One transaction set definition, self-contained: everything its validator needs. */
export interface TransactionSetSchema {
  /** Transaction set id (ST01), e.g. `850`. */
  id: string;
  /** Version/release, `004010` or `005010`. */
  version: string;
  /** GS01 functional identifier code, e.g. `PO`. */
  functionalGroup: string;
  /** Human-readable name, e.g. `Purchase Order`. */
  name: string;
  structure: StructureNode[];
  segments: Record<string, SegmentDef>;
  composites: Record<string, CompositeDef>;
  elements: Record<string, ElementDef>;
}

/**
 * Interchange, group and set envelope definitions in `schemas/x12/<version>/envelope.json`
 * (ISA, ISB, ISE, TA1, GS, GE, ST, SE, IEA): the same segment/element shapes, no structure.
 */
export interface EnvelopeSchema {
  /** Version/release, `004010` or `005010`. */
  version: string;
  segments: Record<string, SegmentDef>;
  composites: Record<string, CompositeDef>;
  elements: Record<string, ElementDef>;
}
