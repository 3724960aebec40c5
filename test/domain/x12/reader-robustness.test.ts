/**
 * Property tests: random or mutated bytes never throw out of the reader (other than NotX12Error
 * for input that is not X12 at all) and never take more than a second.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeX12, translateText } from '../../../functions/domain/x12/translate.ts';
import { NotX12Error } from '../../../functions/domain/x12/types.ts';
import { CORPUS_DIR, HAS_CORPUS, NEEDS_CORPUS } from '../../support/shared-dir.ts';
const SAMPLE = `ISA*00*          *00*          *ZZ*ACME           *ZZ*SUPPLIER       *261123*0617*U*00401*000000007*0*P*>~
GS*PO*ACME*SUPPLIER*20261123*0617*7*X*004010~
ST*850*0001~
BEG*00*SA*4500012345**20261123~
REF*DP*038~
DTM*002*20261215~
N1*ST*ACME PLANT 3*92*0042~
PO1*1*120*EA*9.25*PE*BP*BP-100*VP*VP-100~
PID*F****WIDGET~
PO1*2*12*CA*4.5**BP*BP-200~
CTT*2~
SE*10*0001~
GE*1*7~
IEA*1*000000007~
`;

function corpusTexts(): string[] {
  const out: string[] = [SAMPLE];
  for (const dir of readdirSync(CORPUS_DIR)) {
    const path = join(CORPUS_DIR, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const f of readdirSync(path)) out.push(decodeX12(readFileSync(join(path, f))));
  }
  return out;
}

/** Runs the reader; returns 'not-x12' or the result; anything else thrown fails the property. */
function readWithin(text: string, limitMs: number): void {
  const started = performance.now();
  try {
    translateText(text);
  } catch (error) {
    if (!(error instanceof NotX12Error)) throw error;
  }
  const elapsed = performance.now() - started;
  if (elapsed > limitMs) throw new Error(`took ${elapsed.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 80))}`);
}

const DELIMITERS = ['*', '~', '>', '^', '|', ':', '\n', '\r\n', ' ', 'ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', '\uFEFF', '\u00A0', '\0'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...DELIMITERS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...DELIMITERS), fc.string({ minLength: 1, maxLength: 3 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);

type Mutation = { kind: 'delete'; at: number; length: number } | { kind: 'insert' | 'replace'; at: number; text: string } | { kind: 'truncate'; at: number } | { kind: 'duplicate'; at: number; length: number };

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    switch (m.kind) {
      case 'delete': out = out.slice(0, at) + out.slice(at + m.length); break;
      case 'insert': out = out.slice(0, at) + m.text + out.slice(at); break;
      case 'replace': out = out.slice(0, at) + m.text + out.slice(at + m.text.length); break;
      case 'truncate': out = out.slice(0, at); break;
      case 'duplicate': out = out.slice(0, at) + out.slice(at, at + m.length) + out.slice(at); break;
    }
  }
  return out;
}

describe('reader robustness', () => {
  it('never throws anything but NotX12Error on random text, and answers within a second', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 300 }).map((s) => `ISA${s}`)), (text) => readWithin(text, 1000)),
      { numRuns: 400 },
    );
  });

  it('reads every mutated file that still starts with an intact ISA without NotX12Error', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const mutated = mutate(SAMPLE, mutations);
        fc.pre(mutated.startsWith(SAMPLE.slice(0, 107)));
        expect(() => translateText(mutated)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(!HAS_CORPUS)(`reader robustness on real partner files ${NEEDS_CORPUS}`, () => {
  it('never throws anything but NotX12Error on mutated real files, and answers within a second', () => {
    const texts = corpusTexts();
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        readWithin(mutate(texts[index]!, mutations), 1000);
      }),
      { numRuns: 600 },
    );
  });
});
