import { describe, expect, it } from 'vitest';
import type { Segment } from '#domain/x12/types.ts';
import { acknowledgeGroup } from '#domain/x12/write/acknowledge-group.ts';
import { build855 } from '#domain/x12/write/build-855.ts';
import { build856 } from '#domain/x12/write/build-856.ts';
import { build997 } from '#domain/x12/write/build-997.ts';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';
import { buildTa1 } from '#domain/x12/write/ta1.ts';
import { functionalIdOf, writeDocuments, writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { changeAck, expectGolden, fa, now, numbers, orderAck, parseStrict, settings4010, settings5010, shipNotice } from './fixtures.ts';

const compact = { ...settings4010, lineBreaks: false };
const ack997 = () => build997(acknowledgeGroup({ functionalId: 'PO', groupControlNumber: '9', sets: [{ setId: '850', controlNumber: '0001', diagnostics: [] }], groupDiagnostics: [], includedSets: 1 }), 1);

describe('writeInterchange', () => {
  it('writes a fixed-width 106-character ISA with padded ids, YYMMDD date and zero-padded ISA13', () => {
    const text = writeInterchange([[ack997()]], compact, { interchange: 42, group: 7, firstSet: 1 }, now);
    const isa = text.slice(0, 106);
    expect(isa).toBe('ISA*00*          *00*          *ZZ*ACMEMFG        *01*123456789      *240302*0915*U*00401*000000042*0*P*>~');
    expect(text.slice(106)).toMatch(/^GS\*FA\*ACMEMFG\*123456789\*20240302\*0915\*7\*X\*004010~ST\*997\*0001~/);
    expect(text.endsWith('GE*1*7~IEA*1*000000042~')).toBe(true);
  });

  it('writes 005010 with the repetition separator in ISA11, 00501, ISA14 1, test usage and a GS08 suffix', () => {
    const text = writeInterchange([[ack997()]], settings5010, numbers, now);
    expect(text.slice(0, 106)).toBe('ISA*00*          *00*          *ZZ*ACMEMFG        *01*123456789      *240302*0915*^*00501*000001207*1*T*:~');
    expect(text).toContain('*X*005010X231~');
  });

  it('stamps ST02/SE02 from numbers.firstSet across groups, zero-padded to 4, and numbers groups from numbers.group', () => {
    const text = writeInterchange([[build855(orderAck, 1), build855(orderAck, 1)], [build856(shipNotice, 1)]], compact, { interchange: 5, group: 30, firstSet: 998 }, now);
    expect(text.match(/ST\*\d+\*\d+/g)).toEqual(['ST*855*0998', 'ST*855*0999', 'ST*856*1000']);
    expect(text.match(/SE\*\d+\*\d+/g)?.map((s) => s.split('*')[2])).toEqual(['0998', '0999', '1000']);
    expect(text.match(/G[SE]\*[^~]*/g)?.map((s) => s.split('*').slice(0, 2).join('*') + '/' + s.split('*').at(s.startsWith('GS') ? 6 : 2))).toEqual([
      'GS*PR/30',
      'GE*2/30',
      'GS*SH/31',
      'GE*1/31',
    ]);
    expect(text.endsWith('IEA*2*000000005~')).toBe(true);
    expect(parseStrict(text)).toMatchObject({ groups: 2, sets: [2, 1] });
  });

  it('refuses a group mixing functional ids, an empty group, and a set without ST/SE', () => {
    expect(() => writeInterchange([[build855(orderAck, 1), build856(shipNotice, 2)]], compact, numbers, now)).toThrow(/GS01/);
    expect(() => writeInterchange([[]], compact, numbers, now)).toThrow(/GE01/);
    expect(() => writeInterchange([[[{ tag: 'BAK', elements: [] }]]], compact, numbers, now)).toThrow(InvalidDocumentError);
  });

  it('refuses control numbers outside 1-999999999 and ids longer than ISA06 allows', () => {
    expect(() => writeInterchange([[ack997()]], compact, { ...numbers, interchange: 1_000_000_000 }, now)).toThrow(/ISA13/);
    expect(() => writeInterchange([[ack997()]], { ...compact, senderId: 'A'.repeat(16) }, numbers, now)).toThrow(/ISA06/);
    expect(() => writeInterchange([[ack997()]], compact, numbers, { date: '240302', time: '0915' })).toThrow(/GS04/);
  });

  it('refuses delimiters that are alphanumeric or not distinct, and a 005010 interchange without a repetition separator', () => {
    expect(() => writeInterchange([[ack997()]], { ...compact, delimiters: { element: '*', component: '*', segment: '~' } }, numbers, now)).toThrow(/differ/);
    expect(() => writeInterchange([[ack997()]], { ...compact, delimiters: { element: 'E', component: '>', segment: '~' } }, numbers, now)).toThrow(/delimiter/);
    expect(() => writeInterchange([[ack997()]], { ...settings5010, delimiters: { element: '*', component: ':', segment: '~' } }, numbers, now)).toThrow(/ISA11/);
  });

  it('ends segments with the terminator only, or with a line break when asked', () => {
    const oneLine = writeInterchange([[ack997()]], compact, numbers, now);
    expect(oneLine).not.toContain('\n');
    const lines = writeInterchange([[ack997()]], settings4010, numbers, now).split('\n');
    expect(lines.every((l) => l === '' || l.endsWith('~'))).toBe(true);
    const newlineTerminated = writeInterchange([[ack997()]], { ...settings4010, delimiters: { element: '*', component: '>', segment: '\n' } }, numbers, now);
    expect(newlineTerminated).not.toContain('\n\n');
    expect(parseStrict(newlineTerminated).sets).toEqual([1]);
  });

  it('writes a TA1-only interchange (ISA, TA1, IEA*0)', () => {
    const text = writeInterchange([], compact, numbers, now, { ta1: [buildTa1('000004471', '240301', '2359', 'R', '022')] });
    expect(text.slice(106)).toBe('TA1*000004471*240301*2359*R*022~IEA*0*000001207~');
  });
});

describe('delimiters inside values', () => {
  const withDescription = (description: string) => ({ ...orderAck, lines: [{ ...orderAck.lines[0]!, description }] });

  it.each([
    ['element separator', 'BRACKET*STEEL'],
    ['segment terminator', 'BRACKET~STEEL'],
    ['component separator', 'SIZE > 10'],
  ])('replaces a %s in free text (PID05) with a space', (_, description) => {
    const text = writeInterchange([[build855(withDescription(description), 1)]], compact, numbers, now);
    expect(text).toContain(`PID*F****${description.replace(/[*~>]/, ' ')}~`);
    expect(parseStrict(text).sets).toEqual([1]);
  });

  it('refuses a delimiter inside an identifier (BAK03 purchase order number)', () => {
    expect(() => writeInterchange([[build855({ ...orderAck, purchaseOrderNumber: 'PO*123' }, 1)]], compact, numbers, now)).toThrow(/BAK03/);
    expect(() => writeInterchange([[build855({ ...orderAck, purchaseOrderNumber: 'PO>123' }, 1)]], compact, numbers, now)).toThrow(InvalidDocumentError);
  });

  it('treats the repetition separator as a delimiter only in 005010', () => {
    const po = { ...orderAck, purchaseOrderNumber: 'PO^123' };
    expect(writeInterchange([[build855(po, 1)]], compact, numbers, now)).toContain('BAK*00*AC*PO^123*');
    expect(() => writeInterchange([[build855(po, 1)]], settings5010, numbers, now)).toThrow(/BAK03/);
  });

  it('refuses a control character in an identifier but blanks it in free text', () => {
    expect(() => build855({ ...orderAck, purchaseOrderNumber: 'PO\n123' }, 1)).toThrow(/control character/);
    const text = writeInterchange([[build855(withDescription('LINE ONE\r\nLINE TWO'), 1)]], compact, numbers, now);
    expect(text).toContain('PID*F****LINE ONE  LINE TWO~');
  });
});

describe('writeDocuments', () => {
  it('groups documents by functional id in order of first appearance and numbers sets in that order', () => {
    const text = writeDocuments([orderAck, shipNotice, changeAck, orderAck, fa({ status: 'A', includedSets: 0, receivedSets: 0 })], compact, numbers, now);
    expect(text.match(/GS\*[A-Z]{2}/g)).toEqual(['GS*PR', 'GS*SH', 'GS*CA', 'GS*FA']);
    expect(text.match(/ST\*\d+\*\d+/g)).toEqual(['ST*855*0001', 'ST*855*0002', 'ST*856*0003', 'ST*865*0004', 'ST*997*0005']);
    expect(parseStrict(text)).toMatchObject({ groups: 4, sets: [2, 1, 1, 1] });
  });

  it('writes the golden mixed interchange', () => {
    expectGolden('mixed-855-856-865.edi', writeDocuments([orderAck, shipNotice, changeAck], settings4010, { interchange: 88, group: 88, firstSet: 101 }, now));
  });

  it('refuses documents we only receive (850)', () => {
    const po = { type: '850' as const, controlNumber: '1', purpose: '00', orderType: 'SA', purchaseOrderNumber: '1', lines: [], references: [], dates: [], parties: [], contacts: [], notes: [] };
    expect(() => writeDocuments([po], compact, numbers, now)).toThrow(/850/);
  });

  it('maps set ids to GS01 functional ids', () => {
    expect(['855', '856', '865', '997'].map(functionalIdOf)).toEqual(['PR', 'SH', 'CA', 'FA']);
  });
});

describe('segment()', () => {
  it('drops trailing empty elements', () => {
    const set: Segment[] = build855({ ...orderAck, acknowledgmentDate: undefined }, 1);
    expect(set[1]).toEqual({ tag: 'BAK', elements: ['00', 'AC', '4500012345', '20240301'] });
  });
});
