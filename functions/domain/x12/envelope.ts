/**
 * The X12 envelope as a state machine over tokenized segments: ISA/IEA interchanges,
 * GS/GE functional groups and ST/SE transaction sets, with their control numbers and counts.
 * Complete sets are handed on with the envelope problems found for them; group and interchange
 * problems are reported with the X12 code their acknowledgment needs (TA1 I18, AK905, AK502).
 */
import type { Delimiters, Diagnostic, DiagnosticCode, Segment, Severity } from './types.ts';
import type { TokenSink } from './tokenizer.ts';
import { dateLengthOf, isoDateFromX12, isoTimeFromX12, isX12Date, isX12Time } from './x12-dates.ts';
import { FUNCTIONAL_GROUP_OF_SET } from '#schemas/x12/functional-groups.ts';
import { getEnvelopeSchema } from '#schemas/x12/registry.ts';

/** The code list the envelope dictionary of `isa12`'s release gives element `id` (I05, I10, …). */
function envelopeCodes(isa12: string, id: string): readonly string[] {
  return getEnvelopeSchema(isa12).schema.elements[id]?.codes ?? [];
}

/** An interchange's envelope facts from its ISA, trimmed and dated. */
export interface InterchangeHeader {
  /** ISA13. */
  controlNumber: string;
  /** ISA05/ISA06, ISA07/ISA08, trimmed. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09/ISA10 as ISO date (YYMMDD, by the century window of `x12-dates.ts`) and `HH:MM`. */
  date: string;
  time: string;
  /** ISA12, e.g. `00401`. */
  version: string;
  /** ISA15 `P`/`T`. */
  usageIndicator: string;
  /** ISA14 = 1. */
  acknowledgmentRequested: boolean;
  delimiters: Delimiters;
}

/** A functional group's envelope facts from its GS. */
export interface GroupHeader {
  /** GS01 functional id, e.g. `PO`. */
  functionalId: string;
  /** GS02 / GS03 application sender / receiver codes. */
  senderId: string;
  receiverId: string;
  /** GS04/GS05 as ISO date and time. */
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS08, e.g. `004010VICS`. */
  version: string;
  /** True for a group invented to hold sets that arrived without a GS. */
  implicit: boolean;
}

/** A complete transaction set as read, ST … SE (or up to where SE should have been). */
export interface ReadSet {
  interchange: InterchangeHeader;
  group: GroupHeader;
  setId: string;
  controlNumber: string;
  conventionReference?: string;
  segments: Segment[];
  /** Envelope-level problems of this set (AK5 codes), already stamped with control numbers. */
  diagnostics: Diagnostic[];
}

export interface GroupEnd {
  interchange: InterchangeHeader;
  group: GroupHeader;
  /** GE01 as sent; undefined when the GE is missing or unreadable. */
  includedSets: number | undefined;
  /** Group-level problems (AK9 codes). */
  diagnostics: Diagnostic[];
}

export interface InterchangeEnd {
  interchange: InterchangeHeader;
  groupCount: number;
  /** Interchange-level problems (TA1 codes and outside-set problems). */
  diagnostics: Diagnostic[];
}

/**
 * A partner's TA1 Interchange Acknowledgment of one of our interchanges, as read (X12.5: between
 * ISA and the first GS). TA101 names the ISA13 it acknowledges.
 */
export interface ReadTa1 {
  /** TA101, the acknowledged ISA13 as sent. */
  controlNumber: string;
  /** TA102 / TA103: the acknowledged interchange's ISA09 date (YYMMDD) and ISA10 time (HHMM). */
  date: string;
  time: string;
  /** TA104: `A` accepted, `E` accepted with errors, `R` rejected (element I17). */
  acknowledgmentCode: string;
  /** TA105: interchange note code (element I18), `000` no error. */
  noteCode: string;
}

/** What the envelope reader hands on, in reading order. */
export interface EnvelopeEvents {
  interchangeStart(header: InterchangeHeader): void;
  /** A readable TA1 of the current interchange (an unreadable one is reported as a diagnostic instead). */
  ta1?(ta1: ReadTa1, interchange: InterchangeHeader): void;
  set(set: ReadSet): void;
  groupEnd(end: GroupEnd): void;
  interchangeEnd(end: InterchangeEnd): void;
  /** Every diagnostic not attached to a set (interchange and group level), as found. */
  diagnostic(diagnostic: Diagnostic): void;
}


const COUNT = /^\d+$/;

/**
 * Most segments one transaction set may hold (a 10,000-line 850 has ~50,000; an 830 of 2,000
 * items × 52 weeks ~110,000): a set is validated and mapped whole, so this bounds its memory.
 */
export const MAX_SET_SEGMENTS = 250_000;

function el(segment: Segment, position: number): string {
  return segment.elements[position - 1] ?? '';
}

/**
 * Reads the envelope. Feed it as the tokenizer's sink; it calls `events` as structures complete.
 */
export class EnvelopeReader implements TokenSink {
  private current: InterchangeHeader | undefined;
  private interchangeDiagnostics: Diagnostic[] = [];
  private groupCount = 0;
  private groupNumbers = new Set<string>();
  private group: GroupHeader | undefined;
  private groupDiagnostics: Diagnostic[] = [];
  private setCount = 0;
  private setNumbers = new Set<string>();
  private set: { header: Segment; segments: Segment[]; diagnostics: Diagnostic[]; dropped: number } | undefined;
  private orphanRun: { first: string; count: number; inGroup: boolean } | undefined;
  private seenInterchanges = new Set<string>();
  private fileSegment = 0;

  constructor(private readonly events: EnvelopeEvents) {}

  /** Tokenizer callback: a new ISA. Closes whatever the previous interchange left open. */
  interchange(isa: Segment, delimiters: Delimiters): void {
    this.fileSegment++;
    if (this.current) {
      this.interchangeProblem('error', 'TA1-023', `interchange ${this.current.controlNumber} has no IEA trailer before the next ISA`);
      this.closeInterchange(undefined);
    }
    const header: InterchangeHeader = {
      controlNumber: el(isa, 13).trim(),
      senderQualifier: el(isa, 5).trim(),
      senderId: el(isa, 6).replace(/[\s\u00A0]+$/, ''),
      receiverQualifier: el(isa, 7).trim(),
      receiverId: el(isa, 8).replace(/[\s\u00A0]+$/, ''),
      date: isoDateFromX12(el(isa, 9).trim()) ?? el(isa, 9).trim(),
      time: isoTimeFromX12(el(isa, 10).trim()) ?? el(isa, 10).trim(),
      version: el(isa, 12).trim(),
      usageIndicator: el(isa, 15).trim(),
      acknowledgmentRequested: el(isa, 14).trim() === '1',
      delimiters,
    };
    this.current = header;
    this.interchangeDiagnostics = [];
    this.groupCount = 0;
    this.groupNumbers = new Set();
    this.events.interchangeStart(header);
    this.checkIsa(isa);
    const key = `${header.senderQualifier}/${header.senderId}/${header.controlNumber}`;
    if (this.seenInterchanges.has(key)) {
      this.interchangeProblem('error', 'TA1-025', `interchange control number ${header.controlNumber} from ${header.senderId} appears twice in this file`);
    }
    this.seenInterchanges.add(key);
  }

  /** Tokenizer callback: any segment after the ISA. */
  segment(segment: Segment): void {
    this.fileSegment++;
    const tag = segment.tag;
    if (!this.current) {
      // Only reachable when a repaired line yields segments after an IEA in the same text.
      this.events.diagnostic({ severity: 'error', code: 'TA1-024', message: `segment ${JSON.stringify(tag)} follows the IEA trailer outside any interchange`, segmentId: tag, fileSegment: this.fileSegment });
      return;
    }
    if (this.set) {
      if (tag === 'SE') {
        this.set.segments.push(segment);
        this.closeSet(segment);
        return;
      }
      if (tag === 'ST' || tag === 'GE' || tag === 'GS' || tag === 'IEA') {
        this.setProblem('error', 'AK5-2', `transaction set ${el(this.set.header, 2)} has no SE trailer before ${tag}`);
        this.closeSet(undefined);
      } else if (this.set.segments.length < MAX_SET_SEGMENTS) {
        this.set.segments.push(segment);
        return;
      } else {
        // Memory stays bounded per set: the set is refused, its segments past the limit counted only.
        if (this.set.dropped++ === 0) this.setProblem('error', 'AK5-5', `transaction set ${el(this.set.header, 2)} has more than ${MAX_SET_SEGMENTS} segments, more than this reader holds: the rest are counted, not read`);
        return;
      }
    }
    switch (tag) {
      case 'ST':
        this.endOrphans();
        this.openSet(segment);
        return;
      case 'GS':
        this.endOrphans();
        this.openGroup(segment);
        return;
      case 'GE':
        this.endOrphans();
        this.closeGroup(segment);
        return;
      case 'IEA':
        this.endOrphans();
        if (this.group) {
          if (!this.group.implicit) this.groupProblem('error', 'AK9-3', `functional group ${this.group.controlNumber} has no GE trailer before IEA`);
          this.finishGroup(undefined);
        }
        this.closeInterchange(segment);
        return;
      case 'TA1':
        if (this.group) break;
        this.readTa1(segment);
        return;
      case 'ISB':
      case 'ISE':
        if (!this.group) return;
        break;
      default:
        break;
    }
    this.orphan(segment);
  }

  /** Tokenizer callback: a tokenizer-level problem. */
  diagnostic(diagnostic: Diagnostic): void {
    const stamped = this.stamp(diagnostic);
    if (this.set && diagnostic.severity === 'error') {
      this.set.diagnostics.push({ ...stamped, segmentPosition: this.set.segments.length });
      return;
    }
    if (this.current) this.interchangeDiagnostics.push(stamped);
    this.events.diagnostic(stamped);
  }

  /** End of input: reports every structure left open. */
  finish(): void {
    this.endOrphans();
    if (this.set) {
      this.setProblem('error', 'AK5-2', `transaction set ${el(this.set.header, 2)} has no SE trailer: the file ends inside it`);
      this.closeSet(undefined);
    }
    if (this.group) {
      if (!this.group.implicit) this.groupProblem('error', 'AK9-3', `functional group ${this.group.controlNumber} has no GE trailer: the file ends inside it`);
      this.finishGroup(undefined);
    }
    if (this.current) {
      this.interchangeProblem('error', 'TA1-023', `interchange ${this.current.controlNumber} has no IEA trailer: the file ends inside it`);
      this.closeInterchange(undefined);
    }
  }

  // ---- interchange -------------------------------------------------------------------------

  /** ISA field rules (X12.5): fixed values, code lists, dates, and the 9-digit control number. */
  private checkIsa(isa: Segment): void {
    const problem = (code: DiagnosticCode, position: number, message: string, severity: Severity = 'error') =>
      this.interchangeProblem(severity, code, message, { segmentId: 'ISA', elementPosition: position, value: el(isa, position) });
    const codeList = (position: number, allowed: string[], code: `TA1-${string}`) => {
      const v = el(isa, position).trim();
      if (!allowed.includes(v)) problem(code, position, `ISA${pad2(position)} ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    };
    codeList(1, ['00', '01', '02', '03', '04', '05', '06'], 'TA1-010');
    codeList(3, ['00', '01'], 'TA1-012');
    // Code values are warnings, as in the sets (severity-policy.ts): the interchange is readable and
    // answered with a TA1 `E` carrying the note. A malformed value stays an error.
    // ISA05/ISA07: interchange id qualifiers, element I05 (TA105 005 / 007 — "invalid … qualifier").
    const isa12 = el(isa, 12).trim();
    const qualifiers = envelopeCodes(isa12, 'I05');
    for (const [position, code, side] of [[5, 'TA1-005', 'sender'], [7, 'TA1-007', 'receiver']] as const) {
      const v = el(isa, position).trim();
      if (!/^[A-Z0-9]{2}$/.test(v)) problem(code, position, `ISA${pad2(position)} ${side} qualifier ${JSON.stringify(el(isa, position))} is not a 2-character code`);
      else if (qualifiers.length > 0 && !qualifiers.includes(v)) problem(code, position, `ISA${pad2(position)} ${side} qualifier ${JSON.stringify(v)} is not an interchange id qualifier (element I05)`, 'warning');
    }
    // ISA11: before 00402 the control standards identifier `U` (element I10, TA105 016); from
    // 00402 on the repetition separator, which the tokenizer reads (any character not a delimiter).
    if (/^\d{5}$/.test(isa12) && Number(isa12) < 402) {
      const isa11 = el(isa, 11);
      const standards = envelopeCodes(isa12, 'I10');
      if (standards.length > 0 && !standards.includes(isa11.trim())) {
        problem('TA1-016', 11, `ISA11 ${JSON.stringify(isa11)} is not a control standards identifier (${standards.join(', ')}) — version ${isa12} has no repetition separator`, 'warning');
      }
    }
    if (el(isa, 6).trim().length === 0) problem('TA1-006', 6, 'ISA06 sender id is empty');
    if (el(isa, 8).trim().length === 0) problem('TA1-008', 8, 'ISA08 receiver id is empty');
    for (const [position, width] of [[2, 10], [4, 10], [6, 15], [8, 15]] as const) {
      const raw = el(isa, position);
      if (raw.length !== width) {
        problem('W-isa-padding', position, `ISA${pad2(position)} is ${raw.length} characters, not the fixed ${width}; read as ${JSON.stringify(raw.trim())}`, 'warning');
      } else if (raw.includes('\u00A0')) {
        problem('W-isa-padding', position, `ISA${pad2(position)} is padded with non-breaking spaces; read as trimmed`, 'warning');
      }
    }
    const isa09 = el(isa, 9).trim();
    if (!isX12Date(isa09, 0, isa09.length, dateLengthOf(el(isa, 12), 'I08'))) problem('TA1-014', 9, `ISA09 interchange date ${JSON.stringify(el(isa, 9))} is not a valid YYMMDD date`);
    if (!isX12Time(el(isa, 10).trim()) || el(isa, 10).trim().length !== 4) problem('TA1-015', 10, `ISA10 interchange time ${JSON.stringify(el(isa, 10))} is not a valid HHMM time`);
    if (!/^\d{5}$/.test(el(isa, 12).trim())) problem('TA1-017', 12, `ISA12 version ${JSON.stringify(el(isa, 12))} is not a 5-digit version number`);
    const control = el(isa, 13).trim();
    if (!/^\d{1,9}$/.test(control)) problem('TA1-018', 13, `ISA13 control number ${JSON.stringify(control)} is not a number of at most 9 digits`);
    else if (control.length !== 9) problem('W-isa-padding', 13, `ISA13 control number ${control} is not zero-padded to 9 digits`, 'warning');
    codeList(14, ['0', '1'], 'TA1-019');
    codeList(15, ['P', 'T', 'I'], 'TA1-020');
  }

  private closeInterchange(iea: Segment | undefined): void {
    const interchange = this.current;
    if (!interchange) {
      this.interchangeProblem('error', 'TA1-024', 'IEA without a matching ISA');
      return;
    }
    if (iea) {
      const count = el(iea, 1).trim();
      const control = el(iea, 2).trim();
      if (!COUNT.test(count) || Number(count) !== this.groupCount) {
        this.interchangeProblem('error', 'TA1-021', `IEA01 says ${JSON.stringify(count)} functional groups but the interchange holds ${this.groupCount}`, { segmentId: 'IEA', elementPosition: 1, value: count });
      }
      if (control !== interchange.controlNumber) {
        if (COUNT.test(control) && COUNT.test(interchange.controlNumber) && Number(control) === Number(interchange.controlNumber)) {
          this.interchangeProblem('warning', 'W-isa-padding', `IEA02 ${control} matches ISA13 ${interchange.controlNumber} only numerically (not zero-padded)`, { segmentId: 'IEA', elementPosition: 2, value: control });
        } else {
          this.interchangeProblem('error', 'TA1-001', `IEA02 control number ${JSON.stringify(control)} does not match ISA13 ${interchange.controlNumber}`, { segmentId: 'IEA', elementPosition: 2, value: control });
        }
      }
    }
    this.events.interchangeEnd({ interchange, groupCount: this.groupCount, diagnostics: this.interchangeDiagnostics });
    this.current = undefined;
    this.interchangeDiagnostics = [];
  }

  // ---- group -------------------------------------------------------------------------------

  private openGroup(gs: Segment): void {
    if (this.group) {
      if (!this.group.implicit) this.groupProblem('error', 'AK9-3', `functional group ${this.group.controlNumber} has no GE trailer before the next GS`);
      this.finishGroup(undefined);
    }
    const version = el(gs, 8).trim();
    const rawDate = el(gs, 4).trim();
    this.group = {
      functionalId: el(gs, 1).trim(),
      senderId: el(gs, 2).trim(),
      receiverId: el(gs, 3).trim(),
      date: isoDateFromX12(rawDate) ?? rawDate,
      time: isoTimeFromX12(el(gs, 5).trim()) ?? el(gs, 5).trim(),
      controlNumber: el(gs, 6).trim(),
      version,
      implicit: false,
    };
    this.groupCount++;
    this.groupDiagnostics = [];
    this.setCount = 0;
    this.setNumbers = new Set();
    const problem = (code: DiagnosticCode, position: number, message: string, severity: Severity = 'error') =>
      this.groupProblem(severity, code, message, { segmentId: 'GS', elementPosition: position, value: el(gs, position) });
    if (!/^[A-Z0-9]{2}$/.test(this.group.functionalId)) problem('AK9-1', 1, `GS01 functional identifier ${JSON.stringify(this.group.functionalId)} is not a 2-character code`);
    if (this.group.senderId.length === 0) problem('TA1-024', 2, 'GS02 application sender code is empty');
    if (this.group.receiverId.length === 0) problem('TA1-024', 3, 'GS03 application receiver code is empty');
    if (!isX12Date(rawDate)) {
      problem('TA1-024', 4, `GS04 group date ${JSON.stringify(rawDate)} is not a valid CCYYMMDD date`);
    } else if (rawDate.length < dateLengthOf(version)) {
      problem('W-gs-date', 4, `GS04 group date ${rawDate} has 6 digits (YYMMDD); version ${version} expects CCYYMMDD`, 'warning');
    }
    const time = el(gs, 5).trim();
    if (!isX12Time(time)) problem('TA1-024', 5, `GS05 group time ${JSON.stringify(time)} is not a valid HHMM[SS[dd]] time`);
    const control = this.group.controlNumber;
    if (!/^\d{1,9}$/.test(control)) problem('AK9-6', 6, `GS06 group control number ${JSON.stringify(control)} is not a number of at most 9 digits`);
    if (this.groupNumbers.has(control)) {
      // AK905 19: "Functional Group Control Number not Unique within Interchange" (element 716).
      problem('AK9-19', 6, `GS06 group control number ${control} is used by an earlier group in interchange ${this.current?.controlNumber ?? ''}`);
    }
    this.groupNumbers.add(control);
    const agency = el(gs, 7).trim();
    if (agency !== 'X' && agency !== 'T') problem('TA1-024', 7, `GS07 responsible agency ${JSON.stringify(agency)} is not X`);
    if (version.length === 0) problem('AK9-2', 8, 'GS08 version is empty');
  }

  private closeGroup(ge: Segment): void {
    if (!this.group) {
      this.interchangeProblem('error', 'TA1-024', 'GE without a matching GS', { segmentId: 'GE' });
      return;
    }
    this.finishGroup(ge);
  }

  private finishGroup(ge: Segment | undefined): void {
    const group = this.group!;
    let includedSets: number | undefined;
    if (ge) {
      const count = el(ge, 1).trim();
      const control = el(ge, 2).trim();
      if (COUNT.test(count)) includedSets = Number(count);
      if (includedSets !== this.setCount) {
        this.groupProblem('error', 'AK9-5', `GE01 says ${JSON.stringify(count)} transaction sets but the group holds ${this.setCount}`, { segmentId: 'GE', elementPosition: 1, value: count });
      }
      if (control !== group.controlNumber) {
        this.groupProblem('error', 'AK9-4', `GE02 control number ${JSON.stringify(control)} does not match GS06 ${group.controlNumber}`, { segmentId: 'GE', elementPosition: 2, value: control });
      }
    }
    if (this.current && !group.implicit) {
      this.events.groupEnd({ interchange: this.current, group, includedSets, diagnostics: this.groupDiagnostics });
    }
    this.group = undefined;
    this.groupDiagnostics = [];
  }

  // ---- set ---------------------------------------------------------------------------------

  private openSet(st: Segment): void {
    if (!this.group) {
      this.interchangeProblem('error', 'TA1-024', `transaction set ${el(st, 1)} ${el(st, 2)} is not inside a functional group (no GS)`, { segmentId: 'ST' });
      this.group = { functionalId: '', senderId: '', receiverId: '', date: '', time: '', controlNumber: '', version: '', implicit: true };
      this.setCount = 0;
      this.setNumbers = new Set();
    }
    this.set = { header: st, segments: [st], diagnostics: [], dropped: 0 };
    this.setCount++;
    const setId = el(st, 1).trim();
    const control = el(st, 2).trim();
    if (!/^\d{3}$/.test(setId)) {
      this.setProblem('error', 'AK5-6', `ST01 transaction set identifier ${JSON.stringify(setId)} is not a 3-digit code`, 1, 1);
    } else {
      const expected = FUNCTIONAL_GROUP_OF_SET[setId];
      if (expected && this.group.functionalId && expected !== this.group.functionalId && !this.group.implicit) {
        this.setProblem('warning', 'AK5-6', `transaction set ${setId} belongs in a functional group ${expected}, but GS01 is ${this.group.functionalId}`, 1, 1);
      }
    }
    if (control.length < 4 || control.length > 9) {
      this.setProblem('error', 'AK5-7', `ST02 control number ${JSON.stringify(control)} must be 4 to 9 characters`, 1, 2);
    }
    if (this.setNumbers.has(control)) {
      this.setProblem('error', 'AK5-23', `ST02 control number ${control} is used by an earlier set in group ${this.group.controlNumber}`, 1, 2);
    }
    this.setNumbers.add(control);
  }

  private closeSet(se: Segment | undefined): void {
    const set = this.set!;
    this.set = undefined;
    const st = set.header;
    const control = el(st, 2).trim();
    if (se) {
      const count = el(se, 1).trim();
      if (!COUNT.test(count) || Number(count) !== set.segments.length + set.dropped) {
        set.diagnostics.push(this.stampSet({ severity: 'error', code: 'AK5-4', message: `SE01 says ${JSON.stringify(count)} segments but the set holds ${set.segments.length + set.dropped} (ST to SE)`, segmentPosition: set.segments.length, segmentId: 'SE', elementPosition: 1, value: count }, control));
      }
      const trailer = el(se, 2).trim();
      if (trailer !== control) {
        set.diagnostics.push(this.stampSet({ severity: 'error', code: 'AK5-3', message: `SE02 control number ${JSON.stringify(trailer)} does not match ST02 ${control}`, segmentPosition: set.segments.length, segmentId: 'SE', elementPosition: 2, value: trailer }, control));
      }
    }
    const st03 = el(st, 3).trim();
    this.events.set({
      interchange: this.current!,
      group: this.group!,
      setId: el(st, 1).trim(),
      controlNumber: control,
      ...(st03 ? { conventionReference: st03 } : {}),
      segments: set.segments,
      diagnostics: set.diagnostics,
    });
  }

  private setProblem(severity: Severity, code: DiagnosticCode, message: string, position?: number, elementPosition?: number): void {
    const set = this.set!;
    set.diagnostics.push(
      this.stampSet({
        severity,
        code,
        message,
        segmentPosition: position ?? set.segments.length,
        segmentId: position === 1 ? 'ST' : set.segments[set.segments.length - 1]?.tag,
        ...(elementPosition ? { elementPosition } : {}),
      }, el(set.header, 2).trim()),
    );
  }

  // ---- outside any set -----------------------------------------------------------------------

  private orphan(segment: Segment): void {
    if (this.orphanRun) {
      this.orphanRun.count++;
      return;
    }
    this.orphanRun = { first: segment.tag, count: 1, inGroup: this.group !== undefined };
  }

  private endOrphans(): void {
    const run = this.orphanRun;
    if (!run) return;
    this.orphanRun = undefined;
    const what = run.count === 1 ? `segment ${JSON.stringify(run.first)} is` : `${run.count} segments starting with ${JSON.stringify(run.first)} are`;
    if (run.inGroup) {
      this.groupProblem('error', 'AK5-6', `${what} outside any transaction set: the ST header is missing or unreadable`, { segmentId: run.first });
    } else {
      this.interchangeProblem('error', 'TA1-024', `${what} outside any functional group or transaction set`, { segmentId: run.first });
    }
  }

  // ---- diagnostics ---------------------------------------------------------------------------

  private stamp(d: Diagnostic): Diagnostic {
    return {
      ...d,
      ...(this.current ? { interchangeControlNumber: this.current.controlNumber } : {}),
      ...(this.group && !this.group.implicit ? { groupControlNumber: this.group.controlNumber } : {}),
      ...(this.set ? { setControlNumber: el(this.set.header, 2).trim() } : {}),
      fileSegment: d.fileSegment ?? this.fileSegment,
    };
  }

  private stampSet(d: Diagnostic, setControl: string): Diagnostic {
    return { ...this.stamp(d), setControlNumber: setControl };
  }

  /**
   * A TA1 between ISA and GS: the partner's acknowledgment of one of our interchanges. Its codes
   * are checked against the TA1's own element lists (I17 TA104, I18 TA105) — a TA1 we cannot
   * read is a warning (it cannot be matched), never a reason to refuse the interchange carrying it.
   */
  private readTa1(segment: Segment): void {
    const v = (position: number) => el(segment, position).trim();
    const ta1: ReadTa1 = { controlNumber: v(1), date: v(2), time: v(3), acknowledgmentCode: v(4), noteCode: v(5) };
    const problems: string[] = [];
    if (!/^\d{1,9}$/.test(ta1.controlNumber)) problems.push(`TA101 ${JSON.stringify(ta1.controlNumber)} is not an interchange control number`);
    if (!['A', 'E', 'R'].includes(ta1.acknowledgmentCode)) problems.push(`TA104 ${JSON.stringify(ta1.acknowledgmentCode)} is not A, E or R`);
    if (!/^\d{3}$/.test(ta1.noteCode)) problems.push(`TA105 ${JSON.stringify(ta1.noteCode)} is not a 3-digit note code`);
    if (problems.length > 0) {
      this.interchangeProblem('warning', 'W-ta1', `a TA1 in interchange ${this.current!.controlNumber} cannot be read, so it acknowledges nothing: ${problems.join('; ')}`, { segmentId: 'TA1' });
      return;
    }
    this.events.ta1?.(ta1, this.current!);
  }

  private interchangeProblem(severity: Severity, code: DiagnosticCode, message: string, extra: Partial<Diagnostic> = {}): void {
    const d = this.stamp({ severity, code, message, ...extra });
    this.interchangeDiagnostics.push(d);
    this.events.diagnostic(d);
  }

  private groupProblem(severity: Severity, code: DiagnosticCode, message: string, extra: Partial<Diagnostic> = {}): void {
    const d = this.stamp({ severity, code, message, ...extra });
    this.groupDiagnostics.push(d);
    this.events.diagnostic(d);
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
