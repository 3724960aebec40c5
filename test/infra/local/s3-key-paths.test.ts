import { describe, expect, it } from 'vitest';
import { decodeKeyPath, encodeKeyPath, MAX_NAME_BYTES } from '../../../infra/local/s3-key-paths.ts';

describe('S3 emulator key paths', () => {
  const keys = ['ACME/in/po.edi', `ACME/${'x'.repeat(1019)}`, `A/${'€'.repeat(300)}/z`, '../../etc/passwd', 'a/./b/../c', 'a//b', '/lead', 'trail/', '%2E%2E/%_/%+/x%', 'ACME/x%25y'];

  it.each(keys)('round-trips %s', (key) => {
    expect(decodeKeyPath(encodeKeyPath(key))).toBe(key);
  });

  it('never makes a path step out of a key, nor a file name over the limit', () => {
    for (const key of keys) {
      const parts = encodeKeyPath(key).split('/');
      expect(parts.slice(0, -1).filter((p) => p === '.' || p === '..')).toEqual([]);
      for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_NAME_BYTES + 2);
    }
  });

  it('keeps the paths of ordinary keys as s3rver wrote them', () => {
    expect(encodeKeyPath('ACME/in/2025-01-01/po 1.edi')).toBe('ACME/in/2025-01-01/po 1.edi');
  });

  it('maps a key prefix to a prefix of its keys\' paths, also inside a long segment', () => {
    const key = `ACME/${'x'.repeat(450)}.edi`;
    for (const prefix of ['ACME/', `ACME/${'x'.repeat(200)}`, `ACME/${'x'.repeat(201)}`, `ACME/${'x'.repeat(420)}`]) expect(encodeKeyPath(key).startsWith(encodeKeyPath(prefix))).toBe(true);
  });
});
