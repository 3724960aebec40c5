import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ControlNumbers } from '#functions/ports/control-numbers.ts';
import type { ControlNumbers as EnvelopeNumbers } from '#domain/x12/types.ts';
import { partnerPk } from './dynamo-table.ts';

/** ISA13 runs 1 … 999 999 999; GS06 and ST02 here follow the same counter range. */
const MAX_CONTROL_NUMBER = 999_999_999;

/**
 * Control numbers from one counter item per partner (`PARTNER#p`, `COUNTER#OUTBOUND`): a single
 * `UpdateItem ADD` allocates a block for a whole batch. Each interchange carries one group and
 * one set here, so ISA13 = GS06 = ST02 (a common, partner-friendly convention), wrapping after
 * 999 999 999.
 */
export class DynamoControlNumbers implements ControlNumbers {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async allocate(partner: string, count: number): Promise<EnvelopeNumbers[]> {
    if (count <= 0) return [];
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: partnerPk(partner) }, sk: { S: 'COUNTER#OUTBOUND' } },
        UpdateExpression: 'ADD #next :n SET kind = :kind',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':n': { N: String(count) }, ':kind': { S: 'counter' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(out.Attributes?.next?.N);
    if (!Number.isInteger(last)) throw new Error(`control-number counter of ${partner} returned no value`);
    return Array.from({ length: count }, (_, i) => {
      const n = ((last - count + i) % MAX_CONTROL_NUMBER) + 1;
      return { interchange: n, group: n, firstSet: n };
    });
  }
}
