import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '#domain/x12/types.ts';
import { acknowledgeGroup, type GroupDiagnostics } from '#domain/x12/write/acknowledge-group.ts';
import { build997 } from '#domain/x12/write/build-997.ts';
import { writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { expectGolden, fa, now, numbers, parseStrict, settings4010, settings5010, show } from './fixtures.ts';

const badUom: Diagnostic = {
  severity: 'error',
  code: 'AK4-7',
  message: "PO103 'INVALID' is not a unit of measure",
  segmentId: 'PO1',
  segmentPosition: 7,
  elementPosition: 3,
  elementReference: '355',
  value: 'INVALID',
  loopId: 'PO1',
};
const countMismatch: Diagnostic = { severity: 'error', code: 'AK5-4', message: 'SE01 says 15, the set has 14 segments' };
const toleratedCode: Diagnostic = {
  severity: 'warning',
  code: 'AK4-7',
  message: "TD504 'Q' is not a transport method code; TD5 is not used",
  segmentId: 'TD5',
  segmentPosition: 5,
  elementPosition: 4,
  elementReference: '91',
  value: 'Q',
};

function group(sets: GroupDiagnostics['sets'], groupDiagnostics: Diagnostic[] = [], includedSets: number | undefined = sets.length): GroupDiagnostics {
  return { functionalId: 'PO', groupControlNumber: '4471', version: '004010', sets, groupDiagnostics, includedSets };
}
const set = (controlNumber: string, diagnostics: Diagnostic[] = []) => ({ setId: '850', controlNumber, diagnostics });

const cases: { status: string; input: GroupDiagnostics; ak9: string }[] = [
  { status: 'A', input: group([set('0001'), set('0002')]), ak9: 'AK9*A*2*2*2' },
  { status: 'E', input: group([set('0001', [toleratedCode]), set('0002')]), ak9: 'AK9*E*2*2*2' },
  { status: 'P', input: group([set('0001'), set('0002', [badUom, countMismatch])]), ak9: 'AK9*P*2*2*1' },
  {
    status: 'R',
    input: group([set('0001', [badUom])], [{ severity: 'error', code: 'AK9-5', message: 'GE01 says 2, the group has 1 set' }], 2),
    ak9: 'AK9*R*2*1*0*5',
  },
];

describe('build997', () => {
  it.each(cases)('writes the golden 997 for AK901 $status', ({ status, input, ak9 }) => {
    const set997 = build997(acknowledgeGroup(input), 1);
    const text = writeInterchange([[set997]], settings4010, numbers, now);
    expectGolden(`997-${status}.edi`, text);
    expect(show(set997).at(-2)).toBe(ak9);
    expect(parseStrict(text)).toEqual({ groups: 1, sets: [1], segmentsPerSet: [[set997.length]] });
  });

  it('writes AK103, AK203 and the AK401 repetition only in 005010', () => {
    const ack = fa({
      group: { functionalId: 'HC', controlNumber: '5', version: '005010X222A1' },
      sets: [
        {
          setId: '837',
          controlNumber: '0021',
          conventionReference: '005010X222A1',
          status: 'R',
          errorCodes: ['5'],
          segmentErrors: [{ segmentId: 'NM1', position: 8, loopId: '2010', code: '8', elementErrors: [{ position: 9, componentPosition: 1, repetition: 2, elementReference: '67', code: '7', value: 'MI' }] }],
        },
      ],
      status: 'R',
      includedSets: 1,
      receivedSets: 1,
    });
    const v5 = build997(ack, 1, { version: '005010' });
    expect(show(v5).slice(1, 6)).toEqual(['AK1*HC*5*005010X222A1', 'AK2*837*0021*005010X222A1', 'AK3*NM1*8*2010*8', 'AK4*9:1:2*67*7*MI', 'AK5*R*5']);
    const v4 = build997(ack, 1);
    expect(show(v4).slice(1, 6)).toEqual(['AK1*HC*5', 'AK2*837*0021', 'AK3*NM1*8*2010*8', 'AK4*9:1*67*7*MI', 'AK5*R*5']);
    const text = writeInterchange([[v5]], settings5010, numbers, now);
    expectGolden('997-R-005010.edi', text);
    expect(parseStrict(text).sets).toEqual([1]);
  });

  it('copies at most 99 characters of the bad value into AK404', () => {
    const ack = fa({
      sets: [{ setId: '850', controlNumber: '0001', status: 'R', errorCodes: ['5'], segmentErrors: [{ segmentId: 'PID', position: 9, code: '8', elementErrors: [{ position: 5, code: '5', value: 'D'.repeat(120) }] }] }],
      status: 'R',
      includedSets: 1,
      receivedSets: 1,
    });
    const ak4 = show(build997(ack, 1)).find((s) => s.startsWith('AK4'));
    expect(ak4).toBe(`AK4*5**5*${'D'.repeat(99)}`);
  });

  it('rejects an AK403 code that X12 does not define', () => {
    const ack = fa({ sets: [{ setId: '850', controlNumber: '0001', status: 'R', errorCodes: [], segmentErrors: [{ segmentId: 'PO1', position: 3, code: '8', elementErrors: [{ position: 1, code: '99' }] }] }] });
    expect(() => build997(ack, 1)).toThrow(/AK403/);
  });
});
