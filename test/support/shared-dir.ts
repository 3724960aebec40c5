/**
 * Where the tests find the shared reference data kept in a folder `shared` beside the repository:
 * the corpus of real partner files and the X12 004010 dictionary in SEF form. A fresh clone has
 * neither; every test that reads them says so in its describe name (`needs ../shared/…`) and is
 * skipped when they are absent. `EDI_SHARED_DIR` points elsewhere (`EDI_SHARED_DIR=/nonexistent`
 * proves the skipping).
 *
 * Nothing is read here: the paths are computed, and `existsSync` only looks.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The shared folder: `EDI_SHARED_DIR`, or `shared` beside the repository. */
export const SHARED_DIR = resolve(process.env.EDI_SHARED_DIR ?? join(REPO, '..', 'shared'));

/** The corpus of real partner files, one folder per set id (`850/`, `other/`, …). */
export const CORPUS_DIR = join(SHARED_DIR, 'corpus', 'x12');

/** The X12 004010 dictionary the schema generator reads. */
export const SEF_004010 = join(SHARED_DIR, 'reference', 'x12-004010.sef');

export const HAS_CORPUS = existsSync(CORPUS_DIR);
export const HAS_SEF = existsSync(SEF_004010);

/** Suffixes for describe names, so a skipped suite says what it waits for. */
export const NEEDS_CORPUS = '(needs ../shared/corpus)';
export const NEEDS_SEF = '(needs ../shared/reference)';
