import { describe, expect, it } from 'vitest';
import { map997 } from '#domain/x12/map/map-997.ts';
import { FunctionalAcknowledgmentZ } from '#schemas/documents/x12-documents.ts';
import { corpusSets, firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map997(set.segments, set.delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map997 ${NEEDS_CORPUS}`, () => {
  it('reads the EdiFabric reject: two AK2 loops, the second with AK3/AK4 errors, and AK9*R*2*2*1', () => {
    const fa = mapFile('997/edifabric-997-reject.edi');
    expect(fa).toEqual({
      type: '997',
      controlNumber: '0001',
      group: { functionalId: 'IN', controlNumber: '000000001' },
      sets: [
        { setId: '810', controlNumber: 'ST02', segmentErrors: [], status: 'A', errorCodes: [] },
        {
          setId: '810',
          controlNumber: 'ST02',
          segmentErrors: [{ segmentId: 'TXI', position: 54, code: '8', elementErrors: [{ position: 1, elementReference: '963', code: '7', value: 'C1' }] }],
          status: 'R',
          errorCodes: ['5'],
        },
      ],
      status: 'R',
      includedSets: 2,
      receivedSets: 2,
      acceptedSets: 1,
      errorCodes: [],
    });
    expect(FunctionalAcknowledgmentZ.safeParse(fa).success).toBe(true);
  });

  it("splits an AK401 composite position '2:1' into element and component position and drops a blank-padded AK404", () => {
    const fa = mapFile('997/bots-997-ak4-composite.edi');
    const errors = fa.sets[0]?.segmentErrors;
    expect(errors?.map((e) => [e.segmentId, e.position, e.code])).toEqual([
      ['SV2', 57, '8'],
      ['SVD', 59, '8'],
    ]);
    expect(errors?.[0]?.elementErrors).toEqual([
      { position: 2, componentPosition: 1, elementReference: '235', code: '7' },
      { position: 2, componentPosition: 2, elementReference: '234', code: '1' },
    ]);
    expect(fa).toMatchObject({ status: 'R', includedSets: 1, receivedSets: 1, acceptedSets: 0 });
  });

  it('takes the first repetition of AK304/AK403 when the 005010 interchange declares a repetition separator', () => {
    const fa = mapFile('997/staedi-997-repetition-composite.edi');
    const error = fa.sets[0]?.segmentErrors[0];
    expect(error?.segmentId).toBe('NM1');
    expect(error?.code).toBe('AK304-R1');
    expect(error?.elementErrors[0]).toMatchObject({ position: 8, elementReference: '66', code: '7' });
    expect(FunctionalAcknowledgmentZ.safeParse(fa).success).toBe(true);
  });

  it('reads a minimal accepting 997 with one AK2/AK5*A', () => {
    const fa = mapFile('997/bots-997-accept-minimal.edi');
    expect(fa.status).toBe('A');
    expect(fa.sets.map((s) => s.status)).toEqual(['A']);
    expect(fa.acceptedSets).toBe(fa.receivedSets);
  });

  it('reads one group ack per 997 in a group of several (bots-generated-997-4sets)', () => {
    const fa = mapFile('997/bots-generated-997-4sets.edi');
    expect(fa.group).toEqual({ functionalId: 'PO', controlNumber: '3408' });
    expect(fa.sets).toHaveLength(4);
    expect(fa).toMatchObject({ status: 'A', includedSets: 4, receivedSets: 4, acceptedSets: 4 });
  });

  it('maps a 997 with no AK1/AK9 to empty defaults without throwing', () => {
    const fa = mapFile('997/staedi-997-empty-ST03.edi');
    expect(fa).toMatchObject({ group: { functionalId: '', controlNumber: '' }, sets: [], status: '', includedSets: 0 });
    expect(FunctionalAcknowledgmentZ.safeParse(fa).success).toBe(true);
  });

  it('maps every 997 of the corpus to a schema-valid document', () => {
    for (const path of [
      '997/bots-997-multi-st-reject.edi',
      '997/bots-generated-997-multi-st.edi',
      '997/flextronics-997-mailbag.edi',
      '997/gtl-997-minimal.edi',
      '997/staedi-997-5010-simple.edi',
      '997/staedi-997-invalid-min.edi',
      '997/staedi-997-isb-ise.edi',
    ]) {
      for (const set of corpusSets(path)) expect(FunctionalAcknowledgmentZ.safeParse(map997(set.segments, set.delimiters)).success, path).toBe(true);
    }
  });
});

describe('map997', () => {
  it('reads AK103/AK203 (005010) and skips AK3/AK4/AK5 that arrive outside an AK2 loop', () => {
    const { segments, delimiters } = inlineSegments(`ST*997*1*005010X230~AK1*PO*12*005010~AK3*PO1*3**8~AK4*2**7~AK5*R~AK2*850*0001*005010X220~AK3*PO1*3~AK4*x*355*4*BOX~AK5*E*1*2~AK9*E*1*1*1*3~SE*10*1~`);
    const fa = map997(segments, delimiters);
    expect(fa.group).toEqual({ functionalId: 'PO', controlNumber: '12', version: '005010' });
    expect(fa.sets).toEqual([
      {
        setId: '850',
        controlNumber: '0001',
        conventionReference: '005010X220',
        segmentErrors: [{ segmentId: 'PO1', position: 3, elementErrors: [{ position: 0, elementReference: '355', code: '4', value: 'BOX' }] }],
        status: 'E',
        errorCodes: ['1', '2'],
      },
    ]);
    expect(fa.errorCodes).toEqual(['3']);
  });
});
