/**
 * Recompute an item's projected available balance and its delay levels, after anything that
 * moves it (an order, a change, a decision, a supply load, a notice a planner asked for):
 * 1. load the item, its supply plan, its open demand and the partners with lines of it;
 * 2. project PAB and decide the delay notifications against the stored delay state;
 * 3. send them — internal alerts (level 1, all-clear, the P2 alert of each short line, the note
 *    that a notice went with the neutral text) to the notify queue, customer notices (level 2,
 *    level 3, the customer all-clear) through the order they are about, one per order and kind
 *    across the items recomputed, so each is on that order's history, and on each item's history
 *    with the text sent;
 * 4. set the level-2 timer of each newly short line whose partner sends notices after some hours;
 * 5. write the delay state, versioned. Notification ids derive from the state version they
 *    lead to, so an attempt repeated after a crash sends nothing twice.
 */
import { renderDelayEmail } from '#domain/emails/delay-emails.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import * as Order from '#domain/orders/transitions.ts';
import { internalSubject, orderSubject } from '#domain/orders/order-messages.ts';
import {
  assessDelayRisks,
  addHours,
  dateOfInstant,
  instantMs,
  lineKey,
  forecastByWeek,
  projectAvailableBalance,
  type ConfirmedDelayInput,
  type DelayState,
  type PabRow,
  type RiskNoticeInput,
} from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { DelayStates, ItemMaster, OpenDemand, PartnerForecasts, SupplyPlans } from '#functions/ports/planning-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { DelayNotes, ItemHistory } from '#functions/ports/item-history.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import { TIMER_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/timer-message.ts';
import { entryText } from '#schemas/records/item-history.ts';
import type { DelayNotification } from '#schemas/records/planning-state.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import { commitOrder, type CommitDeps } from './commit-order.ts';
import { OrderConflictError } from './errors.ts';
import { p2Alerts, type P2Entry } from './open-expedite.ts';

/** Weeks projected in PAB. */
export const PAB_HORIZON_WEEKS = 12;

export interface RecomputeDelayRiskDeps extends CommitDeps {
  items: Pick<ItemMaster, 'listItems'>;
  supply: Pick<SupplyPlans, 'getSupplyPlan'>;
  demand: OpenDemand;
  forecasts: Pick<PartnerForecasts, 'getPartnerForecast'>;
  delays: DelayStates;
  partners: PartnerDirectory;
  orders: Pick<OrderStore, 'get' | 'create' | 'commit' | 'repair'>;
  notify: NotifyQueue;
  clock: Clock;
  /** The item's latest delay note (the customer texts notices quote). */
  notes: Pick<DelayNotes, 'getDelayNote'>;
  /** Where each customer notice is recorded with the text sent. */
  itemHistory: Pick<ItemHistory, 'recordItemEvent'>;
  /** The level-2 timers; absent where no scheduler is configured (level 2 then goes at the next recompute). */
  scheduler?: Scheduler;
}

export interface DelayRiskExtras {
  /** Level 2 by hand: the planner's cause and countermeasures for these lines. */
  riskNotices?: RiskNoticeInput[];
  /** Level 3: dates a planner confirmed later than requested. */
  confirmedDelays?: ConfirmedDelayInput[];
  /** The order's P2 lines the checks found (inside lead time), told in the same alert as its shortage lines. */
  p2?: P2Entry[];
  /** A timer's due instant: the assessment is made as of then at the earliest (a late timer still counts its hours). */
  notBefore?: string;
}

export interface ItemProjection {
  item: string;
  rows: PabRow[];
  /** Ids of the notifications sent. */
  notifications: string[];
}

async function profilesOf(partners: PartnerDirectory, ids: readonly string[]): Promise<Record<string, PartnerProfile>> {
  const profiles: Record<string, PartnerProfile> = {};
  for (const id of ids) {
    const p = await partners.get(id);
    if (p) profiles[id] = p;
  }
  return profiles;
}

/** Projects PAB of one item from its supply plan and open demand (plus the unconsumed forecast of partners who count it). */
export type ProjectItemDeps = Pick<RecomputeDelayRiskDeps, 'supply' | 'demand' | 'forecasts' | 'partners'>;

/**
 * `forecastOfAll`: count the forecast of every partner loaded, not only of those whose profile
 * includes it in PAB — the P3 digest's view of forecast shortfalls.
 */
export async function projectItem(deps: ProjectItemDeps, item: Item, now: string, extraPartners: readonly string[] = [], forecastOfAll = false): Promise<{ rows: PabRow[]; profiles: Record<string, PartnerProfile>; onHand: number } | undefined> {
  const plan = await deps.supply.getSupplyPlan(item.vendorPart);
  if (!plan) return undefined;
  const open = await deps.demand.openDemand(item.vendorPart);
  const demand = open
    .filter((d): d is typeof d & { dueDate: string } => d.dueDate !== undefined)
    .map((d) => ({ partnerId: d.partner, purchaseOrderNumber: d.purchaseOrderNumber, lineNumber: d.lineNumber, item: item.vendorPart, quantity: d.quantity, dueDate: d.dueDate }));
  const profiles = await profilesOf(deps.partners, [...new Set([...demand.map((d) => d.partnerId), ...extraPartners])]);
  const forecastPartners = new Set(Object.values(profiles).filter((p) => forecastOfAll || p.includeUnconsumedForecastInPab).map((p) => p.id));
  const forecastEntries = (await Promise.all([...forecastPartners].map(async (p) => (await deps.forecasts.getPartnerForecast(p))?.entries ?? []))).flat();
  const rows = projectAvailableBalance({
    onHand: plan.onHand,
    startWeek: dateOfInstant(now),
    supply: plan.weeks,
    demand,
    ...(forecastPartners.size ? { forecast: forecastByWeek(forecastEntries, item.vendorPart, forecastPartners) } : {}),
    safetyStock: item.safetyStock,
    ...(item.maxStock !== undefined ? { maxStock: item.maxStock } : {}),
    horizonWeeks: PAB_HORIZON_WEEKS,
  });
  return { rows, profiles, onHand: plan.onHand };
}

/** The customer notices of one kind to one order, from every item recomputed: one email. */
interface OrderNotice {
  notices: Order.ItemNotice[];
  partner: PartnerProfile;
}

/**
 * The customer notices of a recompute, one per order and kind (README, "Planning intelligence":
 * one email per order and recipient): the level-2 notices and the all-clears of every item of an
 * order fold into one; a level-3 confirmed delay stays one per line — the planner confirmed that
 * line, and previewed exactly its text.
 */
function noticesPerOrder(entries: readonly { notice: Order.CustomerDelayNotice; item: Item; partner: PartnerProfile }[]): OrderNotice[] {
  const groups = new Map<string, OrderNotice>();
  for (const e of entries) {
    const key = e.notice.kind === 'confirmed-delay' ? `${e.notice.id}` : [e.notice.partnerId, e.notice.purchaseOrderNumber, e.notice.kind].join('\u0000');
    const group = groups.get(key) ?? { notices: [], partner: e.partner };
    group.notices.push({ notification: e.notice, item: e.item });
    groups.set(key, group);
  }
  // In line order, whichever item was recomputed first: the same notices read the same, so two
  // recomputes racing (two timers of the order) send the same email under the same key.
  const firstLine = (n: Order.ItemNotice) => Order.noticeLines(n.notification).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))[0] ?? '';
  for (const g of groups.values()) g.notices.sort((a, b) => firstLine(a).localeCompare(firstLine(b), undefined, { numeric: true }) || a.item.vendorPart.localeCompare(b.item.vendorPart));
  return [...groups.values()];
}

/**
 * Records a customer notice on its order (the order's history), sending its email with the commit,
 * then on each item's history with the text sent. Notices the order already applied — by this
 * notice before a crash, or one by one by a concurrent recompute of fewer items — are not told
 * again: the remaining ones go in the email.
 */
async function notifyThroughOrder(deps: RecomputeDelayRiskDeps, group: OrderNotice, now: string): Promise<void> {
  const first = group.notices[0]!.notification;
  const partner = group.partner;
  const head = await deps.orders.get(first.partnerId, first.purchaseOrderNumber);
  if (!head) throw new OrderConflictError(`no order ${first.partnerId} PO ${first.purchaseOrderNumber} for delay notice ${first.id}`);
  const whole = Order.groupNoticeId(group.notices);
  const told = Order.hasApplied(head, whole) ? group.notices : group.notices.filter((x) => !Order.hasApplied(head, x.notification.id));
  if (told.length === 0) {
    // Told before, one by one: re-send the last event's email in case a crash came between its commit and the send.
    const last = head.lastEvent;
    if (last.type === 'order.delay-notified' && group.notices.some((x) => x.notification.id === last.cause.id)) await deps.outbox.send(head.outbox);
    return;
  }
  const id = Order.groupNoticeId(told);
  if (Order.hasApplied(head, id)) {
    if (head.lastEvent.cause.id === id) await deps.outbox.send(head.outbox);
  } else await commitOrder(deps, head, Order.recordDelayNotice(head, { notices: told, partner }, now), partner.transitDays);
  // The entries are keyed by each notice's id and the instant its order event recorded, so a repeat adds nothing.
  const stored = await deps.orders.get(first.partnerId, first.purchaseOrderNumber);
  const at = stored?.lastEvent.cause.id === id ? stored.lastEvent.at : now;
  const [lead, ...more] = told as [Order.ItemNotice, ...Order.ItemNotice[]];
  const email = renderDelayEmail(lead.notification, lead.item, { [partner.id]: partner }, more);
  for (const { notification: notice, item } of told) {
    await deps.itemHistory.recordItemEvent({
      item: item.vendorPart,
      at,
      kind: notice.kind,
      id: notice.id,
      actor: notice.kind === 'confirmed-delay' ? `planner:${notice.by}` : notice.kind === 'risk-notice' && notice.enteredBy ? `planner:${notice.enteredBy}` : 'system:delay-risk',
      summary: `${email.subject} (to ${email.to.join(', ')})`,
      refs: Order.noticeLines(notice).map((lineNumber) => ({ partnerId: notice.partnerId, purchaseOrderNumber: notice.purchaseOrderNumber, lineNumber })),
      text: entryText(`Subject: ${email.subject}\n\n${email.text}`),
      details: { notificationId: notice.id, ...(id !== notice.id ? { emailId: id } : {}), to: email.to, cc: email.cc, ...(notice.kind === 'customer-all-clear' ? {} : { customerText: notice.customerText }) },
    });
  }
}

/** Schedule name of a line's level-2 timer (≤ 64 characters): one per shortage episode. */
export function riskNoticeScheduleName(vendorPart: string, key: string, episodeStart: string): string {
  return `delay-l2-${sha256Hex(`${vendorPart}/${key}/${episodeStart}`).slice(0, 40)}`;
}

/**
 * Level 2 by a schedule: for each line newly short whose partner sends the risk notice after some
 * hours, a timer at level 1 + those hours; when it fires, a recompute sends the notice if the line
 * is still short (fire-delay-notice.ts). Zero hours need no timer: the notice goes with level 1.
 */
async function scheduleRiskNotices(deps: RecomputeDelayRiskDeps, vendorPart: string, notifications: readonly DelayNotification[], state: DelayState, profiles: Readonly<Record<string, PartnerProfile>>): Promise<void> {
  if (!deps.scheduler) return;
  for (const n of notifications) {
    if (n.kind !== 'delay-alert') continue;
    for (const affected of n.lines) {
      const profile = profiles[affected.line.partnerId];
      const key = lineKey(affected.line);
      const record = state.lines[key];
      if (!profile?.autoCustomerRiskNotice || profile.autoRiskNoticeAfterHours <= 0 || !record?.level1At || record.level2At) continue;
      const dueAt = addHours(record.level1At, profile.autoRiskNoticeAfterHours);
      const line = { partnerId: affected.line.partnerId, purchaseOrderNumber: affected.line.purchaseOrderNumber, lineNumber: affected.line.lineNumber };
      await deps.scheduler.scheduleAt(riskNoticeScheduleName(vendorPart, key, record.episodeStart), new Date(instantMs(dueAt)), {
        schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION,
        kind: 'delay-risk-notice',
        item: vendorPart,
        line,
        episodeStart: record.episodeStart,
        dueAt,
      });
    }
  }
}

/**
 * The level-2 timers a recompute makes pointless: a line that had level 1 without its risk notice
 * and now is no longer short (the all-clear) or got the notice (by the planner, or at once). Its
 * timer would fire and find nothing to do; it is deleted instead. A partner whose profile sets no
 * delayed automatic notice never had one.
 */
function pointlessRiskNoticeTimers(vendorPart: string, previous: DelayState | undefined, next: DelayState, profiles: Readonly<Record<string, PartnerProfile>>): string[] {
  const names: string[] = [];
  for (const [key, before] of Object.entries(previous?.lines ?? {})) {
    if (!before.active || !before.level1At || before.level2At) continue;
    const after = next.lines[key];
    if (after?.active && after.episodeStart === before.episodeStart && !after.level2At) continue;
    const partnerId = decodeURIComponent(key.split('/')[0] ?? '');
    const profile = profiles[partnerId];
    if (profile && (!profile.autoCustomerRiskNotice || profile.autoRiskNoticeAfterHours <= 0)) continue;
    names.push(riskNoticeScheduleName(vendorPart, key, before.episodeStart));
  }
  return names;
}

export async function recomputeDelayRisk(deps: RecomputeDelayRiskDeps, vendorParts: readonly string[], extras: DelayRiskExtras = {}): Promise<ItemProjection[]> {
  const byPart = new Map((await deps.items.listItems()).map((i) => [i.vendorPart, i]));
  const results: ItemProjection[] = [];
  // Internal alerts of every item are sent before any item's delay state is written, so a crash
  // in between repeats them (same keys, sent once) instead of losing them; the P2 lines of all the
  // items go out as one alert per order (`p2Alerts`), the order's other P2 lines folded in.
  const internal: NotifyMessage[] = [];
  const p2: P2Entry[] = [...(extras.p2 ?? [])];
  const states: { vendorPart: string; version: number; state: DelayState }[] = [];
  const customer: { notice: Order.CustomerDelayNotice; item: Item; partner: PartnerProfile }[] = [];
  let noticeAt: string | undefined;
  const pointless: string[] = [];
  for (const vendorPart of vendorParts) {
    const item = byPart.get(vendorPart);
    if (!item) continue;
    const clockNow = deps.clock.now().toISOString();
    const now = extras.notBefore && extras.notBefore > clockNow ? extras.notBefore : clockNow;
    const extraPartners = [...(extras.confirmedDelays ?? []).map((c) => c.line.partnerId), ...(extras.riskNotices ?? []).map((r) => r.line.partnerId)];
    const projection = await projectItem(deps, item, now, extraPartners);
    if (!projection) continue;
    const { rows, profiles, onHand } = projection;
    const previous = await deps.delays.getDelayState(vendorPart);
    const note = await deps.notes.getDelayNote(vendorPart);
    const stateVersion = (previous?.version ?? 0) + 1;
    const { notifications, nextState } = assessDelayRisks({
      previous: previous?.state,
      item,
      rows,
      partners: profiles,
      onHand,
      ...(note ? { note } : {}),
      ...(extras.riskNotices ? { riskNotices: extras.riskNotices.filter((r) => r.line.partnerId in profiles) } : {}),
      ...(extras.confirmedDelays ? { confirmedDelays: extras.confirmedDelays } : {}),
      stateVersion,
      now,
    });
    for (const n of notifications) {
      if (n.kind === 'risk-notice' || n.kind === 'confirmed-delay' || n.kind === 'customer-all-clear') {
        const partner = profiles[n.partnerId];
        if (partner) customer.push({ notice: n, item, partner });
        noticeAt ??= now;
        continue;
      }
      if (n.kind === 'notice-text-missing') {
        const partner = profiles[n.partnerId];
        internal.push(
          notifyMessage('planning-delay', {
            partner: n.partnerId,
            recipients: ['template'],
            idempotencyKey: n.id,
            subject: orderSubject(n.partnerId, n.purchaseOrderNumber),
            createdAt: now,
            data: { notification: n, item, partners: partner ? [partner] : [] },
          }),
        );
        continue;
      }
      const first = n.kind === 'all-clear' ? n.lines[0] : n.kind === 'over-stock' ? undefined : n.lines[0]?.line;
      internal.push(
        notifyMessage('planning-delay', {
          partner: first?.partnerId ?? '_planning',
          recipients: ['template'],
          idempotencyKey: n.id,
          subject: first ? orderSubject(first.partnerId, first.purchaseOrderNumber) : internalSubject('_planning', n.id),
          createdAt: now,
          data: { notification: n, item, partners: n.partnerIds.flatMap((id) => (profiles[id] ? [profiles[id]] : [])) },
        }),
      );
      if (n.kind === 'delay-alert') {
        for (const affected of n.lines) {
          const partner = profiles[affected.line.partnerId];
          if (!partner) continue;
          const c = { partnerId: affected.line.partnerId, purchaseOrderNumber: affected.line.purchaseOrderNumber, lineNumber: affected.line.lineNumber, item: vendorPart };
          p2.push({ case: c, partner, item, reasons: [{ code: 'pab-shortage', weekStart: affected.weekStart, pab: affected.pab }] });
        }
      }
    }
    await scheduleRiskNotices(deps, vendorPart, notifications, nextState, profiles);
    if (deps.scheduler) pointless.push(...pointlessRiskNoticeTimers(vendorPart, previous?.state, nextState, profiles));
    if (JSON.stringify(previous?.state ?? null) !== JSON.stringify(nextState) && (notifications.length > 0 || previous)) states.push({ vendorPart, version: stateVersion, state: nextState });
    results.push({ item: vendorPart, rows, notifications: notifications.map((n) => n.id) });
  }
  // Every item decided first, so the notices of one order from several items go in one email.
  for (const group of noticesPerOrder(customer)) await notifyThroughOrder(deps, group, noticeAt ?? deps.clock.now().toISOString());
  internal.push(...p2Alerts(p2, deps.clock.now().toISOString()));
  if (internal.length) await deps.notify.send(internal.map((body) => ({ body })));
  for (const { vendorPart, version, state } of states) {
    const written = await deps.delays.putDelayState({ version, state });
    if (written === 'conflict') throw new OrderConflictError(`delay state of ${vendorPart} changed meanwhile`);
  }
  // Once the state says so (a conflict above retries the whole recompute first). Best effort: a
  // timer that survives fires, finds the line cleared or notified, and sends nothing.
  for (const name of pointless) await deps.scheduler?.cancel(name).catch(() => undefined);
  return results;
}
