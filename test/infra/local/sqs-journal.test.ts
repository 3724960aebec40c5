/**
 * The local queues outlive the process (infra/local/sqs-journal.ts): what was sent and not
 * deleted — on a queue or its DLQ, FIFO or standard — is there again, in order and with its
 * attributes, once the emulators are started again on the same data folder and the queue is
 * created; what was deleted or purged is not; `fresh` starts empty.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startEmulators, type Emulators } from '#infra/local/emulators.ts';
import { readJournal, SQS_JOURNAL_FILE } from '#infra/local/sqs-journal.ts';

let dataDir: string | undefined;
const running: Emulators[] = [];

afterAll(async () => {
  for (const e of running) await e.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(fresh: boolean): Promise<{ emulators: Emulators; sqs: SQSClient }> {
  const emulators = await startEmulators({ dataDir: dataDir!, fresh });
  running.push(emulators);
  return { emulators, sqs: new SQSClient({ endpoint: emulators.endpoints.sqs, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } }) };
}

async function createQueues(sqs: SQSClient): Promise<{ fifo: string; dlq: string; plain: string }> {
  const url = async (QueueName: string, fifo: boolean) =>
    (await sqs.send(new CreateQueueCommand({ QueueName, Attributes: fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {} }))).QueueUrl!;
  return { fifo: await url('docs.fifo', true), dlq: await url('docs-dlq.fifo', true), plain: await url('outbound', false) };
}

async function receiveAll(sqs: SQSClient, url: string): Promise<{ body: string; group?: string; cause?: string; handle: string }[]> {
  const out: { body: string; group?: string; cause?: string; handle: string }[] = [];
  for (let round = 0; round < 20; round++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
    if (!Messages.length) break;
    for (const m of Messages) {
      out.push({ body: m.Body!, handle: m.ReceiptHandle!, ...(m.Attributes?.MessageGroupId ? { group: m.Attributes.MessageGroupId } : {}), ...(m.MessageAttributes?.cause?.StringValue ? { cause: m.MessageAttributes.cause.StringValue } : {}) });
    }
  }
  return out;
}

describe('the local SQS journal', () => {
  it('keeps what was sent and not deleted across a restart: queues and DLQs, in order, with attributes', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'edi-sqs-journal-'));
    const first = await start(true);
    const q = await createQueues(first.sqs);
    for (const n of [1, 2, 3]) await first.sqs.send(new SendMessageCommand({ QueueUrl: q.fifo, MessageBody: `po-${n}`, MessageGroupId: 'P#A', MessageDeduplicationId: `d${n}` }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: q.dlq, MessageBody: 'poison', MessageGroupId: 'P#B', MessageDeduplicationId: 'x', MessageAttributes: { cause: { DataType: 'String', StringValue: 'Item size has exceeded' } } }));
    await first.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.plain, Entries: [1, 2, 3].map((n) => ({ Id: `e${n}`, MessageBody: `855-${n}` })) }));
    // Received and deleted: gone. Received and not deleted: kept (its consumer may have died).
    const [po1] = await receiveAll(first.sqs, q.fifo);
    await first.sqs.send(new DeleteMessageCommand({ QueueUrl: q.fifo, ReceiptHandle: po1!.handle }));
    const outbound = await receiveAll(first.sqs, q.plain);
    const done = outbound.filter((m) => m.body !== '855-2');
    await first.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: q.plain, Entries: done.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.handle })) }));
    await first.emulators.stop();
    // A kill mid-append leaves a cut line: it is ignored.
    await writeFile(join(dataDir, SQS_JOURNAL_FILE), (await readFile(join(dataDir, SQS_JOURNAL_FILE), 'utf8')) + '{"op":"send","q":"outbound","id":"cut');

    const second = await start(false);
    const again = await createQueues(second.sqs);
    expect((await receiveAll(second.sqs, again.fifo)).map((m) => [m.body, m.group])).toEqual([
      ['po-2', 'P#A'],
      ['po-3', 'P#A'],
    ]);
    expect((await receiveAll(second.sqs, again.dlq)).map((m) => [m.body, m.cause])).toEqual([['poison', 'Item size has exceeded']]);
    expect((await receiveAll(second.sqs, again.plain)).map((m) => m.body)).toEqual(['855-2']);

    // A purge is kept too; a fresh start forgets everything.
    await second.sqs.send(new PurgeQueueCommand({ QueueUrl: again.dlq }));
    await second.emulators.stop();
    const held = readJournal(await readFile(join(dataDir, SQS_JOURNAL_FILE), 'utf8'));
    expect([...(held.get('docs-dlq.fifo')?.values() ?? [])]).toEqual([]);
    expect([...(held.get('docs.fifo')?.values() ?? [])].map((m) => m.body)).toEqual(['po-2', 'po-3']);
    const third = await start(true);
    const empty = await createQueues(third.sqs);
    expect(await receiveAll(third.sqs, empty.fifo)).toEqual([]);
  });
});
