/**
 * `edi acks --partner P [--state sent|accepted|accepted-with-errors|rejected|overdue] [--json] [--local FILE]`:
 * our documents to a partner and what its 997/999/TA1 said, newest first (README, "Partners'
 * acknowledgments"), from the running local stack or AWS (as the planning commands connect).
 */
import { livePartnerAcksDeps } from '#functions/composition/live-deps.ts';
import { listPartnerAcks } from '#functions/use-cases/list-partner-acks.ts';
import { SENT_DOCUMENT_STATES, SentDocumentStateZ, type SentDocument } from '#schemas/records/sent-document.ts';
import { connect } from './connect.ts';
import { parseArgs, UsageError, type CliIo } from './io.ts';

/** One line per document: state, kind, key, control numbers, sent/due, and the first finding. */
export function formatSentDocument(d: SentDocument): string {
  const finding = d.acknowledgment?.findings[0];
  return [
    d.state.padEnd(20),
    d.kind,
    d.documentKey,
    `ISA13 ${d.interchangeControlNumber} GS06 ${d.groupControlNumber} ST02 ${d.setControlNumber}`,
    `sent ${d.sentAt}`,
    d.acknowledgment ? `${d.acknowledgment.kind} ${d.acknowledgment.receivedAt}` : `due ${d.dueAt}`,
    ...(finding ? [finding] : []),
  ].join('  ');
}

export async function runAcks(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options, flags } = parseArgs(argv, { options: ['partner', 'state', 'local'], flags: ['json'] });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const partner = options.get('partner')?.at(-1);
  if (!partner) throw new UsageError('--partner is required');
  const stateArg = options.get('state')?.at(-1);
  const state = stateArg === undefined ? undefined : SentDocumentStateZ.safeParse(stateArg);
  if (state && !state.success) throw new UsageError(`--state is one of ${SENT_DOCUMENT_STATES.join(', ')}`);
  const documents = await listPartnerAcks(livePartnerAcksDeps(await connect(options.get('local')?.[0])), { partner, ...(state?.data ? { state: state.data } : {}) });
  if (flags.has('json')) io.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
  else {
    for (const d of documents) io.stdout.write(`${formatSentDocument(d)}\n`);
    io.stdout.write(`${documents.length} document(s)\n`);
  }
  return 0;
}
