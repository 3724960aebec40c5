/**
 * Segments shared by the 855, 856 and 865 writers: ST/SE, REF, DTM, PER, PID, the N1 party
 * loop, and notes as an N9/MSG loop.
 */
import type { Contact, DateRef, Party, Reference, Schedule } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { date, decimal, segment, setControlNumber, text, time } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Wraps a set's body in ST … SE: ST01 set id, ST02 = SE02 = the control number passed in,
 * SE01 = number of segments including ST and SE (X12 SE01 rule).
 */
export function envelopeSet(setId: string, controlNumber: string | number, body: readonly Segment[]): Segment[] {
  const control = setControlNumber(controlNumber);
  const st = segment('ST', [setId, control]);
  const se = segment('SE', [String(body.length + 2), control]);
  return [st, ...body, se];
}

/** Throws when a list is longer than the segment's or loop's maximum use. */
export function checkMaxUse(count: number, max: number, what: string): void {
  if (count > max) throw new InvalidDocumentError(`${count} occurrences; at most ${max} allowed`, what);
}

/** REF01 qualifier, REF02 value, REF03 description (free text, truncated at 80); R0203 needs one of them. */
export function refSegments(references: readonly Reference[]): Segment[] {
  return references.map((r) => segment('REF', [r.qualifier, r.value, text(r.description, '352')]));
}

/** DTM01 qualifier, DTM02 date CCYYMMDD, DTM03 time. */
export function dtmSegments(dates: readonly DateRef[], max: number): Segment[] {
  checkMaxUse(dates.length, max, 'DTM');
  return dates.map((d) => segment('DTM', [d.qualifier, date(d.date, 'DTM02'), time(d.time, 'DTM03')]));
}

/** PER01 contact function, PER02 name, PER03-PER08 up to three communication number pairs. */
export function perSegment(contact: Contact): Segment {
  checkMaxUse(contact.channels.length, 3, 'PER03-PER08');
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
export function partySegments(party: Party, maxPer: number): Segment[] {
  const names = party.additionalNames ?? [];
  checkMaxUse(names.length, 4, 'N2 (additional names)');
  checkMaxUse(party.addressLines.length, 4, 'N3 (address lines)');
  checkMaxUse(party.references?.length ?? 0, 12, 'REF in N1 loop');
  checkMaxUse(party.contacts.length, maxPer, 'PER');
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

/** All N1 loops of a level, checking the loop's maximum repeat. */
export function partyLoops(parties: readonly Party[], maxLoops: number, maxPer: number): Segment[] {
  checkMaxUse(parties.length, maxLoops, 'N1 loop');
  return parties.flatMap((p) => partySegments(p, maxPer));
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
 * seller's currency), REF, PER, DTM (max 10), notes as N9/MSG, and N1 loops (max 200).
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
    ...dtmSegments(doc.dates, 10),
    ...noteSegments(doc.notes),
    ...partyLoops(doc.parties, 200, 3),
  ];
}

/** CTT01 with the number of line items, when there are lines. */
export function lineCountSegments(lines: readonly unknown[]): Segment[] {
  return lines.length > 0 ? [segment('CTT', [String(lines.length)])] : [];
}

