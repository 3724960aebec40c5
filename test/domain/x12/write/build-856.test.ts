import { describe, expect, it } from 'vitest';
import { build856 } from '#domain/x12/write/build-856.ts';
import { InvalidDocumentError } from '#domain/x12/write/errors.ts';
import { writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { expectGolden, now, numbers, parseStrict, settings4010, shipNotice, show } from './fixtures.ts';

describe('build856', () => {
  it('writes a shipment → order → packs → items ship notice as the golden 856', () => {
    const set = build856(shipNotice, 1);
    const text = writeInterchange([[set]], settings4010, numbers, now);
    expectGolden('856-sopi-sscc.edi', text);
    expect(parseStrict(text)).toEqual({ groups: 1, sets: [1], segmentsPerSet: [[set.length]] });
  });

  it('numbers HL levels depth-first with parent ids and child codes', () => {
    const hls = show(build856(shipNotice, 1)).filter((s) => s.startsWith('HL'));
    expect(hls).toEqual(['HL*1**S*1', 'HL*2*1*O*1', 'HL*3*2*P*1', 'HL*4*3*I*0', 'HL*5*2*P*1', 'HL*6*5*I*0', 'HL*7*5*I*0']);
  });

  it('writes the SSCC-18 of each pack in MAN*GM and the HL count in CTT01', () => {
    const segments = show(build856(shipNotice, 1));
    expect(segments.filter((s) => s.startsWith('MAN'))).toEqual(['MAN*GM*00006141411234567890', 'MAN*GM*00106141411234567897']);
    expect(segments.at(-2)).toBe('CTT*7');
  });

  it('writes shipment-level TD1, TD5, REF BM/CN, DTM 011/017 and N1 ST/SF', () => {
    const segments = show(build856(shipNotice, 1));
    expect(segments.slice(2, 13)).toEqual([
      'HL*1**S*1',
      'TD1*CTN25*2****G*41.5*LB',
      'TD5**2*UPSN*U*UPS GROUND',
      'REF*BM*BOL7781200',
      'REF*CN*1Z999AA10123456784',
      'DTM*011*20240308',
      'DTM*017*20240312',
      'N1*ST*WIDGETCO DISTRIBUTION CENTER 12*92*DC12',
      'N3*1200 INDUSTRIAL PKWY*DOCK 4',
      'N4*COLUMBUS*OH*43215*US',
      'N1*SF*ACME MANUFACTURING*92*PLANT1',
    ]);
  });

  it('rejects an SSCC-18 whose check digit is wrong', () => {
    const bad = structuredClone(shipNotice);
    bad.hierarchy[0]!.children[0]!.children[0]!.marks = [{ qualifier: 'GM', value: '00006141411234567898' }];
    expect(() => build856(bad, 1)).toThrow(InvalidDocumentError);
    expect(() => build856(bad, 1)).toThrow(/expected 0/);
    bad.hierarchy[0]!.children[0]!.children[0]!.marks = [{ qualifier: 'AA', value: '006141411234567898' }];
    expect(() => build856(bad, 1)).toThrow(/expected 0/);
  });

  it('refuses MAN*GM without the application identifier 00 in front of the SSCC-18, and MAN*AA with it', () => {
    const bad = structuredClone(shipNotice);
    bad.hierarchy[0]!.children[0]!.children[0]!.marks = [{ qualifier: 'GM', value: '006141411234567890' }];
    expect(() => build856(bad, 1)).toThrow(/application identifier 00/);
    bad.hierarchy[0]!.children[0]!.children[0]!.marks = [{ qualifier: 'AA', value: '00006141411234567890' }];
    expect(() => build856(bad, 1)).toThrow(/18 digits/);
    bad.hierarchy[0]!.children[0]!.children[0]!.marks = [{ qualifier: 'AA', value: '006141411234567890' }];
    expect(() => build856(bad, 1)).not.toThrow();
  });

  it('rejects a ship notice without its mandatory ship time (BSN04)', () => {
    const { shipTime: _, ...noTime } = shipNotice;
    expect(() => build856(noTime, 1)).toThrow(/BSN04/);
  });
});
