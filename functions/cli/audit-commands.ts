/**
 * `edi verify --partner P --po N [--json]`, `edi verify --all [--since D] [--json]` and
 * `edi seal [--day D]` (README, "Verification"), `edi export` and `edi orders`, on the local stack (default, `--local FILE`)
 * or AWS (`EDI_TABLE` and `EDI_ARCHIVE_BUCKET` in the environment).
 * Exit codes: 0 verified clean (or sealed), 1 no such order, 2 bad usage, 3 a broken link.
 */
import { liveAuditDeps } from '#functions/composition/live-deps.ts';
import { exportOrders } from '#functions/use-cases/export-orders.ts';
import { listInterchanges } from '#functions/use-cases/list-interchanges.ts';
import { readRawDocuments } from '#functions/use-cases/read-raw-documents.ts';
import { INDEXED_STATUSES, listOrders, type IndexedStatus } from '#functions/use-cases/list-orders.ts';
import { sealDay } from '#functions/use-cases/seal-day.ts';
import { verifyAll } from '#functions/use-cases/verify-all.ts';
import { firstBrokenLink, verifyOrder, type OrderVerification } from '#functions/use-cases/verify-order.ts';
import { connect } from './connect.ts';
import { parseArgs, UsageError, write, type CliIo } from './io.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(options: Map<string, string[]>, name: string): string | undefined {
  return options.get(name)?.at(-1);
}

function formatOrder(v: OrderVerification): string {
  const lines = [`order ${v.partner}/${v.purchaseOrderNumber}: ${v.valid ? 'verified' : 'BROKEN'}`];
  lines.push(`  checked ${v.checked.events} event(s), ${v.checked.documents} document(s), ${v.checked.emails} email(s), ${v.checked.errors} error record(s), ${v.checked.demandLines} demand line(s), ${v.checked.archived} archived object(s)${v.sealedOn ? `; against the seal of ${v.sealedOn}` : '; no seal names it yet'}`);
  if (!v.valid) lines.push(`  first broken link: ${firstBrokenLink(v.findings)}`);
  for (const f of v.findings.slice(1)) lines.push(`  also: ${f.link}: ${f.reason}`);
  if (v.pending.length) lines.push(`  pending (within the grace period): ${v.pending.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function runVerify(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: ['all', 'json'], options: ['partner', 'po', 'since', 'local'] });
  const partner = one(args.options, 'partner');
  const po = one(args.options, 'po');
  const since = one(args.options, 'since');
  const all = args.flags.has('all');
  if (all === Boolean(partner && po) || (!all && (!partner || !po))) throw new UsageError('usage: edi verify --partner P --po N | --all [--since YYYY-MM-DD] [--json] [--local FILE]');
  if (since !== undefined && !DAY.test(since)) throw new UsageError(`--since ${since}: expected YYYY-MM-DD`);
  const deps = liveAuditDeps(await connect(one(args.options, 'local')));
  if (!all) {
    const v = await verifyOrder(deps, partner!, po!);
    await write(io.stdout, args.flags.has('json') ? `${JSON.stringify(v, null, 2)}\n` : formatOrder(v));
    if (!v.found) return 1;
    return v.valid ? 0 : 3;
  }
  const v = await verifyAll(deps, since);
  if (args.flags.has('json')) await write(io.stdout, `${JSON.stringify(v, null, 2)}\n`);
  else {
    const lines = [`${v.valid ? 'verified' : 'BROKEN'}: ${v.seals.length} seal(s) and ${v.ordersChecked} order(s) checked${since ? ` since ${since}` : ''}`];
    if (v.first) lines.push(`  first broken link: ${v.first.where}: ${v.first.link}: ${v.first.reason}`);
    for (const s of v.seals) for (const f of s.findings) lines.push(`  seal ${s.day}: ${f.reason}`);
    for (const b of v.broken) for (const f of b.findings) lines.push(`  order ${b.partner}/${b.purchaseOrderNumber}: ${f.link}: ${f.reason}`);
    await write(io.stdout, `${lines.join('\n')}\n`);
  }
  return v.valid ? 0 : 3;
}

export async function runSeal(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { options: ['day', 'local'] });
  const day = one(args.options, 'day');
  if (day !== undefined && !DAY.test(day)) throw new UsageError(`--day ${day}: expected YYYY-MM-DD`);
  const outcome = await sealDay(liveAuditDeps(await connect(one(args.options, 'local'))), day);
  await write(io.stdout, `${outcome.written ? 'sealed' : 'already sealed (left as it is)'} ${outcome.day}: ${outcome.orders} order(s), root ${outcome.root}\n`);
  return 0;
}

function dayOption(options: Map<string, string[]>, name: string): string | undefined {
  const v = one(options, name);
  if (v !== undefined && !DAY.test(v)) throw new UsageError(`--${name} ${v}: expected YYYY-MM-DD`);
  return v;
}

/** `edi export --partner P --from D --to D --format csv|jsonl`: streamed to stdout, page by page. */
export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { options: ['partner', 'from', 'to', 'format', 'local'] });
  const partner = one(args.options, 'partner');
  const format = one(args.options, 'format') ?? 'csv';
  if (!partner || (format !== 'csv' && format !== 'jsonl')) throw new UsageError('usage: edi export --partner P [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|jsonl] [--local FILE]');
  const from = dayOption(args.options, 'from');
  const to = dayOption(args.options, 'to');
  const deps = liveAuditDeps(await connect(one(args.options, 'local')));
  for await (const line of exportOrders(deps, { partner, from, to }, format)) await write(io.stdout, line);
  return 0;
}

/** `edi orders --partner P [--from D --to D] [--status S] [--limit N] [--cursor C] [--json]`: one page; the next page's cursor on stderr. */
export async function runOrders(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['partner', 'from', 'to', 'status', 'limit', 'cursor', 'local'] });
  const partner = one(args.options, 'partner');
  const status = one(args.options, 'status');
  if (status !== undefined && !(INDEXED_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status ${status}: the status index holds ${INDEXED_STATUSES.join(', ')}`);
  }
  if (!partner && !status) throw new UsageError('usage: edi orders --partner P [--from YYYY-MM-DD --to YYYY-MM-DD] [--status open|held|cancelled|at-risk|p1-open|ack-overdue] [--limit N] [--cursor C] [--json]');
  const limit = Number(one(args.options, 'limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit: a whole number from 1 to 1000');
  const deps = liveAuditDeps(await connect(one(args.options, 'local')));
  const page = await listOrders(deps, { partner, from: dayOption(args.options, 'from'), to: dayOption(args.options, 'to'), status: status as IndexedStatus | undefined, limit, cursor: one(args.options, 'cursor') });
  if (args.flags.has('json')) await write(io.stdout, `${JSON.stringify(page, null, 2)}\n`);
  else {
    for (const o of page.orders) await write(io.stdout, `${o.partner}\t${o.purchaseOrderNumber}\t${o.orderDate ?? '—'}\t${o.status}\tv${o.version}\t${o.lines} line(s)${o.heldLines.length ? `\theld: ${o.heldLines.join(', ')}` : ''}\n`);
    if (page.next) await write(io.stderr, `more: --cursor ${page.next}\n`);
  }
  return 0;
}

/** `edi raw --partner P --po N [--document TYPE|ISA13] [--json]`: each document's raw X12 with its SHA-256. */
export async function runRaw(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['partner', 'po', 'document', 'local'] });
  const partner = one(args.options, 'partner');
  const po = one(args.options, 'po');
  if (!partner || !po) throw new UsageError('usage: edi raw --partner P --po N [--document TYPE|ISA13] [--json] [--local FILE]');
  const docs = await readRawDocuments(liveAuditDeps(await connect(one(args.options, 'local'))), partner, po, one(args.options, 'document'));
  if (args.flags.has('json')) await write(io.stdout, `${JSON.stringify(docs, null, 2)}\n`);
  else for (const d of docs) await write(io.stdout, `# ${d.direction} ${d.type} ISA13 ${d.isa13} ${d.key} sha256 ${d.sha256 ?? 'MISSING'}${d.ledgerSha256 && d.ledgerSha256 !== d.sha256 ? ` (ledger says ${d.ledgerSha256})` : ''}\n${d.text ?? ''}\n`);
  return docs.length ? 0 : 1;
}

/** `edi interchange --partner P [--since D] [--refused] [--json]`: the interchange ledger, refused files included. */
export async function runInterchange(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: ['json', 'refused'], options: ['partner', 'since', 'local'] });
  const partner = one(args.options, 'partner');
  if (!partner) throw new UsageError('usage: edi interchange --partner P [--since YYYY-MM-DD] [--refused] [--json] [--local FILE]');
  const since = dayOption(args.options, 'since') ?? '0000-01-01';
  const found = await listInterchanges(liveAuditDeps(await connect(one(args.options, 'local'))), partner, since, args.flags.has('refused'));
  if (args.flags.has('json')) await write(io.stdout, `${JSON.stringify(found, null, 2)}\n`);
  else {
    for (const i of found.interchanges) await write(io.stdout, `${i.receivedAt}\tISA13 ${i.interchangeControlNumber}\t${i.sender.qualifier.trim()}/${i.sender.id.trim()}\t${i.state}${i.rejection ? ` (${i.rejection})` : ''}\t${i.archiveKey}\n`);
    for (const r of found.refused) await write(io.stdout, `${r.receivedAt}\tREFUSED FILE\t${r.reason}\t${r.archiveKey}\tsha256 ${r.sha256}\n`);
  }
  return 0;
}
