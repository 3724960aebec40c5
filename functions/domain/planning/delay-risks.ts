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
import type { DelayNote } from '#schemas/records/item-history.ts';
import { addDays, instantMs } from './dates.ts';
import {
  PLANNING_STATE_SCHEMA_VERSION,
  type AffectedLine,
  type CustomerTextSource,
  type DelayLineRecord,
  type DelayNotification,
  type DelayState,
  type LineOutlook,
  type LineRef,
} from '#schemas/records/planning-state.ts';
import { availableToPromise, cumulativeAtp, earliestFullWeek } from './atp.ts';
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

/**
 * A delay the planner confirmed (`edi decide … date=D`, `edi delay confirm`). The decision's reason
 * is internal and is not carried here: the customer reads the item's delay note or the neutral text.
 */
export interface ConfirmedDelayInput {
  line: LineRef;
  newDate: string;
  originalDate?: string;
  by: string;
}

type PartnerSettings = Pick<PartnerProfile, 'autoCustomerRiskNotice' | 'autoRiskNoticeAfterHours' | 'transitDays'>;

export interface AssessDelayInput {
  previous: DelayState | undefined;
  item: Item;
  rows: readonly PabRow[];
  /** Profiles of the partners with lines of this item. */
  partners: Readonly<Record<string, PartnerSettings>>;
  /** On hand of the supply plan: what ATP (the customer's available quantity) starts from. */
  onHand?: number;
  /** The item's latest delay note; its customer texts are quoted while it is about the current shortage. */
  note?: DelayNote;
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

/**
 * The plain text of a customer notice when the planner wrote none for the customer: it names no
 * internal cause, figure or promise (DOMAIN, delay level 2: cause and countermeasures are the
 * planner's to write); the planner is told it went so (`notice-text-missing`).
 */
export const NEUTRAL_CAUSE = 'Our planned supply of this item does not cover all orders due in this period.';
export const NEUTRAL_COUNTERMEASURES = ['We are working on the supply of this item and will confirm the delivery date as soon as it is certain.'];

export interface CustomerTexts {
  cause: string;
  countermeasures: string[];
  source: CustomerTextSource;
}

/**
 * What a customer notice of the item says: the delay note's customer texts while the note is about
 * the current shortage (recorded after the item's last all-clear), else the neutral text. The
 * note's internal cause and countermeasure are never quoted.
 */
export function customerTextsOf(note: DelayNote | undefined, state: Pick<DelayState, 'lastAllClearAt'> | undefined): CustomerTexts {
  const current = note?.customer && (!state?.lastAllClearAt || note.at > state.lastAllClearAt);
  return current && note.customer ? { cause: note.customer.cause, countermeasures: [...note.customer.countermeasures], source: 'note' } : { cause: NEUTRAL_CAUSE, countermeasures: [...NEUTRAL_COUNTERMEASURES], source: 'neutral' };
}

/**
 * What the customer can be told of a short line (DOMAIN, delay level 2): the quantity that can ship
 * on its date (cumulative ATP to its week, the line itself taken out), and the first week it can
 * ship in full — each date also as a delivery date, ship + the partner's transit days.
 */
export function lineOutlook(rows: readonly PabRow[], onHand: number, affected: AffectedLine, transitDays: number): LineOutlook {
  const line = affected.line;
  const weeks = rows.map((r) => ({ weekStart: r.weekStart, supply: r.supply, booked: r.orders - r.linesDue.filter((d) => lineKey(d) === lineKey(line)).reduce((n, d) => n + d.quantity, 0) }));
  const index = Math.max(0, rows.findIndex((r) => r.weekStart === affected.weekStart));
  const cumulative = cumulativeAtp(availableToPromise(onHand, weeks))[index] ?? 0;
  const available = Math.min(line.quantity, Math.max(0, cumulative));
  const week = earliestFullWeek(onHand, weeks, line.quantity);
  const newShipDate = week === undefined ? null : week > line.dueDate ? week : line.dueDate;
  return {
    lineNumber: line.lineNumber,
    quantity: line.quantity,
    available,
    requestedShipDate: line.dueDate,
    requestedDeliveryDate: addDays(line.dueDate, transitDays),
    newShipDate,
    newDeliveryDate: newShipDate === null ? null : addDays(newShipDate, transitDays),
  };
}

/** The level-3 notice of a confirmed delay, as assessDelayRisks sends it and `edi delay confirm` previews it. */
export function confirmedDelayNotice(item: Pick<Item, 'vendorPart'>, delay: ConfirmedDelayInput, texts: CustomerTexts, transitDays: number): Extract<DelayNotification, { kind: 'confirmed-delay' }> {
  return {
    kind: 'confirmed-delay',
    level: 3,
    id: `delay-L3/${item.vendorPart}/${lineKey(delay.line)}/${delay.newDate}`,
    item: item.vendorPart,
    partnerId: delay.line.partnerId,
    purchaseOrderNumber: delay.line.purchaseOrderNumber,
    lineNumber: delay.line.lineNumber,
    newDate: delay.newDate,
    ...(delay.originalDate !== undefined ? { originalDate: delay.originalDate } : {}),
    cause: texts.cause,
    countermeasures: texts.countermeasures,
    customerText: texts.source,
    newDeliveryDate: addDays(delay.newDate, transitDays),
    by: delay.by,
    revisedAcknowledgment: true,
  };
}

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

/**
 * A short, stable name for a set of order lines. `since`, the item's last all-clear before this
 * run, sets a later shortage of the same lines in the same weeks apart from the one that was
 * cleared (a new episode is told again); concurrent recomputes read the same one and agree.
 */
const linesId = (keys: readonly string[], since?: string): string => sha256Hex([...keys].sort().join('|') + (since ? `#${since}` : '')).slice(0, 16);

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
    notifications.push({ kind: 'delay-alert', level: 1, id: `delay-L1/${item.vendorPart}/${linesId(newlyShort.map((a) => `${lineKey(a.line)}@${a.weekStart}`), input.previous?.lastAllClearAt)}`, item: item.vendorPart, lines: newlyShort, rows, partnerIds: partnersOf(newlyShort.map((a) => a.line)) });
  }

  const resolved: LineRef[] = [];
  const customerNotified: LineRef[] = [];
  for (const [key, record] of Object.entries(lines)) {
    if (!record.active || short.has(key)) continue;
    lines[key] = { ...record, active: false, allClearAt: now };
    const [partnerId, purchaseOrderNumber, lineNumber] = key.split('/').map(decodeURIComponent) as [string, string, string];
    resolved.push({ partnerId, purchaseOrderNumber, lineNumber });
    if (record.level2At) customerNotified.push({ partnerId, purchaseOrderNumber, lineNumber });
  }
  if (resolved.length > 0) {
    notifications.push({ kind: 'all-clear', id: `delay-clear/${item.vendorPart}/${input.stateVersion}/${linesId(resolved.map(lineKey))}`, item: item.vendorPart, lines: resolved, rows, partnerIds: partnersOf(resolved), customerNotified });
    // The customer heard of the risk (level 2), so they hear it is gone (DOMAIN: proactive beats silent).
    const byOrder = new Map<string, LineRef[]>();
    for (const ref of customerNotified) byOrder.set(`${ref.partnerId}\u0000${ref.purchaseOrderNumber}`, [...(byOrder.get(`${ref.partnerId}\u0000${ref.purchaseOrderNumber}`) ?? []), ref]);
    for (const refs of byOrder.values()) {
      const first = refs[0]!;
      notifications.push({ kind: 'customer-all-clear', id: `delay-clear-customer/${item.vendorPart}/${linesId(refs.map((r) => `${lineKey(r)}@${lines[lineKey(r)]?.episodeStart ?? ''}`))}`, item: item.vendorPart, partnerId: first.partnerId, purchaseOrderNumber: first.purchaseOrderNumber, lines: refs });
    }
  }
  const texts = customerTextsOf(input.note, input.previous);

  type Level2 = { partnerId: string; purchaseOrderNumber: string; lines: AffectedLine[]; cause: string; countermeasures: string[]; automatic: boolean; enteredBy?: string; customerText: CustomerTextSource };
  const level2 = new Map<string, Level2>();
  const addLevel2 = (affected: AffectedLine, cause: string, countermeasures: string[], automatic: boolean, customerText: CustomerTextSource, enteredBy?: string): void => {
    const group = `${affected.line.partnerId}\u0000${affected.line.purchaseOrderNumber}\u0000${automatic ? 'auto' : `${cause}\u0000${countermeasures.join('\u0000')}`}`;
    const existing = level2.get(group);
    if (existing) existing.lines.push(affected);
    else level2.set(group, { partnerId: affected.line.partnerId, purchaseOrderNumber: affected.line.purchaseOrderNumber, lines: [affected], cause, countermeasures, automatic, customerText, ...(enteredBy !== undefined ? { enteredBy } : {}) });
  };
  for (const notice of input.riskNotices ?? []) {
    const key = lineKey(notice.line);
    const record = lines[key];
    const affected = short.get(key);
    if (!record?.active || record.level2At || !affected) continue;
    lines[key] = { ...record, level2At: now };
    addLevel2(affected, notice.cause, notice.countermeasures, false, 'planner', notice.enteredBy);
  }
  for (const [key, affected] of short) {
    const record = lines[key];
    const profile = input.partners[affected.line.partnerId];
    if (!record?.active || record.level2At || !profile?.autoCustomerRiskNotice || !record.level1At) continue;
    if (instantMs(now) - instantMs(record.level1At) < profile.autoRiskNoticeAfterHours * 3_600_000) continue;
    lines[key] = { ...record, level2At: now };
    addLevel2(affected, texts.cause, texts.countermeasures, true, texts.source);
  }
  for (const group of level2.values()) {
    // From the facts (these lines short in these weeks), not the state's version: two concurrent
    // recomputes of the item (one retried after a conflict on the state) name the same notice alike.
    const id = `delay-L2/${item.vendorPart}/${linesId(group.lines.map((l) => `${lineKey(l.line)}@${l.weekStart}`), input.previous?.lastAllClearAt)}`;
    const transitDays = input.partners[group.partnerId]?.transitDays ?? 0;
    notifications.push({ kind: 'risk-notice', level: 2, id, item: item.vendorPart, ...group, outlook: group.lines.map((l) => lineOutlook(rows, input.onHand ?? 0, l, transitDays)) });
    if (group.customerText === 'neutral') {
      notifications.push({ kind: 'notice-text-missing', id: `delay-text-missing/${id}`, item: item.vendorPart, noticeId: id, partnerId: group.partnerId, purchaseOrderNumber: group.purchaseOrderNumber, lines: group.lines.map((l) => l.line.lineNumber) });
    }
  }

  for (const delay of input.confirmedDelays ?? []) {
    const key = lineKey(delay.line);
    const record = lines[key] ?? { episodeStart: now, active: false };
    if (record.level3At && record.level3Date === delay.newDate) continue;
    lines[key] = { ...record, level3At: now, level3Date: delay.newDate };
    notifications.push(confirmedDelayNotice(item, delay, texts, input.partners[delay.line.partnerId]?.transitDays ?? 0));
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

  const lastAllClearAt = resolved.length > 0 ? now : input.previous?.lastAllClearAt;
  return { notifications, nextState: { schemaVersion: PLANNING_STATE_SCHEMA_VERSION, item: item.vendorPart, lines, ...(overStockSince ? { overStockSince } : {}), ...(lastAllClearAt ? { lastAllClearAt } : {}) } };
}
