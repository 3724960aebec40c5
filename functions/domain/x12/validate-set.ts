/**
 * Generic transaction-set validator: one function for every set, driven by the schema data in
 * `schemas/x12/<version>/<set>.json`. Pure: no I/O, no clock.
 */
import type { TransactionSetSchema } from '#schemas/x12/schema-types.ts';
import type { Delimiters, Diagnostic, Segment } from './types.ts';
import { compileSchema } from './validate/compiled-schema.ts';
import { MAX_SET_FINDINGS, type SegmentContext } from './validate/report.ts';
import { walkTransactionSet, type StructureOptions } from './validate/structure.ts';

export { validateSegmentElements } from './validate/elements.ts';
export { looksLikeSegmentTag, type StructureOptions } from './validate/structure.ts';

/**
 * Validates one transaction set (ST … SE inclusive, position 1 = ST) against its schema, the way a
 * 997 reports it (X12.6 segment and data element rules):
 *
 * - Segment placement, AK304 codes: 1 unrecognized segment id, 2 unexpected segment, 3 mandatory
 *   segment (or loop) missing, 4 loop over its maximum repeats, 5 segment over its maximum use,
 *   6 segment not in the defined set, 7 segment not in proper sequence. Loops follow X12 semantics:
 *   entered by their trigger segment, a repeated trigger starts a new iteration, a segment that
 *   does not fit the current loop closes it and is placed in the enclosing one. A segment that fits
 *   nowhere is reported once and skipped, so one stray segment yields one diagnostic.
 * - Data elements of every placed segment (ST and SE included), AK403 codes 1–10, 12, 13: see
 *   {@link validateSegmentElements}.
 *
 * AK304 code 8 ("segment has data element errors") is never emitted: element errors are AK4-n
 * diagnostics carrying their segment's position and id, and the 997 builder derives the AK3 with
 * code 8 from them, so there is one source of truth for each problem.
 *
 * Envelope rules (ST02/SE02 match, SE01 count, ST01 vs schema, missing ST/SE) belong to the envelope
 * checker and are not repeated here. Diagnostics come in segment order; all have severity `error`.
 */
export function validateTransactionSet(
  segments: Segment[],
  schema: TransactionSetSchema,
  delimiters: Delimiters,
  options: StructureOptions = {},
): Diagnostic[] {
  const sc: SegmentContext = { out: [], delimiters, position: 0, segmentId: '', loopId: undefined };
  walkTransactionSet(segments, compileSchema(schema), sc, options);
  if (sc.dropped) {
    sc.out.push({ severity: 'error', code: 'AK5-5', message: `${sc.dropped} more findings in this set are not listed (at most ${MAX_SET_FINDINGS} are kept)`, segmentPosition: segments.length, segmentId: segments[segments.length - 1]?.tag ?? 'SE' });
  }
  return sc.out;
}
