import { describe, expect, it } from 'vitest';
import { inboundGuideCheck } from '#domain/x12/guide/guide-check.ts';
import { translateText } from '#domain/x12/translate.ts';
import type { Segment } from '#domain/x12/types.ts';
import { validateTransactionSet } from '#domain/x12/validate-set.ts';
import { build999, implementationElementCode, implementationSegmentCode, implementationSetCodes } from '#domain/x12/write/build-999.ts';
import { BUILT_DELIMITERS, COMPONENT_MARK } from '#domain/x12/write/elements.ts';
import { IMPLEMENTATION_ACK_SCHEMA } from '#schemas/x12/registry.ts';
import { sample850v5 } from '../../../support/edi-samples.ts';
import { testPartner } from '../../../support/partners.ts';

const order5010 = (lines?: string[], ge01?: number) => sample850v5('PO-5', lines, ge01);

/** The retail guide (PO103 EA/BX/CA/PK/FT only) as a partner's inbound guide. */
const guided = inboundGuideCheck(testPartner({ guides: { inbound: { '850': 'retail-distribution-4010' } }, inboundGuideFindings: 'reject' }))!;

function acknowledgmentOf(text: string, withGuide = false) {
  const group = translateText(text, withGuide ? { checkSet: guided } : {}).interchanges[0]?.groups[0];
  if (!group) throw new Error('no group read');
  return group.acknowledgment;
}

const show = (set: readonly Segment[]) => set.map((s) => [s.tag, ...s.elements].join('*').replaceAll(COMPONENT_MARK, ':'));

const cases: { name: string; text: string; guide?: boolean; body: string[] }[] = [
  { name: 'a clean 850', text: order5010(), body: ['AK2*850*0001', 'IK5*A', 'AK9*A*1*1*1'] },
  {
    name: 'a unit outside X12 355 (the dictionary): IK403 7, tolerated (E) as the severity policy says',
    text: order5010(['PO1*1*10*E!*2.5**VP*ITEM-1']),
    body: ['AK2*850*0001', 'IK3*PO1*4*PO1*8', 'IK4*3*355*7*E!', 'IK5*E*5', 'AK9*E*1*1*1'],
  },
  {
    name: 'BEG03 missing (the dictionary): IK403 1, rejected',
    text: order5010().replace('BEG*00*SA*PO-5**', 'BEG*00*SA***'),
    body: ['AK2*850*0001', 'IK3*BEG*2**8', 'IK4*3*324*1', 'IK5*R*5', 'AK9*R*1*1*0'],
  },
  {
    name: 'a unit the partner’s guide does not allow: IK403 I6 and IK502 I5',
    text: order5010(['PO1*1*10*DZ*2.5**VP*ITEM-1']),
    guide: true,
    body: ['AK2*850*0001', 'IK3*PO1*4**8', 'IK4*3*355*I6*DZ', 'IK5*R*I5', 'AK9*R*1*1*0'],
  },
  {
    name: 'errors of both (E! is outside X12 355 and the guide’s list alike): IK502 5 and I5',
    text: order5010(['PO1*1*10*DZ*2.5**VP*ITEM-1', 'PO1*2*20*E!*2.5**VP*ITEM-2']),
    guide: true,
    body: ['AK2*850*0001', 'IK3*PO1*4**8', 'IK4*3*355*I6*DZ', 'IK3*PO1*5*PO1*8', 'IK4*3*355*7*E!', 'IK4*3*355*I6*E!', 'IK5*R*5*I5', 'AK9*R*1*1*0'],
  },
  {
    name: 'GE01 that does not count the sets: AK905 5, the set rejected with its group',
    text: order5010(undefined, 2),
    body: ['AK2*850*0001', 'IK5*R', 'AK9*R*2*1*0*5'],
  },
];

describe('build999', () => {
  it.each(cases)('$name', ({ text, guide, body }) => {
    // Act
    const set = build999(acknowledgmentOf(text, guide), 1);
    // Assess
    expect(show(set)).toEqual(['ST*999*0001*005010X231A1', 'AK1*PO*501*005010', ...body, `SE*${body.length + 3}*0001`]);
    expect(validateTransactionSet(set, IMPLEMENTATION_ACK_SCHEMA, BUILT_DELIMITERS)).toEqual([]);
  });

  it('the 999 definition is not vacuous: our validator finds a 999 without IK5, with an unknown IK304 and an IK3 outside an AK2', () => {
    // Prepare
    const good = build999(acknowledgmentOf(order5010(['PO1*1*10*DZ*2.5**VP*ITEM-1']), true), 1);
    const withoutIk5 = good.filter((s) => s.tag !== 'IK5');
    const badCode = good.map((s) => (s.tag === 'IK3' ? { ...s, elements: [...s.elements.slice(0, 3), 'Z9'] } : s));
    const ik3First = [good[0]!, good[1]!, good.find((s) => s.tag === 'IK3')!, ...good.slice(2)];
    // Act / Assess
    expect(validateTransactionSet(withoutIk5, IMPLEMENTATION_ACK_SCHEMA, BUILT_DELIMITERS).map((d) => d.code)).toContain('AK3-3');
    expect(validateTransactionSet(badCode, IMPLEMENTATION_ACK_SCHEMA, BUILT_DELIMITERS).map((d) => [d.code, d.segmentId, d.elementPosition])).toContainEqual(['AK4-7', 'IK3', 4]);
    expect(validateTransactionSet(ik3First, IMPLEMENTATION_ACK_SCHEMA, BUILT_DELIMITERS).length).toBeGreaterThan(0);
  });

  it('refuses a group without its version (AK103 is required in the 999) and a code the 999 lists do not have', () => {
    const ack = acknowledgmentOf(order5010());
    expect(() => build999({ ...ack, group: { functionalId: 'PO', controlNumber: '501' } }, 1)).toThrow(/AK103/);
    expect(() => build999({ ...ack, errorCodes: ['99'] }, 1)).toThrow(/not in the 999 code list of element 716/);
  });
});

describe('999 codes of guide findings (X231)', () => {
  const segment = [
    { code: '2', guideRule: 'r', ik304: 'I4' },
    { code: '2', ik304: '2' },
    { code: '3', guideRule: 'r', ik304: '3' },
    { code: undefined, ik304: '8' },
  ];
  it.each(segment)('IK304 of AK304 $code (guide rule: $guideRule) is $ik304', ({ ik304, ...error }) => {
    expect(implementationSegmentCode(error)).toBe(ik304);
  });
  const element = [
    { code: '7', guideRule: 'r', ik403: 'I6' },
    { code: '10', guideRule: 'r', ik403: 'I10' },
    { code: '8', guideRule: 'r', ik403: 'I12' },
    { code: '9', guideRule: 'r', ik403: 'I12' },
    { code: '1', guideRule: 'r', ik403: '1' },
    { code: '7', ik403: '7' },
    { code: '12', ik403: '12' },
  ];
  it.each(element)('IK403 of AK403 $code (guide rule: $guideRule) is $ik403', ({ ik403, ...error }) => {
    expect(implementationElementCode(error)).toBe(ik403);
  });
  it('IK502 keeps the set codes and counts an unplaced error as the dictionary’s', () => {
    expect(implementationSetCodes({ errorCodes: ['4', '5'], segmentErrors: [] })).toEqual(['4', '5']);
    expect(implementationSetCodes({ errorCodes: [], segmentErrors: [] })).toEqual([]);
  });
});
