/**
 * Conventions 1 and 15 as a test: the domain core is pure — no I/O modules, no environment,
 * no clock, no randomness — and depends only on itself, the schemas and zod.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOMAIN = join(ROOT, 'functions', 'domain');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
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
