/**
 * The daily seal (timers stage, `daily-seal`; `edi seal`): every order's chain head and the
 * content hash of each of its records, under one Merkle root, written once per day to the
 * archive (README, "Verification"). A seal already written for the day is left as it is.
 */
import { buildDailySeal, sealEntryOf } from '#domain/audit/daily-seal.ts';
import type { SealArchive } from '#functions/ports/audit-archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderAuditSource } from '#functions/ports/order-audit-source.ts';
import type { SealEntry } from '#schemas/records/audit-records.ts';
import { readOrderRecords, type ReadOrderRecordsDeps } from './read-order-records.ts';

export interface SealDayDeps extends ReadOrderRecordsDeps {
  audit: Pick<OrderAuditSource, 'derived' | 'allOrders'>;
  seals: Pick<SealArchive, 'putSeal'>;
  clock: Clock;
}

export interface SealOutcome {
  day: string;
  root: string;
  orders: number;
  /** False when the day was already sealed (the stored seal stands). */
  written: boolean;
}

/** Seals `day` (default: today, UTC) over every order the store holds now. */
export async function sealDay(deps: SealDayDeps, day?: string): Promise<SealOutcome> {
  const now = deps.clock.now().toISOString();
  const sealedDay = day ?? now.slice(0, 10);
  const entries: SealEntry[] = [];
  for (const o of await deps.audit.allOrders()) {
    const entry = sealEntryOf(await readOrderRecords(deps, o.partner, o.purchaseOrderNumber));
    if (entry) entries.push(entry);
  }
  const seal = buildDailySeal(sealedDay, now, entries);
  const written = await deps.seals.putSeal(seal);
  return { day: sealedDay, root: seal.root, orders: entries.length, written };
}
