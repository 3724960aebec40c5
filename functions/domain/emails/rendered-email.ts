/**
 * The shape every e-mail renderer returns, and the small layout helpers they share
 * (a table written both as aligned plain text and as HTML, with every cell escaped).
 */
import { formatDeskTime } from '../planning/business-calendar.ts';
import { cleanInline, cleanSubject, escapeHtml } from './escape.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  to: string[];
  cc: string[];
}

export interface EmailPerson {
  name: string;
  email: string;
}

/** Addresses, de-duplicated (case-insensitive), minus anyone already in `exclude`. */
export function addresses(people: readonly (EmailPerson | undefined)[], exclude: readonly string[] = []): string[] {
  const seen = new Set(exclude.map((e) => e.toLowerCase()));
  const result: string[] = [];
  for (const person of people) {
    if (!person) continue;
    const email = cleanInline(person.email);
    if (email === '' || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    result.push(email);
  }
  return result;
}

export type Cell = string | number | undefined;

const show = (cell: Cell): string => (cell === undefined ? '—' : cleanInline(cell));

/** A table as aligned plain text and as an HTML table; every cell is escaped. */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): { text: string; html: string } {
  const cells = rows.map((row) => headers.map((_, i) => show(row[i])));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (values: readonly string[]): string => values.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  const text = [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
  const th = headers.map((h) => `<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999">${escapeHtml(h)}</th>`).join('');
  const body = cells.map((row) => `<tr>${row.map((c) => `<td style="padding:2px 8px;vertical-align:top">${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const html = `<table style="border-collapse:collapse;font-family:monospace,monospace">\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  return { text, html };
}

/** Body blocks: paragraphs (escaped), pre-rendered tables, and code lines. */
export type Block = { p: string } | { table: { text: string; html: string } } | { code: string[] } | { list: string[] };

/** Assemble a RenderedEmail from blocks: text and HTML carry the same content. */
export function composeEmail(subject: string, blocks: readonly Block[], to: string[], cc: string[]): RenderedEmail {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of blocks) {
    if ('p' in block) {
      text.push(block.p.split('\n').map(cleanInline).join('\n'));
      html.push(`<p>${block.p.split('\n').map(escapeHtml).join('<br>')}</p>`);
    } else if ('table' in block) {
      text.push(block.table.text);
      html.push(block.table.html);
    } else if ('code' in block) {
      text.push(block.code.map((c) => `  ${cleanInline(c)}`).join('\n'));
      html.push(`<pre>${block.code.map(escapeHtml).join('\n')}</pre>`);
    } else {
      text.push(block.list.map((item) => `- ${cleanInline(item)}`).join('\n'));
      html.push(`<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
    }
  }
  const safeSubject = cleanSubject(subject);
  return {
    subject: safeSubject,
    text: `${text.join('\n\n')}\n`,
    html: `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(safeSubject)}</title></head><body style="font-family:sans-serif">\n${html.join('\n')}\n</body></html>\n`,
    to,
    cc: cc.filter((address) => !to.includes(address)),
  };
}

/**
 * An instant as the desk that serves the partner reads it (its profile's `desk.timeZone`):
 * `2025-11-23T22:00:00.000Z` in America/Chicago → `16:00 CST Sun 23 Nov` (README, "Planning
 * intelligence", desk time).
 */
export function formatInstant(instant: string, timeZone: string): string {
  return formatDeskTime(instant, timeZone);
}

/** Numbers without float noise: 10 → "10", 0.1 → "0.1", 1/3 → "0.333". */
export function formatNumber(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return String(Math.round(value * 1000) / 1000);
}
