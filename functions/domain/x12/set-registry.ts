/**
 * The domain half of the set registry: each supported transaction set (its data facts — schema per
 * release, GS01, direction, forwarded — are in `schemas/x12/registry.ts`, its document schema in
 * `schemas/documents/set-documents.ts`) joined
 * with the mapper that reads it and, for the sets we send, the writer that builds it. A set
 * registered there must have a mapper here: the type below requires one per set id.
 */
import type { z } from 'zod';
import type { DOCUMENT_OF_SET } from '#schemas/documents/set-documents.ts';
import type { SupportedSet } from '#schemas/x12/registry.ts';
import type { Delimiters, Segment } from './types.ts';
import { map810 } from './map/map-810.ts';
import { map830 } from './map/map-830.ts';
import { map850 } from './map/map-850.ts';
import { map855 } from './map/map-855.ts';
import { map856 } from './map/map-856.ts';
import { map860 } from './map/map-860.ts';
import { map865 } from './map/map-865.ts';
import { map997 } from './map/map-997.ts';
import { build810 } from './write/build-810.ts';
import { build855 } from './write/build-855.ts';
import { build856 } from './write/build-856.ts';
import { build865 } from './write/build-865.ts';
import { build997 } from './write/build-997.ts';
import type { BuildOptions } from './write/elements.ts';

/** The typed document of set `K`, as its document schema declares it. */
export type DocumentOf<K extends SupportedSet> = z.infer<(typeof DOCUMENT_OF_SET)[K]>;

/** How one set is read (ST … SE to its document) and, when we send it, written. */
export interface SetHandlers<K extends SupportedSet> {
  /** Lenient: never throws on missing or garbled data. */
  map: (segments: readonly Segment[], delimiters: Delimiters) => DocumentOf<K>;
  /** ST … SE for the document; throws `InvalidDocumentError` when it cannot be written as valid X12. */
  write?: (doc: DocumentOf<K>, controlNumber: string | number, options?: BuildOptions) => Segment[];
}

export const SET_HANDLERS: { readonly [K in SupportedSet]: SetHandlers<K> } = {
  '810': { map: map810, write: build810 },
  '830': { map: map830 },
  '850': { map: map850 },
  '855': { map: map855, write: build855 },
  '856': { map: map856, write: build856 },
  '860': { map: map860 },
  '865': { map: map865, write: build865 },
  '997': { map: map997, write: build997 },
};
