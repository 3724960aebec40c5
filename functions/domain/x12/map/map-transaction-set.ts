import type { Delimiters, Segment } from '../types.ts';
import type { TypedDocument } from '#schemas/documents/x12-documents.ts';
import { map830 } from './map-830.ts';
import { map850 } from './map-850.ts';
import { map855 } from './map-855.ts';
import { map856 } from './map-856.ts';
import { map860 } from './map-860.ts';
import { map865 } from './map-865.ts';
import { map997 } from './map-997.ts';

/** Transaction set ids (ST01) that {@link mapTransactionSet} maps. */
export const MAPPED_SET_IDS: readonly string[] = ['830', '850', '855', '856', '860', '865', '997'];

/**
 * Maps one read transaction set (`segments` from ST to SE inclusive) to its typed document by
 * ST01 `setId`: 850 (BEG/PO1), 860 (BCH/POC), 830 (BFR/LIN/FST), 855 (BAK/PO1/ACK),
 * 865 (BCA/POC/ACK), 856 (BSN/HL tree) and 997 (AK1–AK9). Lenient: never throws on missing or
 * garbled data; returns `undefined` for set ids it does not map.
 */
export function mapTransactionSet(setId: string, segments: readonly Segment[], delimiters: Delimiters): TypedDocument | undefined {
  switch (setId.trim()) {
    case '850':
      return map850(segments, delimiters);
    case '860':
      return map860(segments, delimiters);
    case '830':
      return map830(segments, delimiters);
    case '855':
      return map855(segments, delimiters);
    case '865':
      return map865(segments, delimiters);
    case '856':
      return map856(segments, delimiters);
    case '997':
      return map997(segments, delimiters);
    default:
      return undefined;
  }
}
