#!/usr/bin/env node
// Entry point of the `edi` command: loads the TypeScript sources through tsx, then runs the CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

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

register();
const { main } = await import('./main.ts');
process.exitCode = await main(argv);
