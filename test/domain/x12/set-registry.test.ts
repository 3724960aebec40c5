import { describe, expect, it } from 'vitest';
import { TypedDocumentZ } from '#schemas/documents/x12-documents.ts';
import { DOCUMENT_OF_SET } from '#schemas/documents/set-documents.ts';
import { FORWARDED_SETS, SENT_SETS, SUPPORTED_SETS } from '#schemas/x12/registry.ts';
import { SETS as GENERATED_SETS } from '../../../schemas/x12/build-from-sef.ts';
import { SET_HANDLERS } from '#domain/x12/set-registry.ts';

const delimiters = { element: '*', component: ':', segment: '~' };

describe('the set registry', () => {
  it.each(SUPPORTED_SETS)('joins %s with a mapper whose document its document schema accepts', (id) => {
    const document = SET_HANDLERS[id].map([], delimiters);
    expect(document.type).toBe(id);
    expect(DOCUMENT_OF_SET[id].safeParse(document).success).toBe(true);
    expect(TypedDocumentZ.options).toContain(DOCUMENT_OF_SET[id]);
  });

  it('names in TypedDocumentZ only the documents of registered sets', () => {
    const registered = SUPPORTED_SETS.map((id) => DOCUMENT_OF_SET[id]);
    expect(TypedDocumentZ.options.filter((o) => !(registered as readonly unknown[]).includes(o))).toEqual([]);
  });

  it('has a writer for exactly the sets it sends', () => {
    expect(SUPPORTED_SETS.filter((id) => SET_HANDLERS[id].write !== undefined)).toEqual(SENT_SETS);
    expect(SENT_SETS).toEqual(['810', '855', '856', '865', '997']);
  });

  it('forwards 850, 860 and 830 from ingest to processing', () => {
    expect([...FORWARDED_SETS].sort()).toEqual(['830', '850', '860']);
  });

  it('registers only sets the schema generator produces', () => {
    expect(SUPPORTED_SETS.filter((id) => !(id in GENERATED_SETS))).toEqual([]);
  });
});
