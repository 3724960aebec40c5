import type { Delimiters, Segment } from '../types.ts';
import type { FunctionalAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { map997 } from './map-997.ts';

/**
 * The 999's segments that say what a 997's say, by position (005010X231A1): IK3 segment error
 * (IK301 id, IK302 position, IK303 loop, IK304 code) is AK3; IK4 element error (IK401 position
 * composite C030, IK402 reference, IK403 code, IK404 bad value) is AK4; IK5 set response (IK501
 * status, IK502–IK506 codes) is AK5. AK1, AK2 and AK9 are the 997's own. CTX (context) has no
 * 997 counterpart and is not read.
 */
const AS_997: Readonly<Record<string, string>> = { IK3: 'AK3', IK4: 'AK4', IK5: 'AK5' };

/**
 * Maps a partner's 999 Implementation Acknowledgment (ST…SE) to the functional acknowledgment it
 * carries — the same typed document a 997 reads to (`type` `997`; the set's own ST01 `999` stays
 * on the read result), so one reconciliation settles our documents whichever form the partner
 * sends. Its implementation codes (IK304 `I4`…, IK403 `I6`…, IK502 `I5`) are kept as given.
 * Lenient, as every mapper: never throws.
 */
export function map999(segments: readonly Segment[], delimiters: Delimiters): FunctionalAcknowledgment {
  return map997(
    segments.filter((s) => s.tag !== 'CTX').map((s) => (AS_997[s.tag] ? { tag: AS_997[s.tag]!, elements: s.elements } : s)),
    delimiters,
  );
}
