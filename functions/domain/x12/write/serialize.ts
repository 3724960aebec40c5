import type { Segment } from '../types.ts';
import type { SchemaVersion } from '#schemas/x12/registry.ts';
import { compiledSegmentOf } from '../validate/segment-dictionary.ts';
import { COMPONENT_MARK, FREE_TEXT_ELEMENTS } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/** The delimiters in force in one outbound interchange: the repetition separator only from 00402 on (ISA11). */
export interface ActiveDelimiters {
  element: string;
  component: string;
  segment: string;
  repetition?: string;
}

const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Checks the delimiters we send with: each one character, all different, none a letter, digit or
 * space (X12 delimiters must not occur in data, and alphanumerics and spaces do). The segment
 * terminator may be a line break.
 */
export function checkDelimiters(d: ActiveDelimiters): void {
  const all = [d.element, d.component, d.segment, ...(d.repetition === undefined ? [] : [d.repetition])];
  for (const c of all) {
    if (c.length !== 1 || /[A-Za-z0-9 ]/.test(c)) throw new InvalidDocumentError(`delimiter '${c}' must be one character, not a letter, digit or space`, 'delimiters');
  }
  if (new Set(all).size !== all.length) throw new InvalidDocumentError(`delimiters must all differ: ${JSON.stringify(all)}`, 'delimiters');
}

/**
 * Writes one segment without its terminator: tag, then elements joined by the element separator,
 * composite components (marked with `COMPONENT_MARK` by the builders) joined by ISA16.
 *
 * Delimiter-in-value policy: a value must never corrupt the structure. In a free-text element
 * (`FREE_TEXT_ELEMENTS`: names, addresses, descriptions, messages, AK404) each delimiter or control
 * character is replaced by a space; in any other element (identifiers, codes, numbers, dates) it is
 * refused with an `InvalidDocumentError`, because an altered PO number or part number would be
 * worse than no document.
 */
export function serializeSegment(seg: Segment, d: ActiveDelimiters, version: SchemaVersion = '004010'): string {
  if (!/^[A-Z][A-Z0-9]{1,2}$/.test(seg.tag)) throw new InvalidDocumentError(`'${seg.tag}' is not a segment id`, 'segment');
  const reserved = new Set([d.element, d.component, d.segment, ...(d.repetition === undefined ? [] : [d.repetition])]);
  const slots = compiledSegmentOf(seg.tag, version)?.elements;
  const parts = seg.elements.map((value, i) => {
    const ref = `${seg.tag}${String(i + 1).padStart(2, '0')}`;
    const slot = slots?.[i];
    const id = slot?.id;
    if (slot?.composite !== undefined) {
      return value
        .split(COMPONENT_MARK)
        .map((c, j) => clean(c, false, reserved, `${ref}-${j + 1}`))
        .join(d.component);
    }
    return clean(value, id !== undefined && FREE_TEXT_ELEMENTS.has(id), reserved, ref);
  });
  return [seg.tag, ...parts].join(d.element);
}

function clean(value: string, freeText: boolean, reserved: ReadonlySet<string>, ref: string): string {
  let out = '';
  for (const c of value) {
    if (reserved.has(c) || CONTROL.test(c)) {
      if (!freeText) throw new InvalidDocumentError(`value ${JSON.stringify(value)} contains a delimiter or control character`, ref);
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

/** Writes segments, each followed by the segment terminator and, when asked, a line break. */
export function serializeSegments(segments: readonly Segment[], d: ActiveDelimiters, lineBreaks: boolean, version: SchemaVersion = '004010'): string {
  const end = d.segment + (lineBreaks && d.segment !== '\n' ? '\n' : '');
  return segments.map((s) => serializeSegment(s, d, version) + end).join('');
}
