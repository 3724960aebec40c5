import { beforeAll, describe, expect, it } from 'vitest';
import { map830 } from '#domain/x12/map/map-830.ts';
import { PlanningScheduleZ, type PlanningSchedule, type PlanningItem } from '#schemas/documents/x12-documents.ts';
import { firstCorpusSet, inlineSegments } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const mapFile = (path: string) => {
  const set = firstCorpusSet(path);
  return map830(set.segments, set.delimiters);
};

describe.skipIf(!HAS_CORPUS)(`map830 on the Safeway UCS planning schedule (bots-830-safeway-ucs, hard-wrapped) ${NEEDS_CORPUS}`, () => {
  let schedule: PlanningSchedule;
  beforeAll(() => {
    schedule = mapFile('830/bots-830-safeway-ucs.edi');
  });

  it('reads BFR purpose, schedule type, quantity type and the horizon', () => {
    expect(schedule).toMatchObject({
      type: '830',
      controlNumber: '00010001',
      purpose: '00',
      scheduleType: 'PS',
      quantityType: 'A',
      horizonStart: '2004-10-03',
      horizonEnd: '2004-12-25',
      generatedDate: '2004-10-05',
      lineItemCount: 1,
    });
  });

  it('reads the header N1 loops FR and TO with addresses', () => {
    expect(schedule.parties.map((p) => [p.role, p.name, p.id, p.city, p.postalCode, p.country])).toEqual([
      ['FR', 'SAFEWAY INC', '0091372090000', 'PLEASANTON', '945883329', 'US'],
      ['TO', 'XYZ SUPPLIER CORP', '1234567890000', 'SHAKEY TOWN', '900003889', 'US'],
    ]);
  });

  it('reads one LIN item with its UA/PI/VN ids', () => {
    expect(schedule.items).toHaveLength(1);
    expect(schedule.items[0]?.lineNumber).toBeUndefined();
    expect(schedule.items[0]?.productIds).toEqual([
      { qualifier: 'UA', value: '001119933024' },
      { qualifier: 'PI', value: '71238654' },
      { qualifier: 'VN', value: '12307' },
    ]);
  });

  it('reads every FST quantity with its forecast and timing qualifiers and period, SDQ ignored', () => {
    const forecasts = schedule.items[0]?.forecasts ?? [];
    expect(forecasts.map((f) => f.quantity)).toEqual([800, 800, 800, 465, 2800, 1300, 1300, 800, 800, 800, 500, 1025]);
    expect(new Set(forecasts.map((f) => `${f.forecastQualifier}/${f.timingQualifier}`))).toEqual(new Set(['D/X']));
    expect(forecasts[0]).toEqual({ quantity: 800, forecastQualifier: 'D', timingQualifier: 'X', startDate: '2004-10-03', endDate: '2004-10-09' });
    expect(forecasts.at(-1)).toEqual({ quantity: 1025, forecastQualifier: 'D', timingQualifier: 'X', startDate: '2004-12-19', endDate: '2004-12-25' });
  });

  it('produces a document the PlanningSchedule schema accepts', () => {
    expect(PlanningScheduleZ.safeParse(schedule).success).toBe(true);
  });
});

describe.skipIf(!HAS_CORPUS)(`map830 on the Lear automotive schedule (lear-830-2040-mixed-term, 6-digit dates) ${NEEDS_CORPUS}`, () => {
  let schedule: PlanningSchedule;
  let item: PlanningItem | undefined;
  beforeAll(() => {
    schedule = mapFile('830/lear-830-2040-mixed-term.edi');
    item = schedule.items[0];
  });

  it('reads BFR with 6-digit dates through the century window', () => {
    expect(schedule).toMatchObject({ purpose: '05', releaseNumber: '0000', scheduleType: 'SH', quantityType: 'C', horizonStart: '2018-11-20', horizonEnd: '2018-11-27' });
    expect(schedule.notes).toEqual(['Any Free form message']);
  });

  it('keeps header N1 loops on the header and the N1 loops after LIN on the item', () => {
    expect(schedule.parties.map((p) => p.role)).toEqual(['MI', 'ST', 'SU', 'IC']);
    expect(schedule.parties[3]).toMatchObject({ city: 'TAMPA', state: 'FL', postalCode: '33601', country: 'USA' });
    expect(item?.parties.map((p) => [p.role, p.id])).toEqual([
      ['ST', 'HN02NC72'],
      ['VN', '00006S86'],
    ]);
  });

  it('reads UIT01 as the item unit and the BP/RF/PO ids', () => {
    expect(item?.unitOfMeasure).toBe('PC');
    expect(item?.productIds.map((p) => p.qualifier)).toEqual(['BP', 'RF', 'PO']);
  });

  it('applies the SDP calendar pattern and ship time to the FSTs that follow it', () => {
    expect(item?.forecasts).toHaveLength(25);
    expect(item?.forecasts[0]).toEqual({ quantity: 495000, forecastQualifier: 'A', timingQualifier: 'W', startDate: '2018-11-19', calendarPattern: 'D', shipTime: 'Z' });
    expect(item?.forecasts[1]).toMatchObject({ forecastQualifier: 'C', quantity: 520000 });
    expect(item?.forecasts.at(-1)).toMatchObject({ quantity: 650000, forecastQualifier: 'D', timingQualifier: 'M', startDate: '2019-05-06' });
  });

  it('reads ATH authorizations and SHP shipped quantities with the SHP loop REF', () => {
    expect(item?.authorizations).toEqual([
      { type: 'FI', endDate: '2018-01-01', quantity: 555000, startDate: '2018-12-16' },
      { type: 'MT', endDate: '2018-01-01', quantity: 575000, startDate: '2018-12-30' },
    ]);
    expect(item?.shipped).toEqual([
      { qualifier: '01', quantity: 20000, dateQualifier: '050', date: '2018-11-14' },
      { qualifier: '02', quantity: 480000, dateQualifier: '051', date: '2018-11-18' },
    ]);
    expect(item?.references).toEqual([{ qualifier: 'SI', value: '452835' }]);
  });

  it('produces a document the PlanningSchedule schema accepts', () => {
    expect(PlanningScheduleZ.safeParse(schedule).success).toBe(true);
  });
});

describe('map830 edge cases', () => {
  const map = (text: string) => {
    const { segments, delimiters } = inlineSegments(text);
    return map830(segments, delimiters);
  };

  it('stops applying an SDP pattern once a segment outside the SDP loop appears', () => {
    const schedule = map(`ST*830*1~BFR*00*R1**DL*A*20240101*20240331*20240101~LIN*1*BP*P1~FST*10*C*D*20240105~SDP*Y*F~FST*20*C*W*20240108~SHP*01*5*011*20240102~FST*30*D*W*20240115~SE*8*1~`);
    const forecasts = schedule.items[0]?.forecasts ?? [];
    expect(forecasts.map((f) => [f.quantity, f.calendarPattern])).toEqual([
      [10, undefined],
      [20, 'Y'],
      [30, undefined],
    ]);
    expect(schedule.items[0]?.lineNumber).toBe('1');
  });

  it('reads a UIT unit given as a C001 composite and skips FSTs without a quantity or start date', () => {
    const schedule = map(`ST*830*1~BFR*00~LIN**BP*P1~UIT*CA:12~FST*abc*C*D*20240105~FST*5*C*D~FST*7*D*W*240108*240114~SE*7*1~`);
    expect(schedule.items[0]?.unitOfMeasure).toBe('CA');
    expect(schedule.items[0]?.forecasts).toEqual([{ quantity: 7, forecastQualifier: 'D', timingQualifier: 'W', startDate: '2024-01-08', endDate: '2024-01-14' }]);
  });

  it('starts a new item at each LIN', () => {
    const schedule = map(`ST*830*1~BFR*00~LIN**BP*A~FST*1*C*D*20240105~LIN**BP*B~FST*2*C*D*20240105~CTT*2~SE*7*1~`);
    expect(schedule.items.map((i) => [i.productIds[0]?.value, i.forecasts.map((f) => f.quantity)])).toEqual([
      ['A', [1]],
      ['B', [2]],
    ]);
    expect(schedule.lineItemCount).toBe(2);
  });
});
