import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { build999 } from '#domain/x12/write/build-999.ts';
import { writeInterchange } from '#domain/x12/write/write-interchange.ts';
import type { FunctionalAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { sample850v5 } from '../../../support/edi-samples.ts';
import { now, numbers, settings4010, settings5010 } from '../write/fixtures.ts';

/** Our own 999 of a partner's 850, read back as a partner's 999 would be. */
function ackOf(text: string): FunctionalAcknowledgment {
  const group = translateText(text).interchanges[0]?.groups[0];
  if (!group) throw new Error('no group read');
  return group.acknowledgment;
}

function readBack(ack: FunctionalAcknowledgment, settings = settings5010) {
  const text = writeInterchange([[build999(ack, 1)]], settings, numbers, now);
  return translateText(text).documents[0]!;
}

const cases = [
  { name: 'accepted', text: sample850v5('PO-5') },
  { name: 'accepted with errors (IK3/IK4 with code 7, IK5 E)', text: sample850v5('PO-5', ['PO1*1*10*E!*2.5**VP*ITEM-1']) },
  { name: 'rejected (IK4 code 1, IK5 R, AK9 R)', text: sample850v5('PO-5').replace('BEG*00*SA*PO-5**', 'BEG*00*SA***') },
  { name: 'group rejected (AK905 5)', text: sample850v5('PO-5', undefined, 2) },
];

describe('map999: a partner’s 999 reads to the functional acknowledgment it carries', () => {
  it.each(cases)('$name: the same sets, findings and counts as the acknowledgment it was written from', ({ text }) => {
    const ack = ackOf(text);
    const read = readBack(ack);
    expect(read).toMatchObject({ type: '999', supported: true, accepted: true, diagnostics: [] });
    expect(read.document).toEqual({ ...ack, controlNumber: '0001' });
  });

  it('keeps the 999’s implementation codes as given (IK403 I6, IK502 I5)', () => {
    const text = writeInterchange(
      [[[{ tag: 'ST', elements: ['999', '0001', '005010X231A1'] }, { tag: 'AK1', elements: ['SH', '7', '005010'] }, { tag: 'AK2', elements: ['856', '0001'] }, { tag: 'IK3', elements: ['TD1', '5', '', '8'] }, { tag: 'CTX', elements: ['SITUATIONAL TRIGGER'] }, { tag: 'IK4', elements: ['2', '103', 'I6', 'PLT'] }, { tag: 'IK5', elements: ['R', 'I5'] }, { tag: 'AK9', elements: ['R', '1', '1', '0'] }, { tag: 'SE', elements: ['9', '0001'] }]]],
      settings5010,
      numbers,
      now,
    );
    const document = translateText(text).documents[0]!.document as FunctionalAcknowledgment;
    expect(document.group).toEqual({ functionalId: 'SH', controlNumber: '7', version: '005010' });
    expect(document.sets).toEqual([
      { setId: '856', controlNumber: '0001', status: 'R', errorCodes: ['I5'], segmentErrors: [{ segmentId: 'TD1', position: 5, code: '8', elementErrors: [{ position: 2, elementReference: '103', code: 'I6', value: 'PLT' }] }] },
    ]);
    expect(document.status).toBe('R');
  });

  it('a 999 in a 004010 group is a set we do not read (there is no 004010 999)', () => {
    const text = writeInterchange([[build999(ackOf(sample850v5('PO-5')), 1)]], settings4010, numbers, now);
    const read = translateText(text).documents[0]!;
    expect(read).toMatchObject({ type: '999', supported: false });
    expect(read.document).toBeUndefined();
  });
});
