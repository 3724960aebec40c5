import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Repository root: topology handler paths and package-lock.json are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function fromRepoRoot(relativePath: string): string {
  return resolve(REPO_ROOT, relativePath);
}
