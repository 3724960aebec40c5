/**
 * Where a CLI command acts: the running local stack (`.local/endpoints.json`, or `--local FILE`,
 * which `edi start` writes: the emulators' endpoints, the resources' names and the stack's clock
 * offset), or AWS (`EDI_TABLE` and the queue URLs in the environment, credentials from the usual
 * chain). The SDK reads its endpoints from the environment, so this CLI entry writes them there;
 * the clock is the stack's, so a command's events and 855 dates land on the demo's time line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ENV } from '#infra/topology.ts';
import { clockOffsetMs, OffsetClock } from '#functions/adapters/system-clock.ts';
import type { LiveOptions } from '#functions/composition/live-deps.ts';
import { UsageError } from './io.ts';

/** What the local stack writes to `<data>/endpoints.json`. */
export const LocalEndpointsFileZ = z.object({
  env: z.record(z.string(), z.string()),
  /** The stack's clock: milliseconds added to the system time (the demo's simulated now). */
  clockOffsetMs: z.number().default(0),
  endpoints: z.record(z.string(), z.string()).optional(),
  pid: z.number().optional(),
  startedAt: z.string().optional(),
});
export type LocalEndpointsFile = z.infer<typeof LocalEndpointsFileZ>;

export const DEFAULT_LOCAL_FILE = '.local/endpoints.json';

export async function writeEndpointsFile(file: string, content: z.input<typeof LocalEndpointsFileZ>): Promise<void> {
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
}

/**
 * Connects to the local stack unless `local` is not given and the environment already names a
 * table (AWS). Returns the options the composition root builds the command's dependencies with.
 */
export async function connect(local: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LiveOptions> {
  if (!local && env[ENV.tableName]) return { env, clock: new OffsetClock(clockOffsetMs(env)) };
  const file = resolve(local ?? DEFAULT_LOCAL_FILE);
  let parsed: LocalEndpointsFile;
  try {
    parsed = LocalEndpointsFileZ.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    throw new UsageError(`${file} not found: start the local stack (npm start), or set ${ENV.tableName} and the queue URLs for AWS`);
  }
  for (const [k, v] of Object.entries(parsed.env)) env[k] = v;
  return { env, clock: new OffsetClock(parsed.clockOffsetMs) };
}
