/**
 * Hand-written schema fixture for the validator tests: a cut-down 850 with the same shapes as the
 * generated one (header/detail/summary areas, nested loops, a composite, every syntax-note kind).
 * Max uses are smaller than the real set's so limits are cheap to exceed.
 */
import type {
  CompositeDef,
  ElementDef,
  ElementRef,
  SegmentDef,
  StructureNode,
  SyntaxNote,
  TransactionSetSchema,
} from '#schemas/x12/schema-types.ts';
import type { Delimiters, Segment } from '#domain/x12/types.ts';

export const DELIMITERS: Delimiters = { element: '*', component: '>', segment: '~' };
export const DELIMITERS_5010: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' };

function el(ref: string, id: string, usage: 'M' | 'O' = 'O', extra: Partial<ElementRef> = {}): ElementRef {
  return { ref, id, usage, repeat: 1, ...extra };
}

function note(spec: string): SyntaxNote {
  const kind = spec[0] as SyntaxNote['kind'];
  const positions: number[] = [];
  for (let i = 1; i < spec.length; i += 2) positions.push(Number(spec.slice(i, i + 2)));
  return { kind, positions };
}

function segDef(id: string, elements: ElementRef[], syntax: string[] = []): SegmentDef {
  return { id, elements, syntax: syntax.map(note) };
}

const s = (id: string, usage: 'M' | 'O', max: number | null, area: number): StructureNode => ({ kind: 'segment', id, usage, max, area });
const loop = (id: string, usage: 'M' | 'O', max: number | null, area: number, children: StructureNode[]): StructureNode => ({
  kind: 'loop',
  id,
  usage,
  max,
  area,
  children,
});

const elements: Record<string, ElementDef> = {
  '143': { id: '143', type: 'ID', min: 3, max: 3, codes: ['850'] },
  '329': { id: '329', type: 'AN', min: 4, max: 9 },
  '96': { id: '96', type: 'N0', min: 1, max: 10 },
  '353': { id: '353', type: 'ID', min: 2, max: 2, codes: ['00', '01', '05'] },
  '92': { id: '92', type: 'ID', min: 2, max: 2, codes: ['SA', 'DS', 'RL'] },
  '324': { id: '324', type: 'AN', min: 1, max: 22 },
  '328': { id: '328', type: 'AN', min: 1, max: 30 },
  '373': { id: '373', type: 'DT', min: 8, max: 8 },
  '98': { id: '98', type: 'ID', min: 2, max: 3, codes: ['BY', 'ST', 'BT', 'SE'] },
  '100': { id: '100', type: 'ID', min: 3, max: 3 },
  '128': { id: '128', type: 'ID', min: 2, max: 3, codes: ['IA', 'DP', 'VN', 'ZZ'] },
  '127': { id: '127', type: 'AN', min: 1, max: 30 },
  '352': { id: '352', type: 'AN', min: 1, max: 80 },
  '366': { id: '366', type: 'ID', min: 2, max: 2, codes: ['BD', 'IC'] },
  '93': { id: '93', type: 'AN', min: 1, max: 60 },
  '365': { id: '365', type: 'ID', min: 2, max: 2, codes: ['TE', 'EM'] },
  '364': { id: '364', type: 'AN', min: 1, max: 80 },
  '374': { id: '374', type: 'ID', min: 3, max: 3, codes: ['002', '010'] },
  '337': { id: '337', type: 'TM', min: 4, max: 8 },
  '623': { id: '623', type: 'ID', min: 2, max: 2, codes: ['ET', 'UT'] },
  '66': { id: '66', type: 'ID', min: 1, max: 2, codes: ['1', '9', '92'] },
  '67': { id: '67', type: 'AN', min: 2, max: 80 },
  '166': { id: '166', type: 'AN', min: 1, max: 55 },
  '19': { id: '19', type: 'AN', min: 2, max: 30 },
  '156': { id: '156', type: 'ID', min: 2, max: 2 },
  '116': { id: '116', type: 'ID', min: 3, max: 15 },
  '350': { id: '350', type: 'AN', min: 1, max: 20 },
  '330': { id: '330', type: 'R', min: 1, max: 15 },
  '355': { id: '355', type: 'ID', min: 2, max: 2, codes: ['EA', 'CA', 'DZ', 'LB'] },
  '212': { id: '212', type: 'R', min: 1, max: 17 },
  '639': { id: '639', type: 'ID', min: 2, max: 2, codes: ['PE', 'CP'] },
  '235': { id: '235', type: 'ID', min: 2, max: 2, codes: ['BP', 'VP', 'UP'] },
  '234': { id: '234', type: 'AN', min: 1, max: 48 },
  '349': { id: '349', type: 'ID', min: 1, max: 1, codes: ['F', 'S'] },
  '750': { id: '750', type: 'ID', min: 2, max: 3 },
  '737': { id: '737', type: 'ID', min: 2, max: 2 },
  '738': { id: '738', type: 'ID', min: 1, max: 3 },
  '739': { id: '739', type: 'R', min: 1, max: 20 },
  '740': { id: '740', type: 'R', min: 1, max: 20 },
  '741': { id: '741', type: 'R', min: 1, max: 20 },
  '935': { id: '935', type: 'ID', min: 1, max: 2 },
  '936': { id: '936', type: 'ID', min: 2, max: 2 },
  '1018': { id: '1018', type: 'R', min: 1, max: 15 },
  '649': { id: '649', type: 'R', min: 1, max: 10 },
  '662': { id: '662', type: 'ID', min: 1, max: 1, codes: ['I', 'O'] },
  '380': { id: '380', type: 'R', min: 1, max: 15 },
  '354': { id: '354', type: 'N0', min: 1, max: 6 },
  '347': { id: '347', type: 'R', min: 1, max: 10 },
  '522': { id: '522', type: 'ID', min: 1, max: 3 },
  '782': { id: '782', type: 'R', min: 1, max: 18 },
  '371': { id: '371', type: 'ID', min: 2, max: 2 },
  '372': { id: '372', type: 'AN', min: 1, max: 25 },
};

const composites: Record<string, CompositeDef> = {
  C001: {
    id: 'C001',
    syntax: [],
    components: [
      el('C00101', '355', 'M', { checkCodes: true }),
      el('C00102', '1018'),
      el('C00103', '649'),
      el('C00104', '355'),
      el('C00105', '1018'),
      el('C00106', '649'),
    ],
  },
  C040: {
    id: 'C040',
    syntax: [note('P0304')],
    components: [el('C04001', '128', 'M', { checkCodes: true }), el('C04002', '127', 'M'), el('C04003', '128'), el('C04004', '127')],
  },
};

const segments: Record<string, SegmentDef> = {
  ST: segDef('ST', [el('ST01', '143', 'M', { checkCodes: true }), el('ST02', '329', 'M')]),
  BEG: segDef('BEG', [
    el('BEG01', '353', 'M', { checkCodes: true }),
    el('BEG02', '92', 'M', { checkCodes: true }),
    el('BEG03', '324', 'M'),
    el('BEG04', '328'),
    el('BEG05', '373', 'M'),
  ]),
  CUR: segDef('CUR', [el('CUR01', '98', 'M'), el('CUR02', '100', 'M')]),
  REF: segDef('REF', [el('REF01', '128', 'M', { checkCodes: true }), el('REF02', '127'), el('REF03', '352'), el('REF04', 'C040', 'O', { composite: true })], [
    'R0203',
  ]),
  PER: segDef('PER', [el('PER01', '366', 'M'), el('PER02', '93'), el('PER03', '365'), el('PER04', '364')], ['P0304']),
  DTM: segDef('DTM', [el('DTM01', '374', 'M'), el('DTM02', '373'), el('DTM03', '337'), el('DTM04', '623')], ['R0203', 'C0403']),
  N1: segDef('N1', [el('N101', '98', 'M'), el('N102', '93'), el('N103', '66'), el('N104', '67')], ['R0203', 'P0304']),
  N2: segDef('N2', [el('N201', '93', 'M'), el('N202', '93')]),
  N3: segDef('N3', [el('N301', '166', 'M'), el('N302', '166')]),
  N4: segDef('N4', [el('N401', '19'), el('N402', '156'), el('N403', '116')]),
  PO1: segDef(
    'PO1',
    [
      el('PO101', '350'),
      el('PO102', '330'),
      el('PO103', '355', 'O', { checkCodes: true }),
      el('PO104', '212'),
      el('PO105', '639'),
      el('PO106', '235'),
      el('PO107', '234'),
    ],
    ['C0302', 'P0607'],
  ),
  PID: segDef('PID', [el('PID01', '349', 'M', { checkCodes: true }), el('PID02', '750'), el('PID03', '559'), el('PID04', '751'), el('PID05', '352')], [
    'C0403',
    'R0405',
  ]),
  MEA: segDef(
    'MEA',
    [
      el('MEA01', '737'),
      el('MEA02', '738'),
      el('MEA03', '739'),
      el('MEA04', 'C001', 'O', { composite: true }),
      el('MEA05', '740'),
      el('MEA06', '741'),
      el('MEA07', '935'),
      el('MEA08', '936'),
    ],
    ['R03050608', 'C0504', 'L07030506', 'E0803'],
  ),
  LM: segDef('LM', [el('LM01', '559', 'M')]),
  LQ: segDef('LQ', [el('LQ01', '1270'), el('LQ02', '1271')]),
  SLN: segDef(
    'SLN',
    [el('SLN01', '350', 'M'), el('SLN02', '350'), el('SLN03', '662', 'M', { checkCodes: true }), el('SLN04', '380'), el('SLN05', 'C001', 'O', { composite: true }), el('SLN06', '212')],
    ['P0405'],
  ),
  CTT: segDef('CTT', [el('CTT01', '354', 'M'), el('CTT02', '347')]),
  AMT: segDef('AMT', [el('AMT01', '522', 'M'), el('AMT02', '782', 'M')]),
  SE: segDef('SE', [el('SE01', '96', 'M'), el('SE02', '329', 'M')]),
};
elements['559'] = { id: '559', type: 'ID', min: 2, max: 2 };
elements['751'] = { id: '751', type: 'AN', min: 1, max: 12 };
elements['1270'] = { id: '1270', type: 'ID', min: 1, max: 3 };
elements['1271'] = { id: '1271', type: 'AN', min: 1, max: 30 };

/**
 * ST BEG CUR REF* PER(3) DTM(10) {N1(3) N2 N3(2) N4} ─ detail ─ {PO1(3, mandatory) DTM(2)
 * {PID(5) MEA(2)} {LM LQ(mandatory)} {SLN(4) {N1 N3}}} ─ summary ─ {CTT AMT} SE
 */
export const MINI_850: TransactionSetSchema = {
  id: '850',
  version: '004010',
  functionalGroup: 'PO',
  name: 'Purchase Order (test fixture)',
  structure: [
    s('ST', 'M', 1, 1),
    s('BEG', 'M', 1, 1),
    s('CUR', 'O', 1, 1),
    s('REF', 'O', null, 1),
    s('PER', 'O', 3, 1),
    s('DTM', 'O', 10, 1),
    loop('N1', 'O', 3, 1, [s('N1', 'O', 1, 1), s('N2', 'O', 2, 1), s('N3', 'O', 2, 1), s('N4', 'O', 1, 1)]),
    loop('PO1', 'M', 3, 2, [
      s('PO1', 'M', 1, 2),
      s('DTM', 'O', 2, 2),
      loop('PID', 'O', 5, 2, [s('PID', 'O', 1, 2), s('MEA', 'O', 2, 2)]),
      loop('LM', 'O', null, 2, [s('LM', 'O', 1, 2), s('LQ', 'M', null, 2)]),
      loop('SLN', 'O', 4, 2, [s('SLN', 'O', 1, 2), loop('N1', 'O', 2, 2, [s('N1', 'O', 1, 2), s('N3', 'O', 2, 2)])]),
    ]),
    loop('CTT', 'O', 1, 3, [s('CTT', 'O', 1, 3), s('AMT', 'O', 1, 3)]),
    s('SE', 'M', 1, 3),
  ],
  segments,
  composites,
  elements,
};

/** The same set read as 005010 with REF04 (C040) repeating up to 2 times and N1 N102 up to 3. */
export const MINI_850_5010: TransactionSetSchema = {
  ...MINI_850,
  version: '005010',
  segments: {
    ...segments,
    REF: { ...segments.REF!, elements: segments.REF!.elements.map((e) => (e.ref === 'REF04' ? { ...e, repeat: 2 } : e)) },
    N1: { ...segments.N1!, elements: segments.N1!.elements.map((e) => (e.ref === 'N102' ? { ...e, repeat: 3 } : e)) },
  },
};

/** Parses `'PO1*1*25*EA'` (element separator `*`) into a Segment. */
export function seg(text: string, element = '*'): Segment {
  const parts = text.split(element);
  return { tag: parts[0]!, elements: parts.slice(1) };
}

/** A transaction set from its body lines: ST and SE (with the right count) are added around them. */
export function set(...body: string[]): Segment[] {
  return [seg('ST*850*0001'), ...body.map((b) => seg(b)), seg(`SE*${body.length + 2}*0001`)];
}

/** A valid body to start from: one header, one line, totals. */
export const VALID_BODY = ['BEG*00*SA*PO-1**20240131', 'PO1*1*10*EA*2.5*PE*VP*ABC-1', 'CTT*1'];
