#!/usr/bin/env node
// Builds the `edi` command ahead of time (`npm run build:cli`; npm's `prepare` runs it on
// `npm ci` / `npm install`): one esbuild bundle of functions/cli/main.ts and what it imports, in
// dist/cli/ (git-ignored), so the X12 commands start without transpiling TypeScript at run time.
// Packages stay external (loaded from node_modules as usual). dist/cli/inputs.json lists every
// source the bundle was made from and when: edi.mjs uses the bundle only while none of them is
// newer, and falls back to loading the sources through tsx otherwise — an edited checkout never
// runs stale code.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// EDI_CLI_OUT: another folder (the test builds into a temporary one, leaving dist/cli/ alone).
const OUT = process.env.EDI_CLI_OUT ?? join(ROOT, 'dist', 'cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Installed without dev dependencies: edi.mjs runs the sources through tsx instead.
  console.log('build-cli: esbuild not installed, skipped (edi runs the sources through tsx)');
  process.exit(0);
}

/**
 * JSON modules (the X12 schemas, ~2 MB) as `JSON.parse` of one string: V8 reads a string literal
 * and parses JSON several times faster than it compiles the same data as an object literal, which
 * is most of a small command's start-up time otherwise.
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/**
 * Packages stay external, except zod: loaded as its ~100 ES modules it takes ~50 ms to start,
 * bundled a fraction of that.
 */
const packagesExternalButZod = {
  name: 'packages-external-but-zod',
  setup(build) {
    build.onResolve({ filter: /^[^./#]/ }, (args) => {
      if (args.path === 'zod' || args.path.startsWith('zod/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const builtAt = Date.now();
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['functions/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  metafile: true,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [packagesExternalButZod, jsonAsParse],
});
const inputs = Object.keys(result.metafile.inputs).map((file) => relative(ROOT, join(ROOT, file)));
await writeFile(join(OUT, 'inputs.json'), `${JSON.stringify({ builtAt, inputs })}\n`);
console.log(`build-cli: ${relative(ROOT, OUT) || OUT} from ${inputs.length} sources`);
