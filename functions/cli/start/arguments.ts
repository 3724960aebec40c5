/** The arguments of `edi start`, checked before anything starts. */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '#infra/local/stack.ts';
import { UsageError } from '../io.ts';

export const START_USAGE = 'usage: edi start [--fresh] [--watch DIR [--partner P]] [--exit] [--data DIR] [--samples DIR]';

export interface StartArgs {
  help: boolean;
  fresh: boolean;
  exit: boolean;
  /** Where the stack keeps S3 and DynamoDB data (default `.local/` in the repository). */
  dataDir: string;
  samplesDir: string;
  watchDir?: string;
  partner?: string;
}

function fromCwd(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

export async function parseStartArgs(argv: string[]): Promise<StartArgs> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        fresh: { type: 'boolean' },
        watch: { type: 'string' },
        partner: { type: 'string' },
        exit: { type: 'boolean' },
        data: { type: 'string' },
        samples: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${START_USAGE}`);
  }
  if (values.partner && !values.watch) throw new UsageError(`--partner goes with --watch\n${START_USAGE}`);
  const watchDir = values.watch ? fromCwd(values.watch) : undefined;
  if (watchDir && !(await stat(watchDir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`--watch ${values.watch}: not a directory`);
  return {
    help: values.help ?? false,
    fresh: values.fresh ?? false,
    exit: values.exit ?? false,
    dataDir: values.data ? fromCwd(values.data) : join(REPO_ROOT, '.local'),
    samplesDir: values.samples ? fromCwd(values.samples) : join(REPO_ROOT, 'samples'),
    ...(watchDir ? { watchDir } : {}),
    ...(values.partner ? { partner: values.partner } : {}),
  };
}
