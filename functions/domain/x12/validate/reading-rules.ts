/**
 * Rules the reader applies beyond the dictionary, for values the pipeline acts on or echoes in
 * its responses: what would make its own 855/865 invalid, or mean something the partner cannot
 * have meant, is refused at reading (errors, the set's AK501 R) or flagged (warnings) rather
 * than failing later in the writer. Applied after the severity policy, so these stay as they are
 * in every release.
 *
 * - the HL tree (validate/hierarchy.ts): unique ids, parents before children, bounded depth;
 * - an 850 line's quantity ordered (PO102) of zero or below is flagged (a warning, `W-quantity`):
 *   real partners send zero-quantity lines (placeholders, cancelled lines), so whether to
 *   acknowledge one is the planner's judgment, not the reader's (the planning checks hold it:
 *   `quantity-not-positive`);
 * - an 850 line number (PO101) already sent on an earlier PO1 of the set is flagged (a warning,
 *   `W-line-number`, naming the earlier segment): the order is still stored with every line, and
 *   the planning checks hold those lines (`duplicate-line-number`) until a planner decides.
 */
import type { Diagnostic, Segment } from '../types.ts';
import { checkHierarchy } from './hierarchy.ts';

export function checkReadingRules(setId: string, segments: readonly Segment[]): Diagnostic[] {
  const out = checkHierarchy(segments);
  if (setId === '850') {
    const lineNumbers = new Map<string, number>();
    for (let p = 0; p < segments.length; p++) {
      const segment = segments[p]!;
      if (segment.tag !== 'PO1') continue;
      const lineNumber = (segment.elements[0] ?? '').trim();
      const earlier = lineNumbers.get(lineNumber);
      if (lineNumber !== '' && earlier !== undefined) {
        out.push({
          severity: 'warning',
          code: 'W-line-number',
          message: `PO101 '${lineNumber}' repeats the line number of the PO1 at segment ${earlier}: the line waits for a planner's decision`,
          segmentPosition: p + 1,
          segmentId: 'PO1',
          elementPosition: 1,
          elementReference: '350',
          value: lineNumber,
        });
      } else if (lineNumber !== '') lineNumbers.set(lineNumber, p + 1);
      const raw = (segment.elements[1] ?? '').trim();
      if (raw === '') continue;
      const quantity = Number(raw);
      if (Number.isFinite(quantity) && quantity <= 0) {
        out.push({
          severity: 'warning',
          code: 'W-quantity',
          message: `PO102 '${raw}': a quantity ordered of zero or below cannot be shipped as ordered`,
          segmentPosition: p + 1,
          segmentId: 'PO1',
          elementPosition: 2,
          elementReference: '330',
          value: raw,
        });
      }
    }
  }
  return out;
}
