/**
 * Planner commands: each decodes its arguments and calls one use case (functions/use-cases/),
 * through the same stores and queues as the handlers, on the local stack by default or on AWS.
 *
 *   edi decide --partner P --po N --line L approve|reject|quantity=Q|date=D|price=P --by NAME --reason TEXT
 *   edi confirm --partner P --po N [--line L] --date D --by NAME        (stops a P1 escalation)
 *   edi expedite confirm --partner P --po N --line L date=D --by NAME   (the form the P1 emails print)
 *   edi notify-customer --partner P --item I [--po N] [--line L] --cause TEXT --countermeasure TEXT… --by NAME
 *   edi ship --partner P --po N --line L=QTY… --carrier SCAC [--tracking NO] [--bol NO] [--ship-date D] [--packs N] [--shipment ID] --by NAME
 *   edi load FILE [--kind partners|items|supply]                         (master data, all or nothing)
 *   edi digest [--date YYYY-MM-DD]                                       (the P3 planner digest)
 *   edi pab --item I [--json]                                            (an item's projection with ATP)
 *   edi allocate --item I --week D [--confirm ID --by NAME] [--json]      (share a short week's supply by priority)
 *
 * Where: `--local FILE` (default `.local/endpoints.json`, written by the local stack), or on AWS
 * with `EDI_TABLE`, `EDI_QUEUE_URL_DELIVER`, `EDI_QUEUE_URL_MAIL` (and the scheduler settings) set.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { liveDeskDeps, type DeskDeps } from '#functions/composition/live-deps.ts';
import { allocateSupply, type AllocationAnswer } from '#functions/use-cases/allocate-supply.ts';
import { confirmExpedite } from '#functions/use-cases/confirm-expedite.ts';
import { decideWithoutPreview } from '#functions/use-cases/confirm-delay.ts';
import { OrderConflictError, RequestRefusedError } from '#functions/use-cases/errors.ts';
import { formatMasterDataErrors, loadMasterData, type MasterDataKind } from '#functions/use-cases/load-master-data.ts';
import { notifyCustomer } from '#functions/use-cases/notify-customer.ts';
import { sendDigest } from '#functions/use-cases/send-digest.ts';
import { shipOrder } from '#functions/use-cases/ship-order.ts';
import { showItemProjection, type ItemProjectionView } from '#functions/use-cases/show-item-projection.ts';
import { connect } from './connect.ts';
import { UsageError, parseArgs, type CliIo } from './io.ts';

/** The planner's desk on the local stack (`--local FILE`, default `.local/endpoints.json`) or on AWS. */
async function desk(options: Map<string, string[]>): Promise<DeskDeps> {
  return liveDeskDeps(await connect(options.get('local')?.[0]));
}

/** The last value of `--name` (required unless said otherwise). */
export function one(options: Map<string, string[]>, name: string, required = true): string | undefined {
  const value = options.get(name)?.at(-1);
  if (required && (value === undefined || value.trim() === '')) throw new UsageError(`--${name} is required`);
  return value;
}

/** Runs a planning command: a refusal or a conflict is a message on stderr and exit 1, not a stack trace. */
export async function guard(io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RequestRefusedError || error instanceof OrderConflictError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export async function runDecide(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { options: ['partner', 'po', 'line', 'by', 'reason', 'local'] });
  // A unit change is several words (`uom=CA quantity=4 [price=P]`): one decision.
  const decision = positionals.join(' ');
  if (!decision || (positionals.length > 1 && !positionals.some((p) => /^uom=/i.test(p)))) throw new UsageError('give one decision: approve, reject, quantity=Q, date=YYYY-MM-DD, price=P or uom=U quantity=Q [price=P]');
  const input = { partner: one(options, 'partner')!, purchaseOrderNumber: one(options, 'po')!, lineNumber: one(options, 'line')!, decision, by: one(options, 'by')!, reason: one(options, 'reason')! };
  const deps = await desk(options);
  return guard(io, async () => {
    const result = await decideWithoutPreview(deps, input);
    io.stdout.write(
      `PO ${input.purchaseOrderNumber} line ${input.lineNumber}: ${result.lineStatus} (order version ${result.orderVersion}); ${result.acknowledgmentKey?.startsWith('865/') ? '865' : '855'} ${result.acknowledgment === 'ready' ? `queued (${result.acknowledgmentKey})` : result.acknowledgment === 'waiting' ? 'waits: other lines are still held' : 'not required'}\n`,
    );
    return 0;
  });
}

export async function runConfirm(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { options: ['partner', 'po', 'line', 'date', 'by', 'reason', 'local'] });
  const positionalDate = positionals.map((p) => /^date=(.+)$/i.exec(p)?.[1]).find(Boolean);
  const date = one(options, 'date', false) ?? positionalDate;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date YYYY-MM-DD is required');
  const line = one(options, 'line', false);
  const reason = one(options, 'reason', false);
  const input = { partner: one(options, 'partner')!, purchaseOrderNumber: one(options, 'po')!, ...(line ? { lineNumber: line } : {}), date, by: one(options, 'by')!, ...(reason ? { reason } : {}) };
  const deps = await desk(options);
  return guard(io, async () => {
    const result = await confirmExpedite(deps, input);
    io.stdout.write(`PO ${input.purchaseOrderNumber}: date ${date} confirmed for line ${result.confirmed.join(', ')}; escalation stopped\n`);
    return 0;
  });
}

export async function runExpedite(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'confirm') throw new UsageError('usage: edi expedite confirm --partner P --po N --line L date=YYYY-MM-DD --by NAME');
  return runConfirm(rest, io);
}

export async function runNotifyCustomer(argv: string[], io: CliIo): Promise<number> {
  const { options } = parseArgs(argv, { options: ['partner', 'item', 'po', 'line', 'cause', 'countermeasure', 'by', 'local'] });
  const countermeasures = options.get('countermeasure') ?? [];
  if (countermeasures.length === 0) throw new UsageError('--countermeasure TEXT is required (repeat it for several)');
  const po = one(options, 'po', false);
  const line = one(options, 'line', false);
  const input = { partner: one(options, 'partner')!, item: one(options, 'item')!, ...(po ? { purchaseOrderNumber: po } : {}), ...(line ? { lineNumber: line } : {}), cause: one(options, 'cause')!, countermeasures, by: one(options, 'by')! };
  const deps = await desk(options);
  return guard(io, async () => {
    const result = await notifyCustomer(deps, input);
    io.stdout.write(result.notices.length ? `risk notice queued: ${result.notices.join(', ')}\n` : 'the customer was already notified for these lines\n');
    return 0;
  });
}

export async function runLoad(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { options: ['kind', 'local'] });
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new UsageError('usage: edi load FILE [--kind partners|items|supply]');
  const kind = one(options, 'kind', false) as MasterDataKind | undefined;
  if (kind && !['partners', 'items', 'supply'].includes(kind)) throw new UsageError('--kind is partners, items or supply');
  const text = await readFile(resolve(path), 'utf8').catch(() => {
    throw new UsageError(`cannot read ${path}`);
  });
  const result = await loadMasterData(await desk(options), { file: path, text, ...(kind ? { kind } : {}) });
  if (!result.ok) {
    io.stderr.write(`${formatMasterDataErrors(result.errors)}\n${path}: ${result.errors.length} problem(s); nothing was applied\n`);
    return 1;
  }
  io.stdout.write(`${path}: ${result.records} ${result.kind} record(s) loaded${result.recomputed.length ? `; PAB recomputed for ${result.recomputed.length} item(s)` : ''}\n`);
  return 0;
}

export async function runDigest(argv: string[], io: CliIo): Promise<number> {
  const { options } = parseArgs(argv, { options: ['date', 'local'] });
  const date = one(options, 'date', false);
  const result = await sendDigest(await desk(options), date);
  io.stdout.write(`P3 digest: ${result.entries} item(s) for ${result.planners} planner(s) queued\n`);
  return 0;
}

export async function runShip(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { options: ['partner', 'po', 'line', 'carrier', 'tracking', 'bol', 'ship-date', 'packs', 'shipment', 'transport', 'by', 'local'] });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const lineArgs = options.get('line') ?? [];
  if (lineArgs.length === 0) throw new UsageError('--line L=QTY is required (repeat it for several lines)');
  const lines = lineArgs.map((arg) => {
    const m = /^([^=\s]+)=(\d+(?:\.\d+)?)$/.exec(arg.trim());
    if (!m || Number(m[2]) <= 0) throw new UsageError(`--line ${arg}: give LINE=QUANTITY, e.g. --line 1=3`);
    return { lineNumber: m[1]!, quantity: Number(m[2]) };
  });
  const shipDate = one(options, 'ship-date', false);
  if (shipDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(shipDate)) throw new UsageError('--ship-date is YYYY-MM-DD');
  const packsArg = one(options, 'packs', false);
  if (packsArg !== undefined && !/^[1-9]\d{0,2}$/.test(packsArg)) throw new UsageError('--packs is a whole number from 1 to 999');
  const tracking = one(options, 'tracking', false);
  const bol = one(options, 'bol', false);
  const shipment = one(options, 'shipment', false);
  const transport = one(options, 'transport', false);
  const input = {
    partner: one(options, 'partner')!,
    purchaseOrderNumber: one(options, 'po')!,
    lines,
    carrier: one(options, 'carrier')!,
    ...(tracking ? { tracking } : {}),
    ...(bol ? { billOfLading: bol } : {}),
    ...(shipDate ? { shipDate } : {}),
    ...(packsArg ? { packs: Number(packsArg) } : {}),
    ...(shipment ? { shipmentId: shipment } : {}),
    ...(transport ? { transportMethod: transport.toUpperCase() } : {}),
    by: one(options, 'by')!,
  };
  const deps = await desk(options);
  return guard(io, async () => {
    const result = await shipOrder(deps, input);
    const shipped = Object.entries(result.shipped).map(([l, q]) => `line ${l} ${q}`).join(', ');
    io.stdout.write(
      result.recorded
        ? `PO ${input.purchaseOrderNumber}: shipment ${result.shipmentId} recorded (order version ${result.orderVersion}; shipped so far: ${shipped}); SSCC ${result.sscc.join(' ')}; 856 ${result.shipNoticeKey ? `queued (${result.shipNoticeKey})` : 'not required'}\n`
        : `PO ${input.purchaseOrderNumber}: shipment ${result.shipmentId} was already recorded; nothing new\n`,
    );
    return 0;
  });
}

/** The projection as a fixed-width table: one row per week, blanks where a week has no ATP. */
export function formatProjection(view: ItemProjectionView): string {
  const head = ['week', 'forecast', 'booked', 'consumed', 'supply', 'PAB', 'ATP', 'safety', ''];
  const num = (n: number | undefined): string => (n === undefined ? '' : String(Math.round(n * 1000) / 1000));
  const rows = view.weeks.map((w) => [
    w.weekStart,
    num(w.forecast),
    num(w.orders),
    num(w.consumedForecast),
    num(w.supply),
    num(w.pab),
    num(w.atp),
    num(w.safetyStock),
    w.shortage ? 'SHORT' : w.pab < 0 ? 'negative' : w.belowSafetyStock ? 'below safety stock' : w.aboveMax ? `above max ${num(w.maxStock)}` : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const title = `${view.item} ${view.description} (${view.unitOfMeasure}) as of ${view.asOf}: on hand ${num(view.onHand)}, safety stock ${num(view.safetyStock)}${view.maxStock !== undefined ? `, max ${num(view.maxStock)}` : ''}`;
  return [title, line(head), ...rows.map(line)].join('\n') + '\n';
}

export async function runPab(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options, flags } = parseArgs(argv, { options: ['item', 'local'], flags: ['json'] });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; usage: edi pab --item I [--json]`);
  const item = one(options, 'item')!;
  const deps = await desk(options);
  return guard(io, async () => {
    const view = await showItemProjection(deps, item);
    io.stdout.write(flags.has('json') ? `${JSON.stringify(view, null, 2)}\n` : formatProjection(view));
    return 0;
  });
}

/** The allocation proposal as the planner reads it: one row per booked line in rank order. */
function formatAllocation(answer: AllocationAnswer, confirmCommand: string): string {
  const { proposal, applied } = answer;
  const head = `${proposal.item} week ${proposal.weekStart}: ${proposal.available} available for ${proposal.booked} booked${proposal.short ? `, ${proposal.short} short` : ''} (proposal ${proposal.id})`;
  const rows = proposal.lines.map((l) => [String(l.rank), l.partnerId, l.purchaseOrderNumber, l.lineNumber, l.tier ?? '', l.priorityClass ?? '', l.value === undefined ? '' : l.value.toFixed(2), String(l.quantity), String(l.allocated), l.outcome, l.decision ?? (l.outcome === 'unallocated' ? 'planner decides' : '')]);
  const table = [['rank', 'partner', 'PO', 'line', 'tier', 'class', 'value', 'booked', 'on time', 'outcome', 'decision'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  const tail = applied
    ? applied.map((a) => `decided PO ${a.purchaseOrderNumber} line ${a.lineNumber}: ${a.decision} (order version ${a.result.orderVersion}; 855 ${a.result.acknowledgment === 'ready' ? `queued (${a.result.acknowledgmentKey ?? ''})` : a.result.acknowledgment})`)
    : proposal.lines.some((l) => l.decision)
      ? [`confirm: ${confirmCommand}`]
      : ['nothing to decide'];
  return [head, ...lines, ...tail].join('\n') + '\n';
}

export async function runAllocate(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options, flags } = parseArgs(argv, { options: ['item', 'week', 'confirm', 'by', 'reason', 'local'], flags: ['json'] });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; usage: edi allocate --item I --week YYYY-MM-DD [--confirm ID --by NAME [--reason TEXT]] [--json]`);
  const request = {
    item: one(options, 'item')!,
    week: one(options, 'week')!,
    ...(options.has('confirm') ? { confirm: one(options, 'confirm')!, by: one(options, 'by')! } : {}),
    ...(options.has('reason') ? { reason: one(options, 'reason')! } : {}),
  };
  const deps = await desk(options);
  return guard(io, async () => {
    const answer = await allocateSupply(deps, request);
    const confirm = `npx edi allocate --item ${request.item} --week ${answer.proposal.weekStart} --confirm ${answer.proposal.id} --by NAME`;
    io.stdout.write(flags.has('json') ? `${JSON.stringify(answer, null, 2)}\n` : formatAllocation(answer, confirm));
    return 0;
  });
}
