import { createReadStream } from 'node:fs';
import { translateStream } from '#domain/x12/translate.ts';
import type { DocumentResult, TranslationResult } from '#domain/x12/translation-types.ts';

/** Reads X12 from a local file in constant memory (the X12 engine's stream reader). */
export type X12Reader = (path: string, onDocument: (d: DocumentResult) => void | Promise<void>) => Promise<TranslationResult>;

export const readX12File: X12Reader = (path, onDocument) => translateStream(createReadStream(path), onDocument);
