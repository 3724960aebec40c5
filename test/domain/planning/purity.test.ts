import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../functions/domain/planning', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []));

describe('the planning core is pure', () => {
  it.each(files(root).map((f) => [f.slice(root.length + 1), f]))('%s uses no I/O, clock, randomness or environment', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    expect(source).not.toMatch(/from ['"](node:)?(fs|path|child_process|net|http|https|os)['"/]/);
    expect(source).not.toMatch(/from ['"](@aws-sdk|aws-lambda|@aws-lambda-powertools)/);
    expect(source).not.toMatch(/process\.env|Date\.now\(|new Date\(\)|Math\.random\(/);
  });
});
