/**
 * A local stack in a process of its own, for the hard-stop test (test/infra/local/sigkill.test.ts):
 * `node --import tsx test/support/local-stack-child.ts --data DIR --files N` starts the stack on
 * the persistent data folder DIR (fresh), sets up partner KILL, puts N files of two 850s each
 * into the inbound bucket at once and prints `queued <key>` as each notification is on the
 * inbound queue, then `all queued`; it sends one unreadable message to the timers queue (the
 * handler dead-letters it at once, with its cause: {@link CHILD_POISON}), then prints `orders N`
 * as order heads appear and `dlq N` as the timers DLQ fills, and keeps running until it is killed.
 */
import { parseArgs } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { startLocalStack } from '#infra/local/stack.ts';
import { ENV } from '#infra/topology.ts';
import { RULE_IDS } from '#schemas/master-data/partner-profile.ts';
import { partnerInterchange } from '../bench/generate-850s.ts';
import { testPartner } from './partners.ts';

export const CHILD_PARTNER = { id: 'KILL', isaId: 'KILLBUYER' };
/** The unreadable timer message the child sends: the DLQ message that must survive the kill. */
export const CHILD_POISON = JSON.stringify({ kind: 'not-a-timer', from: 'sigkill child' });

/** The files the child puts: file f (1-based) is ISA13/GS06 f with the 850s 2f-1 and 2f. */
export function childFiles(count: number): { key: string; text: string; purchaseOrders: string[] }[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${CHILD_PARTNER.id}/in/po-${i + 1}.edi`, ...partnerInterchange(CHILD_PARTNER.isaId, i + 1, 2 * i + 1, 2, 5) }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, files: { type: 'string' } } });
  process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const stack = await startLocalStack({ dataDir: values.data!, fresh: true, visibilityScale: 0.02, logger: silentLogger });
  const off = Object.fromEntries(RULE_IDS.map((r) => [r, 'off']));
  await new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!).put(testPartner({ id: CHILD_PARTNER.id, isa: { qualifier: 'ZZ', id: CHILD_PARTNER.isaId }, gsId: CHILD_PARTNER.isaId, ruleSeverity: off }));
  await Promise.all(
    childFiles(Number(values.files ?? 30)).map(async (f) => {
      await stack.putInbound(f.key, f.text);
      process.stdout.write(`queued ${f.key}\n`);
    }),
  );
  process.stdout.write('all queued\n');
  await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.timers.url, MessageBody: CHILD_POISON }));
  for (let last = -1, lastDlq = -1; ; ) {
    const { timers = 0 } = await stack.dlqDepths();
    if (timers !== lastDlq) process.stdout.write(`dlq ${(lastDlq = timers)}\n`);
    const { Count = 0 } = await stack.clients.dynamodb.send(new ScanCommand({ TableName: stack.resources.tableName, Select: 'COUNT', FilterExpression: '#k = :o', ExpressionAttributeNames: { '#k': 'kind' }, ExpressionAttributeValues: { ':o': { S: 'order' } } }));
    if (Count !== last) process.stdout.write(`orders ${(last = Count)}\n`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
