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
import { ENV } from '#infra/topology.ts';
import { liveTimeline } from '#functions/composition/live-deps.ts';
import { formatOrderHistory, loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import { connect } from './connect.ts';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

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
  try {
    let options;
    if (args['stack-outputs']) {
      const table = tableFromOutputs(JSON.parse(await readFile(resolve(args['stack-outputs']), 'utf8')));
      if (!table) throw new Error(`no *TableName* output in ${args['stack-outputs']}`);
      options = { env: { ...env, [ENV.tableName]: table } };
    } else {
      options = await connect(args.local, env).catch((error: unknown) => {
        throw new Error((error as Error).message.replace('set EDI_TABLE and the queue URLs for AWS', 'pass --stack-outputs for AWS'));
      });
    }
    const view = await loadOrderHistory(liveTimeline(options), args.partner, args.po);
    io.stdout.write(args.json ? `${JSON.stringify(view, null, 2)}\n` : `${formatOrderHistory(view)}\n`);
    if (!view.found) return 1;
    return view.chain.valid ? 0 : 3;
  } catch (error) {
    io.stderr.write(`edi history: ${(error as Error).message}\n`);
    return 1;
  }
}
