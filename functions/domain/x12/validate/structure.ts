/**
 * Segment placement within a transaction set (997 AK3 / AK304 codes), following X12 loop semantics.
 *
 * The reader keeps a stack of frames: the set itself, then each loop it is inside. Each frame
 * remembers the position (child index) last matched and how often it was used. A segment is
 * placed by searching, innermost frame first, forward from the current position of each frame:
 * - in the current position again when it may repeat (max use not reached), else later;
 * - a loop is entered only by its trigger (first) segment; inside a loop the trigger is never
 *   matched again, so seeing it again falls through to the parent frame, where it starts a new
 *   iteration of the same loop (or enters a later loop with the same trigger);
 * - a match in an outer frame closes the inner loops (their missing mandatory segments are reported).
 * Mandatory positions skipped over are reported as missing (AK304 3), loops past their maximum
 * repeat as 4, segments past their maximum use as 5.
 *
 * A segment that matches nowhere is reported once and skipped, leaving the position unchanged,
 * so one stray segment costs one diagnostic: 1 when its tag is not a well-formed segment id
 * (or not in the optional dictionary of known ids), 6 when the tag is well-formed but the set
 * does not define it (partner-specific segments), 7 when the set has it at an earlier position
 * than the current one (out of sequence), otherwise 2 (defined, but only reachable through a loop
 * whose trigger has not been seen). The elements of a segment that was not placed are not checked.
 *
 * ST and SE reported as missing is the envelope checker's job and is not repeated here.
 */
import type { Segment } from '../types.ts';
import type { ChildTable, CompiledNode, CompiledSchema } from './compiled-schema.ts';
import { checkSegmentElements } from './elements.ts';
import type { SegmentContext } from './report.ts';
import { report } from './report.ts';

interface Frame {
  table: ChildTable;
  /** The loop this frame is an iteration of; undefined for the set itself. */
  loop: CompiledNode | undefined;
  /** Child index last matched; -1 before the first. */
  idx: number;
  /** Uses of the child at `idx` (segment occurrences, or loop iterations). */
  count: number;
}

export interface StructureOptions {
  /**
   * Every segment id of the X12 dictionary. When given, a well-formed tag absent from it is
   * reported as unrecognized (AK304 1) rather than "not in defined transaction set" (6).
   */
  knownSegmentIds?: ReadonlySet<string>;
}

const ENVELOPE = new Set(['ST', 'SE']);

/** A segment id is 2–3 characters: an uppercase letter, then uppercase letters or digits. */
export function looksLikeSegmentTag(tag: string): boolean {
  const n = tag.length;
  if (n < 2 || n > 3) return false;
  const c0 = tag.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return false;
  for (let i = 1; i < n; i++) {
    const c = tag.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

function firstAtOrAfter(list: readonly number[], start: number): number {
  for (let i = 0; i < list.length; i++) if (list[i]! >= start) return list[i]!;
  return -1;
}

function limit(max: number): string {
  return max === Number.POSITIVE_INFINITY ? 'unbounded' : String(max);
}

/** `before` names what came instead: a segment's tag (at `sc.position`), or undefined at the end of the set. */
function reportMissing(frame: Frame, from: number, to: number, sc: SegmentContext, beforeTag: string | undefined): void {
  const nodes = frame.table.nodes;
  for (let i = from; i < to; i++) {
    const node = nodes[i]!;
    if (!node.mandatory) continue;
    if (frame.loop === undefined && ENVELOPE.has(node.id)) continue;
    // Built only when reported: this runs for every segment placed.
    const before = beforeTag === undefined ? 'before the end of the transaction set' : `before ${beforeTag} at position ${sc.position}`;
    const where = frame.loop ? ` in loop ${frame.loop.id}` : '';
    const what = node.isLoop ? `Mandatory loop ${node.id} (segment ${node.tag})` : `Mandatory segment ${node.id}`;
    report(sc, 'AK3-3', `${what} is missing${where} (expected ${before})`, undefined, node.tag, node.isLoop ? node.id : (frame.loop?.id ?? null));
  }
}

function currentOrdinal(stack: Frame[], depth: number): number {
  const f = stack[depth - 1]!;
  if (f.idx >= 0) return f.table.nodes[f.idx]!.ordinal;
  return f.loop ? f.loop.ordinal : -1;
}

function reportUnplaced(tag: string, cs: CompiledSchema, stack: Frame[], depth: number, sc: SegmentContext, options: StructureOptions): void {
  const at = `at position ${sc.position}`;
  if (!looksLikeSegmentTag(tag)) {
    report(sc, 'AK3-1', `'${tag}' ${at} is not a recognizable segment ID`, undefined, undefined, null);
    return;
  }
  const first = cs.firstOrdinal.get(tag);
  if (first === undefined && !cs.segments.has(tag)) {
    if (options.knownSegmentIds && !options.knownSegmentIds.has(tag)) {
      report(sc, 'AK3-1', `Segment ${tag} ${at} is not a recognized X12 segment ID`, undefined, undefined, null);
    } else {
      report(sc, 'AK3-6', `Segment ${tag} ${at} is not defined in transaction set ${cs.schema.id}`, undefined, undefined, null);
    }
    return;
  }
  if (first !== undefined && first < currentOrdinal(stack, depth)) {
    report(sc, 'AK3-7', `Segment ${tag} ${at} is not in proper sequence: transaction set ${cs.schema.id} places it earlier`, undefined, undefined, null);
    return;
  }
  report(sc, 'AK3-2', `Segment ${tag} ${at} is not expected here: transaction set ${cs.schema.id} allows it only inside a loop that has not started`, undefined, undefined, null);
}

/** Places every segment of one set in its structure and checks the elements of those placed. */
export function walkTransactionSet(segments: readonly Segment[], cs: CompiledSchema, sc: SegmentContext, options: StructureOptions): void {
  const stack: Frame[] = [{ table: cs.root, loop: undefined, idx: -1, count: 0 }];
  let depth = 1;
  for (let p = 0; p < segments.length; p++) {
    const segment = segments[p]!;
    const tag = segment.tag;
    sc.position = p + 1;
    sc.segmentId = tag;
    sc.loopId = undefined;

    let foundDepth = -1;
    let found = -1;
    for (let d = depth - 1; d >= 0; d--) {
      const f = stack[d]!;
      const list = f.table.byTag.get(tag);
      if (list === undefined) continue;
      let start = f.idx < 0 ? 0 : f.idx;
      if (f.loop !== undefined && start === 0) start = 1;
      let j = firstAtOrAfter(list, start);
      if (j >= 0 && j === f.idx && f.count >= f.table.nodes[j]!.max) {
        const later = firstAtOrAfter(list, j + 1);
        if (later >= 0) j = later;
      }
      if (j >= 0) {
        foundDepth = d;
        found = j;
        break;
      }
    }

    if (foundDepth < 0) {
      reportUnplaced(tag, cs, stack, depth, sc, options);
      continue;
    }

    for (let d = depth - 1; d > foundDepth; d--) {
      const f = stack[d]!;
      reportMissing(f, f.idx + 1, f.table.nodes.length, sc, tag);
    }
    depth = foundDepth + 1;
    const frame = stack[foundDepth]!;
    if (found !== frame.idx) {
      reportMissing(frame, frame.idx + 1, found, sc, tag);
      frame.idx = found;
      frame.count = 1;
    } else {
      frame.count++;
    }
    const node = frame.table.nodes[found]!;
    if (node.isLoop) {
      sc.loopId = node.id;
      if (frame.count > node.max) {
        report(sc, 'AK3-4', `Loop ${node.id} occurs more than its maximum of ${limit(node.max)} times (iteration ${frame.count} starts at position ${sc.position})`);
      }
      const inner = stack[depth];
      if (inner) {
        inner.table = node.table!;
        inner.loop = node;
        inner.idx = 0;
        inner.count = 1;
      } else {
        stack.push({ table: node.table!, loop: node, idx: 0, count: 1 });
      }
      depth++;
    } else {
      sc.loopId = frame.loop?.id;
      if (frame.count > node.max) {
        report(sc, 'AK3-5', `Segment ${tag} at position ${sc.position} exceeds its maximum use of ${limit(node.max)} (occurrence ${frame.count})`);
      }
    }

    const def = cs.segments.get(tag);
    if (def !== undefined) checkSegmentElements(segment, def, sc);
  }

  sc.loopId = undefined;
  for (let d = depth - 1; d >= 0; d--) {
    const f = stack[d]!;
    reportMissing(f, f.idx + 1, f.table.nodes.length, sc, undefined);
  }
}
