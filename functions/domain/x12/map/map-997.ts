import type { Delimiters, Segment } from '../types.ts';
import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import { componentOf, el, elOrEmpty, firstRepetition, impliedAt, toImpliedDecimal } from './map-common.ts';

type SegmentError = SetResponse['segmentErrors'][number];
type ElementError = SegmentError['elementErrors'][number];

function codesFrom(segment: Segment, from: number, to: number): string[] {
  const codes: string[] = [];
  for (let p = from; p <= to; p++) {
    const code = el(segment, p);
    if (code !== undefined) codes.push(code);
  }
  return codes;
}

/** AK3: AK301 segment id, AK302 position, AK303 loop id, AK304 segment syntax error code (first repetition). */
export function readSegmentError(segment: Segment, delimiters: Delimiters): SegmentError {
  const error: SegmentError = {
    segmentId: elOrEmpty(segment, 1),
    position: toImpliedDecimal(firstRepetition(el(segment, 2), delimiters), 0) ?? 0,
    elementErrors: [],
  };
  const loopId = el(segment, 3);
  if (loopId !== undefined) error.loopId = loopId;
  const code = firstRepetition(el(segment, 4), delimiters);
  if (code !== undefined) error.code = code;
  return error;
}

/**
 * AK4: AK401 position in segment (composite C030: element position, component position, and in
 * 005010 repetition, e.g. `2:1`), AK402 element reference, AK403 error code (first repetition), AK404 bad value.
 */
export function readElementError(segment: Segment, delimiters: Delimiters): ElementError {
  const position = el(segment, 1);
  const separator = delimiters.component;
  const error: ElementError = {
    position: toImpliedDecimal(componentOf(position, separator, 1), 0) ?? 0,
    code: firstRepetition(el(segment, 3), delimiters) ?? '',
  };
  const componentPosition = toImpliedDecimal(componentOf(position, separator, 2), 0);
  if (componentPosition !== undefined) error.componentPosition = componentPosition;
  const repetition = toImpliedDecimal(componentOf(position, separator, 3), 0);
  if (repetition !== undefined) error.repetition = repetition;
  const elementReference = el(segment, 2);
  if (elementReference !== undefined) error.elementReference = elementReference;
  const value = el(segment, 4);
  if (value !== undefined) error.value = value;
  return error;
}

/**
 * Maps a 997 Functional Acknowledgment (ST…SE) to a {@link FunctionalAcknowledgment}:
 * AK101 functional id, AK102 group control number, AK103 version; each AK2 loop (AK201 set id,
 * AK202 control number, AK203 convention reference) with its AK3 segment errors, their AK4
 * element errors, and AK501 status with AK502–AK506 codes; AK901 status, AK902–AK904 counts,
 * AK905–AK909 codes. AK3/AK4/AK5 outside an AK2 loop are skipped.
 */
export function map997(segments: readonly Segment[], delimiters: Delimiters): FunctionalAcknowledgment {
  const doc: FunctionalAcknowledgment = {
    type: '997',
    controlNumber: '',
    group: { functionalId: '', controlNumber: '' },
    sets: [],
    status: '',
    includedSets: 0,
    receivedSets: 0,
    acceptedSets: 0,
    errorCodes: [],
  };
  let set: SetResponse | undefined;
  let segmentError: SegmentError | undefined;
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'AK1': {
        doc.group.functionalId = elOrEmpty(segment, 1);
        doc.group.controlNumber = elOrEmpty(segment, 2);
        const version = el(segment, 3);
        if (version !== undefined) doc.group.version = version;
        break;
      }
      case 'AK2': {
        set = { setId: elOrEmpty(segment, 1), controlNumber: elOrEmpty(segment, 2), segmentErrors: [], status: '', errorCodes: [] };
        const conventionReference = el(segment, 3);
        if (conventionReference !== undefined) set.conventionReference = conventionReference;
        doc.sets.push(set);
        segmentError = undefined;
        break;
      }
      case 'AK3':
        if (set !== undefined) {
          segmentError = readSegmentError(segment, delimiters);
          set.segmentErrors.push(segmentError);
        }
        break;
      case 'AK4':
        if (segmentError !== undefined) segmentError.elementErrors.push(readElementError(segment, delimiters));
        break;
      case 'AK5':
        if (set !== undefined) {
          set.status = elOrEmpty(segment, 1);
          set.errorCodes = codesFrom(segment, 2, 6);
        }
        segmentError = undefined;
        break;
      case 'AK9':
        doc.status = elOrEmpty(segment, 1);
        doc.includedSets = impliedAt(segment, 2, 0) ?? 0;
        doc.receivedSets = impliedAt(segment, 3, 0) ?? 0;
        doc.acceptedSets = impliedAt(segment, 4, 0) ?? 0;
        doc.errorCodes = codesFrom(segment, 5, 9);
        set = undefined;
        segmentError = undefined;
        break;
      default:
        break;
    }
  }
  return doc;
}
