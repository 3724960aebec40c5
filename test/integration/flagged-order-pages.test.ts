/**
 * Orders by status, paged (README "History API"): the at-risk, p1-open and ack-overdue lists give
 * each order once across all pages, `limit` to a page, none missing — although their index holds
 * one entry per item's delay state (lines of many orders), per P1 line and per sent document.
 * Real DynamoOrderIndex over dynalite (or the endpoint of EDI_DYNAMODB_ENDPOINT), the flag records
 * written by the adapters that write them in the pipeline.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderIndex } from '#functions/adapters/dynamo-order-index.ts';
import { SUMMARY_SK } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPlanningStore } from '#functions/adapters/dynamo-planning-store.ts';
import { DynamoSentDocuments } from '#functions/adapters/dynamo-sent-documents.ts';
import { orderPk, toItem } from '#functions/adapters/dynamo-table.ts';
import { lineKey } from '#domain/planning/delay-risks.ts';
import { InvalidCursorError, type FlagStatus, type OrderSummaryPage } from '#functions/ports/order-index.ts';
import { DYNAMODB_ENDPOINT_ENV, EMULATOR_HOST, LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/emulators.ts';
import { toCreateTableInput } from '#infra/local/resources.ts';
import { TABLE_DEFINITION } from '#infra/table-definition.ts';

const TABLE = `flag-pages-${process.pid}-${Date.now()}`;
let server: Server | undefined;
let client: DynamoDBClient;
let index: DynamoOrderIndex;

// Orders of two partners; B-2 and A-1 are flagged several times over in each status.
const ORDERS = [
  ['ACME', 'A-1'],
  ['ACME', 'A-2'],
  ['ACME', 'A-3'],
  ['BOLT', 'B-1'],
  ['BOLT', 'B-2'],
] as const;

beforeAll(async () => {
  let endpoint = process.env[DYNAMODB_ENDPOINT_ENV];
  if (!endpoint) {
    const dynalite = createRequire(import.meta.url)('dynalite') as (o: object) => Server;
    server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server!.listen(0, EMULATOR_HOST, resolve));
    endpoint = `http://${EMULATOR_HOST}:${(server.address() as AddressInfo).port}`;
  }
  client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await client.send(new CreateTableCommand(toCreateTableInput(TABLE_DEFINITION, TABLE)));
  index = new DynamoOrderIndex(client, TABLE);

  for (const [partner, po] of ORDERS) {
    const summary = { partner, purchaseOrderNumber: po, status: 'open', version: 1, lines: 3, heldLines: [], orderDate: '2026-11-20' };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: toItem({ pk: orderPk(partner, po), sk: SUMMARY_SK }, 'order-summary', summary) }));
  }

  // at-risk: two items' delay states, each with lines of several orders (A-1 and B-2 on both).
  const planning = new DynamoPlanningStore(client, TABLE);
  const short = (refs: [string, string, string][]) =>
    Object.fromEntries(refs.map(([partnerId, purchaseOrderNumber, lineNumber]) => [lineKey({ partnerId, purchaseOrderNumber, lineNumber }), { episodeStart: '2026-11-23T15:00:00.000Z', active: true }]));
  await planning.putDelayState({ version: 1, state: { schemaVersion: 1, item: 'KPC-3310', lines: short([['ACME', 'A-1', '1'], ['ACME', 'A-1', '2'], ['BOLT', 'B-2', '1'], ['ACME', 'A-3', '1']]) } });
  await planning.putDelayState({ version: 1, state: { schemaVersion: 1, item: 'KPC-5400', lines: short([['BOLT', 'B-2', '2'], ['ACME', 'A-1', '3'], ['BOLT', 'B-1', '1']]) } });

  // p1-open: three P1 lines of B-2, two of A-1, one of A-2.
  for (const [partnerId, purchaseOrderNumber, lineNumber] of [['BOLT', 'B-2', '1'], ['ACME', 'A-1', '1'], ['BOLT', 'B-2', '2'], ['ACME', 'A-2', '1'], ['ACME', 'A-1', '2'], ['BOLT', 'B-2', '3']] as const) {
    await planning.putEscalation({
      version: 1,
      state: { schemaVersion: 1, case: { partnerId, purchaseOrderNumber, lineNumber, item: 'KPC-3310' }, createdAt: '2026-11-23T15:00:00.000Z', confirmDueAt: '2026-11-23T19:00:00.000Z', steps: [], sent: [] },
      reasons: [],
      schedules: [],
    });
  }

  // ack-overdue: the 855 and 856 of A-1 and of B-2, the 855 of A-3, due at interleaved times.
  const sent = new DynamoSentDocuments(client, TABLE);
  const docs = [['ACME', 'A-1', '855', '01'], ['BOLT', 'B-2', '855', '02'], ['ACME', 'A-3', '855', '03'], ['ACME', 'A-1', '856', '04'], ['BOLT', 'B-2', '856', '05']] as const;
  for (const [partner, po, kind, n] of docs) {
    await sent.record({
      schemaVersion: 1,
      partner,
      kind,
      idempotencyKey: `${kind}/${partner}/${po}/${n}`,
      subject: { kind: 'order', partner, purchaseOrderNumber: po },
      documentKey: po,
      interchangeControlNumber: `0000000${n}`,
      groupControlNumber: n,
      setControlNumber: `00${n}`,
      sentAt: '2026-11-22T15:00:00.000Z',
      dueAt: `2026-11-23T15:${n}:00.000Z`,
      state: 'overdue',
      version: 1,
    } as Parameters<DynamoSentDocuments['record']>[0]);
  }
});

afterAll(async () => {
  client?.destroy();
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
});

async function allPages(status: FlagStatus, limit: number, partner?: string): Promise<{ pages: OrderSummaryPage[]; orders: string[] }> {
  const pages: OrderSummaryPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.byStatus(status, partner, { limit, cursor });
    pages.push(page);
    cursor = page.next;
  } while (cursor && pages.length < 50);
  return { pages, orders: pages.flatMap((p) => p.orders.map((o) => `${o.partner}/${o.purchaseOrderNumber}`)) };
}

const EXPECTED: Record<FlagStatus, string[]> = {
  'at-risk': ['ACME/A-1', 'ACME/A-3', 'BOLT/B-1', 'BOLT/B-2'],
  'p1-open': ['ACME/A-1', 'ACME/A-2', 'BOLT/B-2'],
  'ack-overdue': ['ACME/A-1', 'ACME/A-3', 'BOLT/B-2'],
};

describe('orders by a flag status, page after page', () => {
  for (const status of Object.keys(EXPECTED) as FlagStatus[]) {
    for (const limit of [1, 2, 10]) {
      it(`${status}, ${limit} a page: each order once, by partner then PO, none missing`, async () => {
        const { pages, orders } = await allPages(status, limit);
        expect(orders).toEqual(EXPECTED[status]);
        for (const page of pages) expect(page.orders.length).toBeLessThanOrEqual(limit);
        // No empty page is handed out with a cursor to another empty one: the last page is full or final.
        expect(pages.every((p, i) => p.orders.length > 0 || i === pages.length - 1)).toBe(true);
        expect(pages.at(-1)!.next).toBeUndefined();
      });
    }
  }

  it('one partner only', async () => {
    expect((await allPages('at-risk', 1, 'BOLT')).orders).toEqual(['BOLT/B-1', 'BOLT/B-2']);
    expect((await allPages('ack-overdue', 1, 'ACME')).orders).toEqual(['ACME/A-1', 'ACME/A-3']);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(index.byStatus('p1-open', undefined, { limit: 1, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
