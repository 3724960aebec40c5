/**
 * Escaping for e-mail. Values from EDI are data (README, "The pipeline": trust boundaries): in HTML every
 * one is entity-escaped; in plain text control characters are stripped; subjects and other header
 * values lose every line break, so nothing a partner sends can add a header (`\r\nBcc: …`).
 */

 
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;
 
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** Entity-escape for HTML text and attribute values. */
export function escapeHtml(value: unknown): string {
  return cleanText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain-text body value: CRLF/CR become LF, other control characters are removed. */
export function cleanText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_EXCEPT_NEWLINE_TAB, '');
}

/** One-line value (table cell, header): every control character or line break becomes a space. */
export function cleanInline(value: unknown): string {
  return String(value ?? '')
    .replace(ANY_CONTROL, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A subject line: one line, no control characters, at most `max` characters. */
export function cleanSubject(value: string, max = 200): string {
  const line = cleanInline(value);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Quote a value for a POSIX shell command line, when it needs it. */
export function shellQuote(value: string): string {
  const v = cleanInline(value);
  return /^[A-Za-z0-9._:@%+=/-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
