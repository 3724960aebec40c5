import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvCell } from '#domain/audit/audit-export.ts';
import { EMPTY_ROOT, leafHash, merkleRoot } from '#domain/audit/merkle.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('Merkle root (RFC 6962 shape)', () => {
  it('hashes leaves and nodes with distinct prefixes and splits at the largest power of two', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(leafHash) as [string, string, string];
    expect(a).toBe(sha('\u0000a'));
    expect(merkleRoot([])).toBe(EMPTY_ROOT);
    expect(merkleRoot([a])).toBe(a);
    const ab = sha(`\u0001${a}${b}`);
    expect(merkleRoot([a, b])).toBe(ab);
    expect(merkleRoot([a, b, c])).toBe(sha(`\u0001${ab}${c}`));
  });

  it('changes when any leaf changes, is removed or moves', () => {
    const leaves = Array.from({ length: 7 }, (_, i) => leafHash(String(i)));
    const root = merkleRoot(leaves);
    for (let i = 0; i < leaves.length; i++) {
      expect(merkleRoot(leaves.map((l, j) => (j === i ? leafHash('x') : l)))).not.toBe(root);
      expect(merkleRoot(leaves.filter((_, j) => j !== i))).not.toBe(root);
    }
    expect(merkleRoot([leaves[1]!, leaves[0]!, ...leaves.slice(2)])).not.toBe(root);
  });
});

describe('export CSV cells', () => {
  it('quotes commas, quotes and line breaks, and defuses formula-looking text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(undefined)).toBe('');
  });
});
