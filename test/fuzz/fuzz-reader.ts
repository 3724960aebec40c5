/**
 * `npm run fuzz`: the X12 reader against hostile input, within a fixed time budget, seeded and
 * replayable. Seeds: every corpus file (../shared/corpus/x12, or EDI_SHARED_DIR's, when present;
 * the bundled samples/ otherwise) and generated large, deep and odd structures. Each case is a
 * seed with byte-level mutations (flips, delimiter and control characters, deletions,
 * duplications, truncation), read both whole (`translateText`) and streamed in random chunk
 * sizes (`translateStream`), then printed as JSON as the CLI would. A case fails when anything
 * but NotX12Error escapes, when it takes longer than its linear time bound, or when the heap
 * grows past the memory bound. Prints one JSON object; exits 1 on any failure.
 *
 * Options: --seconds N (default 60), --seed N (default: from the clock, printed), --case N (replay
 * one case of a seed), --max-heap-mb N (default 512).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { decodeX12, translateStream, translateText } from '../../functions/domain/x12/translate.ts';
import { NotX12Error } from '../../functions/domain/x12/types.ts';
import { CORPUS_DIR, HAS_CORPUS } from '../support/shared-dir.ts';
import { seededRandom } from '../support/seeded-random.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SECONDS = Number(option('seconds') ?? 60);
const SEED = Number(option('seed') ?? Date.now() % 2 ** 31);
const ONLY_CASE = option('case') === undefined ? undefined : Number(option('case'));
const MAX_HEAP_MB = Number(option('max-heap-mb') ?? 512);


function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(edi|x12|txt|dat)$/i.test(name) ? [path] : [];
  });
}

const ISA = 'ISA*00*          *00*          *ZZ*FUZZSENDER     *ZZ*FUZZRECEIVER   *261123*0617*U*00401*000000001*0*P*>~';

/** Generated structures the corpus lacks: large, deep, long, odd. */
function generatedSeeds(): [string, string][] {
  const envelope = (gs: string, body: string[]) => `${ISA}GS*${gs}*A*B*20261123*0617*1*X*004010~${body.join('~')}~GE*1*1~IEA*1*000000001~`;
  const set = (id: string, body: string[]) => [`ST*${id}*0001`, ...body, `SE*${body.length + 2}*0001`];
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `PO1*${i + 1}*${i + 1}*EA*1.5**VP*ITEM-${i}`);
  return [
    ['generated: 850 of 5,000 lines', envelope('PO', set('850', ['BEG*00*SA*PO-1**20261123', ...lines(5000), 'CTT*5000']))],
    ['generated: 856 HL depth 5,000', envelope('SH', set('856', ['BSN*00*S1*20261123*0617', ...Array.from({ length: 5000 }, (_, i) => (i === 0 ? 'HL*1**S' : `HL*${i + 1}*${i}*I`)), 'CTT*1']))],
    ['generated: 856 HL cycle', envelope('SH', set('856', ['BSN*00*S1*20261123*0617', 'HL*1*3*S', 'HL*2*1*O', 'HL*3*2*I', 'CTT*1']))],
    ['generated: segment of 6 MB without terminator', `${ISA}GS*PO*A*B*20261123*0617*1*X*004010~NTE*GEN*${'X'.repeat(6 * 1024 * 1024)}`],
    ['generated: 2,000 sets in a group', `${ISA}GS*PO*A*B*20261123*0617*1*X*004010~${Array.from({ length: 2000 }, (_, i) => `ST*850*${String(i + 1).padStart(4, '0')}~BEG*00*SA*P${i}**20261123~PO1*1*1*EA~SE*4*${String(i + 1).padStart(4, '0')}~`).join('')}GE*2000*1~IEA*1*000000001~`],
    ['generated: line breaks as terminators, odd delimiters', `ISA|00|          |00|          |ZZ|A              |ZZ|B              |261123|0617|^|00501|000000001|0|P|:\nGS|PO|A|B|20261123|0617|1|X|005010\nST|850|0001\nBEG|00|SA|PO-1||20261123\nPO1|1|1|EA\nSE|4|0001\nGE|1|1\nIEA|1|000000001\n`],
    ['generated: many interchanges', Array.from({ length: 300 }, (_, i) => ISA.replace('000000001', String(i + 1).padStart(9, '0')) + `IEA*0*${String(i + 1).padStart(9, '0')}~`).join('\n')],
  ];
}

function seeds(): { seeds: [string, string][]; corpus: string } {
  const corpusDir = CORPUS_DIR;
  const fromCorpus = HAS_CORPUS ? filesUnder(corpusDir) : [];
  const files = fromCorpus.length > 0 ? fromCorpus : filesUnder(fileURLToPath(new URL('../../samples/', import.meta.url)));
  return {
    corpus: fromCorpus.length > 0 ? corpusDir : 'samples/ (no ../shared/corpus/x12)',
    seeds: [...files.map((f): [string, string] => [f, decodeX12(readFileSync(f))]), ...generatedSeeds()],
  };
}

const SPECIAL = ['*', '~', '>', ':', '^', '|', '\n', '\r', '\u0000', '\u001f', '\u00a0', '\ufeff', 'ISA', 'IEA*1*', 'ST*', 'SE*', 'GS*', 'GE*', 'HL*1*1*', '\uFFFD', '9'.repeat(25)];

function mutate(text: string, random: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(random() * 8);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 7)) {
      case 0: // flip one character
        out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + out.slice(at + 1);
        break;
      case 1: // insert a delimiter, control character or structure keyword
        out = out.slice(0, at) + SPECIAL[Math.floor(random() * SPECIAL.length)] + out.slice(at);
        break;
      case 2: // delete a range
        out = out.slice(0, at) + out.slice(at + Math.floor(random() * 200));
        break;
      case 3: {
        // duplicate a range (repeated segments, loops, sets)
        const length = Math.floor(random() * 400);
        const times = 1 + Math.floor(random() * 20);
        out = out.slice(0, at) + out.slice(at, at + length).repeat(times) + out.slice(at);
        break;
      }
      case 4: // truncate
        out = out.slice(0, at);
        break;
      case 5: {
        // swap every occurrence of one delimiter for another
        const from = SPECIAL[Math.floor(random() * 6)]!;
        const to = SPECIAL[Math.floor(random() * SPECIAL.length)]!;
        out = out.split(from).join(to);
        break;
      }
      default: // remove all line breaks or all terminators
        out = random() < 0.5 ? out.replace(/[\r\n]/g, '') : out.replaceAll('~', '');
    }
  }
  return out;
}

function chunks(text: string, random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = random() < 0.2 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * 70_000);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

interface Failure {
  case: number;
  seed: string;
  problem: string;
  bytes: number;
  replay: string;
}

/** Linear bound: generous per megabyte, plus a constant for small inputs, on a shared 2-core machine. */
const timeBoundMs = (chars: number) => 2_000 + (chars / 1e6) * 1_000;

async function runCase(index: number, all: [string, string][]): Promise<Omit<Failure, 'case' | 'replay'> | undefined> {
  const random = seededRandom((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const [name, seed] = all[Math.floor(random() * all.length)]!;
  const text = random() < 0.05 ? seed : mutate(seed, random);
  const started = performance.now();
  try {
    try {
      JSON.stringify(translateText(text));
    } catch (error) {
      if (!(error instanceof NotX12Error)) throw error;
    }
    try {
      let documents = 0;
      const result = await translateStream(Readable.from(chunks(text, random)), (d) => {
        documents += JSON.stringify(d).length > 0 ? 1 : 0;
      });
      JSON.stringify(result);
      void documents;
    } catch (error) {
      if (!(error instanceof NotX12Error)) throw error;
    }
  } catch (error) {
    return { seed: name, problem: `threw ${(error as Error).name}: ${(error as Error).message}`, bytes: text.length };
  }
  const elapsed = performance.now() - started;
  if (elapsed > timeBoundMs(text.length)) return { seed: name, problem: `took ${Math.round(elapsed)} ms, over the ${Math.round(timeBoundMs(text.length))} ms bound for ${text.length} characters`, bytes: text.length };
  const heapMb = process.memoryUsage().heapUsed / 1024 ** 2;
  if (heapMb > MAX_HEAP_MB) return { seed: name, problem: `heap at ${Math.round(heapMb)} MB, over ${MAX_HEAP_MB} MB`, bytes: text.length };
  return undefined;
}

async function main(): Promise<void> {
  const { seeds: all, corpus } = seeds();
  const failures: Failure[] = [];
  const started = Date.now();
  let cases = 0;
  const indices = ONLY_CASE === undefined ? (function* () { for (let i = 0; ; i++) yield i; })() : [ONLY_CASE];
  for (const index of indices) {
    if (ONLY_CASE === undefined && Date.now() - started > SECONDS * 1000) break;
    const failure = await runCase(index, all);
    cases++;
    if (failure) failures.push({ case: index, ...failure, replay: `npm run fuzz -- --seed ${SEED} --case ${index}` });
    if (failures.length >= 20) break;
  }
  process.stdout.write(`${JSON.stringify({ fuzz: 'x12-reader', seed: SEED, seconds: Math.round((Date.now() - started) / 100) / 10, cases, seeds: all.length, corpus, failures }, null, 2)}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
