/**
 * `edi interchange` and the history API's ledger view: what arrived on a partner's channel since
 * a date — interchanges claimed (with their state) and files refused before any was processed.
 */
import type { InterchangeLedger } from '#functions/ports/interchange-ledger.ts';
import type { InterchangeRecord, RejectedFileRecord } from '#schemas/records/records.ts';

export interface ListInterchangesDeps {
  ledger: Pick<InterchangeLedger, 'receivedSince'>;
}

export async function listInterchanges(deps: ListInterchangesDeps, partner: string, since: string, refusedOnly = false): Promise<{ interchanges: InterchangeRecord[]; refused: RejectedFileRecord[] }> {
  const found = await deps.ledger.receivedSince(partner, since);
  return { interchanges: refusedOnly ? found.interchanges.filter((i) => i.state === 'rejected') : found.interchanges, refused: found.refused };
}

/** One entry of the ledger as the history API pages it: a claimed interchange or a refused file. */
export type LedgerEntry = ({ kind: 'interchange' } & InterchangeRecord) | ({ kind: 'refused-file' } & RejectedFileRecord);

export interface InterchangePageQuery {
  partner: string;
  /** Receipt days, YYYY-MM-DD inclusive (open ends when undefined). */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export class InterchangeCursorError extends Error {
  override name = 'InterchangeCursorError';
}

const entryId = (e: LedgerEntry) => (e.kind === 'interchange' ? `${e.receivedAt}#IX#${e.sender.qualifier}:${e.sender.id}#${e.interchangeControlNumber}` : `${e.receivedAt}#FILE#${e.sha256}`);

/**
 * The ledger of one partner oldest first, `limit` entries a page: the cursor is the last entry's
 * id (receipt time first), so the next page reads from that receipt time on.
 */
export async function listInterchangePage(deps: ListInterchangesDeps, q: InterchangePageQuery): Promise<{ entries: LedgerEntry[]; next?: string }> {
  let after: string | undefined;
  if (q.cursor !== undefined) {
    after = Buffer.from(q.cursor, 'base64url').toString('utf8');
    if (!/^\d{4}-\d{2}-\d{2}T[^#]+#(IX|FILE)#/.test(after)) throw new InterchangeCursorError('the page cursor is not one this list gave out');
  }
  const since = after ? after.slice(0, after.indexOf('#')) : (q.from ?? '0000-01-01');
  const found = await deps.ledger.receivedSince(q.partner, since);
  const end = q.to === undefined ? undefined : `${q.to}~`;
  const entries: LedgerEntry[] = [...found.interchanges.map((i) => ({ kind: 'interchange' as const, ...i })), ...found.refused.map((r) => ({ kind: 'refused-file' as const, ...r }))]
    .filter((e) => (end === undefined || e.receivedAt <= end) && (after === undefined || entryId(e) > after))
    .sort((a, b) => entryId(a).localeCompare(entryId(b)));
  const page = entries.slice(0, q.limit);
  const last = page[page.length - 1];
  return { entries: page, ...(entries.length > q.limit && last ? { next: Buffer.from(entryId(last), 'utf8').toString('base64url') } : {}) };
}
