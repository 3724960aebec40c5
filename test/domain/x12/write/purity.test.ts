import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../../functions/domain/x12/write/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('the X12 writers are pure', () => {
  it.each(files)('%s imports nothing with I/O and uses no clock, randomness or environment', (file) => {
    const source = readFileSync(`${dir}${file}`, 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => !i?.startsWith('.') && !i?.startsWith('#schemas/') && !i?.startsWith('#domain/'))).toEqual([]);
    expect(source).not.toMatch(/process\.env|Date\.now|new Date\(\)|Math\.random/);
  });
});
