#!/usr/bin/env node
// Entry point of the `edi` command. The X12 commands run the bundle built ahead of time
// (build-cli.mjs, dist/cli/) while it is fresh; everything else, and any command when the bundle
// is missing or older than a source it was built from, loads the TypeScript sources through tsx.
// The pipeline commands stay on tsx: the local stack loads each stage's handler module by path.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
// Streaming translation keeps only what one transaction set needs, but V8 lets an unbounded heap
// fill with garbage before collecting it. A fixed ceiling makes the process's memory flat in file
// size (measured by `npm run bench:x12`); re-run once with it unless the caller chose one.
const streaming = argv[0] === 'translate' && argv.includes('--ndjson');
const chosen = process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || (process.env.NODE_OPTIONS ?? '').includes('--max-old-space-size');
if (streaming && !chosen) {
  const child = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=160', fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
  process.exit(child.status ?? 3);
}

// The AWS SDK warns on every start that its releases from 2027 need Node 22 (the README says so
// once); its own switch keeps that one notice out of every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Output to a closed pipe (`edi validate FILE | head`) ends quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const BUNDLED = new Set([undefined, 'help', '--help', '-h', 'translate', 'validate', 'ack', 'conformance']);

/**
 * The bundle's main module when it exists and no source it was built from changed since
 * (EDI_CLI_OUT: the folder build-cli.mjs built into, dist/cli/ by default).
 */
function freshBundle() {
  if (process.env.EDI_NO_BUNDLE) return undefined;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dir = process.env.EDI_CLI_OUT ?? `${root}dist/cli`;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(`${dir}/inputs.json`, 'utf8'));
    for (const input of inputs) if (statSync(`${root}${input}`).mtimeMs > builtAt) return undefined;
    return pathToFileURL(`${dir}/main.mjs`).href;
  } catch {
    return undefined;
  }
}

const bundle = BUNDLED.has(argv[0]) ? freshBundle() : undefined;
if (process.env.EDI_DEBUG) process.stderr.write(`edi: running ${bundle ? `the prebuilt ${bundle}` : 'the sources through tsx'}\n`);
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(argv);
