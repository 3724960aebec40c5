/**
 * What `translate` concludes about a file: its interchanges and groups (envelope facts),
 * one entry per transaction set with its typed document, every diagnostic, and per group the 997.
 */
import type { Delimiters, Diagnostic } from './types.ts';
import type { FunctionalAcknowledgment, TypedDocument } from '#schemas/documents/x12-documents.ts';

export interface GroupSummary {
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
  /** Sets read in this group. */
  setCount: number;
  /** The 997 for this group: a pure function of its diagnostics. */
  acknowledgment: FunctionalAcknowledgment;
}

export interface InterchangeSummary {
  /** ISA13. */
  controlNumber: string;
  /** ISA05/ISA06, ISA07/ISA08, trimmed. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09/ISA10 as ISO date (YYMMDD, century-windowed) and `HH:MM`. */
  date: string;
  time: string;
  /** ISA12, e.g. `00401`. */
  version: string;
  /** ISA15 `P`/`T`. */
  usageIndicator: string;
  /** ISA14 = 1. */
  acknowledgmentRequested: boolean;
  delimiters: Delimiters;
  groups: GroupSummary[];
  /** True when the interchange envelope itself is broken (a TA1 with R would be owed). */
  envelopeRejected: boolean;
  /** TA1 note code (I18) of the first envelope error, `000` when none. */
  ta1NoteCode: string;
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
  /** Every diagnostic of the file, in reading order (set diagnostics included). */
  diagnostics: Diagnostic[];
}
