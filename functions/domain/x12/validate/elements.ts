/**
 * Element-level checks of one segment (997 AK4 / AK403 codes).
 *
 * Leniency, chosen deliberately (be liberal in what you accept, precise in what you report):
 * - Spaces at either end of a value never make it too long, and are ignored when comparing codes and
 *   reading ID, numeric, date and time values (`' 12'` is the number 12, `'EA '` the code EA).
 * - AN minimum length counts the raw value (space padding to the minimum is how fixed-width
 *   fields such as ISA02 are written); other types count the trimmed value.
 * - A value made only of spaces is present (it satisfies "mandatory") and is then checked as a value:
 *   fine for AN, too short for ID, an invalid character/date/time for numeric, DT and TM.
 * - N/R lengths count digits only, not the minus sign or the decimal point (X12 rule).
 * - The component separator splits only elements whose reference is a composite; elsewhere it is data.
 *   The repetition separator splits only elements whose `repeat` is more than 1 (005010), so data
 *   such as ZIP `31139-0020` survives a `-` repetition separator.
 */
import type { SegmentDef } from '#schemas/x12/schema-types.ts';
import type { Delimiters, Diagnostic, DiagnosticCode, Segment } from '../types.ts';
import { compileSegment, Kind, type CompiledElement, type CompiledSegment, type ElementDictionary } from './compiled-schema.ts';
import { pad2, report, type SegmentContext } from './report.ts';
import { isPresent } from './presence.ts';
import { checkSyntaxNotes, type NoteScope } from './syntax-notes.ts';
import { allDigits, dateFormatName, isX12Date, isX12Time } from '../x12-dates.ts';

const SPACE = 32;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Checks one simple value (non-empty) against its definition; returns the AK403 code (0 when valid).
 * No allocation except slicing a padded ID value for the code lookup.
 */
export function checkSimpleValue(v: string, e: CompiledElement): number {
  const kind = e.kind;
  let start = 0;
  let end = v.length;
  while (end > 0 && v.charCodeAt(end - 1) === SPACE) end--;
  while (start < end && v.charCodeAt(start) === SPACE) start++;
  switch (kind) {
    case Kind.AN:
      // NUL and other control characters are outside the X12 character sets (X12.6): never data.
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c < SPACE || c === 127) return 6;
      }
      if (v.length < e.min) return 4;
      if (end - start > e.max) return 5;
      return 0;
    case Kind.B:
      if (v.length < e.min) return 4;
      if (end - start > e.max) return 5;
      return 0;
    case Kind.ID: {
      const len = end - start;
      if (len < e.min) return 4;
      if (len > e.max) return 5;
      if (e.codes && !e.codes.has(start === 0 && end === v.length ? v : v.slice(start, end))) return 7;
      return 0;
    }
    case Kind.N:
    case Kind.R: {
      if (start < end && v.charCodeAt(start) === MINUS) start++;
      let digits = 0;
      let dot = false;
      for (let i = start; i < end; i++) {
        const c = v.charCodeAt(i);
        if (c >= ZERO && c <= NINE) digits++;
        else if (c === DOT && kind === Kind.R && !dot) dot = true;
        else return 6;
      }
      if (digits === 0) return 6;
      if (digits < e.min) return 4;
      if (digits > e.max) return 5;
      return 0;
    }
    case Kind.DT: {
      if (!allDigits(v, start, end)) return 8;
      const len = end - start;
      if (len < e.min) return 4;
      if (len > e.max) return 5;
      return isX12Date(v, start, end) ? 0 : 8;
    }
    case Kind.TM: {
      if (!allDigits(v, start, end)) return 9;
      const len = end - start;
      if (len < e.min) return 4;
      if (len > e.max) return 5;
      return isX12Time(v, start, end) ? 0 : 9;
    }
    default:
      return 0;
  }
}

function firstControl(v: string): number {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < SPACE || c === 127) return c;
  }
  return -1;
}

const TYPE_NAMES = ['AN', 'ID', 'numeric', 'decimal', 'date', 'time', 'binary'];

function unit(e: CompiledElement): string {
  return e.kind === Kind.N || e.kind === Kind.R ? 'digits' : 'characters';
}

function describe(code: number, name: string, v: string, e: CompiledElement): string {
  const shown = `${name} '${v}'`;
  switch (code) {
    case 4:
      return `${shown} is shorter than ${e.min} ${unit(e)} (min ${e.min})`;
    case 5:
      return `${shown} is longer than ${e.max} ${unit(e)} (max ${e.max})`;
    case 6:
      if (e.kind === Kind.AN) return `${name} has a control character (code ${firstControl(v)}): not allowed in X12 data`;
      return e.kind === Kind.R
        ? `${shown} has an invalid character for a decimal number (optional minus, digits, at most one decimal point)`
        : `${shown} has an invalid character for a ${TYPE_NAMES[e.kind]} value (optional minus, digits only)`;
    case 7:
      return `${shown} is not a valid code for element ${e.id}`;
    case 8:
      return `${shown} is not a valid date (${dateFormatName(e.min)})`;
    case 9:
      return `${shown} is not a valid time (HHMM, HHMMSS, HHMMSSD or HHMMSSDD)`;
    default:
      return `${shown} is invalid`;
  }
}

function newScope(): NoteScope {
  return {
    values: undefined,
    single: '',
    defs: [],
    delimiters: { element: '*', component: '>', segment: '~' },
    tag: '',
    compositePosition: undefined,
    compositeName: '',
    repetition: undefined,
  };
}

/** Reused note scopes (the composite one is done with before the segment one is filled). */
const segmentScope = newScope();
const compositeScope = newScope();

function componentName(element: string, component: number, repetition: number | undefined): string {
  const base = `${element}-${pad2(component)}`;
  return repetition === undefined ? base : `${base} (repetition ${repetition})`;
}

function checkComposite(
  v: string,
  e: CompiledElement,
  name: string,
  elementPosition: number,
  repetition: number | undefined,
  sc: SegmentContext,
): void {
  const cc = e.composite!;
  const sep = sc.delimiters.component;
  const parts = sep !== '' && v.indexOf(sep) >= 0 ? v.split(sep) : undefined;
  const count = parts ? parts.length : 1;
  const defs = cc.components;
  for (let j = 0; j < count; j++) {
    const part = parts ? parts[j]! : v;
    const ce = defs[j];
    if (!ce) {
      if (part !== '') {
        let used = count;
        while (used > defs.length && parts![used - 1] === '') used--;
        report(sc, 'AK4-13', `${name}${repetition === undefined ? '' : ` (repetition ${repetition})`} has ${used} components, more than the ${defs.length} defined for ${cc.id}`, {
          elementPosition,
          componentPosition: j + 1,
          repetition,
          elementReference: e.id,
          value: part,
        });
        break;
      }
      continue;
    }
    if (part === '') {
      if (ce.mandatory) {
        report(sc, 'AK4-1', `${componentName(name, j + 1, repetition)} (${ce.ref}) is mandatory in composite ${cc.id} but missing`, {
          elementPosition,
          componentPosition: j + 1,
          repetition,
          elementReference: ce.id,
        });
      }
      continue;
    }
    const code = checkSimpleValue(part, ce);
    if (code !== 0) {
      report(sc, `AK4-${code}` as DiagnosticCode, describe(code, componentName(name, j + 1, repetition), part, ce), {
        elementPosition,
        componentPosition: j + 1,
        repetition,
        elementReference: ce.id,
        value: part,
      });
    }
  }
  for (let j = count; j < defs.length; j++) {
    const ce = defs[j]!;
    if (ce.mandatory) {
      report(sc, 'AK4-1', `${componentName(name, j + 1, repetition)} (${ce.ref}) is mandatory in composite ${cc.id} but missing`, {
        elementPosition,
        componentPosition: j + 1,
        repetition,
        elementReference: ce.id,
      });
    }
  }
  if (cc.syntax.length > 0) {
    const scope = compositeScope;
    scope.values = parts;
    scope.single = v;
    scope.defs = defs;
    scope.delimiters = sc.delimiters;
    scope.tag = sc.segmentId;
    scope.compositePosition = elementPosition;
    scope.compositeName = name;
    scope.repetition = repetition;
    checkSyntaxNotes(cc.syntax, scope, sc);
  }
}

function checkOne(v: string, e: CompiledElement, position: number, repetition: number | undefined, sc: SegmentContext): void {
  if (e.composite) {
    checkComposite(v, e, e.ref, position, repetition, sc);
    return;
  }
  const code = checkSimpleValue(v, e);
  if (code !== 0) {
    const name = repetition === undefined ? e.ref : `${e.ref} (repetition ${repetition})`;
    report(sc, `AK4-${code}` as DiagnosticCode, describe(code, name, v, e), {
      elementPosition: position,
      repetition,
      elementReference: e.id,
      value: v,
    });
  }
}

function checkElement(v: string, e: CompiledElement, position: number, sc: SegmentContext): void {
  const rep = sc.delimiters.repetition;
  if (e.repeat > 1 && rep && v.indexOf(rep) >= 0) {
    const parts = v.split(rep);
    let used = parts.length;
    while (used > 0 && parts[used - 1] === '') used--;
    if (used > e.repeat) {
      report(sc, 'AK4-12', `${e.ref} has ${used} repetitions, more than the ${e.repeat} allowed`, {
        elementPosition: position,
        repetition: e.repeat + 1,
        elementReference: e.id,
        value: parts[e.repeat],
      });
    }
    const n = Math.min(used, e.repeat);
    for (let r = 0; r < n; r++) {
      const part = parts[r]!;
      if (part !== '') checkOne(part, e, position, r + 1, sc);
    }
    return;
  }
  checkOne(v, e, position, undefined, sc);
}

/** Checks the elements of one segment against its compiled definition, appending to `sc.out`. */
export function checkSegmentElements(segment: Segment, cs: CompiledSegment, sc: SegmentContext): void {
  const values = segment.elements;
  const defs = cs.elements;
  const d = sc.delimiters;
  for (let i = 0; i < defs.length; i++) {
    const e = defs[i]!;
    const v = values[i];
    if (!isPresent(v, e, d)) {
      if (e.mandatory) {
        report(sc, 'AK4-1', `${e.ref} is mandatory but missing`, { elementPosition: i + 1, elementReference: e.id });
      }
      continue;
    }
    checkElement(v!, e, i + 1, sc);
  }
  if (values.length > defs.length) {
    let used = values.length;
    while (used > defs.length && values[used - 1] === '') used--;
    for (let i = defs.length; i < used; i++) {
      const v = values[i]!;
      if (v === '') continue;
      report(sc, 'AK4-3', `${segment.tag} has ${used} data elements, more than the ${defs.length} defined (${segment.tag}${pad2(i + 1)} '${v}')`, {
        elementPosition: i + 1,
        value: v,
      });
      break;
    }
  }
  if (cs.syntax.length > 0) {
    const scope = segmentScope;
    scope.values = values;
    scope.defs = defs;
    scope.delimiters = d;
    scope.tag = segment.tag;
    checkSyntaxNotes(cs.syntax, scope, sc);
  }
}

/**
 * Validates the data elements of one segment against its definition (X12.6 data element rules,
 * reported as 997 AK4 with AK403 codes): 1 mandatory element missing, 2 conditional required element
 * missing (syntax notes P/R/C/L), 3 too many data elements, 4 too short, 5 too long, 6 invalid
 * character (N0–N9, R), 7 invalid code value (only where the schema asks to check codes),
 * 8 invalid date (DT), 9 invalid time (TM), 10 exclusion violated (syntax note E), 12 too many
 * repetitions (005010 repeating elements), 13 too many components (composites).
 *
 * Reused by the envelope checker for ISA/GS/GE/IEA/ST/SE: `segmentDef` need not be one of
 * `schema.segments`, and `schema` (a TransactionSetSchema or an EnvelopeSchema) only supplies
 * the element and composite dictionary. Compiled definitions are cached per `segmentDef`.
 * @param position 1-based position of the segment within its set (ST = 1), copied to `segmentPosition`.
 */
export function validateSegmentElements(
  segment: Segment,
  segmentDef: SegmentDef,
  schema: ElementDictionary,
  delimiters: Delimiters,
  position: number,
  loopId?: string,
): Diagnostic[] {
  const sc: SegmentContext = { out: [], delimiters, position, segmentId: segment.tag, loopId };
  checkSegmentElements(segment, compileSegment(segmentDef, schema), sc);
  return sc.out;
}
