/**
 * Text that came from outside (object keys, partner values, causes) printed on a terminal:
 * control characters (C0, DEL, C1) and bidirectional overrides are shown as `\xNN` / `\u{N}`
 * escapes, so a key cannot move the cursor, clear the screen or reorder what the line says.
 * A backslash is doubled, so an escape in the output always means one was made.
 */
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
