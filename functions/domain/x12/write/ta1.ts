import type { Diagnostic, Segment } from '../types.ts';
import { elementDefAt, segment } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';
import { shortX12Date } from '../x12-dates.ts';

/** TA105 `000`: "No error". */
export const TA1_NO_ERROR = '000';

/**
 * The TA1 Interchange Acknowledgment segment: TA101 the acknowledged ISA13 (9 digits, zero
 * padded), TA102 its ISA09 date (YYMMDD; a CCYYMMDD date is shortened), TA103 its ISA10 time
 * (HHMM), TA104 acknowledgment code (`A` accepted, `E` accepted with errors, `R` rejected),
 * TA105 interchange note code (element I18, `000` no error … `031`).
 *
 * @throws InvalidDocumentError when a value does not fit its element.
 */
export function buildTa1(isa13: string | number, date: string, time: string, ackCode: 'A' | 'E' | 'R', noteCode: string): Segment {
  const control = typeof isa13 === 'number' ? String(isa13) : isa13.trim();
  const { min, max } = elementDefAt('TA1', 1);
  if (!/^\d+$/.test(control) || control.length > max) throw new InvalidDocumentError(`'${isa13}' is not an interchange control number`, 'TA101');
  return segment('TA1', [control.padStart(min, '0'), shortX12Date(date), time, ackCode, noteCode]);
}

/**
 * The TA1 for an interchange as a pure function of its `TA1-nnn` diagnostics: the first coded
 * error gives TA105 and TA104 `R`; with only coded warnings, the first gives TA105 and TA104 `E`;
 * otherwise `A` with `000`.
 */
export function acknowledgeInterchange(input: { isa13: string | number; date: string; time: string; diagnostics: readonly Diagnostic[] }): Segment {
  const coded = input.diagnostics.filter((d) => d.code.startsWith('TA1-'));
  const error = coded.find((d) => d.severity === 'error');
  const first = error ?? coded[0];
  const ackCode = error !== undefined ? 'R' : first !== undefined ? 'E' : 'A';
  return buildTa1(input.isa13, input.date, input.time, ackCode, first === undefined ? TA1_NO_ERROR : first.code.slice(4));
}
