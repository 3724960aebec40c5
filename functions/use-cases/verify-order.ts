/**
 * `edi verify --partner P --po N` and the history API's verdict: one order's records checked
 * against its chain (domain/audit/verify-order.ts) and against the latest daily seal that names
 * it (README, "Verification").
 */
import { verifySealEntry } from '#domain/audit/daily-seal.ts';
import { verifyOrderRecords, type AuditFinding, type OrderVerdict } from '#domain/audit/verify-order.ts';
import type { SealArchive } from '#functions/ports/audit-archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import { readOrderRecords, type ReadOrderRecordsDeps } from './read-order-records.ts';

export interface VerifyOrderDeps extends ReadOrderRecordsDeps {
  seals: Pick<SealArchive, 'getSeal' | 'sealedDays'>;
  clock: Clock;
}

/**
 * How long after an event its documents and emails may still be on their way (the deliver and
 * mail stages run after the commit, with retries): within it a missing record is pending.
 */
export const EFFECT_GRACE_MS = 15 * 60 * 1000;

export interface OrderVerification extends OrderVerdict {
  /** Whether the order has any record at all. */
  found: boolean;
  /** The latest seal checked, if any names the order. */
  sealedOn?: string;
}

/** The first broken link of a verdict, as a line for people. */
export function firstBrokenLink(findings: readonly AuditFinding[]): string | undefined {
  const f = findings[0];
  return f ? `${f.link}: ${f.reason}` : undefined;
}

export async function verifyOrder(deps: VerifyOrderDeps, partner: string, purchaseOrderNumber: string): Promise<OrderVerification> {
  const records = await readOrderRecords(deps, partner, purchaseOrderNumber);
  const pendingAfter = new Date(deps.clock.now().getTime() - EFFECT_GRACE_MS).toISOString();
  const verdict = verifyOrderRecords(records, pendingAfter);
  const found = records.head !== undefined || records.events.length > 0 || records.documents.length > 0 || records.emails.length > 0 || records.errors.length > 0 || records.summary !== undefined;
  let sealedOn: string | undefined;
  for (const day of (await deps.seals.sealedDays()).reverse()) {
    const seal = await deps.seals.getSeal(day);
    const entry = seal?.orders.find((o) => o.partner === partner && o.purchaseOrderNumber === purchaseOrderNumber);
    if (!seal || !entry) continue;
    sealedOn = day;
    verdict.findings.push(...verifySealEntry(seal, entry, found ? records : undefined));
    break;
  }
  return { ...verdict, valid: verdict.findings.length === 0, found: found || sealedOn !== undefined, ...(sealedOn ? { sealedOn } : {}) };
}
