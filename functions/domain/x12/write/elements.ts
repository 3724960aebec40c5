/**
 * Building blocks of every outbound segment: value formatters (dates, times, decimals) and
 * `segment()`, which checks each value against the 004010 dictionary (type, length, mandatory,
 * syntax notes) and drops trailing empty elements. Delimiters are not known here; the
 * serializer applies them (see `serialize.ts`).
 */
import type { Segment } from '../types.ts';
import { CODES, COMPOSITES, ELEMENTS, SEGMENTS, type SegmentSpec } from './element-defs.ts';
import { InvalidDocumentError } from './errors.ts';
import { x12DateFromIso, x12TimeFromIso } from '../x12-dates.ts';

/**
 * Marks the boundary between components of a composite element inside a built `Segment`
 * (ASCII unit separator, U+001F). The serializer writes the interchange's component separator
 * (ISA16) in its place, so built segments do not depend on a partner's delimiters.
 */
export const COMPONENT_MARK = '\u001F';

/** Options every builder takes. */
export interface BuildOptions {
  /** Outbound X12 version; only changes the 997 (AK103, AK203, AK401-3 exist from 005010). Default `004010`. */
  version?: '004010' | '005010';
}

/**
 * Dictionary ids of free-text elements. Their values are fitted rather than refused: control
 * characters become spaces, an over-long value is truncated to the element's maximum length
 * (X12 AN), a short one padded with spaces to its minimum; at serialization a delimiter inside
 * them becomes a space. Every other element (ids, codes, numbers) is refused with an
 * `InvalidDocumentError` instead, because changing an identifier silently would be worse.
 *
 * 93 name, 166 address, 19 city, 352 description (PID05, REF03), 387 routing (TD505),
 * 79 lading description, 933 free-form message (MSG01), 369 free-form description (N903),
 * 724 copy of bad data element (AK404).
 */
export const FREE_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['93', '166', '19', '352', '387', '79', '933', '369', '724']);

/** A value for one element position: absent (`undefined` or `''`) or already formatted. */
export type Value = string | undefined;

const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_ALL = /[\u0000-\u001F\u007F]/g;

/** Fits free text to a free-text element's length (X12 AN: truncate to max, pad to min); `undefined` when blank. */
export function text(value: string | undefined, elementId: string): Value {
  if (value === undefined) return undefined;
  const cleaned = value.replace(CONTROL_ALL, ' ').trimEnd();
  if (cleaned.trim() === '') return undefined;
  const def = ELEMENTS[elementId];
  if (def === undefined) return cleaned;
  const [, min, max] = def;
  return cleaned.slice(0, max).padEnd(min, ' ');
}

/** ISO `YYYY-MM-DD` → X12 DT `CCYYMMDD` (every DT we write from 004010 on); throws on anything that is not a calendar date. */
export function date(iso: string | undefined, ref: string): Value {
  if (iso === undefined || iso === '') return undefined;
  const value = x12DateFromIso(iso);
  if (value === undefined) throw new InvalidDocumentError(`'${iso}' is not an ISO date YYYY-MM-DD`, ref);
  return value;
}

/** `HH:MM` or `HH:MM:SS` → X12 TM `HHMM` / `HHMMSS`. */
export function time(value: string | undefined, ref: string): Value {
  if (value === undefined || value === '') return undefined;
  const tm = x12TimeFromIso(value);
  if (tm === undefined) throw new InvalidDocumentError(`'${value}' is not a time HH:MM[:SS]`, ref);
  return tm;
}

/**
 * A number as an X12 R (decimal) value: no exponent, no trailing zeros after the decimal point,
 * no trailing point, `-0` written `0`. The length check against the element happens in `segment()`.
 */
export function decimal(value: number | undefined, ref: string): Value {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value)) throw new InvalidDocumentError(`${value} is not a finite number`, ref);
  if (Object.is(value, -0) || value === 0) return '0';
  let s = String(value);
  if (/e/i.test(s)) {
    if (Math.abs(value) >= 1e21) throw new InvalidDocumentError(`${value} is too large`, ref);
    s = value.toFixed(20);
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** A whole number as an X12 N0 value. */
export function integer(value: number | undefined, ref: string): Value {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value)) throw new InvalidDocumentError(`${value} is not a whole number`, ref);
  return String(value);
}

/** Flattens product ids into the qualifier/id pairs of PO106…, LIN02…, POC08… (max `maxPairs`). */
export function productIdPairs(ids: readonly { qualifier: string; value: string }[], maxPairs: number, ref: string): Value[] {
  if (ids.length > maxPairs) throw new InvalidDocumentError(`${ids.length} product ids; at most ${maxPairs} fit`, ref);
  return ids.flatMap((p) => [p.qualifier, p.value]);
}

/**
 * Builds one segment and checks it against the 004010 dictionary: each value's type and
 * length (X12 ID/AN min-max, R/N digit count, DT/TM form), code lists of the acknowledgment
 * elements, mandatory elements, and the segment's syntax notes (P paired, R required,
 * E exclusive, C conditional, L list conditional). Trailing empty elements are omitted.
 * Composite values join their components with `COMPONENT_MARK`.
 */
export function segment(tag: string, values: readonly Value[]): Segment {
  const spec = SEGMENTS[tag];
  if (spec === undefined) throw new InvalidDocumentError(`no dictionary entry for segment ${tag}`, tag);
  if (values.length > spec.elements.length) {
    throw new InvalidDocumentError(`${values.length} elements; the segment has ${spec.elements.length}`, tag);
  }
  const elements = values.map((v) => v ?? '');
  checkElements(tag, spec, elements, (position, id, value) => {
    const ref = `${tag}${pad2(position)}`;
    const composite = COMPOSITES[id];
    if (composite === undefined) {
      checkSimple(value, id, ref);
      return;
    }
    const components = value.split(COMPONENT_MARK);
    while (components.length > 0 && components[components.length - 1] === '') components.pop();
    checkElements(ref, composite, components, (p, cid, cvalue) => checkSimple(cvalue, cid, `${ref}-${p}`));
  });
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  return { tag, elements };
}

function checkElements(
  where: string,
  spec: SegmentSpec,
  values: readonly string[],
  checkValue: (position: number, id: string, value: string) => void,
): void {
  if (values.length > spec.elements.length) {
    throw new InvalidDocumentError(`${values.length} components; the composite has ${spec.elements.length}`, where);
  }
  spec.elements.forEach(([id, mandatory], i) => {
    const value = values[i] ?? '';
    if (value === '') {
      if (mandatory === 1) throw new InvalidDocumentError('mandatory element is missing', `${where}${pad2(i + 1)}`);
      return;
    }
    checkValue(i + 1, id, value);
  });
  for (const note of spec.syntax) checkSyntaxNote(where, note, (p) => (values[p - 1] ?? '') !== '');
}

function checkSyntaxNote(where: string, note: string, present: (position: number) => boolean): void {
  const kind = note[0];
  const positions = (note.slice(1).match(/\d\d/g) ?? []).map(Number);
  const [first, ...rest] = positions;
  if (first === undefined) return;
  const count = positions.filter(present).length;
  const broken =
    (kind === 'P' && count !== 0 && count !== positions.length) ||
    (kind === 'R' && count === 0) ||
    (kind === 'E' && count > 1) ||
    (kind === 'C' && present(first) && !rest.every(present)) ||
    (kind === 'L' && present(first) && !rest.some(present));
  if (broken) {
    const names = positions.map((p) => `${where}${pad2(p)}`).join(', ');
    const rule = { P: 'must be all present or all absent', R: 'need at least one present', E: 'allow at most one present', C: `are required when the first is present`, L: 'need one of the others when the first is present' }[kind as 'P' | 'R' | 'E' | 'C' | 'L'];
    throw new InvalidDocumentError(`syntax note ${note}: ${names} ${rule}`, where);
  }
}

function checkSimple(value: string, id: string, ref: string): void {
  const def = ELEMENTS[id];
  if (def === undefined) throw new InvalidDocumentError(`no dictionary entry for element ${id}`, ref);
  if (CONTROL.test(value)) throw new InvalidDocumentError('contains a control character', ref);
  const [type, min, max] = def;
  const fail = (why: string): never => {
    throw new InvalidDocumentError(`'${value}' ${why} (element ${id}: ${type} ${min}-${max})`, ref);
  };
  if (type === 'AN' || type === 'ID') {
    if (value.length < min || value.length > max) fail('has the wrong length');
    const codes = CODES[id];
    if (codes !== undefined && !codes.includes(value)) fail('is not in the code list');
    return;
  }
  if (type === 'DT') {
    if (!/^\d+$/.test(value) || value.length < min || value.length > max) fail('is not a date');
    return;
  }
  if (type === 'TM') {
    if (!/^\d+$/.test(value) || value.length < min || value.length > max) fail('is not a time');
    return;
  }
  if (type === 'R') {
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(value)) fail('is not a decimal number');
  } else if (!/^-?\d+$/.test(value)) {
    fail('is not a whole number');
  }
  const digits = value.replace(/[-.]/g, '').length;
  if (digits < min || digits > max) fail('has the wrong number of digits');
}

/** Formats an ST02/SE02 control number: a number is zero-padded to 4 digits; a string must already be 4-9 characters. */
export function setControlNumber(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1 || value > 999_999_999) {
      throw new InvalidDocumentError(`${value} is not a control number 1-999999999`, 'ST02');
    }
    return String(value).padStart(4, '0');
  }
  if (!/^[0-9A-Za-z]{4,9}$/.test(value)) throw new InvalidDocumentError(`'${value}' is not a control number of 4-9 characters`, 'ST02');
  return value;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
