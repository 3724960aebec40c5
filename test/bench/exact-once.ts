/**
 * The benchmark's exact-once check: every order the files carried exists once, every
 * interchange got one 997 and every PO one 855 — none missing, none twice, none unexpected.
 */

export interface ExactOnceInput {
  /** PO numbers the inbound files carried. */
  expectedOrders: readonly string[];
  /** GS06 of every inbound functional group (one per file here). */
  expectedGroups: readonly string[];
  /** PO numbers of the order heads in DynamoDB (one per item). */
  orders: readonly string[];
  /** PO numbers of the `order.created` events in DynamoDB. */
  orderCreatedEvents: readonly string[];
  /** The text of every 997 in the outbound bucket. */
  acks997: readonly string[];
  /** The text of every 855 in the outbound bucket. */
  acks855: readonly string[];
}

export interface ExactOnceCategory {
  expected: number;
  found: number;
  missing: string[];
  duplicated: string[];
  unexpected: string[];
}

export interface ExactOnceReport {
  ok: boolean;
  orders: ExactOnceCategory;
  orderCreatedEvents: ExactOnceCategory;
  acks997: ExactOnceCategory;
  acks855: ExactOnceCategory;
}

const SAMPLE = 10;

function compare(expected: readonly string[], found: readonly string[]): ExactOnceCategory {
  const want = new Set(expected);
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f, (counts.get(f) ?? 0) + 1);
  const missing = [...want].filter((e) => !counts.has(e));
  const duplicated = [...counts].filter(([k, n]) => n > 1 && want.has(k)).map(([k]) => k);
  const unexpected = [...counts.keys()].filter((k) => !want.has(k));
  return { expected: want.size, found: found.length, missing: missing.slice(0, SAMPLE), duplicated: duplicated.slice(0, SAMPLE), unexpected: unexpected.slice(0, SAMPLE) };
}

function clean(c: ExactOnceCategory): boolean {
  return c.missing.length === 0 && c.duplicated.length === 0 && c.unexpected.length === 0 && c.found === c.expected;
}

/** AK1 group control numbers (AK102) a 997 acknowledges. */
export function groupsAcknowledged(text: string): string[] {
  const element = text.charAt(3) || '*';
  const segments = text.split(/~\s*/);
  return segments.filter((s) => s.startsWith(`AK1${element}`)).map((s) => s.split(element)[2] ?? '');
}

/** The PO number (BAK03) an 855 acknowledges. */
export function purchaseOrdersAcknowledged(text: string): string[] {
  const element = text.charAt(3) || '*';
  const segments = text.split(/~\s*/);
  return segments.filter((s) => s.startsWith(`BAK${element}`)).map((s) => s.split(element)[3] ?? '');
}

export function checkExactlyOnce(input: ExactOnceInput): ExactOnceReport {
  const report = {
    orders: compare(input.expectedOrders, input.orders),
    orderCreatedEvents: compare(input.expectedOrders, input.orderCreatedEvents),
    acks997: compare(input.expectedGroups, input.acks997.flatMap(groupsAcknowledged)),
    acks855: compare(input.expectedOrders, input.acks855.flatMap(purchaseOrdersAcknowledged)),
  };
  return { ok: Object.values(report).every(clean), ...report };
}
