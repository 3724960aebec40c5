/**
 * `edi start --watch DIR`: every file dropped into `DIR/<PARTNER>/` (or `DIR` with `--partner P`)
 * afterwards is ingested, one line per file with its outcome.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { LocalStack } from '#infra/local/stack.ts';
import { ingestOne } from './ingest-file.ts';
import { escapeForTerminal } from './terminal-text.ts';

export interface WatchIo {
  stdout: { write(text: string): unknown };
}

/** Files under `dir` (relative paths) with a size/mtime signature. */
async function listFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
    const path = join(parent, entry.name);
    const info = await stat(path).catch(() => undefined);
    if (info) out.set(relative(dir, path), `${info.size}:${info.mtimeMs}`);
  }
  return out;
}

/** The inbound key of a watched file: `<PARTNER>/<rest>`, the partner from the first folder or `--partner`. */
export function watchedKey(relativePath: string, partner: string | undefined): string | undefined {
  const parts = relativePath.split(sep).filter(Boolean);
  if (parts.length >= 2) return parts.join('/');
  if (partner && parts.length === 1) return `${partner}/${parts[0]}`;
  return undefined;
}

export async function watch(stack: LocalStack, dir: string, partner: string | undefined, io: WatchIo, signal: AbortSignal, options: { watchIntervalMs?: number; onFile?: (line: string) => void }): Promise<void> {
  const interval = options.watchIntervalMs ?? 500;
  const known = await listFiles(dir);
  io.stdout.write(`\nwatching ${dir} (${partner ? `files go to partner ${partner}, or ` : ''}put files in ${dir}${sep}<PARTNER>${sep}); ${known.size} file(s) already there are left alone\n`);
  const pending = new Map<string, string>();
  while (!signal.aborted) {
    await new Promise<void>((r) => {
      const wake = (): void => {
        clearTimeout(timer);
        r();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', wake);
        r();
      }, interval);
      signal.addEventListener('abort', wake, { once: true });
    });
    if (signal.aborted) break;
    const now = await listFiles(dir);
    for (const [path, sig] of now) {
      if (known.get(path) === sig) continue;
      // A file is taken once its size and mtime held still for one interval (still being written otherwise).
      if (pending.get(path) !== sig) {
        pending.set(path, sig);
        continue;
      }
      pending.delete(path);
      known.set(path, sig);
      const key = watchedKey(path, partner);
      let line: string;
      if (!key) line = `${path}  skipped: put it in a partner folder (${dir}${sep}<PARTNER>${sep}) or start with --partner P`;
      else {
        try {
          line = await ingestOne(stack, key, await readFile(join(dir, path)));
        } catch (error) {
          line = `${key}  failed: ${(error as Error).message}`;
        }
      }
      line = escapeForTerminal(line);
      io.stdout.write(`  ${line}\n`);
      options.onFile?.(line);
    }
  }
}

