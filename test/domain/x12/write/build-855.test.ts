import { describe, expect, it } from 'vitest';
import { build855 } from '#domain/x12/write/build-855.ts';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';
import { writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { expectGolden, now, numbers, orderAck, parseStrict, settings4010, show } from './fixtures.ts';

describe('build855', () => {
  it('writes accepted, quantity-changed, rejected and rescheduled lines as the golden 855', () => {
    // Act
    const text = writeInterchange([[build855(orderAck, 1)]], settings4010, numbers, now);

    // Assess
    expectGolden('855-accept-change-reject-reschedule.edi', text);
    expect(parseStrict(text)).toEqual({ groups: 1, sets: [1], segmentsPerSet: [[build855(orderAck, 1).length]] });
  });

  it('writes BAK with purpose, type, PO, PO date and the acknowledgment date in BAK09', () => {
    const [, bak] = show(build855(orderAck, 1));
    expect(bak).toBe('BAK*00*AC*4500012345*20240301*****20240302');
  });

  it('writes one ACK per line status with quantity, unit, date qualifier and date', () => {
    const acks = show(build855(orderAck, 1)).filter((s) => s.startsWith('ACK'));
    expect(acks).toEqual(['ACK*IA*100*EA*068*20240315', 'ACK*IQ*200*EA*068*20240315', 'ACK*IR*50*CA', 'ACK*DR*75*EA*068*20240329']);
  });

  it('counts PO1 lines in CTT01 and all segments in SE01, with ST02 = SE02 = the control number', () => {
    const segments = show(build855(orderAck, 42));
    expect(segments[0]).toBe('ST*855*0042');
    expect(segments.at(-2)).toBe('CTT*4');
    expect(segments.at(-1)).toBe(`SE*${segments.length}*0042`);
  });

  it('truncates a PID05 description at 80 characters', () => {
    const line = { ...orderAck.lines[0]!, description: 'X'.repeat(100) };
    const pid = show(build855({ ...orderAck, lines: [line] }, 1)).find((s) => s.startsWith('PID'));
    expect(pid).toBe(`PID*F****${'X'.repeat(80)}`);
  });

  it('rejects an acknowledgment without the mandatory PO date (BAK04)', () => {
    const { orderDate: _, ...noDate } = orderAck;
    expect(() => build855(noDate, 1)).toThrow(InvalidDocumentError);
  });

  it('rejects a purchase order number longer than BAK03 allows (22)', () => {
    expect(() => build855({ ...orderAck, purchaseOrderNumber: 'P'.repeat(23) }, 1)).toThrow(/BAK03/);
  });

  it('rejects an ACK quantity without its unit (syntax note P0203)', () => {
    const line = { ...orderAck.lines[0]!, acks: [{ status: 'IA', quantity: 5 }] };
    expect(() => build855({ ...orderAck, lines: [line] }, 1)).toThrow(/P0203/);
  });

  it('rejects a date that is not an ISO calendar date', () => {
    expect(() => build855({ ...orderAck, orderDate: '2024-02-30' }, 1)).toThrow(/BAK04/);
  });

  it('rejects more header DTMs than the 855 schema allows (max use 10), as the reader would', () => {
    const dates = Array.from({ length: 11 }, () => ({ qualifier: '002', date: '2024-03-15' }));
    expect(() => build855({ ...orderAck, dates }, 1)).toThrow(/DTM.*maximum use of 10/);
  });

  it('rejects more product id pairs than PO1 has positions for (PO106-PO125)', () => {
    const productIds = Array.from({ length: 11 }, (_, i) => ({ qualifier: 'BP', value: `P${i}` }));
    const line = { ...orderAck.lines[0]!, productIds };
    expect(() => build855({ ...orderAck, lines: [line] }, 1)).toThrow(/PO1/);
  });

  it("writes a partner's unit of measure outside the 004010 code list as received", () => {
    const line = { ...orderAck.lines[0]!, unitOfMeasure: 'ZZ', acks: [] };
    const po1 = show(build855({ ...orderAck, lines: [line] }, 1)).find((s) => s.startsWith('PO1'));
    expect(po1?.split('*')[3]).toBe('ZZ');
  });
});
