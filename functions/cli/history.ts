/**
 * `edi history --partner P --po N [--json] [--stack-outputs FILE] [--local FILE]`
 *
 * Prints an order's timeline (events with the chain verdict, documents with control numbers,
 * emails, errors) read through the same DynamoDB adapter the history API uses.
 * - Local (default): settings from `.local/endpoints.json`, which the local stack writes:
 *   `{ "env": { "AWS_ENDPOINT_URL_DYNAMODB": …, "AWS_REGION": …, "EDI_TABLE": …, … } }`
 *   (the stack's `env`: SDK endpoint/region/credential variables and the `ENV` names).
 * - AWS: `--stack-outputs FILE` (the JSON `cdk deploy --outputs-file` writes; the first output
 *   whose name contains `TableName`), or `EDI_TABLE` in the environment; credentials from the
 *   usual AWS chain.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { ENV } from '#infra/topology.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { formatOrderHistory, loadOrderHistory } from '#functions/history/history-view.ts';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What the local stack writes to `.local/endpoints.json`. */
export const LocalEndpointsFileZ = z.object({ env: z.record(z.string(), z.string()) });
export const DEFAULT_LOCAL_FILE = '.local/endpoints.json';

const USAGE = 'usage: edi history --partner P --po N [--json] [--stack-outputs FILE] [--local FILE]\n';

function tableFromOutputs(outputs: unknown): string | undefined {
  if (!outputs || typeof outputs !== 'object') return undefined;
  for (const stack of Object.values(outputs as Record<string, unknown>)) {
    if (!stack || typeof stack !== 'object') continue;
    for (const [name, value] of Object.entries(stack as Record<string, unknown>)) if (/TableName/i.test(name) && typeof value === 'string') return value;
  }
  return undefined;
}

export async function runHistory(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { partner: { type: 'string' }, po: { type: 'string' }, json: { type: 'boolean' }, 'stack-outputs': { type: 'string' }, local: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!args.partner || !args.po) {
    io.stderr.write(USAGE);
    return 2;
  }
  let table: string | undefined;
  try {
    if (args['stack-outputs']) {
      table = tableFromOutputs(JSON.parse(await readFile(resolve(args['stack-outputs']), 'utf8')));
      if (!table) throw new Error(`no *TableName* output in ${args['stack-outputs']}`);
    } else if (!args.local && env[ENV.tableName]) {
      table = env[ENV.tableName];
    } else {
      const file = resolve(args.local ?? DEFAULT_LOCAL_FILE);
      const local = LocalEndpointsFileZ.parse(JSON.parse(await readFile(file, 'utf8').catch(() => {
        throw new Error(`${file} not found: start the local stack (npm start), or pass --stack-outputs for AWS`);
      })));
      for (const [k, v] of Object.entries(local.env)) env[k] = v;
      table = local.env[ENV.tableName];
      if (!table) throw new Error(`${file} has no ${ENV.tableName}`);
    }
    if (!table) throw new Error(`no table name (${ENV.tableName})`);
    const client = new DynamoDBClient({});
    try {
      const view = await loadOrderHistory(new DynamoTimeline(client, table), args.partner, args.po);
      io.stdout.write(args.json ? `${JSON.stringify(view, null, 2)}\n` : `${formatOrderHistory(view)}\n`);
      if (!view.found) return 1;
      return view.chain.valid ? 0 : 3;
    } finally {
      client.destroy();
    }
  } catch (error) {
    io.stderr.write(`edi history: ${(error as Error).message}\n`);
    return 1;
  }
}
