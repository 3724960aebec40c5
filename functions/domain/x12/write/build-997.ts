import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import { getTransactionSetSchema } from '#schemas/x12/registry.ts';
import type { Segment } from '../types.ts';
import { compileSchema, maxUseOf } from '../validate/compiled-schema.ts';
import { compiledSegmentOf } from '../validate/segment-dictionary.ts';
import { envelopeSet } from './common.ts';
import { COMPONENT_MARK, integer, segment, text, versionOf, type BuildOptions } from './elements.ts';

/** AK4 segments per AK3 loop: the 997's maximum use of AK4 in its AK3 loop (99). */
export const MAX_ELEMENT_ERRORS_PER_SEGMENT = maxUseOf(compileSchema(getTransactionSetSchema('997', '004010')!.schema), ['AK2', 'AK3', 'AK4']);
/** AK502–AK506: the AK5 positions of element 718 (five). */
export const MAX_SET_ERROR_CODES = codePositions('AK5', '718');
/** AK905–AK909: the AK9 positions of element 716 (five). */
export const MAX_GROUP_ERROR_CODES = codePositions('AK9', '716');

function codePositions(tag: string, elementId: string): number {
  return compiledSegmentOf(tag, '004010')?.elements.filter((e) => e.id === elementId).length ?? 0;
}

/**
 * Writes one 997 Functional Acknowledgment: ST, AK1 (AK101 functional id, AK102 group control
 * number echoed as received, AK103 version/release only when writing 005010), per acknowledged set
 * an AK2 loop (AK201 set id, AK202 set control number, AK203 implementation convention reference
 * only in 005010; AK3 per segment error with AK301 segment id, AK302 position in the set, AK303 loop
 * id, AK304 segment error code; AK4 per element error with AK401 position[:component[:repetition in
 * 005010]], AK402 element reference number, AK403 element error code, AK404 copy of the bad value
 * truncated at 99 characters; AK5 with AK501 status and up to five AK502 codes), AK9 (AK901 status,
 * AK902 included, AK903 received, AK904 accepted, up to five AK905 codes), SE.
 *
 * Code values are checked against the code lists of the release written (715, 716, 717, 718, 720, 723).
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError when a code or count cannot be written (more than 99 AK4 per AK3, more than five codes, unknown code).
 */
export function build997(doc: FunctionalAcknowledgment, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  const version = versionOf(options);
  const v5 = version === '005010';
  const body: Segment[] = [
    segment('AK1', [doc.group.functionalId, doc.group.controlNumber, v5 ? doc.group.version : undefined], version),
    ...doc.sets.flatMap((s) => setSegments(s, v5)),
    segment('AK9', [
      doc.status,
      integer(doc.includedSets, 'AK902'),
      integer(doc.receivedSets, 'AK903'),
      integer(doc.acceptedSets, 'AK904'),
      ...doc.errorCodes,
    ], version),
  ];
  return envelopeSet('997', controlNumber, body, version);
}

/**
 * AK403 codes of 005010 that the 004010 list of element 723 lacks, written as the nearest 004010
 * code: 12 "too many repetitions" and 13 "too many components" become 3 "too many data elements",
 * so a 004010 997 still names the element and rejects what the reader rejected.
 */
const AK403_IN_004010: Readonly<Record<string, string>> = { '12': '3', '13': '3' };

function setSegments(set: SetResponse, v5: boolean): Segment[] {
  const version = v5 ? '005010' : '004010';
  const out: Segment[] = [segment('AK2', [set.setId, set.controlNumber, v5 ? set.conventionReference : undefined], version)];
  for (const err of set.segmentErrors) {
    out.push(segment('AK3', [err.segmentId, integer(err.position, 'AK302'), err.loopId, err.code], version));
    for (const el of err.elementErrors) {
      const position = [String(el.position)];
      if (el.componentPosition !== undefined || (v5 && el.repetition !== undefined)) position.push(el.componentPosition === undefined ? '' : String(el.componentPosition));
      if (v5 && el.repetition !== undefined) position.push(String(el.repetition));
      const reference = el.elementReference !== undefined && /^\d{1,4}$/.test(el.elementReference) ? el.elementReference : undefined;
      const code = v5 ? el.code : (AK403_IN_004010[el.code] ?? el.code);
      out.push(segment('AK4', [position.join(COMPONENT_MARK), reference, code, text(el.value, '724')], version));
    }
  }
  out.push(segment('AK5', [set.status, ...set.errorCodes], version));
  return out;
}
