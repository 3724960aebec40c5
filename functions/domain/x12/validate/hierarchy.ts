/**
 * The HL tree of a set (856 and every set with hierarchical levels), checked without recursion:
 * each HL01 is unique in its set, each HL02 names an earlier HL (so the levels form a tree — a
 * self-parent, a cycle or a forward reference is refused), and the tree is at most
 * {@link MAX_HL_DEPTH} levels deep. Real ship notices use five or six levels (shipment, order,
 * tare, pack, item); the ceiling keeps every consumer of the document — JSON, zod, DynamoDB
 * marshalling, all recursive — far from their stack limits.
 *
 * Findings are errors (the set is refused, AK501 R): a document whose hierarchy is not a tree
 * cannot be read as the partner meant it. Reported as AK4-7 (invalid value) on HL01 or HL02.
 */
import type { Diagnostic, Segment } from '../types.ts';

export const MAX_HL_DEPTH = 64;

/** HL*1*S: HL02 left out instead of empty, the level code shifted into its place (the mapper reads it so too). */
export function hlParentOf(segment: Segment, known: (id: string) => boolean): string | undefined {
  const parent = trimmed(segment.elements[1]);
  if (parent === undefined) return undefined;
  if (trimmed(segment.elements[2]) === undefined && !known(parent) && parent.charCodeAt(0) > 57) return undefined;
  return parent;
}

function trimmed(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function checkHierarchy(segments: readonly Segment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const depthOf = new Map<string, number>();
  const positionOf = new Map<string, number>();
  let tooDeepReported = false;
  for (let p = 0; p < segments.length; p++) {
    const segment = segments[p]!;
    if (segment.tag !== 'HL') continue;
    const position = p + 1;
    const id = trimmed(segment.elements[0]) ?? '';
    const at = (elementPosition: number, value: string, message: string): void => {
      out.push({ severity: 'error', code: 'AK4-7', message, segmentPosition: position, segmentId: 'HL', elementPosition, elementReference: elementPosition === 1 ? '628' : '734', value });
    };
    const parent = hlParentOf(segment, (x) => depthOf.has(x));
    let depth = 1;
    if (parent !== undefined) {
      if (parent === id) {
        at(2, parent, `HL02 '${parent}' names the level itself as its parent (HL01 '${id}'): the hierarchy must be a tree`);
      } else if (!depthOf.has(parent)) {
        at(2, parent, `HL02 '${parent}' names no earlier HL01 in this set: a parent comes before its children (a cycle or an unknown parent otherwise)`);
      } else {
        depth = depthOf.get(parent)! + 1;
        if (depth > MAX_HL_DEPTH && !tooDeepReported) {
          // Once per set: every level below is as deep or deeper.
          tooDeepReported = true;
          at(2, parent, `HL ${id} is more than ${MAX_HL_DEPTH} levels deep, deeper than this reader accepts`);
        }
      }
    }
    if (id === '') continue;
    const earlier = positionOf.get(id);
    if (earlier !== undefined) {
      at(1, id, `HL01 '${id}' is already the id of the HL at position ${earlier}: HL ids are unique within a set`);
      continue;
    }
    positionOf.set(id, position);
    depthOf.set(id, Math.min(depth, MAX_HL_DEPTH + 1));
  }
  return out;
}
