/**
 * Generates a realistic inbound interchange of 850 purchase orders (20 lines each) for benchmarks:
 * header REF/DTM/N1 loops, PO1 lines with buyer/vendor/UPC ids, PID descriptions, CTT.
 */
import { createWriteStream } from 'node:fs';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** One 850 transaction set as text (segments joined by `~\n`). */
export function purchaseOrder850(index: number, lines = 20): string {
  const control = pad(index % 1_000_000_000, 4);
  const segments = [
    `ST*850*${control}`,
    `BEG*00*SA*45${pad(index, 8)}**20261123`,
    'CUR*BY*USD',
    `REF*DP*0${index % 90}`,
    'PER*BD*JANE BUYER*TE*3125550100',
    'DTM*002*20261215',
    'N1*ST*ACME PLANT 3*92*0042',
    'N3*1200 INDUSTRIAL PKWY',
    'N4*CHICAGO*IL*60601*US',
  ];
  for (let line = 1; line <= lines; line++) {
    const item = ((index * 7 + line) % 500) + 1;
    segments.push(
      `PO1*${line}*${line * 12}*EA*${(item * 1.25).toFixed(2)}*PE*BP*BP-${pad(item, 5)}*VP*VP-${pad(item, 5)}*UP*0${pad(item, 11)}`,
      `PID*F****WIDGET ASSEMBLY ${item}`,
    );
  }
  segments.push(`CTT*${lines}`);
  segments.push(`SE*${segments.length + 1}*${control}`);
  return `${segments.join('~\n')}~\n`;
}

export function isaHeader(control: number): string {
  return `ISA*00*          *00*          *ZZ*ACMEBUYER      *ZZ*SUPPLIERCO     *261123*0617*U*00401*${pad(control, 9)}*0*P*>~\n`;
}

/** An interchange of `sets` purchase orders in groups of at most 10,000 sets. */
export function* interchangeChunks(sets: number, control = 1): Generator<string> {
  yield isaHeader(control);
  let written = 0;
  let group = 0;
  while (written < sets) {
    group++;
    const inGroup = Math.min(10_000, sets - written);
    yield `GS*PO*ACMEBUYER*SUPPLIERCO*20261123*0617*${group}*X*004010~\n`;
    for (let i = 1; i <= inGroup; i++) yield purchaseOrder850(written + i);
    yield `GE*${inGroup}*${group}~\n`;
    written += inGroup;
  }
  yield `IEA*${group}*${pad(control, 9)}~\n`;
}

/** Builds an interchange of at least `bytes` bytes in memory. */
export function generate850Text(bytes: number): string {
  const sample = purchaseOrder850(1).length;
  const sets = Math.ceil(bytes / sample);
  return [...interchangeChunks(sets)].join('');
}

/** Streams an interchange of at least `bytes` bytes to a file without holding it in memory. */
export async function write850File(path: string, bytes: number): Promise<number> {
  const sample = purchaseOrder850(1).length;
  const sets = Math.ceil(bytes / sample);
  const out = createWriteStream(path);
  let size = 0;
  for (const chunk of interchangeChunks(sets)) {
    size += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return size;
}

/** PO number (BEG03) of {@link purchaseOrder850}'s set `index`. */
export function purchaseOrderNumberOf(index: number): string {
  return `45${pad(index, 8)}`;
}

/**
 * One interchange from partner `isaId` (ZZ, its GS02 the same) with one group of the 850s
 * `first … first + count - 1`; ISA13 and GS06 are `control`.
 */
export function partnerInterchange(isaId: string, control: number, first: number, count: number, lines = 20): { text: string; purchaseOrders: string[] } {
  const sets: string[] = [];
  const purchaseOrders: string[] = [];
  for (let i = first; i < first + count; i++) {
    sets.push(purchaseOrder850(i, lines));
    purchaseOrders.push(purchaseOrderNumberOf(i));
  }
  const text = [
    `ISA*00*          *00*          *ZZ*${isaId.padEnd(15)}*ZZ*OURSUPPLIER    *261123*0617*U*00401*${pad(control, 9)}*0*P*>~\n`,
    `GS*PO*${isaId}*OURSUPPLIER*20261123*0617*${control}*X*004010~\n`,
    ...sets,
    `GE*${count}*${control}~\n`,
    `IEA*1*${pad(control, 9)}~\n`,
  ].join('');
  return { text, purchaseOrders };
}
