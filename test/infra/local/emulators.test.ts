import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, LOCAL_CREDENTIALS } from '../../../infra/local/emulators.ts';
import { silentLogger } from '../../../infra/local/poller.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../infra/local/stack.ts';
import { TABLE_DEFINITION } from '../../../infra/table-definition.ts';

const noPollers: LocalStackOptions['handlers'] = { ingest: null, process: null, deliver: null, mail: null };

describe('local stack emulators', () => {
  let dataDir: string;
  let stack: LocalStack | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'edi-local-emulators-'));
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (fresh: boolean): Promise<LocalStack> => {
    stack = await startLocalStack({ dataDir, fresh, handlers: noPollers, logger: silentLogger });
    return stack;
  };

  it('creates the single table from TABLE_DEFINITION', async () => {
    // Act
    const { clients, resources } = await start(true);
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: resources.tableName }));

    // Assess
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)])).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((i) => [i.indexName, [i.partitionKey.name, i.sortKey?.name]]),
    );
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('keeps DynamoDB items and S3 objects across restarts unless fresh', async () => {
    // Prepare
    const key = { pk: { S: 'ORDER#P1#PO1' }, sk: { S: 'HEADER' } };
    let running = await start(true);
    await running.clients.dynamodb.send(new PutItemCommand({ TableName: running.resources.tableName, Item: { ...key, status: { S: 'held' } } }));
    await running.clients.s3.send(new PutObjectCommand({ Bucket: running.resources.buckets.archive, Key: 'raw/1.edi', Body: 'ISA~' }));
    await running.stop();

    // Act
    running = await start(false);
    const kept = await running.clients.dynamodb.send(new GetItemCommand({ TableName: running.resources.tableName, Key: key }));
    const object = await running.clients.s3.send(new GetObjectCommand({ Bucket: running.resources.buckets.archive, Key: 'raw/1.edi' }));
    const keptBody = await object.Body?.transformToString();
    await running.stop();
    running = await start(true);
    const wiped = await running.clients.dynamodb.send(new GetItemCommand({ TableName: running.resources.tableName, Key: key }));

    // Assess
    expect(kept.Item?.status).toEqual({ S: 'held' });
    expect(keptBody).toBe('ISA~');
    expect(wiped.Item).toBeUndefined();
  });

  it('restores process.env on stop', async () => {
    // Prepare
    const before = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    const running = await start(true);
    const during = process.env.AWS_ENDPOINT_URL_DYNAMODB;

    // Act
    await running.stop();

    // Assess
    expect(during).toBe(running.endpoints.dynamodb);
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(before);
  });

  it('stores a streamed aws-chunked upload without its chunk framing', async () => {
    // Prepare
    const running = await start(true);
    const s3 = new S3Client({ endpoint: running.endpoints.s3, region: 'us-east-1', credentials: { ...LOCAL_CREDENTIALS }, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    try {
      // Act
      await s3.send(
        new PutObjectCommand({ Bucket: running.resources.buckets.outbound, Key: 'streamed.edi', Body: Readable.from([Buffer.from('ISA*00~'), Buffer.from('GS*PO~')]), ContentLength: 13 }),
      );
      const object = await s3.send(new GetObjectCommand({ Bucket: running.resources.buckets.outbound, Key: 'streamed.edi' }));

      // Assess
      expect(await object.Body?.transformToString()).toBe('ISA*00~GS*PO~');
    } finally {
      s3.destroy();
    }
  });

  it('stores, lists and reads back keys of up to S3\'s 1,024 bytes, any segment length, dot segments and percent signs', async () => {
    const { clients, resources } = await start(true);
    const Bucket = resources.buckets.archive;
    const keys = [
      `ACME/${'x'.repeat(300)}.edi`,
      `ACME/${'é'.repeat(400)}/${'y'.repeat(1024 - 5 - 800 - 1)}`,
      'ACME/./a/../b%2F%+/c',
    ];
    expect(Buffer.byteLength(keys[1]!)).toBe(1024);
    for (const Key of keys) await clients.s3.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key.length}` }));
    for (const Key of keys) expect(await (await clients.s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString()).toBe(`body of ${Key.length}`);
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'ACME/' }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([...keys].sort());
    const prefixed = await clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `ACME/${'x'.repeat(250)}` }));
    expect((prefixed.Contents ?? []).map((o) => o.Key)).toEqual([keys[0]]);
  });

  it('refuses a key over 1,024 bytes as S3 does (KeyTooLongError), and keeps serving', async () => {
    const { clients, resources } = await start(true);
    const Bucket = resources.buckets.archive;
    for (const Key of [`ACME/${'x'.repeat(1020)}`, 'x'.repeat(5000)]) {
      await expect(clients.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }))).rejects.toMatchObject({ name: 'KeyTooLongError', $metadata: { httpStatusCode: 400 } });
    }
    await clients.s3.send(new PutObjectCommand({ Bucket, Key: 'ACME/after', Body: 'still here' }));
    expect(await (await clients.s3.send(new GetObjectCommand({ Bucket, Key: 'ACME/after' }))).Body!.transformToString()).toBe('still here');
  });

  it('keeps every key inside the S3 data folder: `..` segments never climb out of it', async () => {
    const { clients, resources } = await start(true);
    const Bucket = resources.buckets.archive;
    const outside = join(dataDir, 'escaped.txt');
    for (const Key of ['../../escaped.txt', `../../../${basename(dataDir)}/escaped.txt`, 'a/../../../escaped.txt']) {
      await clients.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' })).catch(() => undefined);
    }
    const found = await readdir(dataDir, { recursive: true });
    expect(found.filter((f) => f.includes('escaped') && !f.startsWith(`s3${sep}`))).toEqual([]);
    await expect(stat(outside)).rejects.toThrow();
  });

  it('accepts SES v1 SendEmail and SendRawEmail and exposes the mail it received', async () => {
    // Prepare
    const running = await start(true);

    // Act
    await running.clients.ses.send(
      new SendEmailCommand({
        Source: 'edi@example.com',
        Destination: { ToAddresses: ['planner@example.com'] },
        Message: { Subject: { Data: 'PO 4500 held' }, Body: { Text: { Data: 'Held: forecast swing' } } },
      }),
    );
    const raw = ['From: edi@example.com', 'To: ops@example.com', 'Subject: Rejected interchange', 'Content-Type: text/plain', '', 'ISA13 000000001 rejected'].join('\r\n');
    await running.clients.ses.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) } }));
    const emails = await running.sentEmails();

    // Assess
    expect(emails.map((e) => [e.subject, e.destination.to])).toEqual([
      ['PO 4500 held', ['planner@example.com']],
      ['Rejected interchange', ['ops@example.com']],
    ]);
    expect(emails[0]?.body.text).toBe('Held: forecast swing');
  });
});

describe('AwsChunkedDecoder', () => {
  it('decodes signed chunks split at arbitrary points and drops the trailer', async () => {
    // Prepare
    const encoded = '7;chunk-signature=abc\r\nISA*00~\r\n6\r\nGS*PO~\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n';
    const pieces = [...Buffer.from(encoded)].map((byte) => Buffer.from([byte]));

    // Act
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(pieces).pipe(new AwsChunkedDecoder())) chunks.push(chunk as Buffer);

    // Assess
    expect(Buffer.concat(chunks).toString()).toBe('ISA*00~GS*PO~');
  });
});
