/**
 * The storage encodings every adapter shares (functions/adapters/dynamo-table.ts,
 * sqs-stage-queue.ts): key parts, FIFO ids and records compressed and split into parts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMPRESS_OVER_BYTES, PART_BYTES, fromItem, hasParts, keyPart, partKeysOf, toRecordItems } from '#functions/adapters/dynamo-table.ts';
import { fifoId } from '#functions/adapters/sqs-stage-queue.ts';

describe('keyPart', () => {
  it('keeps short printable values readable, with the separator escaped', () => {
    expect(keyPart('PO-1')).toBe('PO-1');
    expect(keyPart('A#B%C')).toBe('A%23B%25C');
  });

  it.each([
    ['over 100 bytes', 'X'.repeat(101)],
    ['non-ASCII', 'MÜNCHEN'],
    ['a control character', 'PO\u00071'],
    ['escaping past 100 bytes', '#'.repeat(40)],
  ])('hashes a value %s to one short part of its own', (_what, value) => {
    const part = keyPart(value);
    expect(part).toMatch(/^%H[0-9a-f]{64}$/);
    expect(keyPart(`${value}.`)).not.toBe(part);
  });

  it('never gives an escaped value the form of a hashed one', () => {
    expect(keyPart('%H00')).toBe('%25H00');
  });
});

describe('fifoId', () => {
  it('keeps ids SQS accepts and hashes the others to ids it accepts', () => {
    expect(fifoId('ACME#PO#4711')).toBe('ACME#PO#4711');
    for (const value of ['ACME#PO#PO 4711', 'ACME#PO#MÜNCHEN', `ACME#PO#${'9'.repeat(200)}`, '%Hx']) {
      expect(fifoId(value)).toMatch(/^%H[0-9a-f]{64}$/);
      expect(fifoId(value).length).toBeLessThanOrEqual(128);
    }
    expect(fifoId('ACME#PO#PO 4711')).not.toBe(fifoId('ACME#PO#PO 4712'));
  });
});

describe('toRecordItems', () => {
  const RecordZ = z.object({ text: z.string() });
  const key = { pk: 'ORDER#ACME#PO-1', sk: 'HEAD' };

  it('stores a small record as readable JSON', () => {
    const { item, parts } = toRecordItems(key, 'order', { text: 'short' });
    expect(item.data?.S).toBe('{"text":"short"}');
    expect(parts).toEqual([]);
  });

  it('compresses a record over 1 KB and reads it back', () => {
    const record = { text: 'PO1 line '.repeat(COMPRESS_OVER_BYTES) };
    const { item, parts } = toRecordItems(key, 'order', record);
    expect(item.data).toBeUndefined();
    expect(item.z?.B?.length).toBeLessThan(JSON.stringify(record).length / 10);
    expect(parts).toEqual([]);
    expect(fromItem(RecordZ, item)).toEqual(record);
  });

  it('splits a record that stays over 300 KB compressed into content-addressed parts, each under the 400 KB item limit', () => {
    // A fixed chain of SHA-256 digests barely compresses: ~1.6 MB of hex needs several parts.
    const digests: string[] = [];
    for (let i = 0, d = 'seed'; i < 25_000; i++) digests.push((d = createHash('sha256').update(d).digest('hex')));
    const record = { text: digests.join('') };
    const { item, parts } = toRecordItems(key, 'order', record);
    expect(hasParts(item)).toBe(true);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of [item, ...parts]) expect(p.z!.B!.length).toBeLessThanOrEqual(PART_BYTES);
    expect(partKeysOf(item).map((k) => k.sk)).toEqual(parts.map((p) => p.sk!.S));
    expect(fromItem(RecordZ, item, parts)).toEqual(record);
    expect(() => fromItem(RecordZ, item, parts.slice(1))).toThrow(/part .* not found/);
    // Another content, other part keys: a writer that loses the head's conditional put cannot overwrite the winner's parts.
    const other = toRecordItems(key, 'order', { text: `${record.text}0` });
    expect(other.parts.map((p) => p.sk!.S)).not.toEqual(parts.map((p) => p.sk!.S));
  });
});
