import type { Diagnostic, Segment } from '../types.ts';
import type { InterchangeSummary } from '../translation-types.ts';
import type { InterchangeAcknowledgment } from '#schemas/messages/outbound-message.ts';
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

/**
 * The TA1 owed for an interchange, or undefined when none is: one is owed when the sender asked
 * (ISA14 `1`), when the partner's profile asks for TA1s, and always when the envelope is rejected
 * (no 997 goes out then, so the TA1 is the partner's only answer). TA104 is `R` for an envelope
 * error, `E` when only coded warnings were found, else `A`; TA105 the first coded note, `000` none.
 */
export function interchangeAcknowledgmentOf(
  ix: Pick<InterchangeSummary, 'controlNumber' | 'date' | 'time' | 'acknowledgmentRequested' | 'envelopeRejected' | 'ta1NoteCode'>,
  diagnostics: readonly Diagnostic[],
  profileAsks: boolean,
): InterchangeAcknowledgment | undefined {
  if (!ix.acknowledgmentRequested && !profileAsks && !ix.envelopeRejected) return undefined;
  const coded = diagnostics.filter((d) => d.code.startsWith('TA1-') && d.interchangeControlNumber === ix.controlNumber && /^TA1-\d{3}$/.test(d.code));
  const error = coded.find((d) => d.severity === 'error');
  const note = ix.envelopeRejected ? ix.ta1NoteCode : (error ?? coded[0])?.code.slice(4);
  return {
    type: 'TA1',
    interchangeControlNumber: ix.controlNumber,
    interchangeDate: ta1Date(ix.date),
    interchangeTime: ta1Time(ix.time),
    acknowledgmentCode: ix.envelopeRejected || error ? 'R' : coded.length > 0 ? 'E' : 'A',
    noteCode: note !== undefined && /^\d{3}$/.test(note) ? note : '000',
  };
}

/** TA102 from the ISA09 as read (ISO when it was a date, else the raw value): YYMMDD, or zeros when unreadable. */
function ta1Date(date: string): string {
  const digits = date.replace(/-/g, '');
  if (/^\d{8}$/.test(digits)) return digits.slice(2, 8);
  if (/^\d{6}$/.test(digits)) return digits;
  return '000000';
}

/** TA103 from the ISA10 as read (`HH:MM` when it was a time): HHMM, or zeros when unreadable. */
function ta1Time(time: string): string {
  const digits = time.replace(':', '');
  return /^\d{4}/.test(digits) ? digits.slice(0, 4) : '0000';
}
