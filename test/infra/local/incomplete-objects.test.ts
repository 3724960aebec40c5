import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeIncompleteS3Objects } from '#infra/local/stack.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('removeIncompleteS3Objects', () => {
  it('removes an object s3rver wrote without (or with empty) metadata and keeps complete ones', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edi-s3-'));
    const bucket = join(dir, 'local-edi-outbound', 'ACME', '997');
    await mkdir(bucket, { recursive: true });
    const put = async (name: string, metadata: string | undefined) => {
      await writeFile(join(bucket, `${name}._S3rver_object`), 'ISA*…');
      await writeFile(join(bucket, `${name}._S3rver_object.md5`), 'abc');
      if (metadata !== undefined) await writeFile(join(bucket, `${name}._S3rver_metadata.json`), metadata);
    };
    await put('complete.x12', '{"content-type":"text/plain"}');
    await put('no-metadata.x12', undefined);
    await put('empty-metadata.x12', '');

    const removed = await removeIncompleteS3Objects(dir);

    expect(removed.map((r) => r.split('/').pop()).sort()).toEqual(['empty-metadata.x12', 'no-metadata.x12']);
    expect((await readdir(bucket)).sort()).toEqual(['complete.x12._S3rver_metadata.json', 'complete.x12._S3rver_object', 'complete.x12._S3rver_object.md5']);
  });

  it('is a no-op on a data folder that does not exist yet', async () => {
    expect(await removeIncompleteS3Objects(join(tmpdir(), 'edi-no-such-folder-xyz'))).toEqual([]);
  });
});
