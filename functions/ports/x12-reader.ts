import type { DocumentResult, TranslationResult } from '#domain/x12/translation-types.ts';

/** Reads X12 from a local file in constant memory, handing each transaction set on as it is read. */
export type X12Reader = (path: string, onDocument: (d: DocumentResult) => void | Promise<void>) => Promise<TranslationResult>;
