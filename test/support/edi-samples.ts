/** Small X12 files for handler and integration tests, built with the sender ids of a test partner. */

export interface SampleIds {
  senderQualifier?: string;
  senderId?: string;
  gsSender?: string;
  isa13?: string;
}

function isa(ids: SampleIds, functionalId: string, body: string[]): string {
  const q = ids.senderQualifier ?? 'ZZ';
  const id = (ids.senderId ?? 'ACMEBUYER').padEnd(15, ' ');
  const isa13 = ids.isa13 ?? '000000101';
  const gs = ids.gsSender ?? 'ACMEBUYER';
  const segs = [
    `ISA*00*          *00*          *${q}*${id}*ZZ*OURSUPPLIER    *250101*1200*U*00401*${isa13}*0*T*>`,
    `GS*${functionalId}*${gs}*OURSUPPLIER*20250101*1200*${Number(isa13)}*X*004010`,
    ...body,
    `GE*1*${Number(isa13)}`,
    `IEA*1*${isa13}`,
  ];
  return segs.join('~\n') + '~\n';
}

function set(id: string, control: string, segments: string[]): string[] {
  return [`ST*${id}*${control}`, ...segments, `SE*${segments.length + 2}*${control}`];
}

export function sample850(po: string, ids: SampleIds = {}, lines = 2): string {
  const body = [
    `BEG*00*SA*${po}**20250101`,
    'DTM*002*20250301',
    'N1*ST*ACME PLANT 1*92*PLANT1',
    ...Array.from({ length: lines }, (_, i) => `PO1*${i + 1}*${(i + 1) * 10}*EA*2.5**VP*ITEM-${i + 1}`),
    `CTT*${lines}`,
  ];
  return isa(ids, 'PO', set('850', '0001', body));
}

export function sample860(po: string, ids: SampleIds = {}, changes: string[] = ['POC*1*QI*25*15*EA*2.5**VP*ITEM-1']): string {
  const body = [`BCH*04*SA*${po}***20250101`, ...changes, `CTT*${changes.length}`];
  return isa(ids, 'PC', set('860', '0001', body));
}

export function sample830(ids: SampleIds = {}): string {
  const body = [
    'BFR*05*REL-1**DL*A*20250106*20250202*20250101',
    'N1*ST*ACME PLANT 1*92*PLANT1',
    'LIN**VP*ITEM-1',
    'UIT*EA',
    'FST*100*D*W*20250106',
    'FST*120*D*W*20250113',
    'CTT*1',
  ];
  return isa(ids, 'PS', set('830', '0001', body));
}

/** A 005010 850 (ISA12 00501, GS08 005010) from the test partner; `lines` replaces its PO1s. */
export function sample850v5(po: string, lines = ['PO1*1*10*EA*2.5**VP*ITEM-1', 'PO1*2*20*EA*2.5**VP*ITEM-2'], ge01 = 1): string {
  const body = [`BEG*00*SA*${po}**20250101`, 'N1*ST*PLANT*92*P1', ...lines, `CTT*${lines.length}`];
  return [
    'ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*OURSUPPLIER    *250101*1200*^*00501*000000501*0*T*>',
    'GS*PO*ACMEBUYER*OURSUPPLIER*20250101*1200*501*X*005010',
    ...set('850', '0001', body),
    `GE*${ge01}*501`,
    'IEA*1*000000501',
    '',
  ].join('~');
}
