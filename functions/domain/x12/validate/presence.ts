/** Whether an element has a value, as the mandatory and syntax-note rules see it. */
import type { Delimiters } from '../types.ts';
import type { CompiledElement } from './compiled-schema.ts';

function hasOnly(v: string, a: string, b: string | undefined): boolean {
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    if (ch !== a && ch !== b) return false;
  }
  return true;
}

/**
 * An element is absent when empty, or (composite / repeating element) when made of separators only.
 * A value of spaces is present.
 */
export function isPresent(v: string | undefined, e: CompiledElement | undefined, d: Delimiters): boolean {
  if (v === undefined || v === '') return false;
  if (!e) return true;
  const comp = e.composite && d.component !== '' ? d.component : undefined;
  const rep = e.repeat > 1 && d.repetition ? d.repetition : undefined;
  if (comp === undefined && rep === undefined) return true;
  return !hasOnly(v, comp ?? rep!, rep);
}
