/**
 * Building blocks of every outbound segment: value formatters (dates, times, decimals) and
 * `segment()`, which checks each value with the validator's own element rules against the
 * compiled dictionary of the release (`validate/segment-dictionary.ts`): type, length, mandatory,
 * composites and syntax notes, as the reader would check it. Trailing empty elements are dropped.
 * Delimiters are not known here; the serializer applies them (see `serialize.ts`).
 */
import type { SchemaVersion } from '#schemas/x12/registry.ts';
import type { ElementDef } from '#schemas/x12/schema-types.ts';
import type { Delimiters, Segment } from '../types.ts';
import { checkSegmentElements } from '../validate/elements.ts';
import { pad2, type SegmentContext } from '../validate/report.ts';
import { segmentDictionary, compiledSegmentOf } from '../validate/segment-dictionary.ts';
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
  /** Outbound X12 version: the dictionary segments are checked against (AK103, AK203, AK401-3 exist from 005010). Default `004010`. */
  version?: SchemaVersion;
}

/** The release a builder writes. */
export function versionOf(options: BuildOptions): SchemaVersion {
  return options.version ?? '004010';
}

/**
 * The delimiters a built segment is checked with: composites are marked with `COMPONENT_MARK`, and
 * the writers never write repeated elements, so no repetition separator.
 */
export const BUILT_DELIMITERS: Delimiters = { element: '\u001D', component: COMPONENT_MARK, segment: '\u001E' };

/**
 * Codes the writer chooses itself: the acknowledgment codes of the 997 (715 AK901, 716 AK905,
 * 717 AK501, 718 AK502, 720 AK304, 723 AK403) and the TA1 (I17 TA104, I18 TA105). They must be in
 * the dictionary's code list. Codes echoed from a partner's document (a unit of measure, a
 * qualifier) are written as received, as the reader accepted them.
 */
const CHOSEN_CODE_ELEMENTS: ReadonlySet<string> = new Set(['715', '716', '717', '718', '720', '723', 'I17', 'I18']);

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
  const def = segmentDictionary('004010').elements[elementId];
  if (def === undefined) return cleaned;
  return cleaned.slice(0, def.max).padEnd(def.min, ' ');
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

/** Flattens product ids into the qualifier/id pairs of PO106…, LIN02…, POC08…; `segment()` refuses more pairs than the segment has. */
export function productIdPairs(ids: readonly { qualifier: string; value: string }[]): Value[] {
  return ids.flatMap((p) => [p.qualifier, p.value]);
}

/**
 * Builds one segment and checks it as the reader would (X12.6 data element rules, through the
 * validator's `checkSegmentElements` on the release's compiled definition): mandatory elements,
 * too many elements or components, each value's type and length (ID/AN min-max, R/N digit count,
 * DT/TM form), and the segment's syntax notes (P paired, R required, E exclusive, C conditional,
 * L list conditional). A value with a control character, or a code the writer chose that is not
 * in its code list (`CHOSEN_CODE_ELEMENTS`), is refused too. Trailing empty elements are omitted.
 * Composite values join their components with `COMPONENT_MARK`.
 *
 * @throws InvalidDocumentError naming the element (`BAK03`, `N102`) of the first problem.
 */
export function segment(tag: string, values: readonly Value[], version: SchemaVersion = '004010'): Segment {
  const spec = compiledSegmentOf(tag, version);
  if (spec === undefined) throw new InvalidDocumentError(`no dictionary entry for segment ${tag}`, tag);
  const elements = values.map((v) => v ?? '');
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  elements.forEach((value, i) => {
    const ref = `${tag}${pad2(i + 1)}`;
    if (value.split(COMPONENT_MARK).some((part) => CONTROL.test(part))) throw new InvalidDocumentError('contains a control character', ref);
    const e = spec.elements[i];
    if (e === undefined || value === '' || !CHOSEN_CODE_ELEMENTS.has(e.id)) return;
    const codes = segmentDictionary(version).elements[e.id]?.codes;
    if (codes !== undefined && !codes.includes(value)) throw new InvalidDocumentError(`'${value}' is not in the code list of element ${e.id}`, ref);
  });
  const built: Segment = { tag, elements };
  const found: SegmentContext = { out: [], delimiters: BUILT_DELIMITERS, position: 1, segmentId: tag, loopId: undefined };
  checkSegmentElements(built, spec, found);
  // Code lists at the positions the reader checks are for the reader (AK4-7 is a warning there);
  // the writer checks only the codes it chooses, above.
  const problem = found.out.find((d) => d.code !== 'AK4-7');
  if (problem !== undefined) throw new InvalidDocumentError(problem.message, refOf(problem));
  return built;
}

function refOf(d: { segmentId?: string | undefined; elementPosition?: number | undefined; componentPosition?: number | undefined }): string {
  const element = d.elementPosition === undefined ? '' : pad2(d.elementPosition);
  const component = d.componentPosition === undefined ? '' : `-${pad2(d.componentPosition)}`;
  return `${d.segmentId ?? ''}${element}${component}`;
}

/** The dictionary definition of a simple element position (`ISA06` → I06, `ST02` → 329). */
export function elementDefAt(tag: string, position: number, version: SchemaVersion = '004010'): ElementDef {
  const dictionary = segmentDictionary(version);
  const id = dictionary.segments[tag]?.elements[position - 1]?.id;
  const def = id === undefined ? undefined : dictionary.elements[id];
  if (def === undefined) throw new InvalidDocumentError(`no dictionary entry for ${tag}${pad2(position)}`, tag);
  return def;
}

/**
 * A control number as its element takes it (ISA13 N0 9, GS06 N0 1-9, ST02 AN 4-9, TA101 N0 9):
 * 1 up to the largest number of the element's maximum length, zero-padded to its minimum length.
 */
export function controlNumberAt(n: number, tag: string, position: number, version: SchemaVersion = '004010'): string {
  const def = elementDefAt(tag, position, version);
  const largest = 10 ** def.max - 1;
  if (!Number.isSafeInteger(n) || n < 1 || n > largest) throw new InvalidDocumentError(`${n} is not a control number 1-${largest}`, `${tag}${pad2(position)}`);
  return String(n).padStart(def.min, '0');
}

/** Formats an ST02/SE02 control number: a number is zero-padded to 4 digits; a string must already be 4-9 letters or digits (element 329). */
export function setControlNumber(value: string | number): string {
  if (typeof value === 'number') return controlNumberAt(value, 'ST', 2);
  const { min, max } = elementDefAt('ST', 2);
  if (!new RegExp(`^[0-9A-Za-z]{${min},${max}}$`).test(value)) throw new InvalidDocumentError(`'${value}' is not a control number of ${min}-${max} characters`, 'ST02');
  return value;
}
