/**
 * Item commands: delay communication by the planner and the item's history. Each decodes its
 * arguments and calls one use case, on the local stack by default (`--local FILE`) or on AWS.
 *
 *   edi delay note --item I --cause T --countermeasure T… [--customer-cause T --customer-countermeasure T…] --by NAME
 *   edi delay preview --partner P --po N --line L --date D --by NAME            (the level-3 email, as it would go)
 *   edi delay confirm --partner P --po N --line L --date D --preview-id ID --by NAME --reason T   (sends it, with the 855)
 *   edi item-history --item I [--limit N] [--json]
 */
import { liveDeskDeps } from '#functions/composition/live-deps.ts';
import { confirmDelay, previewConfirmedDelay, type DelayPreview } from '#functions/use-cases/confirm-delay.ts';
import { readItemHistory, type ItemHistoryView } from '#functions/use-cases/read-item-history.ts';
import { recordDelayNote } from '#functions/use-cases/record-delay-note.ts';
import { connect } from './connect.ts';
import { UsageError, parseArgs, type CliIo } from './io.ts';
import { guard, one } from './planning-commands.ts';


const desk = async (options: Map<string, string[]>) => liveDeskDeps(await connect(options.get('local')?.[0]));

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function lineRequest(options: Map<string, string[]>) {
  const date = one(options, 'date')!;
  if (!DATE.test(date)) throw new UsageError('--date is YYYY-MM-DD');
  return { partner: one(options, 'partner')!, purchaseOrderNumber: one(options, 'po')!, lineNumber: one(options, 'line')!, date, by: one(options, 'by')! };
}

/** The preview as the planner reads it: who gets it, then the email exactly as it goes. */
export function formatPreview(p: DelayPreview): string {
  return [
    `To: ${p.to.join(', ')}`,
    ...(p.cc.length ? [`Cc: ${p.cc.join(', ')}`] : []),
    `Subject: ${p.subject}`,
    '',
    p.text.trimEnd(),
    '',
    `(customer text: ${p.customerText === 'note' ? "the item's delay note" : 'neutral — no customer text recorded; edi delay note --customer-cause … sets one'}; a replacing 855 with ACK DR ${p.newDate} goes with it)`,
    `preview ${p.previewId}`,
  ].join('\n');
}

export async function runDelay(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'note') {
    const { positionals, options } = parseArgs(rest, { options: ['item', 'cause', 'countermeasure', 'customer-cause', 'customer-countermeasure', 'by', 'local'] });
    if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const countermeasures = options.get('countermeasure') ?? [];
    if (countermeasures.length === 0) throw new UsageError('--countermeasure TEXT is required (repeat it for several)');
    const customerCause = one(options, 'customer-cause', false);
    const input = { item: one(options, 'item')!, cause: one(options, 'cause')!, countermeasures, customerCause, customerCountermeasures: options.get('customer-countermeasure') ?? [], by: one(options, 'by')! };
    const deps = await desk(options);
    return guard(io, async () => {
      const { note, linesShort } = await recordDelayNote(deps, input);
      io.stdout.write(
        `${note.item}: delay note recorded at ${note.at}${linesShort.length ? ` (short now: ${linesShort.join(', ')})` : ' (no line short now)'}; ${note.customer ? 'customer notices of this item quote the customer texts' : 'no customer text: customer notices say the neutral text'}\n`,
      );
      return 0;
    });
  }
  if (sub === 'preview' || sub === 'confirm') {
    const { positionals, options } = parseArgs(rest, { options: ['partner', 'po', 'line', 'date', 'by', 'reason', 'preview-id', 'local'] });
    if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const request = lineRequest(options);
    const deps = await desk(options);
    if (sub === 'preview') {
      return guard(io, async () => {
        const preview = await previewConfirmedDelay(deps, request);
        io.stdout.write(`${formatPreview(preview)}\nto send it: edi delay confirm --partner ${request.partner} --po ${request.purchaseOrderNumber} --line ${request.lineNumber} --date ${request.date} --preview-id ${preview.previewId} --by NAME --reason TEXT\n`);
        return 0;
      });
    }
    const previewId = one(options, 'preview-id')!;
    const reason = one(options, 'reason')!;
    return guard(io, async () => {
      const { preview, decision } = await confirmDelay(deps, { ...request, previewId, reason });
      io.stdout.write(`PO ${request.purchaseOrderNumber} line ${request.lineNumber}: confirmed delay to ${request.date} sent to ${preview.to.join(', ')} (${preview.subject}); 855 ${decision.acknowledgment === 'ready' ? `queued (${decision.acknowledgmentKey})` : decision.acknowledgment}\n`);
      return 0;
    });
  }
  throw new UsageError('usage: edi delay note|preview|confirm … (edi help)');
}

/** One line per entry: instant, kind, summary; a customer text indented under it. */
export function formatItemHistory(view: ItemHistoryView): string {
  const lines = [`${view.item} ${view.description}: ${view.events.length} entr${view.events.length === 1 ? 'y' : 'ies'}`];
  if (view.delayNote) {
    const n = view.delayNote;
    lines.push(`delay note (${n.at}, ${n.by}): cause ${n.cause}; countermeasure ${n.countermeasures.join('; ')}${n.customer ? `; to the customer: ${n.customer.cause} / ${n.customer.countermeasures.join('; ')}` : '; no customer text'}`);
  }
  for (const e of view.events) {
    lines.push(`${e.at}  ${e.kind.padEnd(18)}  ${e.actor}  ${e.summary}`);
    if (e.text) lines.push(...e.text.trimEnd().split('\n').map((l) => `    | ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

export async function runItemHistory(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options, flags } = parseArgs(argv, { options: ['item', 'limit', 'local'], flags: ['json'] });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; usage: edi item-history --item I [--limit N] [--json]`);
  const limitArg = one(options, 'limit', false);
  if (limitArg !== undefined && !/^[1-9]\d{0,4}$/.test(limitArg)) throw new UsageError('--limit is a whole number from 1 to 99999');
  const item = one(options, 'item')!;
  const deps = await desk(options);
  return guard(io, async () => {
    const view = await readItemHistory(deps, item, limitArg ? { limit: Number(limitArg) } : {});
    io.stdout.write(flags.has('json') ? `${JSON.stringify(view, null, 2)}\n` : formatItemHistory(view));
    return 0;
  });
}
