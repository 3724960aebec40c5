/**
 * Core X12 reader types shared by the tokenizer, envelope checker, validator, mappers and writers.
 * Element positions follow the spec: `segment.elements[0]` is XX01, `[1]` is XX02, …
 */

/** The delimiters of one interchange, read from fixed ISA positions (ISA separator, ISA11, ISA16, terminator). */
export interface Delimiters {
  /** Element separator: the 4th character of the ISA. */
  element: string;
  /** Component (sub-element) separator: ISA16. */
  component: string;
  /** Repetition separator: ISA11 from version 00402 on; undefined before (ISA11 is then the standards id `U`). */
  repetition?: string;
  /** Segment terminator: the character after ISA16. `\n` when line breaks end segments. */
  segment: string;
}

/** One segment as read: its tag and raw element values (components/repetitions not split). */
export interface Segment {
  /** Segment id, e.g. `PO1`. */
  tag: string;
  /** Raw element values; index 0 is XX01. Trailing empty elements may be absent. */
  elements: string[];
}

export type Severity = 'error' | 'warning';

/**
 * The X12 acknowledgment code a diagnostic maps to:
 * - `TA1-nnn`  interchange note code (TA105, element I18)
 * - `AK9-n`    functional group error (AK905, element 716)
 * - `AK5-n`    transaction set error (AK502, element 718)
 * - `AK3-n`    segment error (AK304, element 720)
 * - `AK4-n`    element error (AK403, element 723)
 * - `W-name`   a warning with no X12 code (e.g. `W-unsupported-set`, `W-version`)
 */
export type DiagnosticCode = `TA1-${string}` | `AK9-${string}` | `AK5-${string}` | `AK3-${string}` | `AK4-${string}` | `W-${string}`;

/** One problem found while reading, with everything a 997/TA1 and a human need to locate it. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Plain-English description, e.g. "PO103 'INVALID' is longer than 2 characters". */
  message: string;
  /** 1-based position of the segment within its transaction set (ST = 1); absent outside a set. */
  segmentPosition?: number;
  /** Segment id the problem is in (as read). */
  segmentId?: string;
  /** 1-based element position (PO103 → 3). */
  elementPosition?: number;
  /** 1-based component position within a composite element. */
  componentPosition?: number;
  /** 1-based repetition within a repeating element (005010). */
  repetition?: number;
  /** Element reference number from the dictionary (e.g. 355), used in AK404 context. */
  elementReference?: string;
  /** Copy of the bad value (for AK404), when there is one. */
  value?: string;
  /** Loop id the segment sits in, when known (AK303). */
  loopId?: string;
  /** Set when a partner's implementation guide found it (not the X12 dictionary): the rule's id. A 999 reports it with its implementation code. */
  guideRule?: string;
  interchangeControlNumber?: string;
  groupControlNumber?: string;
  setControlNumber?: string;
  /** 1-based segment ordinal within the whole file, for locating problems outside a set. */
  fileSegment?: number;
}

/** Thrown only when the input is not X12 at all (no ISA to be found where an interchange must start). */
export class NotX12Error extends Error {
  override name = 'NotX12Error';
}

/** A partner's envelope settings for outbound X12; control numbers are allocated by the caller and passed in. */
export interface EnvelopeSettings {
  /** ISA05/ISA06 (our side when sending). */
  senderQualifier: string;
  senderId: string;
  /** ISA07/ISA08. */
  receiverQualifier: string;
  receiverId: string;
  /** GS02/GS03 application codes; default to the ISA ids. */
  groupSenderId?: string;
  groupReceiverId?: string;
  /** `004010` or `005010` (ISA12 becomes 00401 / 00501; GS08 the version, optionally with an implementation suffix). */
  version: '004010' | '005010';
  /** GS08 suffix such as `VICS` (→ `004010VICS`). */
  versionSuffix?: string;
  delimiters: Delimiters;
  /** ISA15: `P` production or `T` test. */
  usageIndicator: 'P' | 'T';
  /** ISA14: ask the partner for a TA1. */
  acknowledgmentRequested: boolean;
  /** Write a line break after each segment terminator (readable; most translators accept it). */
  lineBreaks?: boolean;
}

/** Control numbers allocated for one outbound interchange: ISA13, GS06, and the first ST02 (incremented per set). */
export interface ControlNumbers {
  interchange: number;
  group: number;
  firstSet: number;
}
