import type { SetCheck } from '#domain/x12/translate.ts';
import type { DocumentResult, TranslationResult } from '#domain/x12/translation-types.ts';

export interface X12ReadOptions {
  /** An extra check of each set (the partner's inbound guide); its findings join the set's diagnostics and its 997. */
  checkSet?: SetCheck;
}

/** Reads X12 from a local file in constant memory, handing each transaction set on as it is read. */
export type X12Reader = (path: string, onDocument: (d: DocumentResult) => void | Promise<void>, options?: X12ReadOptions) => Promise<TranslationResult>;
