/**
 * Test helpers for the mappers: a small throwaway splitter for the simple corpus files (delimiters
 * from the ISA, segments split on the terminator, CR/LF and indentation tolerated), independent of
 * the production tokenizer so mapper tests do not move when the reader does.
 */
import { readFileSync } from 'node:fs';
import type { Delimiters, Segment } from '#domain/x12/types.ts';
import { CORPUS_DIR } from '../../../support/shared-dir.ts';

export { CORPUS_DIR };

export interface SplitSet {
  setId: string;
  controlNumber: string;
  segments: Segment[];
  delimiters: Delimiters;
}

const TAG_START = /^[A-Z][A-Z0-9]{1,2}$/;

/** Delimiters from the ISA: element = 4th char; component = char after the 16th separator; terminator the next one. */
export function delimitersOf(text: string): { delimiters: Delimiters; start: number } {
  const start = text.indexOf('ISA');
  if (start < 0) throw new Error('no ISA');
  const element = text.charAt(start + 3);
  let at = start + 3;
  for (let n = 0; n < 16; n++) {
    at = text.indexOf(element, at + (n === 0 ? 0 : 1));
    if (at < 0) throw new Error('short ISA');
  }
  const component = text.charAt(at + 1);
  const segment = text.charAt(at + 2);
  const isaFields = text.slice(start, at + 1).split(element);
  const version = (isaFields[12] ?? '').trim();
  const delimiters: Delimiters = { element, component, segment: segment === '\r' ? '\n' : segment };
  if (version >= '00402') delimiters.repetition = (isaFields[11] ?? '').trim();
  return { delimiters, start };
}

/** Raw segment texts: split on the terminator; inside one, lines that start a new tag become segments, others are hard-wrap continuations. */
function segmentTexts(body: string, delimiters: Delimiters): string[] {
  const out: string[] = [];
  if (delimiters.segment === '\n') {
    for (const line of body.split(/\r?\n/)) {
      const t = line.trim().replace(/~$/, '');
      if (t) out.push(t);
    }
    return out;
  }
  for (const piece of body.split(delimiters.segment)) {
    const lines = piece.split(/\r?\n/);
    let current = '';
    for (const raw of lines) {
      const line = current === '' ? raw.trimStart() : raw;
      const tag = line.trimStart().split(delimiters.element)[0] ?? '';
      if (current !== '' && TAG_START.test(tag) && line.trimStart().includes(delimiters.element)) {
        out.push(current.trim());
        current = line.trimStart();
      } else {
        current += line;
      }
    }
    if (current.trim()) out.push(current.trim());
  }
  return out;
}

/** All transaction sets (ST…SE) of an X12 text, with the interchange's delimiters. */
export function splitSets(text: string): SplitSet[] {
  const { delimiters, start } = delimitersOf(text.replace(/^\uFEFF/, ''));
  const body = text.replace(/^\uFEFF/, '').slice(start);
  const sets: SplitSet[] = [];
  let current: SplitSet | undefined;
  for (const segText of segmentTexts(body, delimiters)) {
    const parts = segText.split(delimiters.element);
    const segment: Segment = { tag: (parts[0] ?? '').trim(), elements: parts.slice(1) };
    if (segment.tag === 'ST') {
      current = { setId: (segment.elements[0] ?? '').trim(), controlNumber: (segment.elements[1] ?? '').trim(), segments: [], delimiters };
      sets.push(current);
    }
    if (current !== undefined) current.segments.push(segment);
    if (segment.tag === 'SE') current = undefined;
  }
  return sets;
}

/** The sets of one corpus file, e.g. `850/nodex12-850-vics.edi`. */
export function corpusSets(relativePath: string): SplitSet[] {
  return splitSets(readFileSync(`${CORPUS_DIR}/${relativePath}`, 'utf8'));
}

/** The first set of a corpus file (throws when there is none: a test setup error). */
export function firstCorpusSet(relativePath: string): SplitSet {
  const set = corpusSets(relativePath)[0];
  if (set === undefined) throw new Error(`no transaction set in ${relativePath}`);
  return set;
}

/** Segments from inline text (`*` elements, `~` terminator, `:` components; `^` repetition when asked). */
export function inlineSegments(text: string, repetition?: string): { segments: Segment[]; delimiters: Delimiters } {
  const delimiters: Delimiters = { element: '*', component: ':', segment: '~', ...(repetition ? { repetition } : {}) };
  const segments = text
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const parts = s.split('*');
      return { tag: parts[0] ?? '', elements: parts.slice(1) };
    });
  return { segments, delimiters };
}
