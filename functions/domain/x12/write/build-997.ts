import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { checkMaxUse, envelopeSet } from './common.ts';
import { COMPONENT_MARK, integer, segment, text, type BuildOptions } from './elements.ts';

/** AK4 segments per AK3 loop (004010 997: `[AK4,,99]`). */
export const MAX_ELEMENT_ERRORS_PER_SEGMENT = 99;
/** AK502-AK506 and AK905-AK909: five code positions each. */
export const MAX_ERROR_CODES = 5;

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
 * Code values are checked against the 004010 code lists (715, 716, 717, 718, 720, 723).
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError when a code or count cannot be written (more than 99 AK4 per AK3, more than five codes, unknown code).
 */
export function build997(doc: FunctionalAcknowledgment, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  const v5 = options.version === '005010';
  checkMaxUse(doc.errorCodes.length, MAX_ERROR_CODES, 'AK905-AK909');
  const body: Segment[] = [
    segment('AK1', [doc.group.functionalId, doc.group.controlNumber, v5 ? doc.group.version : undefined]),
    ...doc.sets.flatMap((s) => setSegments(s, v5)),
    segment('AK9', [
      doc.status,
      integer(doc.includedSets, 'AK902'),
      integer(doc.receivedSets, 'AK903'),
      integer(doc.acceptedSets, 'AK904'),
      ...doc.errorCodes,
    ]),
  ];
  return envelopeSet('997', controlNumber, body);
}

function setSegments(set: SetResponse, v5: boolean): Segment[] {
  checkMaxUse(set.errorCodes.length, MAX_ERROR_CODES, 'AK502-AK506');
  const out: Segment[] = [segment('AK2', [set.setId, set.controlNumber, v5 ? set.conventionReference : undefined])];
  for (const err of set.segmentErrors) {
    checkMaxUse(err.elementErrors.length, MAX_ELEMENT_ERRORS_PER_SEGMENT, 'AK4');
    out.push(segment('AK3', [err.segmentId, integer(err.position, 'AK302'), err.loopId, err.code]));
    for (const el of err.elementErrors) {
      const position = [String(el.position)];
      if (el.componentPosition !== undefined || (v5 && el.repetition !== undefined)) position.push(el.componentPosition === undefined ? '' : String(el.componentPosition));
      if (v5 && el.repetition !== undefined) position.push(String(el.repetition));
      const reference = el.elementReference !== undefined && /^\d{1,4}$/.test(el.elementReference) ? el.elementReference : undefined;
      out.push(segment('AK4', [position.join(COMPONENT_MARK), reference, el.code, text(el.value, '724')]));
    }
  }
  out.push(segment('AK5', [set.status, ...set.errorCodes]));
  return out;
}
