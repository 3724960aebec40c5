import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import type { Diagnostic } from '../types.ts';
import { MAX_ELEMENT_ERRORS_PER_SEGMENT, MAX_GROUP_ERROR_CODES, MAX_SET_ERROR_CODES } from './build-997.ts';

/** What the reader found in one transaction set of the group being acknowledged. */
export interface SetDiagnostics {
  /** ST01. */
  setId: string;
  /** ST02 as received. */
  controlNumber: string;
  /** ST03 (005010), echoed in AK203. */
  conventionReference?: string;
  diagnostics: readonly Diagnostic[];
}

/** Everything `acknowledgeGroup` needs about one inbound functional group. */
export interface GroupDiagnostics {
  /** GS01, echoed in AK101. */
  functionalId: string;
  /** GS06 as received, echoed in AK102. */
  groupControlNumber: string;
  /** GS08 as received, echoed in AK103 (written in 005010 only). */
  version?: string;
  sets: readonly SetDiagnostics[];
  /** Problems of the group itself (GS/GE), with `AK9-n` codes. */
  groupDiagnostics: readonly Diagnostic[];
  /** GE01 as sent, or `undefined` when the GE is missing (AK902 then counts the sets received). */
  includedSets: number | undefined;
  /** ST02 of the 997 itself, when already allocated (the writer stamps it anyway). */
  controlNumber?: string;
}

/** AK304 `8`: "Segment Has Data Element Errors" — the AK3 that carries only AK4s. */
const SEGMENT_HAS_ELEMENT_ERRORS = '8';
/** AK502 `5`: "One or More Segments in Error" — added whenever a set reports AK3/AK4 errors. */
const SEGMENTS_IN_ERROR = '5';

/**
 * The 997 Functional Acknowledgment as a pure function of the reader's diagnostics.
 *
 * Routing by code: `AK3-n` → an AK3 with AK304 = n for the diagnostic's segment (AK301 segment id,
 * AK302 position, AK303 loop id); `AK4-n` → an AK4 with AK403 = n (AK401 element[:component
 * [:repetition]], AK402 element reference, AK404 bad value) under the AK3 of its segment, creating
 * that AK3 with AK304 = 8 ("segment has data element errors") when the segment has no segment-level
 * error; `AK5-n` → AK502-AK506 of its set; `AK9-n` (group diagnostics) → AK905-AK909; `TA1-…`
 * belongs to the interchange (see `ta1.ts`) and `W-…` has no X12 code: both are ignored here.
 * Codes are listed once each, in the order first found, at most five per AK5/AK9 (X12 limit); an AK3
 * carries at most 99 AK4 (the 004010 997 `[AK4,,99]`), further element errors of that segment are
 * dropped (the set is rejected all the same). The AK3 loop is bounded only by the standard's 999999
 * per AK2, so AK3s are not capped. An AK3/AK4 diagnostic with no segment id or position cannot be
 * placed in an AK3 and is reported through AK502 `5` alone.
 *
 * Acceptance policy (AK501, X12 element 717): a diagnostic's `severity` decides acceptance, its
 * `code` decides what is reported.
 * - any X12-coded diagnostic with severity `error` → `R` rejected;
 * - otherwise, X12-coded diagnostics with severity `warning` → `E` "accepted but errors were
 *   noted": the errors are reported (AK3/AK4/AK502) but the set is processed — this is how the
 *   reader marks a problem it chose to tolerate, e.g. an unknown code on an element we do not use;
 * - no X12-coded diagnostic → `A` accepted.
 * AK502 `5` is added to a set that has AK3/AK4 errors (when a slot is free).
 *
 * Group (AK901, element 715): an `AK9-n` error → `R`, every set's AK501 `R` and AK904 = 0 (a
 * rejected group is not processed; its sets keep their own AK3/AK4/AK502 findings); else no sets received → `R`; every set rejected → `R`;
 * some rejected → `P` partially accepted; any set `E` or an `AK9-n` warning → `E`; else `A`.
 * AK902 = GE01 as sent (the sets counted when GE is missing), AK903 = sets received, AK904 = sets
 * with AK501 `A` or `E`.
 */
export function acknowledgeGroup(input: GroupDiagnostics): FunctionalAcknowledgment {
  const groupCoded = input.groupDiagnostics.filter((d) => d.code.startsWith('AK9-'));
  const groupRejected = groupCoded.some((d) => d.severity === 'error');
  // A rejected group is not processed: each of its sets says so too (AK501 R), so AK5 and AK9
  // agree (AK904 0 beside sets marked R, never an AK5 A/E the group's R contradicts).
  const sets = input.sets.map(acknowledgeSet).map((s) => (groupRejected ? { ...s, status: 'R' as const } : s));
  const accepted = sets.filter((s) => s.status === 'A' || s.status === 'E').length;
  const status = groupRejected
    ? 'R'
    : sets.length === 0 || accepted === 0
      ? 'R'
      : accepted < sets.length
        ? 'P'
        : sets.some((s) => s.status === 'E') || groupCoded.length > 0
          ? 'E'
          : 'A';
  return {
    type: '997',
    controlNumber: input.controlNumber ?? '',
    group: {
      functionalId: input.functionalId,
      controlNumber: input.groupControlNumber,
      ...(input.version === undefined ? {} : { version: input.version }),
    },
    sets,
    status,
    includedSets: input.includedSets ?? sets.length,
    receivedSets: sets.length,
    acceptedSets: groupRejected ? 0 : accepted,
    errorCodes: codesOf(groupCoded, 'AK9-', MAX_GROUP_ERROR_CODES),
  };
}

function acknowledgeSet(set: SetDiagnostics): SetResponse {
  const coded = set.diagnostics.filter((d) => /^AK[345]-/.test(d.code));
  const segmentErrors: SetResponse['segmentErrors'] = [];
  const bySegment = new Map<string, SetResponse['segmentErrors'][number]>();
  let unplaced = false;
  const keyOf = (d: Diagnostic): string | undefined =>
    d.segmentId === undefined || d.segmentPosition === undefined ? undefined : `${d.segmentPosition}:${d.segmentId}`;

  for (const d of coded.filter((c) => c.code.startsWith('AK3-'))) {
    const key = keyOf(d);
    if (key === undefined || d.segmentId === undefined || d.segmentPosition === undefined) {
      unplaced = true;
      continue;
    }
    const entry = { segmentId: d.segmentId, position: d.segmentPosition, ...(d.loopId === undefined ? {} : { loopId: d.loopId }), code: codeOf(d), ...(d.guideRule === undefined ? {} : { guideRule: d.guideRule }), elementErrors: [] };
    segmentErrors.push(entry);
    if (!bySegment.has(key)) bySegment.set(key, entry);
  }
  for (const d of coded.filter((c) => c.code.startsWith('AK4-'))) {
    const key = keyOf(d);
    if (key === undefined || d.segmentId === undefined || d.segmentPosition === undefined || d.elementPosition === undefined) {
      unplaced = true;
      continue;
    }
    let entry = bySegment.get(key);
    if (entry === undefined) {
      entry = { segmentId: d.segmentId, position: d.segmentPosition, ...(d.loopId === undefined ? {} : { loopId: d.loopId }), code: SEGMENT_HAS_ELEMENT_ERRORS, elementErrors: [] };
      bySegment.set(key, entry);
      segmentErrors.push(entry);
    }
    if (entry.elementErrors.length >= MAX_ELEMENT_ERRORS_PER_SEGMENT) continue;
    entry.elementErrors.push({
      position: d.elementPosition,
      ...(d.componentPosition === undefined ? {} : { componentPosition: d.componentPosition }),
      ...(d.repetition === undefined ? {} : { repetition: d.repetition }),
      ...(d.elementReference === undefined ? {} : { elementReference: d.elementReference }),
      code: codeOf(d),
      ...(d.value === undefined ? {} : { value: d.value }),
      ...(d.guideRule === undefined ? {} : { guideRule: d.guideRule }),
    });
  }
  segmentErrors.sort((a, b) => a.position - b.position);

  const status = coded.some((d) => d.severity === 'error') ? 'R' : coded.length > 0 ? 'E' : 'A';
  const errorCodes = codesOf(coded, 'AK5-', MAX_SET_ERROR_CODES);
  const hasSegmentErrors = segmentErrors.length > 0 || unplaced;
  if (status !== 'A' && hasSegmentErrors && !errorCodes.includes(SEGMENTS_IN_ERROR) && errorCodes.length < MAX_SET_ERROR_CODES) {
    errorCodes.push(SEGMENTS_IN_ERROR);
  }
  return {
    setId: set.setId,
    controlNumber: set.controlNumber,
    ...(set.conventionReference === undefined ? {} : { conventionReference: set.conventionReference }),
    segmentErrors,
    status,
    errorCodes,
  };
}

function codeOf(d: Diagnostic): string {
  return d.code.slice(d.code.indexOf('-') + 1);
}

function codesOf(diagnostics: readonly Diagnostic[], prefix: string, max: number): string[] {
  const codes: string[] = [];
  for (const d of diagnostics) {
    if (!d.code.startsWith(prefix)) continue;
    const code = codeOf(d);
    if (!codes.includes(code) && codes.length < max) codes.push(code);
  }
  return codes;
}
