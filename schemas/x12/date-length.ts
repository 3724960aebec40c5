/**
 * The length of an X12 DT element by release — a dictionary fact, so it lives with the
 * definitions (the registry derives the pre-004 dictionaries from it; `x12-dates.ts` re-exports it).
 */

/**
 * The length of a DT element in a release (ISA12 `00401`, GS08 `004010VICS`, `003060`): 6
 * (`YYMMDD`) for ISA09 (element I08) in every version and for every DT element before 004; 8
 * (`CCYYMMDD`) from 004 on.
 */
export function dateLengthOf(version: string, elementId?: string): 6 | 8 {
  if (elementId === 'I08') return 6;
  return version.trim() < '004' ? 6 : 8;
}
