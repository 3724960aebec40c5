import { describe, expect, it } from 'vitest';
import { build865 } from '#domain/x12/write/build-865.ts';
import { writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { changeAck, expectGolden, now, numbers, parseStrict, settings4010, show } from './fixtures.ts';

describe('build865', () => {
  it('writes a change acknowledgment as the golden 865', () => {
    const set = build865(changeAck, 1);
    const text = writeInterchange([[set]], settings4010, numbers, now);
    expectGolden('865-change-accepted.edi', text);
    expect(parseStrict(text)).toEqual({ groups: 1, sets: [1], segmentsPerSet: [[set.length]] });
  });

  it('writes BCA with PO, change sequence, PO date (BCA06) and acknowledgment date (BCA10)', () => {
    expect(show(build865(changeAck, 1))[1]).toBe('BCA*00*AC*4500012345**3*20240301****20240305');
  });

  it('writes POC with quantity, quantity left, unit, price and product ids, then its ACK', () => {
    const segments = show(build865(changeAck, 1));
    expect(segments.filter((s) => s.startsWith('POC') || s.startsWith('ACK'))).toEqual([
      'POC*2*QI*300*300*EA*3.075*PE*BP*WC-10046',
      'ACK*IC*300*EA*068*20240322',
    ]);
  });

  it('rejects a POC quantity without the quantity left to receive (syntax note C030405)', () => {
    const { quantityLeftToReceive: _, ...line } = changeAck.lines[0]!;
    expect(() => build865({ ...changeAck, lines: [line] }, 1)).toThrow(/C030405/);
  });
});
