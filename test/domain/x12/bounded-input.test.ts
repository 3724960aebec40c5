/**
 * Bounded input (README, "The X12 engine", bounds): linear time for a segment without terminator,
 * bounded memory per segment, per set and in diagnostics, HL trees of any depth without a stack
 * overflow, and the values the writer would refuse refused or flagged at reading.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { X12Tokenizer, MAX_SEGMENT_CHARS } from '#domain/x12/tokenizer.ts';
import { MAX_SET_SEGMENTS } from '#domain/x12/envelope.ts';
import { MAX_HL_DEPTH } from '#domain/x12/validate/hierarchy.ts';
import { MAX_SET_FINDINGS } from '#domain/x12/validate/report.ts';
import { translateStream, translateText } from '#domain/x12/translate.ts';
import type { Diagnostic, Segment } from '#domain/x12/types.ts';
import type { DocumentResult } from '#domain/x12/translation-types.ts';
import { sample850 } from '../../support/edi-samples.ts';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261123*0617*U*00401*000000001*0*P*>~';
const GS = (id: string) => `GS*${id}*SENDER*RECEIVER*20261123*0617*1*X*004010~`;
const TRAILER = 'GE*1*1~IEA*1*000000001~';

/** One transaction set in its envelope; SE01 counted. */
function interchange(functionalId: string, setId: string, body: string[]): string {
  const segments = [`ST*${setId}*0001`, ...body];
  return `${ISA}${GS(functionalId)}${segments.join('~')}~SE*${segments.length + 1}*0001~${TRAILER}`;
}

function shipNotice(hls: string[]): string {
  return interchange('SH', '856', ['BSN*00*SHIP-1*20261123*0617', ...hls, `CTT*${hls.length}`]);
}

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.segmentId ?? ''}${d.elementPosition ?? ''}`);

describe('a segment without terminator', () => {
  it('is read in linear time and cut at the maximum length, the rest skipped to its terminator', () => {
    const segments: Segment[] = [];
    const diagnostics: Diagnostic[] = [];
    const tokenizer = new X12Tokenizer({ interchange: () => undefined, segment: (s) => segments.push(s), diagnostic: (d) => diagnostics.push(d) });
    tokenizer.push(`${ISA}GS*PO*A*B*20261123*0617*1*X*004010~NTE*GEN*`);
    // 64 MB in 64 KB chunks: before, every chunk re-joined and re-searched the whole open segment
    // (quadratic: minutes); now each character is handled once.
    const chunk = 'A'.repeat(1 << 16);
    for (let i = 0; i < 1024; i++) tokenizer.push(chunk);
    tokenizer.push('~GE*1*1~IEA*1*000000001~');
    tokenizer.end();
    expect(segments.map((s) => s.tag)).toEqual(['GS', 'NTE', 'GE', 'IEA']);
    expect(segments[1]!.elements[1]!.length).toBe(MAX_SEGMENT_CHARS - 'NTE*GEN*'.length);
    expect(codes(diagnostics)).toEqual(['error AK4-5 NTE2']);
  }, 20_000);

  it('at the end of the input is read up to the maximum, with its diagnostics', () => {
    const segments: Segment[] = [];
    const diagnostics: Diagnostic[] = [];
    const tokenizer = new X12Tokenizer({ interchange: () => undefined, segment: (s) => segments.push(s), diagnostic: (d) => diagnostics.push(d) }, { maxSegmentChars: 1 << 17 });
    tokenizer.push(`${ISA}GS*PO*A*B*20261123*0617*1*X*004010~NTE*GEN*`);
    for (let i = 0; i < 8; i++) tokenizer.push('B'.repeat(1 << 16));
    tokenizer.end();
    expect(segments.map((s) => s.tag)).toEqual(['GS', 'NTE']);
    expect(diagnostics.map((d) => d.code)).toContain('AK4-5');
  });
});

describe('one set of very many segments', () => {
  it('is refused once it passes the segment limit, its findings capped, without running out of memory', async () => {
    const nte = 'NTE*GEN*X~';
    async function* source() {
      yield `${ISA}${GS('PO')}ST*850*0001~BEG*00*SA*PO-1**20261123~`;
      const block = nte.repeat(10_000);
      for (let i = 0; i < (MAX_SET_SEGMENTS + 50_000) / 10_000; i++) yield block;
      yield `SE*${MAX_SET_SEGMENTS + 50_003}*0001~${TRAILER}`;
    }
    const documents: DocumentResult[] = [];
    const result = await translateStream(source(), (d) => {
      documents.push(d);
    });
    expect(documents).toHaveLength(1);
    const document = documents[0]!;
    expect(document.accepted).toBe(false);
    expect(document.segmentCount).toBeLessThanOrEqual(MAX_SET_SEGMENTS + 1);
    expect(document.diagnostics.length).toBeLessThanOrEqual(MAX_SET_FINDINGS + 5);
    expect(document.diagnostics.some((d) => d.code === 'AK5-5' && /more than 250000 segments/.test(d.message))).toBe(true);
    // SE01 counts every segment, those only counted too.
    expect(document.diagnostics.some((d) => d.code === 'AK5-4')).toBe(false);
    expect(result.diagnosticCounts.errors).toBeGreaterThan(0);
  }, 60_000);
});

describe('diagnostics of a streamed file', () => {
  it('are counted, all of them, and kept up to the limit', async () => {
    // Each set carries a warning (a unit of measure longer than its 2 characters).
    const sets = Array.from({ length: 50 }, (_, i) => sample850(`PO-${i}`, { isa13: String(100 + i).padStart(9, '0') }).replace('PO1*1*10*EA', 'PO1*1*10*EACH'));
    const result = await translateStream(Readable.from(sets), () => undefined, undefined, { keepDiagnostics: 10 });
    expect(result.diagnostics).toHaveLength(10);
    expect(result.diagnosticCounts).toEqual({ errors: 0, warnings: 50, omitted: 40 });
  });
});

describe('interchanges of a streamed file', () => {
  it('are kept up to the limit and the rest counted; each group still gets its 997', async () => {
    const text = Array.from({ length: 5 }, (_, i) => sample850(`PO-${i}`, { isa13: String(101 + i).padStart(9, '0') })).join('');
    const groups: string[] = [];
    const result = await translateStream(Readable.from([text]), () => undefined, (g, ix) => void groups.push(`${ix.controlNumber}/${g.acknowledgment.status}`), { keepInterchanges: 2 });
    expect(result.interchanges.map((i) => i.controlNumber)).toEqual(['000000101', '000000102']);
    expect(result.omittedInterchanges).toBe(3);
    expect(groups).toEqual(['000000101/A', '000000102/A', '000000103/A', '000000104/A', '000000105/A']);
    const all = await translateStream(Readable.from([text]), () => undefined);
    expect(all.interchanges).toHaveLength(5);
    expect(all.omittedInterchanges).toBeUndefined();
  });

  it('a group keeps for its 997 only the X12-coded findings of its sets: warnings reach the document, not the 997', () => {
    const text = sample850('PO-1', {}, 3).replace('PO1*2*20*', 'PO1*1*20*').replace('PO1*3*30*', 'PO1*3*123456789012345678901*');
    const result = translateText(text);
    expect(result.documents[0]!.diagnostics.map((d) => d.code)).toEqual(['W-line-number', 'AK4-5']);
    const [set] = result.interchanges[0]!.groups[0]!.acknowledgment.sets;
    expect(set?.segmentErrors.map((e) => [e.segmentId, e.position, e.elementErrors.map((x) => x.code)])).toEqual([['PO1', 7, ['5']]]);
  });
});

describe('HL trees', () => {
  it('of depth 3,000 are refused with one diagnostic and never overflow the stack', () => {
    const hls = Array.from({ length: 3000 }, (_, i) => (i === 0 ? 'HL*1**S' : `HL*${i + 1}*${i}*I`));
    const result = translateText(shipNotice(hls));
    const document = result.documents[0]!;
    expect(document.accepted).toBe(false);
    expect(codes(document.diagnostics)).toEqual(['error AK4-7 HL2']);
    expect(document.diagnostics[0]!.segmentPosition).toBe(3 + MAX_HL_DEPTH);
    // Every consumer of the document is recursive: JSON here, zod and DynamoDB marshalling later.
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it('of ordinary depth are read as a tree', () => {
    const result = translateText(shipNotice(['HL*1**S', 'HL*2*1*O', 'HL*3*2*P', 'HL*4*3*I', 'HL*5*2*P']));
    const document = result.documents[0]!;
    expect(document.accepted).toBe(true);
    expect(codes(document.diagnostics)).toEqual([]);
  });

  it('refuse a self-parent, a cycle (parent after child) and a duplicate id', () => {
    const self = translateText(shipNotice(['HL*1**S', 'HL*2*2*O'])).documents[0]!;
    expect(codes(self.diagnostics)).toEqual(['error AK4-7 HL2']);
    const cycle = translateText(shipNotice(['HL*1*2*S', 'HL*2*1*O'])).documents[0]!;
    expect(codes(cycle.diagnostics)).toEqual(['error AK4-7 HL2']);
    expect(cycle.diagnostics[0]!.message).toMatch(/no earlier HL01/);
    const duplicate = translateText(shipNotice(['HL*1**S', 'HL*2*1*O', 'HL*2*1*I'])).documents[0]!;
    expect(codes(duplicate.diagnostics)).toEqual(['error AK4-7 HL1']);
  });
});

describe('values the writer would refuse', () => {
  const read = (edit: (text: string) => string) => translateText(edit(sample850('PO-1'))).documents[0]!;

  it('refuses a PO number longer than BEG03 allows (22), as it would be echoed in the 855', () => {
    const document = read((t) => t.replace('BEG*00*SA*PO-1*', `BEG*00*SA*${'P'.repeat(23)}*`));
    expect(document.accepted).toBe(false);
    expect(codes(document.diagnostics)).toEqual(['error AK4-5 BEG3']);
  });

  it('refuses a 20-digit quantity (it reads as 1e20)', () => {
    const document = read((t) => t.replace('PO1*1*10*', 'PO1*1*12345678901234567890*'));
    expect(codes(document.diagnostics)).toEqual(['error AK4-5 PO12']);
  });

  it('refuses a date too short to be one', () => {
    const document = read((t) => t.replace('DTM*002*20250301', 'DTM*002*202503'));
    expect(codes(document.diagnostics)).toEqual(['error AK4-4 DTM2']);
  });

  it('refuses NUL and other control characters in an AN element', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f']) {
      const document = read((t) => t.replace('N1*ST*ACME PLANT 1', `N1*ST*ACME${c}PLANT 1`));
      expect(codes(document.diagnostics)).toEqual(['error AK4-6 N12']);
    }
  });

  it('flags a zero or negative quantity ordered (real partners send zero-quantity lines; the planning checks hold it)', () => {
    for (const q of ['0', '-5']) {
      const document = read((t) => t.replace('PO1*1*10*', `PO1*1*${q}*`));
      expect(document.accepted).toBe(true);
      expect(codes(document.diagnostics)).toEqual(['warning W-quantity PO12']);
    }
  });

  it('flags a PO101 line number sent twice, at the repeating PO1, naming the earlier one', () => {
    const document = translateText(sample850('PO-1', {}, 3).replace('PO1*2*20*', 'PO1*1*20*')).documents[0]!;
    expect(document.accepted).toBe(true);
    expect(document.diagnostics.map((d) => [d.severity, d.code, d.segmentPosition, d.segmentId, d.elementPosition, d.value])).toEqual([['warning', 'W-line-number', 6, 'PO1', 1, '1']]);
    expect(document.diagnostics[0]!.message).toMatch(/segment 5/);
  });

  it('keeps length findings warnings in releases read with another dictionary (YYMMDD dates of 003040)', () => {
    const document = read((t) => t.replace('*X*004010~', '*X*003040~').replace('DTM*002*20250301', 'DTM*002*250301'));
    expect(document.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
