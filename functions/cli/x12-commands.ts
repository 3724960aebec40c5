/**
 * `edi translate`, `edi validate`, `edi ack`: the X12 engine on files, for people and scripts.
 * Exit codes: 0 no error diagnostics, 1 error diagnostics, 2 not X12 / unreadable / bad usage.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { translateStream, translateText, decodeX12 } from '#domain/x12/translate.ts';
import { NotX12Error, type Diagnostic, type EnvelopeSettings } from '#domain/x12/types.ts';
import type { DocumentResult, InterchangeSummary, TranslationResult } from '#domain/x12/translation-types.ts';
import { buildTa1, interchangeAcknowledgmentOf } from '#domain/x12/write/ta1.ts';
import { writeDocuments, writeInterchange } from '#domain/x12/write/write-interchange.ts';
import { parseArgs, UsageError, write, type CliIo } from './io.ts';

/** The JSON shape `edi translate` prints per file. */
export interface FileTranslation {
  file: string;
  interchanges: InterchangeSummary[];
  documents: DocumentResult[];
  diagnostics: Diagnostic[];
}

/** Fails with a one-line UsageError unless `file` is a readable regular file. */
async function requireFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file}: not a regular file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

async function readInput(file: string): Promise<string> {
  await requireFile(file);
  try {
    return decodeX12(await readFile(file));
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function hasErrors(result: { diagnostics: Diagnostic[] }): boolean {
  return result.diagnostics.some((d) => d.severity === 'error');
}

/**
 * A diagnostic as the CLI prints it: the location fields always present (`null` when the problem
 * is not inside a transaction set), so consumers can rely on the shape.
 */
export type PrintedDiagnostic = Omit<Diagnostic, 'segmentPosition' | 'segmentId' | 'elementPosition'> & {
  segmentPosition: number | null;
  segmentId: string | null;
  elementPosition: number | null;
};

export function printableDiagnostic(d: Diagnostic): PrintedDiagnostic {
  return { ...d, segmentPosition: d.segmentPosition ?? null, segmentId: d.segmentId ?? null, elementPosition: d.elementPosition ?? null };
}

function printable<T extends { diagnostics: Diagnostic[] }>(value: T): Omit<T, 'diagnostics'> & { diagnostics: PrintedDiagnostic[] } {
  return { ...value, diagnostics: value.diagnostics.map(printableDiagnostic) };
}

/** Translates one file fully in memory; NotX12Error and unreadable files become UsageError-like failures. */
export async function translateFile(file: string): Promise<FileTranslation> {
  const text = await readInput(file);
  const result: TranslationResult = translateText(text);
  return { file, ...result };
}

/** Translates a file, or prints the one "not X12" line and returns undefined (the caller exits 2). */
async function translateOrReport(file: string, io: CliIo): Promise<FileTranslation | undefined> {
  try {
    return await translateFile(file);
  } catch (error) {
    if (!(error instanceof NotX12Error)) throw error;
    io.stderr.write(`${file}: not X12: ${error.message}\n`);
    return undefined;
  }
}

/** `edi translate FILE… [--ndjson]` */
export async function runTranslate(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { flags: ['ndjson', 'pretty'] });
  if (positionals.length === 0) throw new UsageError('usage: edi translate FILE… [--ndjson] [--pretty]');
  let exit = 0;
  if (flags.has('ndjson')) {
    for (const file of positionals) exit = Math.max(exit, await streamFile(file, io));
    return exit;
  }
  // One JSON object per file (an array of them for several files), written as it is read.
  const many = positionals.length > 1;
  let written = 0;
  for (const file of positionals) {
    const code = await streamJson(file, io, flags.has('pretty'), many ? (written === 0 ? '[' : ',') : '');
    if (code === 2) {
      exit = 2;
      continue;
    }
    written++;
    exit = Math.max(exit, code);
  }
  if (many && written > 0) await write(io.stdout, flags.has('pretty') ? '\n]' : ']');
  if (written > 0) await write(io.stdout, '\n');
  return exit;
}

/**
 * `edi translate FILE` without --ndjson: the object {file, documents, interchanges, diagnostics,
 * diagnosticCounts}
 * written while the file is read — each document as soon as its SE is read — so memory stays
 * that of one transaction set plus the envelope summaries and the file's diagnostics.
 * Returns the exit code of the file (2: not X12, nothing written).
 */
async function streamJson(file: string, io: CliIo, pretty: boolean, before: string): Promise<number> {
  await requireFile(file);
  const depth = before === '' ? 0 : 1;
  const nl = (level: number) => (pretty ? `\n${'  '.repeat(level)}` : '');
  const json = (value: unknown, level: number) => (pretty ? JSON.stringify(value, null, 2).replaceAll('\n', nl(level)) : JSON.stringify(value));
  const colon = pretty ? ': ' : ':';
  let documents = 0;
  const out = batched(io.stdout);
  const open = () => `${before}${before ? nl(depth) : ''}{${nl(depth + 1)}"file"${colon}${JSON.stringify(file)},${nl(depth + 1)}"documents"${colon}[`;
  try {
    const result = await translateStream(
      createReadStream(file, { highWaterMark: 1 << 16 }),
      (document) => out.write(`${documents++ === 0 ? open() : ','}${nl(depth + 2)}${json(printable(document), depth + 2)}`),
      undefined,
      { keepDiagnostics: Number.POSITIVE_INFINITY },
    );
    const head = documents === 0 ? `${open()}]` : `${nl(depth + 1)}]`;
    const interchanges = `${nl(depth + 1)}"interchanges"${colon}${json(result.interchanges, depth + 1)}`;
    const diagnostics = `${nl(depth + 1)}"diagnostics"${colon}${json(result.diagnostics.map(printableDiagnostic), depth + 1)}`;
    const counts = `${nl(depth + 1)}"diagnosticCounts"${colon}${json(result.diagnosticCounts, depth + 1)}`;
    await out.write(`${head},${interchanges},${diagnostics},${counts}${nl(depth)}}`);
    await out.flush();
    return result.diagnosticCounts.errors > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof NotX12Error) || documents > 0) throw error;
    io.stderr.write(`${file}: not X12: ${error.message}\n`);
    return 2;
  }
}

/**
 * Output gathered to ~64 KB before each write: a system call per document costs more than its
 * JSON. `write` waits only when the stream asks to (backpressure).
 */
function batched(stream: NodeJS.WritableStream): { write(text: string): Promise<void> | undefined; flush(): Promise<void> | undefined } {
  let pending = '';
  const flush = () => {
    if (pending === '') return undefined;
    const full = pending;
    pending = '';
    return write(stream, full);
  };
  return {
    write(text) {
      pending += text;
      return pending.length < 1 << 16 ? undefined : flush();
    },
    flush,
  };
}

/** Streams a file: one JSON line per document as soon as it is read, then one summary line. */
async function streamFile(file: string, io: CliIo): Promise<number> {
  await requireFile(file);
  const out = batched(io.stdout);
  try {
    const result = await translateStream(
      createReadStream(file, { highWaterMark: 1 << 16 }),
      (document) => out.write(`${JSON.stringify({ kind: 'document', file, ...printable(document) })}\n`),
      (group, interchange) => out.write(`${JSON.stringify({ kind: 'group', file, interchangeControlNumber: interchange.controlNumber, ...group })}\n`),
    );
    await out.flush();
    // The summary keeps a bounded number of diagnostics (each set's are on its document line too) and counts all.
    await write(io.stdout, `${JSON.stringify({ kind: 'summary', file, interchanges: result.interchanges, diagnostics: result.diagnostics.map(printableDiagnostic), diagnosticCounts: result.diagnosticCounts })}\n`);
    return result.diagnosticCounts.errors > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof NotX12Error)) throw error;
    io.stderr.write(`${file}: not X12: ${error.message}\n`);
    return 2;
  }
}

/** Formats one diagnostic as `file:segment:element: severity code message (where)`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const segment = d.segmentPosition !== undefined ? `${d.segmentId ?? ''}@${d.segmentPosition}` : d.segmentId ? `${d.segmentId}` : `#${d.fileSegment ?? 0}`;
  const element = d.elementPosition !== undefined ? String(d.elementPosition) + (d.componentPosition ? `-${d.componentPosition}` : '') : '';
  const where = [
    d.interchangeControlNumber ? `ISA13 ${d.interchangeControlNumber}` : '',
    d.groupControlNumber ? `GS06 ${d.groupControlNumber}` : '',
    d.setControlNumber ? `ST02 ${d.setControlNumber}` : '',
  ].filter(Boolean);
  return `${file}:${segment}:${element}: ${d.severity} ${d.code} ${d.message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** `edi validate FILE…`: human-readable diagnostics, one per line. */
export async function runValidate(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { flags: ['errors-only'] });
  if (positionals.length === 0) throw new UsageError('usage: edi validate FILE… [--errors-only]');
  let exit = 0;
  for (const file of positionals) {
    const validated = await validateStream(file, io);
    if (!validated) {
      exit = 2;
      continue;
    }
    const { diagnostics, sets } = validated;
    const shown = flags.has('errors-only') ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
    const out = batched(io.stdout);
    for (const d of shown) await out.write(`${formatDiagnostic(file, d)}\n`);
    await out.flush();
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    await write(io.stdout, `${file}: ${sets} transaction set(s), ${errors} error(s), ${warnings} warning(s)\n`);
    if (errors > 0) exit = Math.max(exit, 1);
  }
  return exit;
}

/**
 * Reads a file as `translate` does, streaming, keeping its diagnostics and only the count of its
 * sets (a file's documents are not needed to report on it). Undefined: not X12, reported.
 */
async function validateStream(file: string, io: CliIo): Promise<{ diagnostics: Diagnostic[]; sets: number } | undefined> {
  await requireFile(file);
  let sets = 0;
  try {
    const result = await translateStream(
      createReadStream(file, { highWaterMark: 1 << 16 }),
      () => {
        sets++;
      },
      undefined,
      { keepDiagnostics: Number.POSITIVE_INFINITY },
    );
    return { diagnostics: result.diagnostics, sets };
  } catch (error) {
    if (!(error instanceof NotX12Error) || sets > 0) throw error;
    io.stderr.write(`${file}: not X12: ${error.message}\n`);
    return undefined;
  }
}

/**
 * `edi ack FILE [--control N] [--test]`: the 997 for every functional group of the file, as X12,
 * one interchange per inbound interchange, sender and receiver swapped.
 */
export async function runAck(argv: string[], io: CliIo, now: Date = new Date()): Promise<number> {
  const { positionals, options, flags } = parseArgs(argv, { options: ['control'], flags: ['test'] });
  if (positionals.length !== 1) throw new UsageError('usage: edi ack FILE [--control N] [--test]');
  const file = positionals[0]!;
  const translated = await translateOrReport(file, io);
  if (!translated) return 2;
  const control = Number(options.get('control')?.[0] ?? '1');
  if (!Number.isInteger(control) || control < 1 || control > 999_999_999) throw new UsageError('--control must be an integer from 1 to 999999999');
  let next = control;
  const stamp = { date: isoCompact(now), time: now.toISOString().slice(11, 16).replace(':', '') };
  for (const interchange of translated.interchanges) {
    const settings = responseSettings(interchange, flags.has('test'));
    // The TA1 owed (README, "Acknowledgments"): a refused envelope gets a TA1 `R` and no 997
    // accepting its groups; ISA14 `1` gets a TA1 for an accepted interchange too.
    const owed = interchangeAcknowledgmentOf(interchange, translated.diagnostics, false);
    if (owed) {
      const ta1 = buildTa1(owed.interchangeControlNumber, owed.interchangeDate, owed.interchangeTime, owed.acknowledgmentCode, owed.noteCode);
      const text = writeInterchange([], settings, { interchange: next, group: next, firstSet: 1 }, stamp, { ta1: [ta1] });
      next++;
      await write(io.stdout, text.endsWith('\n') ? text : `${text}\n`);
    }
    if (interchange.envelopeRejected) continue;
    if (interchange.groups.length === 0) continue;
    for (const group of interchange.groups) {
      const text = writeDocuments([{ ...group.acknowledgment, controlNumber: '0001' }], settings, { interchange: next, group: next, firstSet: 1 }, stamp);
      next++;
      await write(io.stdout, text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  return hasErrors(translated) ? 1 : 0;
}

/** Envelope for answering an interchange: ids swapped, its version family, standard delimiters. */
export function responseSettings(interchange: InterchangeSummary, test: boolean): EnvelopeSettings {
  const version = interchange.version >= '00500' ? '005010' : '004010';
  return {
    senderQualifier: interchange.receiverQualifier || 'ZZ',
    senderId: interchange.receiverId || 'RECEIVER',
    receiverQualifier: interchange.senderQualifier || 'ZZ',
    receiverId: interchange.senderId || 'SENDER',
    ...(interchange.groups[0] ? { groupSenderId: interchange.groups[0].receiverId, groupReceiverId: interchange.groups[0].senderId } : {}),
    version,
    delimiters: { element: '*', component: '>', segment: '~', ...(version === '005010' ? { repetition: '^' } : {}) },
    usageIndicator: test || interchange.usageIndicator === 'T' ? 'T' : 'P',
    acknowledgmentRequested: false,
    lineBreaks: true,
  };
}

function isoCompact(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}
