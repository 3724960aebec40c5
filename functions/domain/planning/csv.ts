/**
 * A small RFC 4180 CSV reader: fields separated by commas, records by CRLF or LF, fields in
 * double quotes may hold commas, line breaks and doubled quotes (`""`). A UTF-8 BOM is dropped.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts in the file (the header is line 1). */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/** Parse CSV text into records of raw string fields (RFC 4180, lenient about LF-only line ends). */
export function parseCsv(text: string): CsvResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < input.length) {
    const ch = input[i] as string;
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i++;
      let closed = false;
      while (i < input.length) {
        const c = input[i] as string;
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) return { ok: false, line: quoteLine, message: 'unterminated quoted field' };
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return { ok: false, line, message: `unexpected character ${JSON.stringify(next)} after a closing quote` };
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (!atFieldStart || field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}
