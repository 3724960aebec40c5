/**
 * The `edi` command line: dispatches to one module per command. Every failure a user can cause
 * is one line on stderr and exit 2; an unexpected fault is one line too (with a hint to rerun
 * with EDI_DEBUG=1 for the stack), never a raw stack trace.
 */
import { UsageError, type CliIo } from './io.ts';

const HELP = `usage: edi <command> [options]

X12 engine
  translate FILE… [--ndjson] [--pretty]   X12 → JSON {file, interchanges, documents, diagnostics}
  validate FILE… [--errors-only]          file:segment:element: diagnostics, one per line
  ack FILE [--control N] [--test]         the 997 for each functional group, as X12
  conformance DIR                         check the reader against DIR/EXPECTED.tsv
  guide check --partner P [--profiles FILE] FILE…   each set against the partner's implementation guide

Pipeline (local stack by default)
  start [--fresh] [--watch DIR [--partner P]] [--exit] [--data DIR] [--samples DIR]
                                          run the whole pipeline locally on samples/ (demo clock)
  history --partner P --po N [--json] [--local FILE | --stack-outputs FILE]
                                          an order's timeline: events, documents, emails
  verify --partner P --po N | --all [--since D] [--json]
                                          check an order (or everything) against its chain and the daily seals
  seal [--day D]                          write the day's seal of every order's chain head
  export --partner P [--from D --to D] [--format csv|jsonl]
                                          orders with lines, status, decisions, documents (audit sampling)
  orders --partner P [--from D --to D] [--status open|held|cancelled] [--limit N] [--cursor C]
                                          one page of orders from the work-list indexes
  raw --partner P --po N [--document TYPE|ISA13]   raw X12 received and sent, with SHA-256
  interchange --partner P [--since D] [--refused]  the interchange ledger, refused files included

Planning (local stack by default; --local FILE)
  load FILE [--kind partners|items|supply]                        master data, all or nothing
  decide --partner P --po N --line L approve|reject|quantity=Q|date=D|price=P|'uom=U quantity=Q' --by NAME --reason TEXT
  confirm --partner P --po N [--line L] --date D --by NAME        confirm a P1 date, stop escalation
  expedite confirm --partner P --po N --line L date=D --by NAME   the same, as the P1 emails print it
  notify-customer --partner P --item I [--po N] [--line L] --cause T --countermeasure T… --by NAME   delay level 2
  ship --partner P --po N --line L=QTY… --carrier SCAC [--tracking NO] [--bol NO] [--ship-date D] [--packs N] [--shipment ID] [--transport CODE] --by NAME
                                                                  record a shipment, queue its 856 (and 810)
  digest [--date D]                                               the P3 planner digest
  acks --partner P [--state overdue|rejected|…] [--json]          our documents and the partner's 997/999/TA1 verdicts
  pab --item I [--json]                                           an item's weeks: forecast, booked, PAB, ATP
  allocate --item I --week D [--confirm ID --by NAME [--reason T]] [--json]
                                                                  share a short week's supply by priority; confirm decides
  delay note --item I --cause T --countermeasure T… [--customer-cause T --customer-countermeasure T…] --by NAME
                                                                  delay level 1: root cause and countermeasure
  delay preview|confirm --partner P --po N --line L --date D [--preview-id ID --reason T] --by NAME
                                                                  delay level 3: the customer's email first, then send it
  item-history --item I [--limit N] [--json]                      what was decided, sent and loaded for an item

Operations (local stack by default; --local FILE)
  dlq [STAGE…] [--json]                   each stage's dead-letter queue: messages and causes (exit 1 if any)
  redrive STAGE [--max N]                 replay a stage's DLQ once its cause is fixed (nothing done twice)

Exit codes: 0 no errors, 1 error diagnostics, 2 not X12, unreadable input or bad usage.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  translate: async () => (await import('./x12-commands.ts')).runTranslate,
  validate: async () => (await import('./x12-commands.ts')).runValidate,
  ack: async () => (await import('./x12-commands.ts')).runAck,
  conformance: async () => (await import('./conformance.ts')).runConformance,
  guide: async () => (await import('./guide-commands.ts')).runGuide,
  start: async () => (await import('./start.ts')).runStart,
  history: async () => (await import('./history.ts')).runHistory,
  verify: async () => (await import('./audit-commands.ts')).runVerify,
  seal: async () => (await import('./audit-commands.ts')).runSeal,
  export: async () => (await import('./audit-commands.ts')).runExport,
  orders: async () => (await import('./audit-commands.ts')).runOrders,
  raw: async () => (await import('./audit-commands.ts')).runRaw,
  interchange: async () => (await import('./audit-commands.ts')).runInterchange,
  load: async () => (await import('./planning-commands.ts')).runLoad,
  decide: async () => (await import('./planning-commands.ts')).runDecide,
  confirm: async () => (await import('./planning-commands.ts')).runConfirm,
  expedite: async () => (await import('./planning-commands.ts')).runExpedite,
  'notify-customer': async () => (await import('./planning-commands.ts')).runNotifyCustomer,
  digest: async () => (await import('./planning-commands.ts')).runDigest,
  ship: async () => (await import('./planning-commands.ts')).runShip,
  acks: async () => (await import('./acks-command.ts')).runAcks,
  dlq: async () => (await import('./dead-letters.ts')).runDeadLetters,
  redrive: async () => (await import('./dead-letters.ts')).runRedrive,
  pab: async () => (await import('./planning-commands.ts')).runPab,
  allocate: async () => (await import('./planning-commands.ts')).runAllocate,
  delay: async () => (await import('./item-commands.ts')).runDelay,
  'item-history': async () => (await import('./item-commands.ts')).runItemHistory,
};

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(HELP);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`edi: unknown command ${JSON.stringify(name)} (try: edi help)\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`edi ${name}: ${error.message}\n`);
      return 2;
    }
    if (process.env.EDI_DEBUG) io.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    else io.stderr.write(`edi ${name}: unexpected failure: ${(error as Error).message ?? String(error)} (rerun with EDI_DEBUG=1 for details)\n`);
    return 3;
  }
}
