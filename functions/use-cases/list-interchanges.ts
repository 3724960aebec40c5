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
