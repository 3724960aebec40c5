import { describe, expect, it } from 'vitest';
import {
  FUNCTIONAL_GROUP_BY_SET,
  SUPPORTED_SETS,
  getEnvelopeSchema,
  getTransactionSetSchema,
  resolveVersion,
} from '../../../schemas/x12/registry.ts';

describe('getTransactionSetSchema', () => {
  it.each([
    ['004010', '004010', true],
    ['004010VICS', '004010', true],
    ['004010UCS', '004010', true],
    ['005010', '005010', true],
    ['005010X230', '005010', true],
    ['002040', '004010', false],
    ['003010', '004010', false],
    ['003060VICS', '004010', false],
    ['004060', '004010', false],
    ['005020', '005010', false],
    ['006020', '005010', false],
    ['X', '004010', false],
    ['', '004010', false],
  ] as const)('reads GS08 %j as %s (exact: %s)', (gs08, readAs, exact) => {
    const found = getTransactionSetSchema('850', gs08);
    expect(found?.readAs).toBe(readAs);
    expect(found?.exact).toBe(exact);
    expect(found?.schema.version).toBe(readAs);
    expect(found?.schema.id).toBe('850');
  });

  it('returns undefined for a set we do not support', () => {
    expect(getTransactionSetSchema('846', '004010')).toBeUndefined();
    expect(getTransactionSetSchema('940', '005010')).toBeUndefined();
    expect(getTransactionSetSchema('', '004010')).toBeUndefined();
  });

  it.each(SUPPORTED_SETS)('serves set %s with its functional group in both versions', (id) => {
    for (const version of ['004010', '005010']) {
      const schema = getTransactionSetSchema(id, version)?.schema;
      expect(schema?.id).toBe(id);
      expect(schema?.functionalGroup).toBe(FUNCTIONAL_GROUP_BY_SET[id]);
    }
  });

  it('maps sets to GS01 codes', () => {
    expect(FUNCTIONAL_GROUP_BY_SET).toEqual({ '810': 'IN', '830': 'PS', '850': 'PO', '855': 'PR', '856': 'SH', '860': 'PC', '865': 'CA', '997': 'FA' });
  });
});

describe('getEnvelopeSchema', () => {
  it.each([
    ['00401', '004010', true],
    ['00501', '005010', true],
    ['004010VICS', '004010', true],
    ['00400', '004010', false],
    ['00204', '004010', false],
    ['00040', '004010', false],
    ['00502', '005010', false],
  ] as const)('reads %j with the %s envelope (exact: %s)', (version, readAs, exact) => {
    const found = getEnvelopeSchema(version);
    expect([found.readAs, found.exact, found.schema.version]).toEqual([readAs, exact, readAs]);
  });
});

describe('resolveVersion', () => {
  it('ignores surrounding blanks', () => {
    expect(resolveVersion(' 004010 ')).toEqual({ readAs: '004010', exact: true });
  });
});
