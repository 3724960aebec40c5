/**
 * The TA1/997 policy end to end through the reader (README, "Acknowledgments"): each case is a
 * small interchange and what its TA1 and 997 must say.
 */
import { describe, expect, it } from 'vitest';
import { translateText } from '#domain/x12/translate.ts';
import { build997 } from '#domain/x12/write/build-997.ts';
import { interchangeAcknowledgmentOf } from '#domain/x12/write/ta1.ts';

interface Envelope {
  isa05?: string;
  isa07?: string;
  isa11?: string;
  isa12?: string;
  isa14?: string;
  isa15?: string;
  gs08?: string;
}

function interchange(groups: { functionalId: string; control: string; sets: string[][]; ge01?: number }[], e: Envelope = {}): string {
  const isa12 = e.isa12 ?? '00401';
  const lines = [
    `ISA*00*          *00*          *${e.isa05 ?? 'ZZ'}*ACMEBUYER      *${e.isa07 ?? 'ZZ'}*OURSUPPLIER    *250101*1200*${e.isa11 ?? (isa12 >= '00402' ? '^' : 'U')}*${isa12}*000000101*${e.isa14 ?? '0'}*${e.isa15 ?? 'T'}*>`,
  ];
  for (const g of groups) {
    lines.push(`GS*${g.functionalId}*ACMEBUYER*OURSUPPLIER*20250101*1200*${g.control}*X*${e.gs08 ?? '004010'}`);
    g.sets.forEach((body, i) => {
      const control = String(i + 1).padStart(4, '0');
      lines.push(`ST*${body[0]}*${control}`, ...body.slice(1), `SE*${body.length + 1}*${control}`);
    });
    lines.push(`GE*${g.ge01 ?? g.sets.length}*${g.control}`);
  }
  lines.push(`IEA*${groups.length}*000000101`);
  return lines.join('~') + '~';
}

const PO = (extra: string[] = [], date = '20250101'): string[] => ['850', `BEG*00*SA*PO-1**${date}`, ...extra, 'PO1*1*10*EA*2.5**VP*ITEM-1', 'CTT*1'];

/** Codes of the file's diagnostics as `code:severity`. */
function coded(text: string): string[] {
  return translateText(text).diagnostics.filter((d) => !d.code.startsWith('W-')).map((d) => `${d.code}:${d.severity}`);
}

describe('997 codes judged by the release of the group acknowledged', () => {
  const cases: { name: string; text: string; findings: string[]; set: string; group: string; accepted: number }[] = [
    {
      name: 'YYMMDD dates in a 003060 850 are right in that release: no AK4',
      text: interchange([{ functionalId: 'PO', control: '1', sets: [PO(['DTM*002*950301'], '950101')] }], { isa12: '00306', gs08: '003060' }),
      findings: [],
      set: 'A',
      group: 'A',
      accepted: 1,
    },
    {
      name: 'YYMMDD dates in a 004010 850 are too short (a length warning, accepted with errors)',
      text: interchange([{ functionalId: 'PO', control: '1', sets: [PO(['DTM*002*950301'], '950101')] }]),
      findings: ['AK4-4:warning', 'AK4-4:warning'],
      set: 'E',
      group: 'E',
      accepted: 1,
    },
    {
      name: 'ATH after the FSTs of a 002040 830, read with the 004010 dictionary: a sequence warning, not a rejection',
      text: interchange(
        [{ functionalId: 'PS', control: '1', sets: [['830', 'BFR*05*REL-1**DL*A*950106*950202*950101', 'LIN**BP*ITEM-1', 'UIT*EA', 'FST*100*C*D*950106', 'ATH*FI*950110*50**950101', 'CTT*1']] }],
        { isa12: '00204', gs08: '002040' },
      ),
      findings: ['AK3-7:warning'],
      set: 'E',
      group: 'E',
      accepted: 1,
    },
    {
      name: 'the same ATH after FST in a 004010 830 is an error: its own dictionary says so',
      text: interchange([{ functionalId: 'PS', control: '1', sets: [['830', 'BFR*05*REL-1**DL*A*20250106*20250202*20250101', 'LIN**BP*ITEM-1', 'UIT*EA', 'FST*100*C*D*20250106', 'ATH*FI*20250110*50**20250101', 'CTT*1']] }]),
      findings: ['AK3-7:error'],
      set: 'R',
      group: 'R',
      accepted: 0,
    },
    {
      name: 'codes outside the dictionary list on any ID element (FOB01 ZZ, REF01 ZZZ, N103 01): AK4 7 warnings',
      text: interchange([{ functionalId: 'PO', control: '1', sets: [PO(['REF*ZZZ*1', 'FOB*ZZ', 'N1*ST*PLANT*01*12'])] }]),
      findings: ['AK4-7:warning', 'AK4-7:warning', 'AK4-7:warning'],
      set: 'E',
      group: 'E',
      accepted: 1,
    },
    {
      name: 'LIN08 XX in an 830 (a product id qualifier outside the list): an AK4 7 warning',
      text: interchange([{ functionalId: 'PS', control: '1', sets: [['830', 'BFR*05*REL-1**DL*A*20250106*20250202*20250101', 'LIN**BP*ITEM-1*VP*V-1*XX*Y', 'UIT*EA', 'FST*100*C*D*20250106', 'CTT*1']] }]),
      findings: ['AK4-7:warning'],
      set: 'E',
      group: 'E',
      accepted: 1,
    },
    {
      name: 'a GE01 that does not count the sets rejects the group, and its sets with it (AK5 R beside AK9 R, AK904 0)',
      text: interchange([{ functionalId: 'PO', control: '1', sets: [PO()], ge01: 2 }]),
      findings: ['AK9-5:error'],
      set: 'R',
      group: 'R',
      accepted: 0,
    },
  ];
  it.each(cases)('$name', ({ text, findings, set, group, accepted }) => {
    // Act
    const result = translateText(text);
    // Assess
    expect(coded(text)).toEqual(findings);
    const ack = result.interchanges[0]!.groups[0]!.acknowledgment;
    expect(ack.sets.map((s) => s.status)).toEqual([set]);
    expect([ack.status, ack.acceptedSets]).toEqual([group, accepted]);
  });

  it('a duplicate GS06 is AK905 19 ("not unique within interchange"), not 6', () => {
    // Act
    const result = translateText(interchange([{ functionalId: 'PO', control: '7', sets: [PO()] }, { functionalId: 'PO', control: '7', sets: [PO()] }]));
    // Assess
    const [first, second] = result.interchanges[0]!.groups;
    expect(first!.acknowledgment.errorCodes).toEqual([]);
    expect(second!.acknowledgment).toMatchObject({ status: 'R', errorCodes: ['19'], acceptedSets: 0 });
    expect(second!.acknowledgment.sets.map((s) => s.status)).toEqual(['R']);
  });
});

describe('AK403 12/13 by the release written', () => {
  // MEA04 (C001) with 16 components, one more than C001 defines.
  const mea = `MEA*PD*WT*10*LB${'>1'.repeat(15)}`;
  const cases = [
    { release: '005010', isa12: '00501', written: '13' },
    { release: '004010', isa12: '00401', written: '3' },
  ] as const;
  it.each(cases)('a composite with too many components in a $release 997: AK403 $written', ({ release, isa12, written }) => {
    // Prepare
    const result = translateText(interchange([{ functionalId: 'PO', control: '1', sets: [['850', 'BEG*00*SA*PO-1**20250101', 'PO1*1*10*EA*2.5**VP*ITEM-1', 'PID*F****DESC', mea, 'CTT*1']] }], { isa12, gs08: release }));
    const ack = result.interchanges[0]!.groups[0]!.acknowledgment;
    // Act
    const segments = build997(ack, 1, { version: release });
    // Assess
    const ak4 = segments.filter((s) => s.tag === 'AK4').map((s) => s.elements[2]);
    expect(ak4).toContain(written);
    expect(ak4).not.toContain(release === '004010' ? '13' : '3');
  });
});

describe('envelope code errors with their TA1 codes', () => {
  const cases: { name: string; envelope: Envelope; code: string; severity: string; ta1: string }[] = [
    { name: 'ISA05 1B (not an I05 qualifier)', envelope: { isa05: '1B' }, code: 'TA1-005', severity: 'warning', ta1: 'E' },
    { name: 'ISA07 1B (not an I05 qualifier)', envelope: { isa07: '1B' }, code: 'TA1-007', severity: 'warning', ta1: 'E' },
    { name: 'ISA11 ^ under 00401 (ISA11 is the standards id U before 00402)', envelope: { isa11: '^' }, code: 'TA1-016', severity: 'warning', ta1: 'E' },
    { name: 'ISA14 2', envelope: { isa14: '2' }, code: 'TA1-019', severity: 'error', ta1: 'R' },
    { name: 'ISA15 X', envelope: { isa15: 'X' }, code: 'TA1-020', severity: 'error', ta1: 'R' },
  ];
  it.each(cases)('$name → $code ($severity), TA1 $ta1', ({ envelope, code, severity, ta1 }) => {
    // Act
    const result = translateText(interchange([{ functionalId: 'PO', control: '1', sets: [PO()] }], envelope));
    // Assess
    const found = result.diagnostics.filter((d) => d.code.startsWith('TA1-'));
    expect(found.map((d) => `${d.code}:${d.severity}`)).toEqual([`${code}:${severity}`]);
    const owed = interchangeAcknowledgmentOf({ ...result.interchanges[0]!, acknowledgmentRequested: true }, result.diagnostics, false);
    expect(owed).toMatchObject({ acknowledgmentCode: ta1, noteCode: code.slice(4) });
  });

  it('ISA11 ^ under 00501 is the repetition separator: no finding', () => {
    // Act
    const result = translateText(interchange([{ functionalId: 'PO', control: '1', sets: [PO()] }], { isa12: '00501', isa11: '^', gs08: '005010' }));
    // Assess
    expect(result.diagnostics.filter((d) => d.code.startsWith('TA1-'))).toEqual([]);
  });
});
