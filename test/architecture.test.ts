/**
 * The architecture as a test (README, "How the code is organised"):
 * - the domain core is pure — no I/O modules, no environment, no clock, no randomness — and
 *   depends only on itself, the schemas and zod;
 * - the import graph of the project's sources has no cycle, and every import points down the
 *   layers or stays in its own; a file no layer claims fails too, so a new folder must say
 *   where it stands.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOMAIN = join(ROOT, 'functions', 'domain');

function sources(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

const ALLOWED_PACKAGES = ['zod'];
const FORBIDDEN_CALLS: [RegExp, string][] = [
  [/\bprocess\.env\b/, 'process.env'],
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bcrypto\.randomUUID\s*\(/, 'randomUUID()'],
  [/\bconsole\.(log|info|warn|error|debug)\s*\(/, 'console logging'],
];

function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

describe('architecture', () => {
  const files = sources(DOMAIN);

  it('has domain sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s imports only the domain, schemas and zod', (_name, file) => {
    const offending = importsOf(readFileSync(file, 'utf8')).filter(
      (spec) => !(spec.startsWith('.') || spec.startsWith('#domain/') || spec.startsWith('#schemas/') || ALLOWED_PACKAGES.includes(spec)),
    );
    expect(offending).toEqual([]);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s uses no environment, clock, randomness or logging', (_name, file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
    const found = FORBIDDEN_CALLS.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
    expect(found).toEqual([]);
  });

  it('keeps schemas free of I/O at runtime', () => {
    const offending = sources(join(ROOT, 'schemas'))
      .filter((f) => !f.endsWith('build-from-sef.ts'))
      .flatMap((f) => importsOf(readFileSync(f, 'utf8')).filter((s) => /^(node:)?(fs|net|http|https|child_process)(\/|$)|^@aws-sdk\//.test(s)).map((s) => `${relative(ROOT, f)} → ${s}`));
    expect(offending).toEqual([]);
  });
});

const ALIASES = Object.entries(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).imports as Record<string, string>).map(
  ([k, v]) => [k.replace('*', ''), resolve(ROOT, v.replace('*', ''))] as const,
);

/** Lowest first; a file may import its own layer and the ones below it. */
const LAYERS: { name: string; holds: RegExp }[] = [
  { name: 'data (schemas, topology)', holds: /^(schemas\/|infra\/topology\.ts$|infra\/table-definition\.ts$)/ },
  { name: 'domain', holds: /^functions\/domain\// },
  { name: 'ports', holds: /^functions\/ports\// },
  { name: 'use cases', holds: /^functions\/use-cases\// },
  { name: 'adapters and shell utilities', holds: /^functions\/(adapters|shared)\// },
  { name: 'stage entries', holds: /^functions\/[a-z-]+\/handler\.ts$|^functions\/process\/outbox-batch\.ts$/ },
  { name: 'composition root', holds: /^functions\/composition\// },
  { name: 'runtimes (Lambda entries, CLI, local stack, CDK)', holds: /^functions\/[a-z-]+\/lambda\.ts$|^functions\/cli\/|^infra\/(local|cdk)\// },
];


function resolveImport(from: string, spec: string): string | undefined {
  let base: string | undefined;
  if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else for (const [prefix, target] of ALIASES) if (spec.startsWith(prefix)) base = join(target, spec.slice(prefix.length));
  if (!base) return undefined;
  return [base, `${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
}

function resolvedImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => resolveImport(file, s)).filter((r): r is string => r !== undefined && r !== file);
}

const allFiles = ['functions', 'infra', 'schemas'].flatMap((d) => sources(join(ROOT, d), /\.(ts|mjs)$/));
const graph = new Map(allFiles.map((f) => [f, resolvedImportsOf(f)]));
const rel = (f: string): string => relative(ROOT, f);
const layerOf = (f: string): number => LAYERS.findIndex((l) => l.holds.test(rel(f)));

/** Strongly connected components with more than one file (Tarjan). */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture: layers', () => {
  it('reads the project sources', () => {
    expect(allFiles.length).toBeGreaterThan(100);
  });

  it('has no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('places every source file in a layer', () => {
    expect(allFiles.filter((f) => layerOf(f) < 0).map(rel)).toEqual([]);
  });

  it('imports only down the layers (or within one)', () => {
    const upward = allFiles.flatMap((f) =>
      (graph.get(f) ?? [])
        .filter((target) => layerOf(target) > layerOf(f))
        .map((target) => `${rel(f)} (${LAYERS[layerOf(f)]?.name}) → ${rel(target)} (${LAYERS[layerOf(target)]?.name})`),
    );
    expect(upward).toEqual([]);
  });

  it('catches an upward import and a cycle (the checks can fail)', () => {
    const probe = join(ROOT, 'functions', 'domain', 'probe.ts');
    expect(layerOf(probe)).toBeLessThan(layerOf(join(ROOT, 'functions', 'composition', 'live-deps.ts')));
    const saved = new Map(graph);
    graph.set(probe, [join(ROOT, 'functions', 'domain', 'probe-2.ts')]);
    graph.set(join(ROOT, 'functions', 'domain', 'probe-2.ts'), [probe]);
    try {
      expect(cycles()).toContainEqual(['functions/domain/probe-2.ts', 'functions/domain/probe.ts']);
    } finally {
      graph.clear();
      for (const [k, v] of saved) graph.set(k, v);
    }
  });
});
