import { createReadStream } from 'node:fs';
import { translateStream } from '#domain/x12/translate.ts';
import type { X12Reader } from '#functions/ports/x12-reader.ts';

/** The X12 engine's stream reader over a local file. */
export const readX12File: X12Reader = (path, onDocument, options = {}) =>
  translateStream(createReadStream(path), onDocument, undefined, options.checkSet ? { checkSet: options.checkSet } : {});
