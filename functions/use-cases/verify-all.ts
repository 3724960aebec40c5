/**
 * `edi verify --all [--since D]`: every daily seal since D checked (its root, and each order it
 * names against the store: a removed order, a rewritten chain, a changed or deleted record),
 * then every order the store holds verified on its own (README, "Verification").
 */
import { verifySealEntry, verifySealRoot } from '#domain/audit/daily-seal.ts';
import { verifyOrderRecords, type AuditFinding, type OrderRecords, type OrderVerdict } from '#domain/audit/verify-order.ts';
import type { SealArchive } from '#functions/ports/audit-archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { OrderAuditSource } from '#functions/ports/order-audit-source.ts';
import { readOrderRecords, type ReadOrderRecordsDeps } from './read-order-records.ts';
import { EFFECT_GRACE_MS } from './verify-order.ts';

export interface VerifyAllDeps extends ReadOrderRecordsDeps {
  audit: Pick<OrderAuditSource, 'derived' | 'allOrders'>;
  seals: Pick<SealArchive, 'getSeal' | 'sealedDays'>;
  clock: Clock;
}

export interface StoreVerification {
  valid: boolean;
  /** Seals checked, with what each found. */
  seals: Array<{ day: string; orders: number; findings: AuditFinding[] }>;
  /** Orders checked, and the verdicts of those that are broken. */
  ordersChecked: number;
  broken: OrderVerdict[];
  /** The first broken link over everything, for people. */
  first?: { where: string; link: string; reason: string };
}

export async function verifyAll(deps: VerifyAllDeps, since?: string): Promise<StoreVerification> {
  const pendingAfter = new Date(deps.clock.now().getTime() - EFFECT_GRACE_MS).toISOString();
  const cache = new Map<string, OrderRecords>();
  const read = async (partner: string, po: string): Promise<OrderRecords> => {
    const k = JSON.stringify([partner, po]);
    let r = cache.get(k);
    if (!r) cache.set(k, (r = await readOrderRecords(deps, partner, po)));
    return r;
  };
  const present = new Set((await deps.audit.allOrders()).map((o) => JSON.stringify([o.partner, o.purchaseOrderNumber])));
  const seals: StoreVerification['seals'] = [];
  for (const day of await deps.seals.sealedDays(since)) {
    const seal = await deps.seals.getSeal(day);
    if (!seal) continue;
    const findings: AuditFinding[] = [];
    const root = verifySealRoot(seal);
    if (root) findings.push(root);
    for (const entry of seal.orders) {
      const k = JSON.stringify([entry.partner, entry.purchaseOrderNumber]);
      findings.push(...verifySealEntry(seal, entry, present.has(k) ? await read(entry.partner, entry.purchaseOrderNumber) : undefined));
    }
    seals.push({ day, orders: seal.orders.length, findings });
  }
  const broken: OrderVerdict[] = [];
  let checked = 0;
  for (const k of present) {
    const [partner, po] = JSON.parse(k) as [string, string];
    const records = await read(partner, po);
    if (since && records.head && records.head.order.updatedAt.slice(0, 10) < since) continue;
    checked++;
    const verdict = verifyOrderRecords(records, pendingAfter);
    if (!verdict.valid) broken.push(verdict);
  }
  const sealFirst = seals.find((s) => s.findings.length > 0);
  const orderFirst = broken[0];
  const first = sealFirst
    ? { where: `seal ${sealFirst.day}`, ...sealFirst.findings[0]! }
    : orderFirst
      ? { where: `order ${orderFirst.partner}/${orderFirst.purchaseOrderNumber}`, ...orderFirst.findings[0]! }
      : undefined;
  return { valid: !first, seals, ordersChecked: checked, broken, ...(first ? { first } : {}) };
}
