/**
 * The 999 Implementation Acknowledgment (ASC X12 005010X231A1), for 005010 partners whose profile
 * asks for it instead of a 997 (README, "Acknowledgments"). Written from the same
 * {@link FunctionalAcknowledgment} as the 997 — a pure function of the reader's diagnostics — with
 * the 999's own segments and codes:
 *
 * ST (ST03 `005010X231A1`), AK1 (AK101 functional id, AK102 group control number, AK103 version —
 * required in the 999), per set an AK2 loop (AK201 set id, AK202 control number, AK203 its ST03
 * when it had one; IK3 per segment error with IK301 segment id, IK302 position, IK303 loop id, IK304
 * element 620; IK4 per element error with IK401 position[:component[:repetition]], IK402 element
 * reference, IK403 element 621, IK404 copy of the bad value; IK5 with IK501 status and up to five
 * IK502 codes, element 618), AK9 (as the 997's), SE. No CTX: the reader keeps no business-unit
 * context, and the TR3 makes CTX situational.
 *
 * Codes: a finding of the X12 dictionary keeps its code (620 and 621 repeat the 720 and 723 codes
 * 1–13). A finding of the partner's implementation guide (`guideRule` set) is reported with the
 * implementation code X231 defines for it:
 *
 * | guide finding | 997 | 999 |
 * | --- | --- | --- |
 * | segment not used, present | AK304 2 | IK304 I4 "Implementation Not Used Segment Present" |
 * | code outside the guide's list | AK403 7 | IK403 I6 "Code Value Not Used in Implementation" |
 * | element not used, present | AK403 10 | IK403 I10 "Implementation Not Used Data Element Present" |
 * | date / time not in the guide's format | AK403 8 / 9 | IK403 I12 "Implementation Pattern Match Failure" |
 * | required segment / element missing, max use, length | AK304 3 / 5, AK403 1 / 4 / 5 | the same code |
 *
 * IK502: `5` "One or More Segments in Error" for dictionary errors, `I5` "Implementation One or More
 * Segments in Error" for guide findings (both when the set has both); the other AK5 codes as they are.
 */
import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import { IMPLEMENTATION_ACK_CONVENTION, IMPLEMENTATION_ACK_SCHEMA } from '#schemas/x12/registry.ts';
import type { Segment } from '../types.ts';
import { validateTransactionSet } from '../validate-set.ts';
import { BUILT_DELIMITERS, COMPONENT_MARK, integer, setControlNumber, text } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

type SegmentError = SetResponse['segmentErrors'][number];
type ElementError = SegmentError['elementErrors'][number];

const SEGMENT_CODES_OF_GUIDE: Readonly<Record<string, string>> = { '2': 'I4' };
const ELEMENT_CODES_OF_GUIDE: Readonly<Record<string, string>> = { '7': 'I6', '10': 'I10', '8': 'I12', '9': 'I12' };
/** IK502 `5` and `I5`. */
const SEGMENTS_IN_ERROR = '5';
const IMPLEMENTATION_SEGMENTS_IN_ERROR = 'I5';
/** IK502–IK506: five positions. */
const MAX_SET_CODES = 5;

/** IK304 for a segment error (element 620). */
export function implementationSegmentCode(error: Pick<SegmentError, 'code' | 'guideRule'>): string {
  const code = error.code ?? '8';
  return error.guideRule === undefined ? code : (SEGMENT_CODES_OF_GUIDE[code] ?? code);
}

/** IK403 for an element error (element 621). */
export function implementationElementCode(error: Pick<ElementError, 'code' | 'guideRule'>): string {
  return error.guideRule === undefined ? error.code : (ELEMENT_CODES_OF_GUIDE[error.code] ?? error.code);
}

/** IK502–IK506 of a set (element 618): `5` for dictionary errors, `I5` for guide findings. */
export function implementationSetCodes(set: Pick<SetResponse, 'errorCodes' | 'segmentErrors'>): string[] {
  // Who found each error: an IK3 that only carries IK4s (IK304 8) speaks through its IK4s.
  const placed: { guideRule?: string | undefined }[] = set.segmentErrors.flatMap((s): { guideRule?: string | undefined }[] => (s.elementErrors.length > 0 && (s.code ?? '8') === '8' ? s.elementErrors : [s]));
  const fromGuide = placed.some((e) => e.guideRule !== undefined);
  // An error not placed in an IK3 (no segment position) counts as the dictionary's.
  const fromDictionary = placed.some((e) => e.guideRule === undefined) || (set.errorCodes.includes(SEGMENTS_IN_ERROR) && placed.length === 0);
  const codes = set.errorCodes.filter((c) => c !== SEGMENTS_IN_ERROR);
  if (fromDictionary) codes.push(SEGMENTS_IN_ERROR);
  if (fromGuide) codes.push(IMPLEMENTATION_SEGMENTS_IN_ERROR);
  return codes.slice(0, MAX_SET_CODES);
}

function raw(tag: string, values: readonly (string | undefined)[]): Segment {
  const elements = values.map((v) => v ?? '');
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  return { tag, elements };
}

function setSegments(set: SetResponse): Segment[] {
  const out: Segment[] = [raw('AK2', [set.setId, set.controlNumber, set.conventionReference])];
  for (const err of set.segmentErrors) {
    out.push(raw('IK3', [err.segmentId, integer(err.position, 'IK302'), err.loopId, implementationSegmentCode(err)]));
    for (const el of err.elementErrors) {
      const position = [String(el.position)];
      if (el.componentPosition !== undefined || el.repetition !== undefined) position.push(el.componentPosition === undefined ? '' : String(el.componentPosition));
      if (el.repetition !== undefined) position.push(String(el.repetition));
      const reference = el.elementReference !== undefined && /^\d{1,4}$/.test(el.elementReference) ? el.elementReference : undefined;
      out.push(raw('IK4', [position.join(COMPONENT_MARK), reference, implementationElementCode(el), text(el.value, '724')]));
    }
  }
  out.push(raw('IK5', [set.status, ...implementationSetCodes(set)]));
  return out;
}

/** Elements whose codes the writer chooses: each value must be in the 999's own list. */
const CHOSEN: Readonly<Record<string, readonly number[]>> = { IK3: [4], IK4: [3], IK5: [1, 2, 3, 4, 5, 6], AK9: [1, 5, 6, 7, 8, 9] };

function checkChosenCodes(set: readonly Segment[]): void {
  for (const s of set) {
    for (const position of CHOSEN[s.tag] ?? []) {
      const value = s.elements[position - 1];
      if (value === undefined || value === '') continue;
      const id = IMPLEMENTATION_ACK_SCHEMA.segments[s.tag]?.elements[position - 1]?.id;
      const codes = id === undefined ? undefined : IMPLEMENTATION_ACK_SCHEMA.elements[id]?.codes;
      const ref = `${s.tag}${String(position).padStart(2, '0')}`;
      if (codes !== undefined && !codes.includes(value)) throw new InvalidDocumentError(`'${value}' is not in the 999 code list of element ${id}`, ref);
    }
  }
}

/**
 * Writes one 999. The set is checked with our validator against the 999 definition
 * (`schemas/x12/005010/999.json`) before it is returned.
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError when a code or count cannot be written, or the group has no version (AK103 is required).
 */
export function build999(doc: FunctionalAcknowledgment, controlNumber: string | number): Segment[] {
  if (doc.group.version === undefined || doc.group.version.trim() === '') throw new InvalidDocumentError('a 999 names the version of the group it acknowledges (AK103)', 'AK103');
  const control = setControlNumber(controlNumber);
  const body: Segment[] = [
    raw('AK1', [doc.group.functionalId, doc.group.controlNumber, doc.group.version]),
    ...doc.sets.flatMap(setSegments),
    raw('AK9', [doc.status, integer(doc.includedSets, 'AK902'), integer(doc.receivedSets, 'AK903'), integer(doc.acceptedSets, 'AK904'), ...doc.errorCodes]),
  ];
  const set = [raw('ST', ['999', control, IMPLEMENTATION_ACK_CONVENTION]), ...body, raw('SE', [String(body.length + 2), control])];
  checkChosenCodes(set);
  const problem = validateTransactionSet(set, IMPLEMENTATION_ACK_SCHEMA, BUILT_DELIMITERS)[0];
  if (problem !== undefined) throw new InvalidDocumentError(problem.message, problem.segmentId);
  return set;
}
