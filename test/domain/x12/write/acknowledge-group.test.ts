import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '#domain/x12/types.ts';
import { acknowledgeGroup, type GroupDiagnostics, type SetDiagnostics } from '#domain/x12/write/acknowledge-group.ts';

const d = (code: Diagnostic['code'], extra: Partial<Diagnostic> = {}): Diagnostic => ({ severity: 'error', code, message: code, ...extra });
const set = (diagnostics: Diagnostic[], controlNumber = '0001'): SetDiagnostics => ({ setId: '850', controlNumber, diagnostics });
const group = (sets: SetDiagnostics[], groupDiagnostics: Diagnostic[] = [], includedSets: number | undefined = sets.length): GroupDiagnostics => ({
  functionalId: 'PO',
  groupControlNumber: '17',
  sets,
  groupDiagnostics,
  includedSets,
});

describe('acknowledgeGroup', () => {
  const table: { name: string; input: GroupDiagnostics; set?: object; group: object }[] = [
    {
      name: 'accepts a group without diagnostics (A/A)',
      input: group([set([]), set([], '0002')]),
      set: { status: 'A', errorCodes: [], segmentErrors: [] },
      group: { status: 'A', includedSets: 2, receivedSets: 2, acceptedSets: 2, errorCodes: [] },
    },
    {
      name: 'groups element errors under an AK3 with AK304 8 for their segment, and adds AK502 5',
      input: group([
        set([
          d('AK4-7', { segmentId: 'PO1', segmentPosition: 7, elementPosition: 3, elementReference: '355', value: 'INVALID' }),
          d('AK4-1', { segmentId: 'PO1', segmentPosition: 7, elementPosition: 2, elementReference: '330' }),
          d('AK4-2', { segmentId: 'BEG', segmentPosition: 2, elementPosition: 3, elementReference: '324' }),
        ]),
      ]),
      set: {
        status: 'R',
        errorCodes: ['5'],
        segmentErrors: [
          { segmentId: 'BEG', position: 2, code: '8', elementErrors: [{ position: 3, elementReference: '324', code: '2' }] },
          {
            segmentId: 'PO1',
            position: 7,
            code: '8',
            elementErrors: [
              { position: 3, elementReference: '355', code: '7', value: 'INVALID' },
              { position: 2, elementReference: '330', code: '1' },
            ],
          },
        ],
      },
      group: { status: 'R', acceptedSets: 0 },
    },
    {
      name: 'reports a missing mandatory segment as AK3 with AK304 3',
      input: group([set([d('AK3-3', { segmentId: 'BEG', segmentPosition: 2, loopId: undefined })])]),
      set: { status: 'R', errorCodes: ['5'], segmentErrors: [{ segmentId: 'BEG', position: 2, code: '3', elementErrors: [] }] },
      group: { status: 'R' },
    },
    {
      name: 'attaches element errors to the segment-level AK3 of the same segment',
      input: group([set([d('AK3-5', { segmentId: 'N1', segmentPosition: 9, loopId: 'N1' }), d('AK4-4', { segmentId: 'N1', segmentPosition: 9, elementPosition: 5 })])]),
      set: { status: 'R', segmentErrors: [{ segmentId: 'N1', position: 9, loopId: 'N1', code: '5', elementErrors: [{ position: 5, code: '4' }] }] },
      group: { status: 'R' },
    },
    {
      name: 'reports a segment count mismatch as AK502 4',
      input: group([set([d('AK5-4')])]),
      set: { status: 'R', errorCodes: ['4'], segmentErrors: [] },
      group: { status: 'R', acceptedSets: 0 },
    },
    {
      name: 'rejects the group on a GE01 count mismatch (AK905 5) with the count as sent, and its sets with it (AK5 agrees with AK9)',
      input: group([set([])], [d('AK9-5')], 3),
      set: { status: 'R', errorCodes: [] },
      group: { status: 'R', includedSets: 3, receivedSets: 1, acceptedSets: 0, errorCodes: ['5'] },
    },
    {
      name: 'partially accepts a group with accepted and rejected sets (P)',
      input: group([set([]), set([d('AK5-4')], '0002'), set([], '0003')]),
      group: { status: 'P', includedSets: 3, receivedSets: 3, acceptedSets: 2 },
    },
    {
      name: 'accepts with errors noted (E) when the only coded diagnostics are warnings',
      input: group([set([d('AK4-7', { severity: 'warning', segmentId: 'TD5', segmentPosition: 5, elementPosition: 4 })]), set([], '0002')]),
      set: { status: 'E', errorCodes: ['5'] },
      group: { status: 'E', acceptedSets: 2 },
    },
    {
      name: 'ignores W- warnings and TA1 codes',
      input: group([set([d('W-unsupported-set', { severity: 'warning' }), d('TA1-022')])], [d('W-version', { severity: 'warning' })]),
      set: { status: 'A', errorCodes: [], segmentErrors: [] },
      group: { status: 'A', acceptedSets: 1, errorCodes: [] },
    },
    {
      name: 'counts the sets received in AK902 when GE is missing',
      input: group([set([]), set([], '0002')], [], undefined),
      group: { status: 'A', includedSets: 2 },
    },
    {
      name: 'lists each AK502 code once, at most five, keeping 5 out when there is no room',
      input: group([set(['AK5-1', 'AK5-2', 'AK5-3', 'AK5-4', 'AK5-4', 'AK5-6', 'AK5-7'].map((c) => d(c as Diagnostic['code'])).concat(d('AK3-2', { segmentId: 'ZZZ', segmentPosition: 4 })))]),
      set: { errorCodes: ['1', '2', '3', '4', '6'] },
      group: { status: 'R' },
    },
    {
      name: 'reports an element error it cannot place (no segment position) through AK502 5 alone',
      input: group([set([d('AK4-1', { elementPosition: 2 })])]),
      set: { status: 'R', errorCodes: ['5'], segmentErrors: [] },
      group: { status: 'R' },
    },
  ];

  it.each(table)('$name', ({ input, set: expectedSet, group: expectedGroup }) => {
    const ack = acknowledgeGroup(input);
    if (expectedSet !== undefined) expect(ack.sets[0]).toMatchObject(expectedSet);
    expect(ack).toMatchObject(expectedGroup);
  });

  it('caps the AK4s of one segment at 99', () => {
    const many = Array.from({ length: 120 }, (_, i) => d('AK4-6', { segmentId: 'MSG', segmentPosition: 4, elementPosition: (i % 3) + 1 }));
    const ack = acknowledgeGroup(group([set(many)]));
    expect(ack.sets[0]?.segmentErrors[0]?.elementErrors).toHaveLength(99);
    expect(ack.sets[0]?.status).toBe('R');
  });

  it('echoes AK101/AK102/AK103, AK201/AK202/AK203', () => {
    const ack = acknowledgeGroup({ ...group([{ setId: '850', controlNumber: '000000123', conventionReference: '005010X220', diagnostics: [] }]), version: '005010' });
    expect(ack.group).toEqual({ functionalId: 'PO', controlNumber: '17', version: '005010' });
    expect(ack.sets[0]).toMatchObject({ setId: '850', controlNumber: '000000123', conventionReference: '005010X220' });
  });
});
