/**
 * S3 adapters: inbound files (spooled to local disk while hashed, so a large file never sits
 * in memory), the archive (raw interchanges and claim checks) and the outbound drop.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Archive, InboundFiles, OutboundFiles, SpooledFile } from '#functions/ports/archive.ts';
import type { ClaimCheck } from '#schemas/messages/common.ts';

export class ClaimCheckMismatchError extends Error {
  override name = 'ClaimCheckMismatchError';
}

/**
 * Every key of a bucket (under `prefix`), sorted. ListObjects (v1, paged by marker) rather than
 * v2: s3rver builds v2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) no longer
 * offers, so a truncated v2 listing fails with InternalError there.
 */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const out = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }));
    const page = (out.Contents ?? []).map((o) => o.Key).filter((k): k is string => k !== undefined);
    keys.push(...page);
    if (!out.IsTruncated || page.length === 0) break;
    marker = out.NextMarker ?? page.at(-1);
  }
  return keys.sort();
}

/** An object's body as UTF-8 text. */
export async function readText(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return out.Body.transformToString('utf-8');
}

export class S3InboundFiles implements InboundFiles {
  constructor(
    private readonly client: S3Client,
    private readonly spoolDir: string = tmpdir(),
  ) {}

  async spool(bucket: string, key: string): Promise<SpooledFile> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    const path = join(this.spoolDir, `edi-inbound-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(out.Body as Readable, tap, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, size, sha256: hash.digest('hex'), dispose: () => rm(path, { force: true }) };
  }
}

export class S3Archive implements Archive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async storeRaw(key: string, file: SpooledFile): Promise<{ bucket: string; key: string }> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(file.path),
        ContentLength: file.size,
        ContentType: 'application/edi-x12',
        Metadata: { sha256: file.sha256 },
      }),
    );
    return { bucket: this.bucket, key };
  }

  async storeClaim(key: string, json: string): Promise<ClaimCheck> {
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json, ContentType: 'application/json' }));
    return { bucket: this.bucket, key, sha256 };
  }

  async readClaim(claim: ClaimCheck): Promise<string> {
    const text = await readText(this.client, claim.bucket, claim.key);
    const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    if (sha256 !== claim.sha256) throw new ClaimCheckMismatchError(`s3://${claim.bucket}/${claim.key} does not match its claim check`);
    return text;
  }

  readRaw(key: string): Promise<string> {
    return readText(this.client, this.bucket, key);
  }
}

export class S3OutboundFiles implements OutboundFiles {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/edi-x12' }));
  }
}
