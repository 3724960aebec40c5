import { describe, expect, it } from 'vitest';
import { translateText } from '../../../functions/domain/x12/translate.ts';

const ISA = 'ISA*00*          *00*          *ZZ*ACME           *ZZ*SUPPLIER       *261123*0617*U*00401*000000007*0*P*>~\n';
const GS = 'GS*PO*ACME*SUPPLIER*20261123*0617*7*X*004010~\n';
const SET = 'ST*850*0001~\nBEG*00*SA*PO-1**20261123~\nPO1*1*10*EA*2.5**BP*X1~\nCTT*1~\nSE*5*0001~\n';
const errors = (text: string) => translateText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('envelope checks', () => {
  it('accepts a well-formed interchange without errors', () => {
    expect(errors(`${ISA}${GS}${SET}GE*1*7~\nIEA*1*000000007~\n`)).toEqual([]);
  });

  it.each([
    ['SE01 segment count', `${ISA}${GS}${SET.replace('SE*5', 'SE*6')}GE*1*7~\nIEA*1*000000007~\n`, ['AK5-4']],
    ['SE02 control number', `${ISA}${GS}${SET.replace('SE*5*0001', 'SE*5*0002')}GE*1*7~\nIEA*1*000000007~\n`, ['AK5-3']],
    ['GE01 set count', `${ISA}${GS}${SET}GE*2*7~\nIEA*1*000000007~\n`, ['AK9-5']],
    ['GE02 control number', `${ISA}${GS}${SET}GE*1*8~\nIEA*1*000000007~\n`, ['AK9-4']],
    ['IEA01 group count', `${ISA}${GS}${SET}GE*1*7~\nIEA*2*000000007~\n`, ['TA1-021']],
    ['IEA02 control number', `${ISA}${GS}${SET}GE*1*7~\nIEA*1*000000008~\n`, ['TA1-001']],
    ['a missing SE', `${ISA}${GS}${SET.replace('SE*5*0001~\n', '')}GE*1*7~\nIEA*1*000000007~\n`, ['AK5-2']],
    ['a missing GE', `${ISA}${GS}${SET}IEA*1*000000007~\n`, ['AK9-3']],
    ['a missing IEA', `${ISA}${GS}${SET}GE*1*7~\n`, ['TA1-023']],
    ['a duplicate ST02 in the group', `${ISA}${GS}${SET}${SET}GE*2*7~\nIEA*1*000000007~\n`, ['AK5-23']],
    ['an ST outside any GS', `${ISA}${SET}IEA*0*000000007~\n`, ['TA1-024']],
    ['a bad ISA09 date', `${ISA.replace('*261123*', '*261332*')}${GS}${SET}GE*1*7~\nIEA*1*000000007~\n`, ['TA1-014']],
    ['a non-numeric ISA13', `${ISA.replace('000000007', '00000000X')}${GS}${SET}GE*1*7~\nIEA*1*00000000X~\n`, ['TA1-018']],
    ['a GS04 that is not a date', `${ISA}${GS.replace('20261123', '2026XX23')}${SET}GE*1*7~\nIEA*1*000000007~\n`, ['TA1-024']],
  ])('reports %s with its acknowledgment code', (_what, text, codes) => {
    expect(errors(text)).toEqual(codes);
  });

  it('reports segments after the IEA in the same line-repaired text instead of failing', () => {
    const text = `${ISA.replace('~\n', '~\r\n')}${GS}GE*0*7~\r\nIEA*1*000000007\r\nST*850*0001~\r\n`;
    expect(errors(text)).toContain('TA1-024');
  });

  it('warns about, but reads, a set sent in a group of another functional kind', () => {
    const r = translateText(`${ISA}${GS.replace('GS*PO', 'GS*IN')}${SET}GE*1*7~\nIEA*1*000000007~\n`);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['AK5-6', 'warning']]);
    expect(r.documents[0]!.accepted).toBe(true);
  });
});
