/**
 * Streaming X12 tokenizer: text chunks in, segments out, one interchange after another, each
 * with the delimiters its own ISA declares.
 *
 * Liberal in what it accepts (README, "The X12 engine", tokenizer): UTF-8 BOM, leading whitespace
 * and indentation, CR/LF anywhere when a character terminates segments (hard-wrapped files),
 * line breaks as the terminator, a space before the line break, unpadded or NBSP-padded ISA
 * fields, a missing ISA16, no terminator after the last segment, a segment whose terminator
 * was dropped before a line break (in line-per-segment files), several interchanges per file.
 * Everything it had to repair is reported as a diagnostic; it throws only when the input
 * does not start with an ISA at all.
 */
import { NotX12Error, type Delimiters, type Diagnostic, type Segment } from './types.ts';

/** Receives what the tokenizer reads, in order. */
export interface TokenSink {
  /** A new interchange begins; `isa` is its header segment with ISA01…ISA16. */
  interchange(isa: Segment, delimiters: Delimiters): void;
  /** A segment inside the current interchange (after the ISA). */
  segment(segment: Segment): void;
  /** A problem found while tokenizing (not tied to a transaction set position). */
  diagnostic(diagnostic: Diagnostic): void;
}

const ISA_ELEMENTS = 16;
/** Characters that may precede an ISA: BOM, whitespace, NUL/control padding some mailboxes add. */
const isSkippable = (c: string): boolean => c === '\uFEFF' || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00A0' || c === '\0' || c === '\f' || c === '\v' || c === '\x1A';
const isLineBreak = (c: string | undefined): boolean => c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const TAG = /^[A-Z][A-Z0-9]{1,2}$/;

type Mode = 'seek' | 'body';

/** Longest segment read (characters); beyond it the segment is cut there and reported. */
export const MAX_SEGMENT_CHARS = 4 * 1024 * 1024;
/** An open segment longer than this collects its chunks instead of re-joining them on each push. */
const LONG_OPEN_SEGMENT = 1 << 16;

export interface TokenizerOptions {
  /** Longest segment read, in characters (default {@link MAX_SEGMENT_CHARS}). */
  maxSegmentChars?: number;
}

/**
 * Push-based tokenizer. Call `push(chunk)` for each decoded text chunk and `end()` once.
 * Memory stays bounded by the longest segment plus one chunk.
 */
export class X12Tokenizer {
  private buffer = '';
  private mode: Mode = 'seek';
  private delimiters: Delimiters | undefined;
  /** Line breaks end segments (no terminator character, or a space before the break). */
  private newlineTerminated = false;
  /** The file puts one segment per line after a terminator character; enables dropped-terminator repair. */
  private linePerSegment = false;
  private interchanges = 0;
  private fileSegments = 0;
  private ended = false;
  private garbageReported = false;
  private mixedReported = false;
  /**
   * Chunks of a long segment whose terminator has not come yet, kept apart so that each character
   * is copied once: joining on every push would make a segment without terminator quadratic.
   */
  private pending: string[] = [];
  private pendingLength = 0;
  /** After a segment was cut at the maximum length: its rest is skipped up to the next terminator. */
  private skipping = false;
  private readonly maxSegmentChars: number;

  constructor(
    private readonly sink: TokenSink,
    options: TokenizerOptions = {},
  ) {
    this.maxSegmentChars = options.maxSegmentChars ?? MAX_SEGMENT_CHARS;
  }

  /** Feed the next chunk of decoded text. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.mode === 'body') {
      const terminator = this.delimiters!.segment;
      if (this.skipping) {
        const at = chunk.indexOf(terminator);
        if (at < 0) return;
        this.skipping = false;
        chunk = chunk.slice(at + 1);
        if (chunk.length === 0) return;
      }
      if (this.buffer.length + this.pendingLength >= LONG_OPEN_SEGMENT && chunk.indexOf(terminator) < 0) {
        this.pending.push(chunk);
        this.pendingLength += chunk.length;
        if (this.buffer.length + this.pendingLength > this.maxSegmentChars) this.cutOverlongSegment();
        return;
      }
    }
    this.buffer = this.joinPending(chunk);
    this.drain(false);
  }

  private joinPending(chunk: string): string {
    if (this.pending.length === 0) return this.buffer.length === 0 ? chunk : this.buffer + chunk;
    const joined = this.buffer + this.pending.join('') + chunk;
    this.pending = [];
    this.pendingLength = 0;
    return joined;
  }

  /** A segment past the maximum length: read up to there, reported, the rest skipped. */
  private cutOverlongSegment(): void {
    const text = this.joinPending('');
    this.buffer = '';
    this.skipping = true;
    let start = 0;
    for (let c = text.charCodeAt(0); c === 10 || c === 13; c = text.charCodeAt(++start));
    const cut = text.slice(start, start + this.maxSegmentChars);
    const tag = this.emitClean(cut, false);
    const elements = cut.split(this.delimiters!.element).length - 1;
    this.report('error', 'AK4-5', `segment ${tag ?? ''} is longer than ${this.maxSegmentChars} characters: read up to there, the rest up to its terminator skipped`, { segmentId: tag, ...(elements > 0 ? { elementPosition: elements } : {}) });
  }

  /** Signal the end of input; flushes a last segment that had no terminator. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.skipping) {
      this.skipping = false;
      this.buffer = '';
    }
    this.buffer = this.joinPending('');
    this.drain(true);
    if (this.mode === 'seek') {
      if (this.interchanges === 0) throw new NotX12Error('no ISA interchange header found: the input is not X12');
      return;
    }
    const rest = this.buffer;
    this.buffer = '';
    if (rest.trim().length > 0) this.emitSegmentText(rest, true);
  }

  private drain(final: boolean): void {
    for (;;) {
      if (this.mode === 'seek') {
        if (!this.seekInterchange(final)) return;
      } else if (!this.readSegments(final)) {
        return;
      }
    }
  }

  /** Skips to the next `ISA`; parses it. Returns false when more input is needed. */
  private seekInterchange(final: boolean): boolean {
    const buf = this.buffer;
    let i = 0;
    while (i < buf.length && isSkippable(buf[i]!)) i++;
    if (i === buf.length) {
      this.buffer = '';
      return false;
    }
    if (buf.length - i < 3 && !final) {
      this.buffer = buf.slice(i);
      return false;
    }
    if (!buf.startsWith('ISA', i)) {
      if (this.interchanges === 0) {
        throw new NotX12Error(`the input does not start with an ISA interchange header (found ${JSON.stringify(buf.slice(i, i + 12))})`);
      }
      const next = buf.indexOf('ISA', i);
      if (!this.garbageReported) {
        this.garbageReported = true;
        this.report('error', 'TA1-024', `data after the end of interchange ${this.interchanges} is not an ISA: ${JSON.stringify(buf.slice(i, i + 20))}…`);
      }
      if (next < 0) {
        this.buffer = final ? '' : buf.slice(Math.max(i, buf.length - 2));
        return false;
      }
      i = next;
    }
    const parsed = this.parseIsa(buf, i, final);
    if (parsed === 'more') {
      this.buffer = buf.slice(i);
      return false;
    }
    if (parsed === 'unreadable') {
      // Skip past this ISA's tag and look for the next one.
      this.buffer = buf.slice(i + 3);
      return true;
    }
    this.buffer = buf.slice(parsed.end);
    this.mode = 'body';
    this.garbageReported = false;
    this.mixedReported = false;
    return true;
  }

  /**
   * Reads the ISA by counting its 16 element separators (not by fixed offsets, so unpadded
   * headers read too), skipping line breaks of hard-wrapped files. ISA16 is the character after
   * the 16th separator and the segment terminator the one after it.
   */
  private parseIsa(buf: string, start: number, final: boolean): { end: number } | 'more' | 'unreadable' {
    const elementSeparator = buf[start + 3];
    if (elementSeparator === undefined) return final ? this.unreadableIsa('the ISA segment is cut off after its tag', 'TA1-023') : 'more';
    if (isAlphaNumeric(elementSeparator) || isLineBreak(elementSeparator) || elementSeparator === ' ') {
      return this.unreadableIsa(`the ISA element separator ${JSON.stringify(elementSeparator)} is not a valid delimiter`, 'TA1-026');
    }
    const elements: string[] = [];
    let value = '';
    let i = start + 4;
    while (elements.length < ISA_ELEMENTS - 1) {
      if (i >= buf.length) return final ? this.unreadableIsa('the ISA segment is cut off before ISA16', 'TA1-023') : 'more';
      const c = buf[i]!;
      i++;
      if (isLineBreak(c)) continue;
      if (c === elementSeparator) {
        elements.push(value);
        value = '';
        continue;
      }
      value += c;
      if (value.length > 60) return this.unreadableIsa('the ISA segment has an element longer than 60 characters: its separators are inconsistent', 'TA1-026');
    }
    // i is now at ISA16 (skip line breaks of a hard wrap before it).
    while (i < buf.length && isLineBreak(buf[i]) && !isLineBreak(buf[i + 1] ?? 'x')) i++;
    // Need ISA16, the terminator, and a look at what follows.
    if (i + 3 > buf.length && !final) return 'more';
    let component = buf[i];
    let terminatorIndex = i + 1;
    if (component === undefined || isLineBreak(component)) {
      return this.unreadableIsa('the ISA segment ends before ISA16 (component element separator)', 'TA1-027');
    }
    let terminator = buf[terminatorIndex];
    let newlineTerminated = false;
    let trailingSpaceTerminator = false;
    let missingComponent = false;
    if (terminator === undefined || isLineBreak(terminator)) {
      // "…*T*~\nGS*…~\n": when the next line ends with the character read as ISA16, that
      // character is the terminator and ISA16 is missing; otherwise line breaks terminate.
      const lineStart = terminatorIndex + (buf[terminatorIndex] === '\r' && buf[terminatorIndex + 1] === '\n' ? 2 : 1);
      const lineEnd = buf.slice(lineStart).search(/[\r\n]/);
      if (lineEnd < 0 && !final && buf.length - lineStart < 4096) return 'more';
      const nextLine = (lineEnd < 0 ? buf.slice(lineStart) : buf.slice(lineStart, lineStart + lineEnd)).trimEnd();
      if (terminator !== undefined && nextLine.length > 3 && nextLine.endsWith(component) && nextLine.includes(elementSeparator)) {
        missingComponent = true;
        terminator = component;
        terminatorIndex = i;
        component = undefined;
      } else {
        newlineTerminated = true;
      }
    } else if (isAlphaNumeric(terminator)) {
      // "…*T*~GS*…": ISA16 is missing, so the character read as ISA16 is the terminator.
      missingComponent = true;
      terminator = component;
      terminatorIndex = i;
      component = undefined;
    } else if (terminator === ' ' || terminator === '\t') {
      let j = terminatorIndex;
      while (buf[j] === ' ' || buf[j] === '\t') j++;
      if (j >= buf.length && !final) return 'more';
      if (j >= buf.length || isLineBreak(buf[j])) {
        newlineTerminated = true;
        trailingSpaceTerminator = true;
      }
    }
    const segmentTerminator = newlineTerminated ? '\n' : terminator!;
    const isaElements = [...elements, missingComponent ? '' : component!];
    const version = (elements[11] ?? '').trim();
    const repetitionCandidate = (elements[10] ?? '').trim();
    const delimiters: Delimiters = {
      element: elementSeparator,
      component: component ?? pickComponentSeparator(elementSeparator, segmentTerminator),
      segment: segmentTerminator,
    };
    if (version >= '00402' && repetitionCandidate.length === 1 && !isAlphaNumeric(repetitionCandidate)) {
      delimiters.repetition = repetitionCandidate;
    }
    const clash = findDelimiterClash(delimiters);
    this.interchanges++;
    this.fileSegments++;
    this.newlineTerminated = newlineTerminated;
    this.delimiters = delimiters;
    const end = newlineTerminated ? terminatorIndex : terminatorIndex + 1;
    this.linePerSegment = !newlineTerminated && isLineBreak(buf[end]);
    this.sink.interchange({ tag: 'ISA', elements: isaElements }, delimiters);
    if (missingComponent) {
      this.report('error', 'TA1-027', `ISA16 (component element separator) is missing: ${JSON.stringify(terminator)} follows ISA15 directly and is read as the segment terminator`);
    }
    if (trailingSpaceTerminator) {
      this.report('warning', 'W-terminator', 'the segment terminator after ISA16 is a space followed by a line break; line breaks are read as segment terminators');
    } else if (newlineTerminated) {
      this.report('warning', 'W-terminator', 'no segment terminator character after ISA16; line breaks are read as segment terminators');
    }
    if (clash) this.report('error', 'TA1-026', clash);
    return { end };
  }

  private unreadableIsa(message: string, code: `TA1-${string}`): 'unreadable' {
    if (this.interchanges === 0) throw new NotX12Error(`${message}; the input is not readable X12`);
    this.report('error', code, message);
    return 'unreadable';
  }

  /**
   * Splits complete segments off the buffer. Returns false when more input is needed.
   * The common case — a terminator character, no line break inside the segment — is read straight
   * from the buffer (elements sliced out of it, no intermediate segment string); everything else
   * goes through emitSegmentText's repairs.
   */
  private readSegments(final: boolean): boolean {
    const terminator = this.delimiters!.segment;
    const buf = this.buffer;
    const direct = !this.newlineTerminated;
    let from = 0;
    // Next line break at or after the current segment (-1: none in the rest of the buffer).
    let lf = -2;
    let cr = -2;
    for (;;) {
      const at = buf.indexOf(terminator, from);
      if (at < 0) break;
      let tag: string | undefined;
      if (direct) {
        let start = from;
        for (let c = buf.charCodeAt(start); (c === 10 || c === 13) && start < at; c = buf.charCodeAt(++start));
        if (lf !== -1 && lf < start) lf = buf.indexOf('\n', start);
        if (cr !== -1 && cr < start) cr = buf.indexOf('\r', start);
        const breakInside = (lf >= 0 && lf < at) || (cr >= 0 && cr < at);
        tag = breakInside ? this.emitSegmentText(buf.slice(from, at), false) : this.emitRange(buf, start, at);
      } else {
        tag = this.emitSegmentText(buf.slice(from, at), false);
      }
      from = at + 1;
      if (tag === 'IEA') {
        this.buffer = buf.slice(from);
        this.mode = 'seek';
        return true;
      }
    }
    this.buffer = from === 0 ? buf : buf.slice(from);
    void final;
    return false;
  }

  /** emitClean of `buf.slice(start, end)` (no line breaks inside), without making that string. */
  private emitRange(buf: string, start: number, end: number): string | undefined {
    while (start < end) {
      const c = buf.charCodeAt(start);
      // space, tab, NBSP, BOM, NUL and other control characters before a tag are layout
      if (c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c < 32) start++;
      else break;
    }
    if (start === end) return undefined;
    const separator = this.delimiters!.element;
    const elements: string[] = [];
    let at = buf.indexOf(separator, start);
    if (at < 0 || at >= end) at = end;
    const tag = buf.slice(start, at).trim();
    while (at < end) {
      const from = at + 1;
      at = buf.indexOf(separator, from);
      if (at < 0 || at >= end) at = end;
      elements.push(buf.slice(from, at));
    }
    this.fileSegments++;
    this.sink.segment({ tag, elements });
    return tag;
  }

  /** Cleans one segment's text and hands it on. Returns the tag emitted last (or undefined). */
  private emitSegmentText(raw: string, last: boolean): string | undefined {
    let text = raw;
    if (this.newlineTerminated) {
      // Trailing blanks by hand: /[ \t\r\u00A0]+$/ is quadratic on a long run of them.
      let end = text.length;
      for (let c = text.charCodeAt(end - 1); c === 32 || c === 9 || c === 13 || c === 0xa0; c = text.charCodeAt(--end - 1));
      if (end < text.length) text = text.slice(0, end);
      // Mixed files end some lines with the usual '~' as well: read it as the terminator it was meant to be.
      if (text.endsWith('~') && !this.usesTilde()) {
        text = text.slice(0, -1);
        if (!this.mixedReported) {
          this.mixedReported = true;
          this.report('warning', 'W-terminator', "some lines end with '~' although line breaks terminate segments in this interchange; the '~' is read as a terminator");
        }
      }
    } else {
      // The line break after a terminator is layout: skip it before looking for breaks inside.
      let start = 0;
      for (let c = text.charCodeAt(0); c === 10 || c === 13; c = text.charCodeAt(++start));
      if (start > 0) text = text.slice(start);
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        if (this.linePerSegment) return this.emitLines(text, last);
        text = text.replace(/[\r\n]+/g, '');
      }
    }
    return this.emitClean(text, last);
  }

  /**
   * In a line-per-segment file, a line break inside a segment's text usually means the
   * terminator was dropped: split where the next line starts with a segment tag and separator.
   */
  private emitLines(text: string, last: boolean): string | undefined {
    const separator = this.delimiters!.element;
    const lines = text.split(/\r\n|\r|\n/);
    let current = '';
    let tag: string | undefined;
    for (const line of lines) {
      const trimmed = line.replace(/^[ \t\u00A0]+/, '');
      const sep = trimmed.indexOf(separator);
      const looksLikeSegment = sep >= 2 && sep <= 3 && TAG.test(trimmed.slice(0, sep));
      if (looksLikeSegment && current.trim().length > 0) {
        const cut = current.trim();
        this.report('warning', 'W-terminator', `segment ${cut.slice(0, cut.indexOf(separator) > 0 ? cut.indexOf(separator) : 3)} has no terminator before the line break; read as ending there`);
        tag = this.emitClean(current, false);
        current = trimmed;
      } else {
        current += current.length === 0 ? trimmed : line;
      }
    }
    if (current.trim().length > 0) tag = this.emitClean(current, last);
    return tag;
  }

  private emitClean(raw: string, last: boolean): string | undefined {
    let start = 0;
    while (start < raw.length) {
      const c = raw.charCodeAt(start);
      // space, tab, NBSP, BOM, NUL and other control characters before a tag are layout
      if (c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c < 32) start++;
      else break;
    }
    const text = start === 0 ? raw : raw.slice(start);
    if (text.length === 0) return undefined;
    const parts = text.split(this.delimiters!.element);
    const tag = parts.shift()!.trim();
    this.fileSegments++;
    if (last && this.delimiters!.segment !== '\n') {
      this.report('warning', 'W-terminator', `the last segment (${tag}) has no segment terminator`);
    }
    this.sink.segment({ tag, elements: parts });
    return tag;
  }

  private usesTilde(): boolean {
    const d = this.delimiters!;
    return d.element === '~' || d.component === '~' || d.repetition === '~';
  }

  private report(severity: Diagnostic['severity'], code: Diagnostic['code'], message: string, where: Pick<Diagnostic, 'segmentId' | 'elementPosition'> = {}): void {
    this.sink.diagnostic({ severity, code, message, ...where, fileSegment: this.fileSegments });
  }
}

/** A component separator for an ISA that lacks ISA16: the common `>` unless it collides. */
function pickComponentSeparator(element: string, segment: string): string {
  for (const c of ['>', ':', '^', '|', '\\']) if (c !== element && c !== segment) return c;
  return '>';
}

function findDelimiterClash(d: Delimiters): string | undefined {
  const named: [string, string | undefined][] = [
    ['element separator', d.element],
    ['component separator (ISA16)', d.component],
    ['segment terminator', d.segment],
    ['repetition separator (ISA11)', d.repetition],
  ];
  for (let a = 0; a < named.length; a++) {
    for (let b = a + 1; b < named.length; b++) {
      const [na, va] = named[a]!;
      const [nb, vb] = named[b]!;
      if (va !== undefined && va === vb) return `the ${na} and the ${nb} are the same character ${JSON.stringify(va)}`;
    }
  }
  if (isAlphaNumeric(d.component)) return `the component separator (ISA16) ${JSON.stringify(d.component)} is a letter or digit`;
  return undefined;
}
