/**
 * The daily seal is written once per day. A repeat after it exists is answered by the HEAD; two
 * firings racing past the HEAD are decided by S3's conditional write (If-None-Match: *), which
 * s3rver does not implement — so the race's answers (412 key exists, 409 a concurrent conditional
 * write won) come from a stub client here.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3AuditArchive } from '#functions/adapters/s3-audit-archive.ts';
import type { DailySeal } from '#schemas/records/audit-records.ts';

const SEAL: DailySeal = { schemaVersion: 1, day: '2026-11-23', sealedAt: '2026-11-24T06:00:00.000Z', root: 'ab'.repeat(32), orders: [] };

function stub(putAnswer: number | undefined) {
  const puts: PutObjectCommand[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof HeadObjectCommand) throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      if (command instanceof PutObjectCommand) {
        puts.push(command);
        if (putAnswer !== undefined) throw Object.assign(new Error(`status ${putAnswer}`), { name: putAnswer === 412 ? 'PreconditionFailed' : 'ConditionalRequestConflict', $metadata: { httpStatusCode: putAnswer } });
        return {};
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  };
  return { archive: new S3AuditArchive(client as unknown as S3Client, 'archive'), puts };
}

describe('S3AuditArchive.putSeal', () => {
  it('writes a missing seal with a conditional put', async () => {
    const { archive, puts } = stub(undefined);
    expect(await archive.putSeal(SEAL)).toBe(true);
    expect(puts.map((p) => [p.input.Key, p.input.IfNoneMatch])).toEqual([['seals/2026-11-23.json', '*']]);
  });

  it.each([412, 409])('answers "already sealed" when the conditional put loses the race (%i), keeping the first seal', async (status) => {
    const { archive } = stub(status);
    expect(await archive.putSeal(SEAL)).toBe(false);
  });

  it('passes any other failure on', async () => {
    const { archive } = stub(503);
    await expect(archive.putSeal(SEAL)).rejects.toThrow('status 503');
  });
});
