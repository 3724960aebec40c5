/**
 * The audit's view of the archive bucket: email bodies by SHA-256 (`emails/<sha256>.json`),
 * fingerprints of archived objects (streamed through SHA-256, constant memory) and the daily
 * seals (`seals/<day>.json`). On AWS the bucket's Object Lock default retention (when enabled,
 * infra/cdk storage buckets) keeps a seal from being replaced or deleted.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchiveFingerprints, EmailBodies, RawDocuments, SealArchive } from '#functions/ports/audit-archive.ts';
import { DailySealZ, StoredEmailBodyZ, type DailySeal, type StoredEmailBody } from '#schemas/records/audit-records.ts';
import { listKeys, readText } from './s3-files.ts';

export const SEAL_PREFIX = 'seals/';
export const EMAIL_BODY_PREFIX = 'emails/';

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export class S3AuditArchive implements EmailBodies, ArchiveFingerprints, SealArchive, RawDocuments {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async storeBody(sha256: string, body: StoredEmailBody): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${EMAIL_BODY_PREFIX}${sha256}.json`, Body: JSON.stringify(StoredEmailBodyZ.parse(body)), ContentType: 'application/json' }));
  }

  async readBody(sha256: string): Promise<StoredEmailBody | undefined> {
    try {
      return StoredEmailBodyZ.parse(JSON.parse(await readText(this.client, this.bucket, `${EMAIL_BODY_PREFIX}${sha256}.json`)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async sha256Of(key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Bytes of `key` in `bucket` (default: the archive bucket). */
  async readRaw(bucket: string | undefined, key: string): Promise<{ bytes: Uint8Array; sha256: string } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket ?? this.bucket, Key: key }));
      if (!out.Body) return undefined;
      const bytes = await out.Body.transformToByteArray();
      return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async putSeal(seal: DailySeal): Promise<boolean> {
    const key = `${SEAL_PREFIX}${seal.day}.json`;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return false;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    // The check above answers the usual repeat cheaply; the conditional put closes the race of two
    // firings for one day (S3 conditional writes: 412 when the key exists, 409 when a concurrent
    // conditional write won), so the first seal of a day is the one kept.
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(DailySealZ.parse(seal)), ContentType: 'application/json', IfNoneMatch: '*' }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
      throw error;
    }
    return true;
  }

  async getSeal(day: string): Promise<DailySeal | undefined> {
    try {
      return DailySealZ.parse(JSON.parse(await readText(this.client, this.bucket, `${SEAL_PREFIX}${day}.json`)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async sealedDays(since?: string): Promise<string[]> {
    const days = (await listKeys(this.client, this.bucket, SEAL_PREFIX)).map((k) => k.slice(SEAL_PREFIX.length).replace(/\.json$/, '')).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
    return days.filter((d) => since === undefined || d >= since).sort();
  }
}
