import { describe, expect, it } from 'vitest';
import { getEnvelopeSchema } from '../../../schemas/x12/registry.ts';

describe('envelope definitions', () => {
  const v4 = getEnvelopeSchema('00401').schema;
  const v5 = getEnvelopeSchema('00501').schema;

  it('defines ISA, ISB, ISE, TA1, GS, GE, ST, SE and IEA', () => {
    expect(Object.keys(v4.segments).sort()).toEqual(['GE', 'GS', 'IEA', 'ISA', 'ISB', 'ISE', 'SE', 'ST', 'TA1']);
    expect(v4.composites).toEqual({});
  });

  it('gives the 004010 ISA 16 mandatory elements I01 … I15, with I05 at ISA05 and ISA07', () => {
    const isa = v4.segments['ISA']?.elements ?? [];
    expect(isa).toHaveLength(16);
    expect(isa.every((e) => e.usage === 'M')).toBe(true);
    expect(isa.map((e) => e.id)).toEqual(['I01', 'I02', 'I03', 'I04', 'I05', 'I06', 'I05', 'I07', 'I08', 'I09', 'I10', 'I11', 'I12', 'I13', 'I14', 'I15']);
    expect(isa[12]?.ref).toBe('ISA13');
  });

  it('has fixed ISA lengths (ISA06 15, ISA13 9 digits, ISA16 1)', () => {
    expect(v4.elements['I06']).toEqual({ id: 'I06', type: 'AN', min: 15, max: 15 });
    expect(v4.elements['I12']).toEqual({ id: 'I12', type: 'N0', min: 9, max: 9 });
    expect(v4.elements['I15']).toEqual({ id: 'I15', type: 'AN', min: 1, max: 1 });
    expect(v4.elements['I10']?.codes).toEqual(['U']);
  });

  it('checks the code list of every ID element that has one (ISA qualifiers, ISA11, ISA14, ISA15, GS01, TA1 codes …)', () => {
    const checked = Object.values(v4.segments).flatMap((s) => s.elements.filter((e) => e.checkCodes).map((e) => e.ref));
    expect(checked).toEqual(expect.arrayContaining(['ISA01', 'ISA03', 'ISA05', 'ISA07', 'ISA11', 'ISA14', 'ISA15', 'GS01', 'TA104', 'TA105']));
    const idWithCodes = Object.values(v4.segments).flatMap((s) => s.elements.filter((e) => !e.composite && v4.elements[e.id]?.type === 'ID' && (v4.elements[e.id]?.codes?.length ?? 0) > 0).map((e) => e.ref));
    expect(checked).toEqual(idWithCodes);
    expect(v4.elements['I14']?.codes).toEqual(['I', 'P', 'T']);
    expect(v4.elements['479']?.codes).toEqual(expect.arrayContaining(['PO', 'PC', 'PS', 'PR', 'CA', 'SH', 'FA']));
  });

  it('defines GS with eight mandatory elements, GS06 N0 1-9 and GS08 AN 1-12', () => {
    const gs = v4.segments['GS']?.elements ?? [];
    expect(gs.map((e) => `${e.ref}:${e.id}:${e.usage}`)).toEqual([
      'GS01:479:M', 'GS02:142:M', 'GS03:124:M', 'GS04:373:M', 'GS05:337:M', 'GS06:28:M', 'GS07:455:M', 'GS08:480:M',
    ]);
    expect(v4.elements['28']).toEqual({ id: '28', type: 'N0', min: 1, max: 9 });
    expect(v4.elements['480']).toMatchObject({ type: 'AN', min: 1, max: 12 });
  });

  it('defines TA1, ISB and ISE from the dictionary', () => {
    expect(v4.segments['TA1']?.elements.map((e) => e.id)).toEqual(['I12', 'I08', 'I09', 'I17', 'I18']);
    expect(v4.elements['I17']?.codes).toEqual(['A', 'E', 'R']);
    expect(v4.elements['I18']?.codes).toEqual(expect.arrayContaining(['000', '001', '022', '024']));
    expect(v4.segments['ISB']?.elements).toEqual([{ ref: 'ISB01', id: 'I34', usage: 'M', repeat: 1, checkCodes: true }]);
    expect(v4.segments['ISE']?.elements.map((e) => e.ref)).toEqual(['ISE01', 'ISE02', 'ISE03']);
  });

  it('defines ST with two elements in 004010 and ST02 AN 4-9', () => {
    expect(v4.segments['ST']?.elements.map((e) => e.ref)).toEqual(['ST01', 'ST02']);
    expect(v4.elements['329']).toEqual({ id: '329', type: 'AN', min: 4, max: 9 });
  });

  it('makes ISA11 the repetition separator (I65) in 005010', () => {
    expect(v5.version).toBe('005010');
    expect(v5.segments['ISA']?.elements[10]).toEqual({ ref: 'ISA11', id: 'I65', usage: 'M', repeat: 1 });
    expect(v5.elements['I65']).toEqual({ id: 'I65', type: 'AN', min: 1, max: 1 });
    expect(v5.elements['I10']).toBeUndefined();
    expect(v5.elements['I11']?.codes).toEqual(expect.arrayContaining(['00401', '00501']));
    expect(v4.elements['I11']?.codes).not.toContain('00501');
  });

  it('adds the optional ST03 implementation convention reference (1705, AN 1-35) in 005010', () => {
    expect(v5.segments['ST']?.elements[2]).toEqual({ ref: 'ST03', id: '1705', usage: 'O', repeat: 1 });
    expect(v5.elements['1705']).toEqual({ id: '1705', type: 'AN', min: 1, max: 35 });
  });

  it('keeps the GS06 and ST02 lengths in 005010', () => {
    expect(v5.elements['28']).toEqual(v4.elements['28']);
    expect(v5.elements['329']).toEqual(v4.elements['329']);
  });
});
