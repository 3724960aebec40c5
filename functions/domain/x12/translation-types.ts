/**
 * What `translate` concludes about a file: its interchanges and groups (envelope facts),
 * one entry per transaction set with its typed document, every diagnostic, and per group the 997.
 */
import type { Diagnostic } from './types.ts';
import type { GroupHeader, InterchangeHeader, ReadTa1 } from './envelope.ts';
import type { FunctionalAcknowledgment, TypedDocument } from '#schemas/documents/x12-documents.ts';

/** A functional group's envelope facts plus what was read inside it. */
export interface GroupSummary extends Omit<GroupHeader, 'implicit'> {
  /** Sets read in this group. */
  setCount: number;
  /** The 997 for this group: a pure function of its diagnostics. */
  acknowledgment: FunctionalAcknowledgment;
}

/** The interchange's envelope facts (ISA, trimmed and dated) plus what was read inside it. */
export interface InterchangeSummary extends InterchangeHeader {
  groups: GroupSummary[];
  /** True when the interchange envelope itself is broken (a TA1 with R would be owed). */
  envelopeRejected: boolean;
  /** TA1 note code (I18) of the first envelope error, `000` when none. */
  ta1NoteCode: string;
  /** The partner's TA1s this interchange carries: acknowledgments of our interchanges (TA101 = our ISA13). */
  receivedTa1s: ReadTa1[];
}

export interface DocumentResult {
  /** ST01. */
  type: string;
  /** ST02. */
  controlNumber: string;
  /** True for 850/860/830/855/856/865/997; others carry envelope facts only. */
  supported: boolean;
  interchangeControlNumber: string;
  groupControlNumber: string;
  /** GS08 of the enclosing group. */
  version: string;
  /** False when the set has error diagnostics (its AK501 is R). */
  accepted: boolean;
  /** 850/860/855/865 → BEG03/BCH03/BAK03/BCA03. */
  purchaseOrderNumber?: string;
  /** 856 → BSN02. */
  shipmentId?: string;
  /** The typed document, for supported sets. */
  document?: TypedDocument;
  /** Diagnostics of this set only. */
  diagnostics: Diagnostic[];
  /** Number of segments ST..SE as read. */
  segmentCount: number;
}

export interface TranslationResult {
  interchanges: InterchangeSummary[];
  documents: DocumentResult[];
  /**
   * Every diagnostic of the file, in reading order (set diagnostics included) — up to the
   * reader's limit when streaming (`diagnosticCounts.omitted` says how many more there were).
   */
  diagnostics: Diagnostic[];
  /** All diagnostics of the file counted, kept or not. */
  diagnosticCounts: DiagnosticCounts;
  /** Interchanges read but not kept in `interchanges` (a streaming read keeps a bounded number); absent when none. */
  omittedInterchanges?: number;
}

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  /** Diagnostics counted but not kept in `diagnostics` (a streaming read keeps a bounded number). */
  omitted: number;
}
