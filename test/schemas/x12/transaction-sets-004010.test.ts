import { describe, expect, it } from 'vitest';
import type { LoopNode, SegmentNode, StructureNode, TransactionSetSchema } from '../../../schemas/x12/schema-types.ts';
import { getTransactionSetSchema } from '../../../schemas/x12/registry.ts';

function set(id: string): TransactionSetSchema {
  const found = getTransactionSetSchema(id, '004010');
  if (!found) throw new Error(`no schema for ${id}`);
  return found.schema;
}

/** Finds a node by a path of ids, e.g. `['PO1', 'PID']` = the PID loop inside the PO1 loop. */
function node(nodes: StructureNode[], path: string[], kind: 'loop'): LoopNode;
function node(nodes: StructureNode[], path: string[], kind: 'segment'): SegmentNode;
function node(nodes: StructureNode[], path: string[], kind: 'loop' | 'segment'): StructureNode {
  const [head, ...rest] = path;
  const wantKind = rest.length > 0 ? 'loop' : kind;
  const found = nodes.find((n) => n.id === head && n.kind === wantKind);
  if (!found) throw new Error(`no ${wantKind} ${head}`);
  if (rest.length === 0) return found;
  if (found.kind !== 'loop') throw new Error(`${head} is not a loop`);
  return kind === 'loop' ? node(found.children, rest, 'loop') : node(found.children, rest, 'segment');
}

const refs = (s: TransactionSetSchema, seg: string) => s.segments[seg]?.elements.map((e) => `${e.ref}:${e.id}`);

describe('850 Purchase Order (004010)', () => {
  const s850 = set('850');

  it('belongs to functional group PO', () => {
    expect(s850.functionalGroup).toBe('PO');
    expect(s850.version).toBe('004010');
  });

  it('starts with mandatory ST and BEG in the header and ends with a mandatory SE in the summary', () => {
    expect(s850.structure.slice(0, 2)).toEqual([
      { kind: 'segment', id: 'ST', usage: 'M', max: 1, area: 1 },
      { kind: 'segment', id: 'BEG', usage: 'M', max: 1, area: 1 },
    ]);
    expect(s850.structure.at(-1)).toEqual({ kind: 'segment', id: 'SE', usage: 'M', max: 1, area: 3 });
  });

  it('has a mandatory PO1 loop of up to 100000 in the detail area', () => {
    const po1 = node(s850.structure, ['PO1'], 'loop');
    expect([po1.usage, po1.max, po1.area]).toEqual(['M', 100000, 2]);
    expect(po1.children[0]).toEqual({ kind: 'segment', id: 'PO1', usage: 'M', max: 1, area: 2 });
  });

  it('nests the PID loop (max 1000) and SCH loop (max 200) inside the PO1 loop', () => {
    expect(node(s850.structure, ['PO1', 'PID'], 'loop').max).toBe(1000);
    expect(node(s850.structure, ['PO1', 'SCH'], 'loop').max).toBe(200);
    expect(node(s850.structure, ['PO1', 'PO4'], 'segment').max).toBeNull();
  });

  it('has a header N1 loop of up to 200 with N4 unbounded', () => {
    const n1 = node(s850.structure, ['N1'], 'loop');
    expect([n1.usage, n1.max, n1.area]).toEqual(['O', 200, 1]);
    expect(node(s850.structure, ['N1', 'N3'], 'segment').max).toBe(2);
    expect(node(s850.structure, ['N1', 'N4'], 'segment').max).toBeNull();
  });

  it('has REF unbounded and PER max 3 in the header', () => {
    expect(node(s850.structure, ['REF'], 'segment').max).toBeNull();
    expect(node(s850.structure, ['PER'], 'segment').max).toBe(3);
  });

  it('puts the CTT loop (max 1) in the summary area', () => {
    const ctt = node(s850.structure, ['CTT'], 'loop');
    expect([ctt.max, ctt.area]).toEqual([1, 3]);
  });

  it('defines BEG with BEG01, BEG02, BEG03 and BEG05 mandatory', () => {
    const mandatory = s850.segments['BEG']?.elements.filter((e) => e.usage === 'M').map((e) => e.ref);
    expect(mandatory).toEqual(['BEG01', 'BEG02', 'BEG03', 'BEG05']);
    expect(s850.segments['BEG']?.elements).toHaveLength(12);
  });

  it('lists SA, RL and RO among the BEG02 purchase order type codes and enforces them', () => {
    expect(s850.elements['92']?.codes).toEqual(expect.arrayContaining(['SA', 'RL', 'RO', 'DS', 'KN']));
    expect(s850.segments['BEG']?.elements[1]).toMatchObject({ ref: 'BEG02', id: '92', checkCodes: true });
  });

  it('expands the PO1 product id pairs into PO106/PO107 … PO124/PO125', () => {
    const po1 = s850.segments['PO1']?.elements ?? [];
    expect(po1).toHaveLength(25);
    expect(po1[5]).toMatchObject({ ref: 'PO106', id: '235' });
    expect(po1[6]).toMatchObject({ ref: 'PO107', id: '234' });
    expect(po1[24]).toMatchObject({ ref: 'PO125', id: '234' });
  });

  it('has the PO1 syntax notes C0302, C0504 and P0607 … P2425', () => {
    const syntax = s850.segments['PO1']?.syntax ?? [];
    expect(syntax[0]).toEqual({ kind: 'C', positions: [3, 2] });
    expect(syntax[1]).toEqual({ kind: 'C', positions: [5, 4] });
    expect(syntax[2]).toEqual({ kind: 'P', positions: [6, 7] });
    expect(syntax.at(-1)).toEqual({ kind: 'P', positions: [24, 25] });
    expect(syntax).toHaveLength(12);
  });

  it('enforces the PO103 unit of measure and PO106 qualifier code lists, not the PO101 line number', () => {
    const po1 = s850.segments['PO1']?.elements ?? [];
    expect(po1[2]).toMatchObject({ ref: 'PO103', id: '355', checkCodes: true });
    expect(po1[5]?.checkCodes).toBe(true);
    expect(po1[6]?.checkCodes).toBeUndefined();
    expect(po1[0]?.checkCodes).toBeUndefined();
    expect(s850.elements['355']?.codes).toEqual(expect.arrayContaining(['EA', 'CA', 'BX', 'DZ']));
  });

  it('checks the REF01 qualifier list like every ID list (a code outside it is an AK4 7 warning)', () => {
    expect(s850.segments['REF']?.elements[0]).toEqual({ ref: 'REF01', id: '128', usage: 'M', repeat: 1, checkCodes: true });
    expect(s850.elements['128']?.codes?.length).toBeGreaterThan(1000);
  });

  it('decodes DTM R020305 as one note over three positions', () => {
    expect(s850.segments['DTM']?.syntax).toEqual([
      { kind: 'R', positions: [2, 3, 5] },
      { kind: 'C', positions: [4, 3] },
      { kind: 'P', positions: [5, 6] },
    ]);
  });

  it('has element types and lengths from the dictionary', () => {
    expect(s850.elements['330']).toEqual({ id: '330', type: 'R', min: 1, max: 15 });
    expect(s850.elements['373']).toEqual({ id: '373', type: 'DT', min: 8, max: 8 });
    expect(s850.elements['324']).toEqual({ id: '324', type: 'AN', min: 1, max: 22 });
    expect(s850.elements['212']).toMatchObject({ type: 'R', min: 1, max: 17 });
    expect(s850.elements['354']).toEqual({ id: '354', type: 'N0', min: 1, max: 6 });
  });

  it('describes the SLN composite C001 with 15 components and its code-checked unit of measure', () => {
    const c001 = s850.composites['C001'];
    expect(c001?.components).toHaveLength(15);
    expect(c001?.components[0]).toEqual({ ref: 'C00101', id: '355', usage: 'M', repeat: 1, checkCodes: true });
    expect(s850.segments['SLN']?.elements[4]).toMatchObject({ ref: 'SLN05', id: 'C001', composite: true });
  });
});

describe('855 Purchase Order Acknowledgment (004010)', () => {
  const s855 = set('855');

  it('requires BAK and lets the PO1 loop carry an ACK loop of up to 104', () => {
    expect(s855.functionalGroup).toBe('PR');
    expect(node(s855.structure, ['BAK'], 'segment').usage).toBe('M');
    expect(node(s855.structure, ['PO1'], 'loop')).toMatchObject({ usage: 'O', max: 100000, area: 2 });
    expect(node(s855.structure, ['PO1', 'ACK'], 'loop').max).toBe(104);
  });

  it('defines BAK01/BAK02/BAK03/BAK04 as mandatory and checks BAK02 acknowledgment types', () => {
    expect(refs(s855, 'BAK')?.slice(0, 4)).toEqual(['BAK01:353', 'BAK02:587', 'BAK03:324', 'BAK04:373']);
    expect(s855.segments['BAK']?.elements.slice(0, 4).every((e) => e.usage === 'M')).toBe(true);
    expect(s855.elements['587']?.codes).toEqual(expect.arrayContaining(['AC', 'AD', 'AE', 'RJ', 'RD']));
  });

  it('checks the ACK01 line status codes (IA, IR, IB …)', () => {
    expect(s855.segments['ACK']?.elements[0]).toMatchObject({ ref: 'ACK01', id: '668', usage: 'M', checkCodes: true });
    expect(s855.elements['668']?.codes).toEqual(expect.arrayContaining(['IA', 'IR', 'IB', 'IC', 'IQ', 'R2']));
    expect(s855.segments['ACK']?.syntax.at(-1)).toEqual({ kind: 'C', positions: [28, 27, 29] });
  });
});

describe('856 Ship Notice/Manifest (004010)', () => {
  const s856 = set('856');

  it('has a mandatory HL loop of up to 200000 in the detail area', () => {
    expect(s856.functionalGroup).toBe('SH');
    const hl = node(s856.structure, ['HL'], 'loop');
    expect([hl.usage, hl.max, hl.area]).toEqual(['M', 200000, 2]);
    expect(hl.children.slice(0, 3).map((c) => c.id)).toEqual(['HL', 'LIN', 'SN1']);
  });

  it('defines HL with HL01 and HL03 mandatory and checks HL03 level codes', () => {
    expect(s856.segments['HL']?.elements.map((e) => `${e.ref}:${e.usage}`)).toEqual(['HL01:M', 'HL02:O', 'HL03:M', 'HL04:O']);
    expect(s856.elements['735']?.codes).toEqual(expect.arrayContaining(['S', 'O', 'P', 'T', 'I']));
    expect(s856.segments['HL']?.elements[2]?.checkCodes).toBe(true);
  });

  it('defines BSN with BSN01–BSN04 mandatory and the C0706 note', () => {
    expect(s856.segments['BSN']?.elements.filter((e) => e.usage === 'M')).toHaveLength(4);
    expect(s856.segments['BSN']?.syntax).toEqual([{ kind: 'C', positions: [7, 6] }]);
  });

  it('defines SN1 with SN102/SN103 mandatory and P0506', () => {
    expect(s856.segments['SN1']?.elements.filter((e) => e.usage === 'M').map((e) => e.ref)).toEqual(['SN102', 'SN103']);
    expect(s856.segments['SN1']?.syntax).toEqual([{ kind: 'P', positions: [5, 6] }]);
  });

  it('allows MAN unbounded in the HL loop with MAN01 checked', () => {
    expect(node(s856.structure, ['HL', 'MAN'], 'segment').max).toBeNull();
    expect(s856.segments['MAN']?.elements[0]).toMatchObject({ ref: 'MAN01', id: '88', checkCodes: true });
    expect(s856.segments['MAN']?.syntax).toEqual([
      { kind: 'P', positions: [4, 5] },
      { kind: 'C', positions: [6, 5] },
    ]);
  });
});

describe('830 Planning Schedule (004010)', () => {
  const s830 = set('830');

  it('requires BFR and has an unbounded mandatory LIN loop in the detail area', () => {
    expect(s830.functionalGroup).toBe('PS');
    expect(node(s830.structure, ['BFR'], 'segment').usage).toBe('M');
    expect(node(s830.structure, ['LIN'], 'loop')).toMatchObject({ usage: 'M', max: null, area: 2 });
  });

  it('has an FST loop and an SDP loop (max 260, FST max 260) inside the LIN loop', () => {
    expect(node(s830.structure, ['LIN', 'FST'], 'loop').max).toBeNull();
    expect(node(s830.structure, ['LIN', 'SDP'], 'loop').max).toBe(260);
    expect(node(s830.structure, ['LIN', 'SDP', 'FST'], 'segment').max).toBe(260);
  });

  it('expands BFR06–BFR09 dates from a repeated group with BFR06 and BFR08 mandatory', () => {
    expect(refs(s830, 'BFR')).toEqual([
      'BFR01:353', 'BFR02:127', 'BFR03:328', 'BFR04:675', 'BFR05:676',
      'BFR06:373', 'BFR07:373', 'BFR08:373', 'BFR09:373',
      'BFR10:367', 'BFR11:324', 'BFR12:783', 'BFR13:306',
    ]);
    expect(s830.segments['BFR']?.elements.filter((e) => e.usage === 'M').map((e) => e.ref)).toEqual(['BFR01', 'BFR04', 'BFR05', 'BFR06', 'BFR08']);
    expect(s830.segments['BFR']?.syntax).toEqual([{ kind: 'R', positions: [2, 3] }]);
  });

  it('defines FST with four mandatory elements and checks the forecast and timing qualifiers', () => {
    const fst = s830.segments['FST']?.elements ?? [];
    expect(fst.filter((e) => e.usage === 'M').map((e) => e.ref)).toEqual(['FST01', 'FST02', 'FST03', 'FST04']);
    expect(fst[1]).toMatchObject({ id: '680', checkCodes: true });
    expect(fst[2]).toMatchObject({ id: '681', checkCodes: true });
    expect(s830.elements['680']?.codes).toEqual(expect.arrayContaining(['C', 'D', 'Z']));
    expect(s830.elements['681']?.codes).toEqual(expect.arrayContaining(['D', 'W', 'F', 'M']));
  });

  it('expands LIN into 31 elements with LIN02/LIN03 mandatory and its qualifier codes checked', () => {
    const lin = s830.segments['LIN']?.elements ?? [];
    expect(lin).toHaveLength(31);
    expect(lin.filter((e) => e.usage === 'M').map((e) => e.ref)).toEqual(['LIN02', 'LIN03']);
    expect(lin.filter((e) => e.checkCodes).map((e) => e.ref)).toEqual(lin.filter((_, i) => i % 2 === 1).map((e) => e.ref));
    expect(s830.segments['LIN']?.syntax[0]).toEqual({ kind: 'P', positions: [4, 5] });
  });

  it('defines ATH with its R0203 note', () => {
    expect(refs(s830, 'ATH')).toEqual(['ATH01:672', 'ATH02:373', 'ATH03:380', 'ATH04:380', 'ATH05:373']);
    expect(s830.segments['ATH']?.syntax).toEqual([
      { kind: 'R', positions: [2, 3] },
      { kind: 'C', positions: [3, 5] },
      { kind: 'C', positions: [4, 5] },
    ]);
  });
});

describe('860 and 865 change sets (004010)', () => {
  it('860 requires BCH and has an optional unbounded POC loop', () => {
    const s860 = set('860');
    expect(s860.functionalGroup).toBe('PC');
    expect(node(s860.structure, ['BCH'], 'segment').usage).toBe('M');
    expect(node(s860.structure, ['POC'], 'loop')).toMatchObject({ usage: 'O', max: null, area: 2 });
    expect(s860.segments['POC']?.elements[1]).toMatchObject({ ref: 'POC02', id: '670', usage: 'M', checkCodes: true });
    expect(s860.segments['POC']?.elements[4]).toMatchObject({ ref: 'POC05', id: 'C001', composite: true });
    expect(s860.segments['POC']?.syntax[0]).toEqual({ kind: 'C', positions: [3, 4, 5] });
    expect(s860.elements['670']?.codes).toEqual(expect.arrayContaining(['AI', 'CA', 'DI', 'PC', 'QD', 'QI']));
  });

  it('865 requires BCA with BCA01 and BCA02 checked', () => {
    const s865 = set('865');
    expect(s865.functionalGroup).toBe('CA');
    expect(node(s865.structure, ['BCA'], 'segment').usage).toBe('M');
    expect(s865.segments['BCA']?.elements.slice(0, 2).map((e) => [e.ref, e.checkCodes])).toEqual([
      ['BCA01', true],
      ['BCA02', true],
    ]);
  });
});

describe('997 Functional Acknowledgment (004010)', () => {
  const s997 = set('997');

  it('is ST, AK1, the AK2 loop, AK9, SE, all in one area', () => {
    expect(s997.functionalGroup).toBe('FA');
    expect(s997.structure.map((n) => `${n.kind}:${n.id}:${n.usage}`)).toEqual([
      'segment:ST:M',
      'segment:AK1:M',
      'loop:AK2:O',
      'segment:AK9:M',
      'segment:SE:M',
    ]);
    expect(s997.structure.every((n) => n.area === 1)).toBe(true);
  });

  it('nests the AK3 loop (with AK4 max 99) inside the AK2 loop before a mandatory AK5', () => {
    const ak2 = node(s997.structure, ['AK2'], 'loop');
    expect(ak2.max).toBe(999999);
    expect(ak2.children.map((c) => `${c.kind}:${c.id}`)).toEqual(['segment:AK2', 'loop:AK3', 'segment:AK5']);
    expect(node(s997.structure, ['AK2', 'AK3', 'AK4'], 'segment').max).toBe(99);
    expect(node(s997.structure, ['AK2', 'AK5'], 'segment').usage).toBe('M');
  });

  it('defines AK4 with the C030 composite and AK403 mandatory', () => {
    expect(refs(s997, 'AK4')).toEqual(['AK401:C030', 'AK402:725', 'AK403:723', 'AK404:724']);
    expect(s997.composites['C030']?.components.map((c) => c.ref)).toEqual(['C03001', 'C03002']);
  });

  it('expands AK502–AK506 and AK905–AK909 from repeated elements', () => {
    expect(refs(s997, 'AK5')).toEqual(['AK501:717', 'AK502:718', 'AK503:718', 'AK504:718', 'AK505:718', 'AK506:718']);
    expect(s997.segments['AK9']?.elements).toHaveLength(9);
  });

  it('has the 004010 error code lists', () => {
    expect(s997.elements['720']?.codes).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(s997.elements['723']?.codes).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(s997.elements['715']?.codes).toEqual(['A', 'E', 'M', 'P', 'R', 'W', 'X']);
  });

  it('expands the ST01 code ranges (104:110) into single codes', () => {
    expect(s997.elements['143']?.codes).toEqual(expect.arrayContaining(['104', '105', '110', '850', '997']));
    expect(s997.elements['143']?.codes?.some((c) => c.includes(':'))).toBe(false);
  });
});
