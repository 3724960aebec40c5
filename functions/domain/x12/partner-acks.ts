/**
 * What a partner's acknowledgment says about the documents we sent them (README, "Partners'
 * acknowledgments"), as pure functions: the state each document moves to, and the findings in
 * plain English for the people who fix them.
 *
 * X12 997/999 rules applied: an AK2 names one of our sets by ST02 and its AK501 decides (A accepted,
 * E accepted with errors noted, R/M/W/X rejected); a set the group's acknowledgment does not name
 * takes the group's AK901 (A, E as above; P "partially accepted" means the named sets were the
 * problem, so an unnamed one is accepted; R rejects them all). A TA1 speaks for every set of the
 * interchange it names: A accepted, E accepted with errors, R rejected.
 */
import type { FunctionalAcknowledgment, SetResponse } from '#schemas/documents/x12-documents.ts';
import type { SentDocument, SentDocumentState } from '#schemas/records/sent-document.ts';

/** The documents whose acknowledgment we track: what the partner acts on (not the 997s and TA1s we send). */
export const TRACKED_KINDS: ReadonlySet<string> = new Set(['855', '856', '865', '810']);

/** AK304 / IK304 segment syntax error codes (X12 element 720). */
const SEGMENT_ERRORS: Readonly<Record<string, string>> = {
  '1': 'the segment id is not recognized',
  '2': 'the segment is not expected here',
  '3': 'a mandatory segment is missing',
  '4': 'the loop occurs more often than allowed',
  '5': 'the segment occurs more often than allowed',
  '6': 'the segment is not defined in this transaction set',
  '7': 'the segment is out of order',
  '8': 'the segment has data element errors',
  I4: 'the segment is not used in the implementation guide',
  I6: 'an implementation-dependent segment is missing',
  I7: 'the loop occurs fewer times than the implementation guide requires',
  I8: 'the segment occurs fewer times than the implementation guide requires',
  I9: 'an implementation-dependent segment is not used',
};

/** AK403 / IK403 data element syntax error codes (X12 element 723). */
const ELEMENT_ERRORS: Readonly<Record<string, string>> = {
  '1': 'a mandatory element is missing',
  '2': 'a conditionally required element is missing',
  '3': 'there are too many data elements',
  '4': 'the value is too short',
  '5': 'the value is too long',
  '6': 'the value has an invalid character',
  '7': 'the code is not valid for this element',
  '8': 'the date is not valid',
  '9': 'the time is not valid',
  '10': 'an element excluded by another is present',
  '12': 'there are too many repetitions',
  '13': 'there are too many components',
  I10: 'the element is not used in the implementation guide',
  I11: 'the element is too short for the implementation guide',
  I12: 'the value does not match the implementation guide',
  I13: 'an implementation-dependent element is missing',
  I6: 'the code is not valid in the implementation guide',
  I9: 'an implementation-dependent element is not used',
};

/** AK502 / IK502 transaction set syntax error codes (X12 element 718), the common ones. */
const SET_ERRORS: Readonly<Record<string, string>> = {
  '1': 'the transaction set is not supported',
  '2': 'the SE trailer is missing',
  '3': 'the ST and SE control numbers do not match',
  '4': 'the SE segment count is wrong',
  '5': 'one or more segments are in error',
  '6': 'the transaction set id is missing or invalid',
  '7': 'the ST02 control number is missing or invalid',
  '23': 'the ST02 control number is not unique within the group',
};

/** AK905 functional group error codes (X12 element 716), the common ones. */
const GROUP_ERRORS: Readonly<Record<string, string>> = {
  '1': 'the functional group is not supported',
  '2': 'the functional group version is not supported',
  '3': 'the GE trailer is missing',
  '4': 'the GS and GE control numbers do not match',
  '5': 'the GE count of transaction sets is wrong',
  '6': 'the GS06 control number is invalid',
  '19': 'the GS06 control number is not unique within the interchange',
};

/** TA105 interchange note codes (X12 element I18), the common ones. */
const INTERCHANGE_NOTES: Readonly<Record<string, string>> = {
  '000': 'no error',
  '001': 'the ISA13 and IEA02 control numbers do not match',
  '005': 'the sender id qualifier is invalid',
  '006': 'the sender id is invalid',
  '007': 'the receiver id qualifier is invalid',
  '008': 'the receiver id is invalid',
  '009': 'the receiver id is not known to the partner',
  '014': 'the interchange date is invalid',
  '015': 'the interchange time is invalid',
  '016': 'the control standards identifier (ISA11) is invalid',
  '017': 'the version (ISA12) is invalid',
  '018': 'the interchange control number is invalid',
  '021': 'the IEA count of functional groups is wrong',
  '022': 'the control structure is invalid',
  '023': 'the interchange ends improperly',
  '024': 'the interchange content is invalid',
  '025': 'the interchange control number was used before',
};

const named = (table: Readonly<Record<string, string>>, code: string | undefined, what: string): string =>
  code === undefined ? `no ${what} code` : `${table[code] ?? `${what} code ${code}`} (${what} ${code})`;

/**
 * A control number as the sent-document records key it: digits without zero padding, so a
 * partner's AK102 `1` finds our GS06 `000000001` (X12 numbers compare by value). A value that is
 * not a number is kept trimmed.
 */
export function controlKey(value: string | number): string {
  const v = String(value).trim();
  return /^\d+$/.test(v) ? String(Number(v)) : v;
}

/** The state an AK501 / IK501 (or AK901, TA104) status code means for a document. */
export function stateOfStatus(code: string): Exclude<SentDocumentState, 'sent' | 'overdue'> {
  if (code === 'A') return 'accepted';
  if (code === 'E' || code === 'P') return 'accepted-with-errors';
  return 'rejected';
}

/** One AK2 loop's findings, a line each: the AK3/AK4 errors, then the AK502 codes. */
export function findingsOfSet(set: SetResponse): string[] {
  const lines: string[] = [];
  for (const s of set.segmentErrors) {
    const where = `segment ${s.segmentId} at position ${s.position}${s.loopId ? ` in loop ${s.loopId}` : ''}`;
    if (s.code !== undefined && s.code !== '8') lines.push(`${where}: ${named(SEGMENT_ERRORS, s.code, 'AK304')}`);
    for (const e of s.elementErrors) {
      const ref = `${s.segmentId}${String(e.position).padStart(2, '0')}${e.componentPosition !== undefined ? `-${String(e.componentPosition).padStart(2, '0')}` : ''}`;
      const element = e.elementReference ? ` (element ${e.elementReference})` : '';
      const value = e.value !== undefined ? `, value '${e.value}'` : '';
      lines.push(`${where}: ${ref}${element}: ${named(ELEMENT_ERRORS, e.code, 'AK403')}${value}`);
    }
    if (s.elementErrors.length === 0 && (s.code === undefined || s.code === '8')) lines.push(`${where}: ${named(SEGMENT_ERRORS, s.code ?? '8', 'AK304')}`);
  }
  for (const code of set.errorCodes) lines.push(`transaction set: ${named(SET_ERRORS, code, 'AK502')}`);
  return lines;
}

export interface AcknowledgedDocument {
  state: Exclude<SentDocumentState, 'sent' | 'overdue'>;
  findings: string[];
}

/**
 * What a 997/999 says about our set `setControlNumber` of the group it acknowledges
 * (the caller has matched AK102 to the group's GS06).
 */
export function acknowledgedBy997(ack: FunctionalAcknowledgment, setControlNumber: string): AcknowledgedDocument {
  const groupFindings = ack.errorCodes.map((code) => `functional group: ${named(GROUP_ERRORS, code, 'AK905')}`);
  const response = ack.sets.find((s) => controlKey(s.controlNumber) === controlKey(setControlNumber));
  if (response) {
    const state = ack.status === 'R' ? 'rejected' : stateOfStatus(response.status);
    return { state, findings: [...findingsOfSet(response), ...groupFindings] };
  }
  // Not named: the group's status speaks for it; a partial acceptance names only the sets in error.
  const state = ack.status === 'P' ? 'accepted' : stateOfStatus(ack.status);
  return { state, findings: groupFindings };
}

/** What a TA1 says about every set of the interchange it names. */
export function acknowledgedByTa1(acknowledgmentCode: string, noteCode: string): AcknowledgedDocument {
  const state = stateOfStatus(acknowledgmentCode);
  return { state, findings: noteCode === '000' ? [] : [`interchange: ${named(INTERCHANGE_NOTES, noteCode, 'TA105')}`] };
}

/**
 * Whether an acknowledgment may move a document on: a document not yet acknowledged (sent or
 * overdue) takes any; an acknowledged one only a more severe verdict (a 997 rejecting what a TA1
 * accepted), so a repeated or late acknowledgment changes nothing.
 */
export function movesOn(document: Pick<SentDocument, 'state'>, next: AcknowledgedDocument['state']): boolean {
  const rank: Record<SentDocumentState, number> = { sent: 0, overdue: 0, accepted: 1, 'accepted-with-errors': 2, rejected: 3 };
  return rank[next] > rank[document.state];
}

/** True when the document is still waiting for its acknowledgment at `now` (ISO) past its due time. */
export function isOverdue(document: Pick<SentDocument, 'state' | 'dueAt'>, now: string): boolean {
  return document.state === 'sent' && now >= document.dueAt;
}
