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
 * JSON modules (the X12 schemas, ~2 MB) as files beside the bundle, read with `JSON.parse` when
 * the module loads: V8 parses JSON several times faster than it compiles the same data as an
 * object literal, and the bundle's own code stays small to compile — most of a small command's
 * start-up time otherwise.
 */
const jsonFiles = new Map();
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const name = `json/${relative(ROOT, args.path).replaceAll('/', '_')}`;
      jsonFiles.set(name, JSON.stringify(JSON.parse(await readFile(args.path, 'utf8'))));
      return {
        contents: `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(new URL(${JSON.stringify(`./${name}`)}, import.meta.url), 'utf8'));`,
        loader: 'js',
      };
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
await mkdir(join(OUT, 'json'), { recursive: true });
for (const [name, text] of jsonFiles) await writeFile(join(OUT, name), text);
const inputs = Object.keys(result.metafile.inputs).map((file) => relative(ROOT, join(ROOT, file)));
await writeFile(join(OUT, 'inputs.json'), `${JSON.stringify({ builtAt, inputs })}\n`);
console.log(`build-cli: ${relative(ROOT, OUT) || OUT} from ${inputs.length} sources`);
