import { describe, expect, it } from 'vitest';
import type { TransactionSetSchema } from '../../../schemas/x12/schema-types.ts';
import { SUPPORTED_SETS, getTransactionSetSchema } from '../../../schemas/x12/registry.ts';

function set(id: string, version: string): TransactionSetSchema {
  const found = getTransactionSetSchema(id, version);
  if (!found) throw new Error(`no schema for ${id}`);
  return found.schema;
}

describe('005010 definitions', () => {
  it.each(SUPPORTED_SETS)('%s is labelled 005010 and has ST03 in its ST', (id) => {
    const s = set(id, '005010');
    expect(s.version).toBe('005010');
    expect(s.segments['ST']?.elements.map((e) => e.ref)).toEqual(['ST01', 'ST02', 'ST03']);
  });

  it.each(SUPPORTED_SETS)('%s keeps the 004010 structure', (id) => {
    expect(set(id, '005010').structure).toEqual(set(id, '004010').structure);
  });

  it('gives the 997 AK1 an optional AK103 version (480)', () => {
    const s997 = set('997', '005010X230');
    expect(s997.segments['AK1']?.elements[2]).toEqual({ ref: 'AK103', id: '480', usage: 'O', repeat: 1 });
    expect(s997.elements['480']).toMatchObject({ type: 'AN', min: 1, max: 12 });
  });

  it('gives the 997 AK2 an optional AK203 implementation convention reference (1705)', () => {
    const s997 = set('997', '005010');
    expect(s997.segments['AK2']?.elements[2]).toEqual({ ref: 'AK203', id: '1705', usage: 'O', repeat: 1 });
  });

  it('adds the repeating data element position C03003 (1686, N0 1-4) to AK401', () => {
    const s997 = set('997', '005010');
    expect(s997.composites['C030']?.components[2]).toEqual({ ref: 'C03003', id: '1686', usage: 'O', repeat: 1 });
    expect(s997.elements['1686']).toEqual({ id: '1686', type: 'N0', min: 1, max: 4 });
  });

  it('keeps AK3 and AK4 in the 004010 shape', () => {
    const v5 = set('997', '005010');
    const v4 = set('997', '004010');
    expect(v5.segments['AK3']).toEqual(v4.segments['AK3']);
    expect(v5.segments['AK4']).toEqual(v4.segments['AK4']);
  });

  it('adds the 005010 implementation error codes to AK304, AK403 and AK502', () => {
    const s997 = set('997', '005010');
    expect(s997.elements['720']?.codes).toEqual(expect.arrayContaining(['8', 'I4', 'I6', 'I9']));
    expect(s997.elements['723']?.codes).toEqual(expect.arrayContaining(['10', '12', '13', 'I6', 'I12']));
    expect(s997.elements['718']?.codes).toEqual(expect.arrayContaining(['5', '18', 'I5', 'I6']));
  });

  it('leaves the 004010 997 without AK103 or AK203', () => {
    const s997 = set('997', '004010');
    expect(s997.segments['AK1']?.elements).toHaveLength(2);
    expect(s997.segments['AK2']?.elements).toHaveLength(2);
  });
});
