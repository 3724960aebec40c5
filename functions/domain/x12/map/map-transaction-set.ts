import type { Delimiters, Segment } from '../types.ts';
import type { TypedDocument } from '#schemas/documents/x12-documents.ts';
import { IMPLEMENTATION_ACK_SET, isSupportedSet, SUPPORTED_SETS } from '#schemas/x12/registry.ts';
import { SET_HANDLERS } from '../set-registry.ts';
import { map999 } from './map-999.ts';

/** Transaction set ids (ST01) that {@link mapTransactionSet} maps: every set of the registry. */
export const MAPPED_SET_IDS: readonly string[] = SUPPORTED_SETS;

/**
 * Maps one read transaction set (`segments` from ST to SE inclusive) to its typed document by
 * ST01 `setId`, with the mapper the set registry names: 850 (BEG/PO1), 860 (BCH/POC), 830
 * (BFR/LIN/FST), 855 (BAK/PO1/ACK), 865 (BCA/POC/ACK), 856 (BSN/HL tree) and 997 (AK1–AK9); and
 * a partner's 999 (005010 only, outside the registry) to the functional acknowledgment it carries.
 * Lenient: never throws on missing or garbled data; returns `undefined` for set ids it does not map.
 */
export function mapTransactionSet(setId: string, segments: readonly Segment[], delimiters: Delimiters): TypedDocument | undefined {
  const id = setId.trim();
  if (id === IMPLEMENTATION_ACK_SET) return map999(segments, delimiters);
  return isSupportedSet(id) ? SET_HANDLERS[id].map(segments, delimiters) : undefined;
}
