/**
 * Segments shared by the 855, 856 and 865 writers: ST/SE, REF, DTM, PER, PID, the N1 party
 * loop, and notes as an N9/MSG loop.
 */
import type { Contact, DateRef, Party, Reference, Schedule } from '#schemas/documents/x12-documents.ts';
import { getTransactionSetSchema, type SchemaVersion } from '#schemas/x12/registry.ts';
import type { Segment } from '../types.ts';
import { validateTransactionSet } from '../validate-set.ts';
import { BUILT_DELIMITERS, date, decimal, segment, setControlNumber, text, time } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Wraps a set's body in ST … SE (ST01 set id, ST02 = SE02 = the control number passed in,
 * SE01 = number of segments including ST and SE, X12 SE01 rule) and checks the whole set against
 * its schema of `version` with the validator: sequence, mandatory segments and loops, each
 * segment's maximum use and each loop's maximum repeat (AK304 codes 1–7), and every element
 * again in that release (AK403 codes).
 *
 * @throws InvalidDocumentError on the first problem, naming its segment.
 */
export function envelopeSet(setId: string, controlNumber: string | number, body: readonly Segment[], version: SchemaVersion = '004010'): Segment[] {
  const control = setControlNumber(controlNumber);
  const st = segment('ST', [setId, control], version);
  const se = segment('SE', [String(body.length + 2), control], version);
  const set = [st, ...body, se];
  const schema = getTransactionSetSchema(setId, version)?.schema;
  if (schema === undefined) throw new InvalidDocumentError(`no schema for transaction set ${setId}`, 'ST01');
  // Code lists are the reader's (AK4-7 is a warning there); `segment()` checks the codes the writer chooses.
  const problem = validateTransactionSet(set, schema, BUILT_DELIMITERS).find((d) => d.code !== 'AK4-7');
  if (problem !== undefined) throw new InvalidDocumentError(problem.message, problem.segmentId);
  return set;
}

/** REF01 qualifier, REF02 value, REF03 description (free text, truncated at 80); R0203 needs one of them. */
export function refSegments(references: readonly Reference[]): Segment[] {
  return references.map((r) => segment('REF', [r.qualifier, r.value, text(r.description, '352')]));
}

/** DTM01 qualifier, DTM02 date CCYYMMDD, DTM03 time. */
export function dtmSegments(dates: readonly DateRef[]): Segment[] {
  return dates.map((d) => segment('DTM', [d.qualifier, date(d.date, 'DTM02'), time(d.time, 'DTM03')]));
}

/** PER01 contact function, PER02 name, PER03-PER08 up to three communication number pairs. */
export function perSegment(contact: Contact): Segment {
  return segment('PER', [contact.function, text(contact.name, '93'), ...contact.channels.flatMap((c) => [c.qualifier, c.value])]);
}

/** PID*F (free-form) with PID05 the description, truncated at 80 characters (element 352). */
export function pidSegments(description: string | undefined): Segment[] {
  const value = text(description, '352');
  return value === undefined ? [] : [segment('PID', ['F', undefined, undefined, undefined, value])];
}

/**
 * One N1 loop: N1 (N101 entity, N102 name, N103/N104 id qualifier and id), N2 (additional names,
 * two per segment, at most two N2), N3 (address lines, likewise), N4 (city, state, postal code,
 * country), REF (the party's references), PER (contacts).
 */
export function partySegments(party: Party): Segment[] {
  const names = party.additionalNames ?? [];
  const out = [segment('N1', [party.role, text(party.name, '93'), party.idQualifier, party.id])];
  for (let i = 0; i < names.length; i += 2) {
    out.push(segment('N2', [text(names[i], '93'), text(names[i + 1], '93')]));
  }
  for (let i = 0; i < party.addressLines.length; i += 2) {
    out.push(segment('N3', [text(party.addressLines[i], '166'), text(party.addressLines[i + 1], '166')]));
  }
  if (party.city !== undefined || party.state !== undefined || party.postalCode !== undefined || party.country !== undefined) {
    out.push(segment('N4', [text(party.city, '19'), party.state, party.postalCode, party.country]));
  }
  out.push(...refSegments(party.references ?? []), ...party.contacts.map(perSegment));
  return out;
}

/** All N1 loops of a level. */
export function partyLoops(parties: readonly Party[]): Segment[] {
  return parties.flatMap(partySegments);
}

/**
 * Free-form notes as one N9 loop: `N9*L1*NOTES` (L1 = letters or notes) followed by one MSG per
 * note (MSG01, free text truncated at 264). Nothing when there are no notes.
 */
export function noteSegments(notes: readonly string[]): Segment[] {
  const messages = notes.map((n) => text(n, '933')).filter((n): n is string => n !== undefined);
  if (messages.length === 0) return [];
  return [segment('N9', ['L1', 'NOTES']), ...messages.map((m) => segment('MSG', [m]))];
}

/** SCH01 quantity, SCH02 unit (mandatory), SCH05/SCH06 date qualifier and date (mandatory). */
export function schSegment(schedule: Schedule): Segment {
  return segment('SCH', [decimal(schedule.quantity, 'SCH01'), schedule.unitOfMeasure, undefined, undefined, schedule.dateQualifier, date(schedule.date, 'SCH06')]);
}

/**
 * The header segments the 855 and 865 share after their beginning segment (BAK/BCA): CUR (SE,
 * seller's currency), REF, PER, DTM, notes as N9/MSG, and N1 loops.
 */
export function acknowledgmentHeaderSegments(doc: {
  currency?: string | undefined;
  references: readonly Reference[];
  contacts: readonly Contact[];
  dates: readonly DateRef[];
  notes: readonly string[];
  parties: readonly Party[];
}): Segment[] {
  return [
    ...(doc.currency === undefined ? [] : [segment('CUR', ['SE', doc.currency])]),
    ...refSegments(doc.references),
    ...doc.contacts.map(perSegment),
    ...dtmSegments(doc.dates),
    ...noteSegments(doc.notes),
    ...partyLoops(doc.parties),
  ];
}

/** CTT01 with the number of line items, when there are lines. */
export function lineCountSegments(lines: readonly unknown[]): Segment[] {
  return lines.length > 0 ? [segment('CTT', [String(lines.length)])] : [];
}

