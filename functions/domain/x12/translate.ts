/**
 * X12 text in, typed documents, diagnostics and the owed 997s out: the tokenizer, the envelope
 * reader, the schema-driven validator, the mappers and the group acknowledgment, composed.
 * Pure: the caller supplies the text (whole, or as an async stream of chunks).
 */
import { X12Tokenizer } from './tokenizer.ts';
import { EnvelopeReader, type EnvelopeEvents, type GroupEnd, type InterchangeEnd, type InterchangeHeader, type ReadSet, type ReadTa1 } from './envelope.ts';
import type { Delimiters, Diagnostic, Segment } from './types.ts';
import type { DiagnosticCounts, DocumentResult, GroupSummary, InterchangeSummary, TranslationResult } from './translation-types.ts';
import { getTransactionSetSchema } from '#schemas/x12/registry.ts';
import { validateTransactionSet } from './validate-set.ts';
import { mapTransactionSet } from './map/map-transaction-set.ts';
import { acknowledgeGroup } from './write/acknowledge-group.ts';
import { applySeverityPolicy } from './severity-policy.ts';
import { checkReadingRules } from './validate/reading-rules.ts';

interface SetAckInput {
  setId: string;
  controlNumber: string;
  conventionReference?: string;
  diagnostics: Diagnostic[];
}

/** One transaction set as a caller's own check sees it (ST … SE). */
export interface CheckedSet {
  setId: string;
  /** GS08 of the enclosing group. */
  version: string;
  segments: readonly Segment[];
  delimiters: Delimiters;
}

/**
 * A caller's extra check of each set beyond the X12 dictionary — a partner's implementation guide
 * (README, "Implementation guides"). Its diagnostics carry 997 codes and join the set's own, so
 * they reach the AK3/AK4/AK5 of its acknowledgment and decide acceptance by their severity.
 */
export type SetCheck = (set: CheckedSet) => Diagnostic[];

/** Most partner TA1s one interchange's summary keeps. */
export const MAX_RECEIVED_TA1S = 10_000;

/** Collects what the envelope reader finds into a TranslationResult. */
class Translation implements EnvelopeEvents {
  readonly interchanges: InterchangeSummary[] = [];
  /** Interchanges read beyond `keepInterchanges`: counted, not kept. */
  omittedInterchanges = 0;
  /** The interchange being read (kept in `interchanges` or not). */
  private current: InterchangeSummary | undefined;
  readonly documents: DocumentResult[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly counts: DiagnosticCounts = { errors: 0, warnings: 0, omitted: 0 };
  private groupSets: SetAckInput[] = [];
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly onDocument?: (document: DocumentResult) => void | Promise<void>,
    private readonly onGroup?: (group: GroupSummary, interchange: InterchangeSummary) => void | Promise<void>,
    /** How many diagnostics the result keeps; the rest are counted only. */
    private readonly keepDiagnostics = Number.POSITIVE_INFINITY,
    /** How many interchange summaries the result keeps; the rest are counted only. */
    private readonly keepInterchanges = Number.POSITIVE_INFINITY,
    private readonly checkSet?: SetCheck,
  ) {}

  private keep(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.counts.errors++;
    else this.counts.warnings++;
    if (this.diagnostics.length < this.keepDiagnostics) this.diagnostics.push(diagnostic);
    else this.counts.omitted++;
  }

  interchangeStart(header: InterchangeHeader): void {
    this.current = { ...header, groups: [], envelopeRejected: false, ta1NoteCode: '000', receivedTa1s: [] };
    if (this.interchanges.length < this.keepInterchanges) this.interchanges.push(this.current);
    else this.omittedInterchanges++;
    this.groupSets = [];
  }

  ta1(ta1: ReadTa1): void {
    // Bounded by MAX_RECEIVED_TA1S per interchange: a TA1 is one segment per interchange of ours,
    // so more than that in one interchange is not a partner's answer but noise.
    const interchange = this.current!;
    if (interchange.receivedTa1s.length < MAX_RECEIVED_TA1S) interchange.receivedTa1s.push(ta1);
    else this.keep({ severity: 'warning', code: 'W-ta1', message: `interchange ${interchange.controlNumber} holds more than ${MAX_RECEIVED_TA1S} TA1s; TA1 for ${ta1.controlNumber} is not read`, interchangeControlNumber: interchange.controlNumber, segmentId: 'TA1' });
  }

  set(read: ReadSet): void {
    const diagnostics = [...read.diagnostics];
    const located = (d: Diagnostic): Diagnostic => ({
      ...d,
      interchangeControlNumber: read.interchange.controlNumber,
      ...(read.group.implicit ? {} : { groupControlNumber: read.group.controlNumber }),
      setControlNumber: read.controlNumber,
    });
    const found = getTransactionSetSchema(read.setId, read.group.version);
    let document: DocumentResult['document'];
    if (!found) {
      diagnostics.push(located({
        severity: 'warning',
        code: 'W-unsupported-set',
        message: `transaction set ${read.setId} is not supported: only its envelope was checked`,
        segmentPosition: 1,
        segmentId: 'ST',
        elementPosition: 1,
      }));
    } else {
      if (!found.exact) {
        diagnostics.push(located({
          severity: 'warning',
          code: 'W-version',
          message: `version ${JSON.stringify(read.group.version)} is read with the ${found.readAs} definition of ${read.setId}`,
          segmentPosition: 1,
          segmentId: 'ST',
        }));
      }
      const findings = validateTransactionSet(read.segments, found.schema, read.interchange.delimiters);
      for (const d of applySeverityPolicy(findings, found.exact)) diagnostics.push(located(d));
      // After the policy: what these find makes the document unreadable as meant, whatever the release.
      for (const d of checkReadingRules(read.setId, read.segments)) diagnostics.push(located(d));
      if (this.checkSet) {
        for (const d of this.checkSet({ setId: read.setId, version: read.group.version, segments: read.segments, delimiters: read.interchange.delimiters })) diagnostics.push(located(d));
      }
      document = mapTransactionSet(read.setId, read.segments, read.interchange.delimiters);
    }
    diagnostics.sort((a, b) => (a.segmentPosition ?? 0) - (b.segmentPosition ?? 0));
    const result: DocumentResult = {
      type: read.setId,
      controlNumber: read.controlNumber,
      supported: found !== undefined,
      interchangeControlNumber: read.interchange.controlNumber,
      groupControlNumber: read.group.controlNumber,
      version: read.group.version,
      accepted: !diagnostics.some((d) => d.severity === 'error'),
      ...keyOf(document),
      ...(document ? { document } : {}),
      diagnostics,
      segmentCount: read.segments.length,
    };
    for (const d of diagnostics) this.keep(d);
    if (!read.group.implicit) {
      // Until its GE the group keeps, per set, only what its 997 reports (X12-coded findings, no
      // messages), so a group of many sets with warnings costs what its 997 will.
      const reported = diagnostics.filter((d) => /^AK[345]-/.test(d.code)).map(({ message: _message, ...d }) => ({ ...d, message: '' }));
      this.groupSets.push({ setId: read.setId, controlNumber: read.controlNumber, ...(read.conventionReference ? { conventionReference: read.conventionReference } : {}), diagnostics: reported });
    }
    if (this.onDocument) {
      const callback = this.onDocument;
      this.pending = this.pending.then(() => callback(result));
    } else {
      this.documents.push(result);
    }
  }

  groupEnd(end: GroupEnd): void {
    const interchange = this.current!;
    const acknowledgment = acknowledgeGroup({
      functionalId: end.group.functionalId,
      groupControlNumber: end.group.controlNumber,
      version: end.group.version,
      sets: this.groupSets,
      groupDiagnostics: end.diagnostics,
      includedSets: end.includedSets,
    });
    const { implicit: _implicit, ...header } = end.group;
    const group: GroupSummary = { ...header, setCount: this.groupSets.length, acknowledgment };
    this.groupSets = [];
    if (this.onGroup) {
      const callback = this.onGroup;
      this.pending = this.pending.then(() => callback(group, interchange));
    } else {
      interchange.groups.push(group);
    }
  }

  interchangeEnd(end: InterchangeEnd): void {
    const interchange = this.current!;
    const envelopeError = end.diagnostics.find((d) => d.severity === 'error' && d.code.startsWith('TA1-'));
    interchange.envelopeRejected = envelopeError !== undefined;
    interchange.ta1NoteCode = envelopeError ? envelopeError.code.slice(4) : '000';
  }

  diagnostic(diagnostic: Diagnostic): void {
    this.keep(diagnostic);
  }

  /** Resolves when every onDocument callback has run. */
  settled(): Promise<void> {
    return this.pending;
  }
}

function keyOf(document: DocumentResult['document']): Pick<DocumentResult, 'purchaseOrderNumber' | 'shipmentId'> {
  if (!document) return {};
  if (document.type === '856') return { shipmentId: document.shipmentId };
  if ('purchaseOrderNumber' in document) return { purchaseOrderNumber: document.purchaseOrderNumber };
  return {};
}

/**
 * Translates a whole X12 text. Throws `NotX12Error` only when the text is not X12 at all;
 * every other problem is a diagnostic.
 */
export function translateText(text: string, options: Pick<StreamOptions, 'checkSet'> = {}): TranslationResult {
  const translation = new Translation(undefined, undefined, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, options.checkSet);
  const envelope = new EnvelopeReader(translation);
  const tokenizer = new X12Tokenizer(envelope);
  tokenizer.push(text);
  tokenizer.end();
  envelope.finish();
  return { interchanges: translation.interchanges, documents: translation.documents, diagnostics: translation.diagnostics, diagnosticCounts: translation.counts };
}

/** Diagnostics a streaming read keeps for its result by default; the rest are counted. */
export const KEPT_DIAGNOSTICS = 10_000;

/** Interchange summaries a streaming read keeps by default; the rest are counted (`omittedInterchanges`). */
export const KEPT_INTERCHANGES = 10_000;

export interface StreamOptions {
  /** How many diagnostics the result keeps (default {@link KEPT_DIAGNOSTICS}); all are counted. */
  keepDiagnostics?: number;
  /** How many interchange summaries the result keeps (default {@link KEPT_INTERCHANGES}); all are counted. */
  keepInterchanges?: number;
  /** Longest segment read, in characters (the tokenizer's default otherwise). */
  maxSegmentChars?: number;
  /** A caller's extra check of each supported set (a partner's inbound guide), see {@link SetCheck}. */
  checkSet?: SetCheck;
}

/**
 * Translates a stream of bytes or text chunks in constant memory per transaction set:
 * each document goes to `onDocument` as soon as its SE is read, and is not kept.
 * With `onGroup`, each group's summary and 997 go there at its GE and are not kept either
 * (the interchanges in the result then list no groups), so memory stays flat in file size.
 * The result carries interchanges and diagnostics (a bounded number of each, all counted:
 * `omittedInterchanges`, `diagnosticCounts.omitted`); `documents` is empty.
 */
export async function translateStream(
  source: AsyncIterable<Uint8Array | string>,
  onDocument: (document: DocumentResult) => void | Promise<void>,
  onGroup?: (group: GroupSummary, interchange: InterchangeSummary) => void | Promise<void>,
  options: StreamOptions = {},
): Promise<TranslationResult> {
  const translation = new Translation(onDocument, onGroup, options.keepDiagnostics ?? KEPT_DIAGNOSTICS, options.keepInterchanges ?? KEPT_INTERCHANGES, options.checkSet);
  const envelope = new EnvelopeReader(translation);
  const tokenizer = new X12Tokenizer(envelope, options.maxSegmentChars === undefined ? {} : { maxSegmentChars: options.maxSegmentChars });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of source) {
    tokenizer.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    await translation.settled();
  }
  tokenizer.push(decoder.decode());
  tokenizer.end();
  envelope.finish();
  await translation.settled();
  return {
    interchanges: translation.interchanges,
    documents: [],
    diagnostics: translation.diagnostics,
    diagnosticCounts: translation.counts,
    ...(translation.omittedInterchanges > 0 ? { omittedInterchanges: translation.omittedInterchanges } : {}),
  };
}

/** Decodes bytes as the reader does: UTF-8 (a BOM is skipped by the tokenizer). */
export function decodeX12(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
