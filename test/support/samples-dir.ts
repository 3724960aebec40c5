/** The bundled demo samples (samples/), read as a test would. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '#infra/local/stack.ts';

export const SAMPLES = resolve(REPO_ROOT, 'samples');

export function readSample(path: string): Promise<string> {
  return readFile(join(SAMPLES, path), 'utf8');
}
