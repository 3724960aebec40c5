/**
 * The segment dictionary of one release: every segment, composite and element definition of the
 * envelope and of every transaction set we hold a schema for, merged (a segment id has one
 * definition per release, X12.6: the segment directory is shared by all sets). The writers look
 * segments up here, so they are checked by the same compiled definitions the validator reads with.
 */
import type { SegmentDef } from '#schemas/x12/schema-types.ts';
import { getEnvelopeSchema, getTransactionSetSchema, SUPPORTED_SETS, type SchemaVersion } from '#schemas/x12/registry.ts';
import { compileSegment, type CompiledSegment, type ElementDictionary } from './compiled-schema.ts';

export interface SegmentDictionary extends ElementDictionary {
  version: SchemaVersion;
  segments: Readonly<Record<string, SegmentDef>>;
  /** Compiled segments, filled on first use. */
  compiled: Map<string, CompiledSegment>;
}

const dictionaries = new Map<SchemaVersion, SegmentDictionary>();

/** The merged dictionary of `version` (built once, then cached). */
export function segmentDictionary(version: SchemaVersion): SegmentDictionary {
  const hit = dictionaries.get(version);
  if (hit) return hit;
  const parts = [getEnvelopeSchema(version).schema, ...SUPPORTED_SETS.map((id) => getTransactionSetSchema(id, version)!.schema)];
  const dictionary: SegmentDictionary = {
    version,
    segments: Object.assign({}, ...parts.map((p) => p.segments)),
    composites: Object.assign({}, ...parts.map((p) => p.composites)),
    elements: Object.assign({}, ...parts.map((p) => p.elements)),
    compiled: new Map(),
  };
  dictionaries.set(version, dictionary);
  return dictionary;
}

/** The compiled definition of segment `tag` in `version`; undefined when no schema of that release has it. */
export function compiledSegmentOf(tag: string, version: SchemaVersion): CompiledSegment | undefined {
  const dictionary = segmentDictionary(version);
  let compiled = dictionary.compiled.get(tag);
  if (compiled === undefined) {
    const def = dictionary.segments[tag];
    if (def === undefined) return undefined;
    compiled = compileSegment(def, dictionary);
    dictionary.compiled.set(tag, compiled);
  }
  return compiled;
}
