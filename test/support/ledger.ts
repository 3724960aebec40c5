/**
 * The ledger check after a run on the local stack (README "Guarantees"): read back what the run
 * left — order heads and `order.created` events in DynamoDB, the 997s and 855s in the outbound
 * bucket, the emails the SES emulator received, every DLQ's messages and their `cause` — and
 * check it against what the input files carried with the benchmark's exact-once check
 * (test/bench/exact-once.ts): every order, 997 and 855 once, no email copy twice.
 */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { scanTable } from '#functions/adapters/dynamo-inventory.ts';
import { PART_KIND, recordJson } from '#functions/adapters/dynamo-table.ts';
import { listKeys, readText } from '#functions/adapters/s3-files.ts';
import { outboundKindOf } from '#functions/cli/start/summary.ts';
import { mapLimit } from '#functions/shared/map-limit.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { Stage } from '#infra/topology.ts';
import { checkExactlyOnce, type ExactOnceReport } from '../bench/exact-once.ts';

export interface LedgerExpectation {
  /** PO numbers the input files carried. */
  purchaseOrders: readonly string[];
  /** GS06 of every input group. */
  groups: readonly string[];
}

export interface DeadLetter {
  stage: Stage['name'];
  messageId: string;
  body: string;
  cause: string;
}

export interface LedgerReport {
  exactlyOnce: ExactOnceReport;
  /** Email copies (recipient, subject, text) sent more than once. */
  duplicateEmails: string[];
  emails: { to: string; subject: string; text: string }[];
  deadLetters: DeadLetter[];
  /** Where each order was created (partner, PO → epoch ms), for latencies. */
  createdAt: Map<string, number>;
}

/** Every message in each stage's DLQ (left in place), with its `cause` attribute. */
export async function readDeadLetters(stack: LocalStack): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const [stage, queue] of Object.entries(stack.resources.queues) as [Stage['name'], { dlqUrl: string }][]) {
    const byId = new Map<string, DeadLetter>();
    // local-aws-sqs may hand out one message several times with VisibilityTimeout 0: keyed by id, read until nothing new comes.
    for (let round = 0, fresh = 1; fresh > 0 && round < 50; round++) {
      const got = await stack.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
      fresh = 0;
      for (const m of got.Messages ?? []) {
        if (byId.has(m.MessageId!)) continue;
        fresh++;
        byId.set(m.MessageId!, { stage, messageId: m.MessageId!, body: m.Body ?? '', cause: m.MessageAttributes?.cause?.StringValue ?? '' });
      }
    }
    out.push(...byId.values());
  }
  return out;
}

/**
 * The PO number of every order head and of every `order.created` event (with its time), read
 * page by page so a load run's table is never held in memory at once; a record split into parts
 * falls back to the whole-table read that reassembles it.
 */
async function ordersInTable(stack: LocalStack): Promise<{ orders: string[]; created: { po: string; at: number }[] }> {
  const orders: string[] = [];
  const created: { po: string; at: number }[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await stack.clients.dynamodb.send(
      new ScanCommand({ TableName: stack.resources.tableName, FilterExpression: '#k IN (:o, :e, :p)', ExpressionAttributeNames: { '#k': 'kind' }, ExpressionAttributeValues: { ':o': { S: 'order' }, ':e': { S: 'event' }, ':p': { S: PART_KIND } }, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of page.Items ?? []) {
      if (item.kind?.S === PART_KIND) continue;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(recordJson(item, page.Items) ?? '{}') as Record<string, unknown>;
      } catch {
        const all = await scanTable(stack.clients.dynamodb, stack.resources.tableName);
        return {
          orders: all.filter((i) => i.kind === 'order').map((i) => String((i.data.order as { purchaseOrderNumber?: string } | undefined)?.purchaseOrderNumber)),
          created: all.filter((i) => i.kind === 'event' && i.data.type === 'order.created').map((i) => ({ po: String(i.data.purchaseOrderNumber), at: Date.parse(String(i.data.at)) })),
        };
      }
      if (item.kind?.S === 'order') orders.push(String((data.order as { purchaseOrderNumber?: string } | undefined)?.purchaseOrderNumber));
      else if (data.type === 'order.created') created.push({ po: String(data.purchaseOrderNumber), at: Date.parse(String(data.at)) });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { orders, created };
}

export async function checkLedger(stack: LocalStack, expected: LedgerExpectation): Promise<LedgerReport> {
  const { orders, created } = await ordersInTable(stack);
  const outboundKeys = await listKeys(stack.clients.s3, stack.resources.buckets.outbound);
  const read = (kind: string): Promise<string[]> =>
    mapLimit(
      outboundKeys.filter((k) => outboundKindOf(k) === kind),
      16,
      (k) => readText(stack.clients.s3, stack.resources.buckets.outbound, k).catch((error: unknown) => {
        throw new Error(`outbound object ${k} cannot be read: ${String(error)}`, { cause: error });
      }),
    );
  const exactlyOnce = checkExactlyOnce({
    expectedOrders: expected.purchaseOrders,
    expectedGroups: expected.groups,
    orders,
    orderCreatedEvents: created.map((c) => c.po),
    acks997: await read('997'),
    acks855: await read('855'),
  });
  const emails = (await stack.sentEmails()).map((e) => ({ to: [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].sort().join(','), subject: e.subject, text: e.body.text ?? e.body.html ?? '' }));
  const copies = new Map<string, number>();
  for (const e of emails) {
    const key = `${e.to} | ${e.subject} | ${e.text}`;
    copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  return {
    exactlyOnce,
    duplicateEmails: [...copies].filter(([, n]) => n > 1).map(([k, n]) => `${n}× ${k.slice(0, 160)}`),
    emails,
    deadLetters: await readDeadLetters(stack),
    createdAt: new Map(created.map((c) => [c.po, c.at])),
  };
}
