/**
 * Delay communication (README, "Planning intelligence"), decided from the PAB table and the stored state:
 * level 1 internal alert at first detection (planner + customer service, with the weekly table and
 * the lines affected) and an all-clear when a later run resolves it; level 2 risk notice to the
 * customer (cause and countermeasures entered by the planner, or automatic where the profile allows);
 * level 3 confirmed delay with the new date (email, and a replacing 855 with `DR`).
 *
 * Idempotent: each (order line, level) goes out once per shortage episode, whatever the number of
 * recomputes. An episode starts at first detection and ends with the all-clear; a later shortage of
 * the same line is a new episode and alerts again. The state is data the shell stores per item.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { sha256Hex } from '../orders/sha256.ts';
import { instantMs } from './dates.ts';
import { PLANNING_STATE_SCHEMA_VERSION, type AffectedLine, type DelayLineRecord, type DelayNotification, type DelayState, type LineRef } from '#schemas/records/planning-state.ts';
import type { PabRow } from './pab.ts';

export { DelayLineRecordZ, DelayNotificationZ, DelayStateZ } from '#schemas/records/planning-state.ts';
export type { AffectedLine, DelayLineRecord, DelayNotification, DelayState, LineRef } from '#schemas/records/planning-state.ts';

/** Storage-safe key of an order line (EDI values URI-encoded, so no separator can collide). */
export function lineKey(ref: LineRef): string {
  return [ref.partnerId, ref.purchaseOrderNumber, ref.lineNumber].map(encodeURIComponent).join('/');
}

/** Cause and countermeasures the planner entered for a level-2 notice. */
export interface RiskNoticeInput {
  line: LineRef;
  cause: string;
  countermeasures: string[];
  enteredBy: string;
}

/** A delay the planner confirmed (from `edi decide … date=D`). */
export interface ConfirmedDelayInput {
  line: LineRef;
  newDate: string;
  originalDate?: string;
  cause?: string;
  by: string;
}

export interface AssessDelayInput {
  previous: DelayState | undefined;
  item: Item;
  rows: readonly PabRow[];
  /** Profiles of the partners with lines of this item. */
  partners: Readonly<Record<string, Pick<PartnerProfile, 'autoCustomerRiskNotice' | 'autoRiskNoticeAfterHours'>>>;
  riskNotices?: readonly RiskNoticeInput[];
  confirmedDelays?: readonly ConfirmedDelayInput[];
  /**
   * The version of the delay state this assessment will write (the stored one + 1). Notification
   * ids derive from it and from the lines they name, never from the time of the attempt: an
   * attempt repeated after a crash decides the same ids, so nobody is told twice.
   */
  stateVersion: number;
  now: string;
}

/** Default countermeasures of an automatic level-2 notice. */
export const AUTOMATIC_COUNTERMEASURES = [
  'We are expediting production and inbound supply for this item.',
  'We can ship the quantity available on the original date as a partial shipment, the balance as soon as it is produced.',
];

function affectedLines(rows: readonly PabRow[]): Map<string, AffectedLine> {
  const result = new Map<string, AffectedLine>();
  for (const row of rows) {
    if (!row.shortage) continue;
    for (const line of row.linesDue) {
      const key = lineKey(line);
      if (!result.has(key)) result.set(key, { line, weekStart: row.weekStart, pab: row.pab });
    }
  }
  return result;
}

/** A short, stable name for a set of order lines. */
const linesId = (keys: readonly string[]): string => sha256Hex([...keys].sort().join('|')).slice(0, 16);

const partnersOf = (refs: readonly LineRef[]): string[] => [...new Set(refs.map((r) => r.partnerId))].sort();

/** Decide which delay notifications are due now, and the state after sending them. */
export function assessDelayRisks(input: AssessDelayInput): { notifications: DelayNotification[]; nextState: DelayState } {
  const { item, now } = input;
  const lines: Record<string, DelayLineRecord> = {};
  for (const [key, record] of Object.entries(input.previous?.lines ?? {})) lines[key] = { ...record };
  const rows = [...input.rows];
  const short = affectedLines(rows);
  const notifications: DelayNotification[] = [];

  const newlyShort: AffectedLine[] = [];
  for (const [key, affected] of short) {
    const record = lines[key];
    if (record?.active) continue;
    lines[key] = { episodeStart: now, active: true, level1At: now };
    newlyShort.push(affected);
  }
  if (newlyShort.length > 0) {
    notifications.push({ kind: 'delay-alert', level: 1, id: `delay-L1/${item.vendorPart}/${linesId(newlyShort.map((a) => `${lineKey(a.line)}@${a.weekStart}`))}`, item: item.vendorPart, lines: newlyShort, rows, partnerIds: partnersOf(newlyShort.map((a) => a.line)) });
  }

  const resolved: LineRef[] = [];
  for (const [key, record] of Object.entries(lines)) {
    if (!record.active || short.has(key)) continue;
    lines[key] = { ...record, active: false, allClearAt: now };
    const [partnerId, purchaseOrderNumber, lineNumber] = key.split('/').map(decodeURIComponent) as [string, string, string];
    resolved.push({ partnerId, purchaseOrderNumber, lineNumber });
  }
  if (resolved.length > 0) {
    notifications.push({ kind: 'all-clear', id: `delay-clear/${item.vendorPart}/${input.stateVersion}/${linesId(resolved.map(lineKey))}`, item: item.vendorPart, lines: resolved, rows, partnerIds: partnersOf(resolved) });
  }

  const level2 = new Map<string, { partnerId: string; purchaseOrderNumber: string; lines: AffectedLine[]; cause: string; countermeasures: string[]; automatic: boolean; enteredBy?: string }>();
  const addLevel2 = (affected: AffectedLine, cause: string, countermeasures: string[], automatic: boolean, enteredBy?: string): void => {
    const group = `${affected.line.partnerId}\u0000${affected.line.purchaseOrderNumber}\u0000${automatic ? 'auto' : `${cause}\u0000${countermeasures.join('\u0000')}`}`;
    const existing = level2.get(group);
    if (existing) existing.lines.push(affected);
    else level2.set(group, { partnerId: affected.line.partnerId, purchaseOrderNumber: affected.line.purchaseOrderNumber, lines: [affected], cause, countermeasures, automatic, ...(enteredBy !== undefined ? { enteredBy } : {}) });
  };
  for (const notice of input.riskNotices ?? []) {
    const key = lineKey(notice.line);
    const record = lines[key];
    const affected = short.get(key);
    if (!record?.active || record.level2At || !affected) continue;
    lines[key] = { ...record, level2At: now };
    addLevel2(affected, notice.cause, notice.countermeasures, false, notice.enteredBy);
  }
  for (const [key, affected] of short) {
    const record = lines[key];
    const profile = input.partners[affected.line.partnerId];
    if (!record?.active || record.level2At || !profile?.autoCustomerRiskNotice || !record.level1At) continue;
    if (instantMs(now) - instantMs(record.level1At) < profile.autoRiskNoticeAfterHours * 3_600_000) continue;
    lines[key] = { ...record, level2At: now };
    addLevel2(affected, `Planned supply of ${item.vendorPart} does not cover the orders due in the week of ${affected.weekStart} (projected balance ${affected.pab}).`, AUTOMATIC_COUNTERMEASURES, true);
  }
  for (const group of level2.values()) {
    notifications.push({
      kind: 'risk-notice',
      level: 2,
      // From the facts (these lines short in these weeks), not the state's version: two concurrent
      // recomputes of the item (one retried after a conflict on the state) name the same notice alike.
      id: `delay-L2/${item.vendorPart}/${linesId(group.lines.map((l) => `${lineKey(l.line)}@${l.weekStart}`))}`,
      item: item.vendorPart,
      ...group,
    });
  }

  for (const delay of input.confirmedDelays ?? []) {
    const key = lineKey(delay.line);
    const record = lines[key] ?? { episodeStart: now, active: false };
    if (record.level3At && record.level3Date === delay.newDate) continue;
    lines[key] = { ...record, level3At: now, level3Date: delay.newDate };
    notifications.push({
      kind: 'confirmed-delay',
      level: 3,
      id: `delay-L3/${item.vendorPart}/${key}/${delay.newDate}`,
      item: item.vendorPart,
      partnerId: delay.line.partnerId,
      purchaseOrderNumber: delay.line.purchaseOrderNumber,
      lineNumber: delay.line.lineNumber,
      newDate: delay.newDate,
      ...(delay.originalDate !== undefined ? { originalDate: delay.originalDate } : {}),
      ...(delay.cause !== undefined ? { cause: delay.cause } : {}),
      by: delay.by,
      revisedAcknowledgment: true,
    });
  }

  // Over-stock (README, "Planning intelligence"): once per episode of PAB above the item's maximum,
  // to the planner's supervisor; the episode ends when no projected week is above it any more.
  let overStockSince = input.previous?.overStockSince;
  const above = item.maxStock === undefined ? [] : rows.filter((r) => r.pab > (item.maxStock as number));
  if (above.length === 0) overStockSince = undefined;
  else if (!overStockSince) {
    overStockSince = now;
    notifications.push({
      kind: 'over-stock',
      id: `over-stock/${item.vendorPart}/${input.stateVersion}`,
      item: item.vendorPart,
      maxStock: item.maxStock as number,
      weeks: above.map((r) => ({ weekStart: r.weekStart, pab: r.pab })),
      rows,
      partnerIds: partnersOf(rows.flatMap((r) => r.linesDue)),
    });
  }

  return { notifications, nextState: { schemaVersion: PLANNING_STATE_SCHEMA_VERSION, item: item.vendorPart, lines, ...(overStockSince ? { overStockSince } : {}) } };
}
