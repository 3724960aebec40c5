/**
 * The planner's P3 daily digest (README, "Planning intelligence"): plan shortfalls with no order affected yet,
 * one e-mail per planner per day.
 */
import type { Item } from '#schemas/master-data/item.ts';
import { comparePriority, type PriorityKey } from '../planning/allocation.ts';
import type { ExpediteReason } from '../planning/expedite.ts';
import { describeReason } from './expedite-emails.ts';
import { addresses, composeEmail, renderTable, type RenderedEmail } from './rendered-email.ts';

export interface DigestEntry extends Pick<PriorityKey, 'priorityClass' | 'value'> {
  item: Item;
  reasons: ExpediteReason[];
}

/**
 * Group P3 entries by the item's planner (by e-mail address), planners sorted; each planner's
 * items in priority order (all are P3: the best priority class among the item's buyers, then the
 * value of the largest shortfall), then by vendor part.
 */
export function groupDigestByPlanner(entries: readonly DigestEntry[]): { planner: Item['planner']; entries: DigestEntry[] }[] {
  const groups = new Map<string, { planner: Item['planner']; entries: DigestEntry[] }>();
  for (const entry of entries) {
    const key = entry.item.planner.email.toLowerCase();
    const group = groups.get(key) ?? { planner: entry.item.planner, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => ({ ...group, entries: [...group.entries].sort((a, b) => comparePriority(a, b) || a.item.vendorPart.localeCompare(b.item.vendorPart)) }));
}

/** Render one planner's digest for `date`; undefined when there is nothing to report. */
export function renderP3Digest(planner: Item['planner'], entries: readonly DigestEntry[], date: string): RenderedEmail | undefined {
  if (entries.length === 0) return undefined;
  return composeEmail(
    `[P3 DIGEST] ${date}: ${entries.length} plan shortfall${entries.length === 1 ? '' : 's'} for ${planner.name}`,
    [
      { p: `Good morning ${planner.name}, supply does not cover forecast or safety stock for these items; no order is affected yet. For the next planning cycle:` },
      { table: renderTable(['item', 'description', 'issue'], entries.flatMap((e) => e.reasons.map((r) => [e.item.vendorPart, e.item.description, describeReason(r)]))) },
    ],
    addresses([planner]),
    [],
  );
}
