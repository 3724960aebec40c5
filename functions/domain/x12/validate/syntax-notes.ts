/**
 * X12 syntax notes (relational conditions) on segments and composites.
 */
import type { SyntaxNote } from '#schemas/x12/schema-types.ts';
import type { Delimiters } from '../types.ts';
import type { CompiledElement } from './compiled-schema.ts';
import { isPresent } from './presence.ts';
import { pad2, report, type SegmentContext } from './report.ts';

/**
 * The positions one set of notes applies to: a segment's elements, or one composite's components.
 * A plain mutable record (no closures), reused by the callers to keep the hot path allocation-free.
 */
export interface NoteScope {
  /** Segment scope: the segment's raw element values. Composite scope: the split components, or undefined for a single component. */
  values: readonly string[] | undefined;
  /** Composite scope without a component separator: the single component's value. */
  single: string;
  /** The definitions by position (index 0 = position 1), for names, element references and usage. */
  defs: readonly CompiledElement[];
  delimiters: Delimiters;
  /** Segment tag, to name positions beyond the definition. */
  tag: string;
  /** Composite scope: the composite's element position in the segment (note positions are then components). */
  compositePosition: number | undefined;
  /** Composite scope: the element's spec name (`SLN05`). */
  compositeName: string;
  repetition: number | undefined;
}

function present(scope: NoteScope, p: number): boolean {
  if (scope.compositePosition === undefined) return isPresent(scope.values![p - 1], scope.defs[p - 1], scope.delimiters);
  return scope.values ? (scope.values[p - 1] ?? '') !== '' : p === 1 && scope.single !== '';
}

/** Spec name of a position: `PO104`, or `SLN05-02` inside a composite. */
function nameOf(scope: NoteScope, p: number): string {
  if (scope.compositePosition === undefined) return scope.defs[p - 1]?.ref ?? `${scope.tag}${pad2(p)}`;
  const base = `${scope.compositeName}-${pad2(p)}`;
  return scope.repetition === undefined ? base : `${base} (repetition ${scope.repetition})`;
}

/** Positions already reported as missing by the notes of the current scope (reused across calls). */
const reported: number[] = [];
let reportedCount = 0;

function wasReported(p: number): boolean {
  for (let i = 0; i < reportedCount; i++) if (reported[i] === p) return true;
  return false;
}

function markReported(p: number): void {
  reported[reportedCount++] = p;
}

function label(note: SyntaxNote): string {
  let s: string = note.kind;
  for (const p of note.positions) s += pad2(p);
  return s;
}

function list(scope: NoteScope, positions: readonly number[]): string {
  return positions.map((p) => nameOf(scope, p)).join(', ');
}

function at(scope: NoteScope, position: number) {
  const inComposite = scope.compositePosition !== undefined;
  return {
    elementPosition: inComposite ? scope.compositePosition : position,
    componentPosition: inComposite ? position : undefined,
    repetition: scope.repetition,
    elementReference: scope.defs[position - 1]?.id,
  };
}

/**
 * Reports a conditionally required element as missing, once per position: an element already
 * reported as mandatory (AK4-1), or by an earlier note, is not reported again.
 */
function missing(sc: SegmentContext, scope: NoteScope, position: number, why: string, note: SyntaxNote): void {
  if (scope.defs[position - 1]?.mandatory || wasReported(position)) return;
  markReported(position);
  report(sc, 'AK4-2', `${nameOf(scope, position)} is required ${why} (syntax note ${label(note)})`, at(scope, position));
}

/**
 * Checks the X12 syntax notes of one segment or composite:
 * P paired (if any is present, all are required), R required (at least one),
 * E exclusion (at most one), C conditional (if the first is present, all others are required),
 * L list conditional (if the first is present, at least one of the others is required).
 * A missing element is reported as AK403 code 2 (conditional required data element missing) on
 * the element that is missing (once per element); an exclusion as code 10 on each element present
 * after the first one (by position).
 */
export function checkSyntaxNotes(notes: readonly SyntaxNote[], scope: NoteScope, sc: SegmentContext): void {
  reportedCount = 0;
  for (const note of notes) {
    const ps = note.positions;
    const first = ps[0];
    if (first === undefined) continue;
    switch (note.kind) {
      case 'P': {
        let any: number | undefined;
        for (const p of ps) if (present(scope, p)) { any = p; break; }
        if (any === undefined) break;
        for (const p of ps) {
          if (!present(scope, p)) missing(sc, scope, p, `when ${nameOf(scope, any)} is present (paired with ${list(scope, ps)})`, note);
        }
        break;
      }
      case 'R': {
        let any = false;
        for (const p of ps) if (present(scope, p)) { any = true; break; }
        if (!any && !wasReported(first)) {
          markReported(first);
          report(sc, 'AK4-2', `at least one of ${list(scope, ps)} is required (syntax note ${label(note)})`, at(scope, first));
        }
        break;
      }
      case 'E': {
        let firstPresent = Number.POSITIVE_INFINITY;
        let presentCount = 0;
        for (const p of ps) {
          if (!present(scope, p)) continue;
          presentCount++;
          if (p < firstPresent) firstPresent = p;
        }
        if (presentCount < 2) break;
        for (const p of ps) {
          if (p === firstPresent || !present(scope, p)) continue;
          report(
            sc,
            'AK4-10',
            `${nameOf(scope, p)} must not be present together with ${nameOf(scope, firstPresent)}: only one of ${list(scope, ps)} may be used (syntax note ${label(note)})`,
            at(scope, p),
          );
        }
        break;
      }
      case 'C': {
        if (!present(scope, first)) break;
        for (let i = 1; i < ps.length; i++) {
          const p = ps[i]!;
          if (!present(scope, p)) missing(sc, scope, p, `when ${nameOf(scope, first)} is present`, note);
        }
        break;
      }
      case 'L': {
        if (!present(scope, first) || ps.length < 2) break;
        let any = false;
        for (let i = 1; i < ps.length; i++) if (present(scope, ps[i]!)) { any = true; break; }
        if (!any) {
          const rest = ps.slice(1);
          const target = rest[0]!;
          if (scope.defs[target - 1]?.mandatory || wasReported(target)) break;
          markReported(target);
          report(
            sc,
            'AK4-2',
            `at least one of ${list(scope, rest)} is required when ${nameOf(scope, first)} is present (syntax note ${label(note)})`,
            at(scope, target),
          );
        }
        break;
      }
    }
  }
}
