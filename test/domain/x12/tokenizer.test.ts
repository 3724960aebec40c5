import { describe, expect, it } from 'vitest';
import { X12Tokenizer, type TokenSink } from '../../../functions/domain/x12/tokenizer.ts';
import { NotX12Error, type Delimiters, type Diagnostic, type Segment } from '../../../functions/domain/x12/types.ts';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261123*0617*U*00401*000000001*0*P*>~';

function tokenize(chunks: string[]): { interchanges: { isa: Segment; delimiters: Delimiters }[]; segments: Segment[]; diagnostics: Diagnostic[] } {
  const out = { interchanges: [] as { isa: Segment; delimiters: Delimiters }[], segments: [] as Segment[], diagnostics: [] as Diagnostic[] };
  const sink: TokenSink = {
    interchange: (isa, delimiters) => out.interchanges.push({ isa, delimiters }),
    segment: (s) => out.segments.push(s),
    diagnostic: (d) => out.diagnostics.push(d),
  };
  const tokenizer = new X12Tokenizer(sink);
  for (const c of chunks) tokenizer.push(c);
  tokenizer.end();
  return out;
}

const tags = (segments: Segment[]) => segments.map((s) => s.tag).join(' ');

describe('X12Tokenizer', () => {
  it('reads the delimiters from the ISA: element 4th char, ISA16 component, terminator after it', () => {
    // Prepare
    const text = `${ISA}GS*PO*A*B*20261123*0617*1*X*004010~IEA*1*000000001~`;
    // Act
    const { interchanges, segments } = tokenize([text]);
    // Assess
    expect(interchanges[0]!.delimiters).toEqual({ element: '*', component: '>', segment: '~' });
    expect(interchanges[0]!.isa.elements).toHaveLength(16);
    expect(interchanges[0]!.isa.elements[12]).toBe('000000001');
    expect(tags(segments)).toBe('GS IEA');
  });

  it('takes ISA11 as the repetition separator from version 00402 on, but not before', () => {
    const v5 = ISA.replace('*U*00401*', '*^*00501*');
    expect(tokenize([`${v5}IEA*0*000000001~`]).interchanges[0]!.delimiters.repetition).toBe('^');
    expect(tokenize([`${ISA}IEA*0*000000001~`]).interchanges[0]!.delimiters.repetition).toBeUndefined();
  });

  it('skips a UTF-8 byte-order mark and leading whitespace before the ISA', () => {
    const { segments, interchanges } = tokenize([`\uFEFF \r\n\t${ISA}\r\nIEA*0*000000001~`]);
    expect(interchanges).toHaveLength(1);
    expect(tags(segments)).toBe('IEA');
  });

  it('reads an unpadded ISA by counting separators rather than by fixed offsets', () => {
    const unpadded = 'ISA*00* *00* *ZZ*ARIBAEDI*ZZ*SUPPLIER*261123*0617*U*00401*000000001*0*P*:~';
    const { interchanges } = tokenize([`${unpadded}IEA*0*000000001~`]);
    expect(interchanges[0]!.delimiters).toEqual({ element: '*', component: ':', segment: '~' });
    expect(interchanges[0]!.isa.elements[5]).toBe('ARIBAEDI');
  });

  it('ignores CR/LF inside hard-wrapped segments, including inside the ISA itself', () => {
    const wrapped = `${ISA.slice(0, 80)}\n${ISA.slice(80)}GS*PO*A*B*2026\r\n1123*0617*1*X*004010~IEA*1*000000001~`;
    const { segments } = tokenize([wrapped]);
    expect(segments[0]!.elements[3]).toBe('20261123');
  });

  it('reads line breaks as the terminator when none follows ISA16, and says so', () => {
    const text = `${ISA.slice(0, -1)}\nGS*PO*A*B*20261123*0617*1*X*004010\r\nST*850*0001\n\nSE*2*0001\nGE*1*1\nIEA*1*000000001\n`;
    const { interchanges, segments, diagnostics } = tokenize([text]);
    expect(interchanges[0]!.delimiters.segment).toBe('\n');
    expect(tags(segments)).toBe('GS ST SE GE IEA');
    expect(diagnostics.some((d) => d.code === 'W-terminator' && d.severity === 'warning')).toBe(true);
  });

  it('reads a space before the line break as "line breaks terminate", keeping spaces inside values', () => {
    const text = `${ISA.slice(0, -1)} \r\n  GS*PO*A*B*20261123*0617*1*X*004010 \r\n  N1*BY*SOLD TO Org Name \r\nIEA*1*000000001 \r\n`;
    const { segments } = tokenize([text]);
    expect(segments[1]!.elements).toEqual(['BY', 'SOLD TO Org Name']);
  });

  it('reads a missing ISA16 as the terminator and reports TA1-027', () => {
    const text = `${ISA.slice(0, -2)}~\nGS*PO*A*B*20261123*0617*1*X*004010~\nIEA*1*000000001~`;
    const { interchanges, diagnostics } = tokenize([text]);
    expect(interchanges[0]!.delimiters.segment).toBe('~');
    expect(interchanges[0]!.delimiters.component).not.toBe('~');
    expect(diagnostics.find((d) => d.code === 'TA1-027')?.severity).toBe('error');
  });

  it('splits a segment whose terminator was dropped before a line break in a line-per-segment file', () => {
    const text = `${ISA}\r\nGS*PO*A*B*20261123*0617*1*X*004010~\r\nN1*BY*ACME\r\nN3*1 MAIN ST~\r\nIEA*1*000000001~`;
    const { segments, diagnostics } = tokenize([text]);
    expect(tags(segments)).toBe('GS N1 N3 IEA');
    expect(diagnostics.some((d) => d.code === 'W-terminator' && d.message.includes('N1'))).toBe(true);
  });

  it('gives each of several interchanges in one file its own delimiters', () => {
    const second = ISA.replaceAll('*', '|').replace('|>~', '|:!');
    const { interchanges, segments } = tokenize([`${ISA}IEA*0*000000001~\n${second}IEA|0|000000001!`]);
    expect(interchanges.map((i) => i.delimiters.element)).toEqual(['*', '|']);
    expect(interchanges[1]!.delimiters.segment).toBe('!');
    expect(segments.map((s) => s.elements)).toEqual([['0', '000000001'], ['0', '000000001']]);
  });

  it('yields the same segments however the input is chunked', () => {
    const text = `${ISA}\nGS*PO*A*B*20261123*0617*1*X*004010~\nST*850*0001~\nBEG*00*SA*PO-1**20261123~\nSE*3*0001~\nGE*1*1~\nIEA*1*000000001~\n`;
    const whole = tokenize([text]).segments;
    for (const size of [1, 2, 3, 7, 50, 105, 106, 107]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(tokenize(chunks).segments).toEqual(whole);
    }
  });

  it('flushes a last segment without a terminator and warns', () => {
    const { segments, diagnostics } = tokenize([`${ISA}GS*PO*A*B*20261123*0617*1*X*004010~GE*0*1~IEA*1*000000001`]);
    expect(tags(segments)).toBe('GS GE IEA');
    expect(diagnostics.some((d) => d.message.includes('last segment (IEA)'))).toBe(true);
  });

  it('throws NotX12Error for input that does not start with an ISA', () => {
    expect(() => tokenize(['Tk9OIEVESSBGSUxFISAasadsdfs'])).toThrow(NotX12Error);
    expect(() => tokenize(['\uFEFFSA*00*          *00*'])).toThrow(NotX12Error);
    expect(() => tokenize(['   \n'])).toThrow(NotX12Error);
  });

  it('rejects a space as the element separator as unreadable', () => {
    expect(() => tokenize(['ISA 00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1100*U*00000*000011111*0*P*`~'])).toThrow(NotX12Error);
  });

  it('reports data after the last IEA that is not another interchange', () => {
    const { diagnostics } = tokenize([`${ISA}IEA*0*000000001~\nGARBAGE HERE`]);
    expect(diagnostics.find((d) => d.code === 'TA1-024')?.severity).toBe('error');
  });
});
