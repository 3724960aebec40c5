/**
 * Expedite cases of a committed order (the tiers the checks gave its lines):
 * - P1 line-down: 1 create each line's escalation record (conditional: once), 2 alert the 24/7
 *   desk and each item's owner at once, one email per order listing its line-down lines, with on
 *   hand per location, open supply and what can ship now from the supply plan; a bought-in
 *   part's supplier is asked at once too (one request per supplier), 3 set one timer
 *   per later step (manager, director, VP, and purchasing manager, director, VP for a bought-in
 *   part, every `expediteIntervalHours`) while no date is confirmed;
 * - P2 order at risk: the allocation team, due the same business day.
 * Idempotent: the record is created once, the alerts have keys from the facts, the timers names.
 */
import { orderSubject } from '#domain/orders/order-messages.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { allocationDueAt, businessCalendarOf, dateOfInstant, escalationPlan, findLine, IMMEDIATE_P1_STEPS, markEscalationSent, orderedQuantityOf, p1EmailKey, p1SupplyPicture, requestedDateOf, type ExpediteCase, type ExpediteReason, type PlannedStep } from '#domain/planning/index.ts';
import type { SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { Escalations, ItemMaster, SupplyPlans } from '#functions/ports/planning-store.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { notifyMessage, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { TIMER_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/timer-message.ts';
import type { EscalationRecord } from '#schemas/records/planning-records.ts';
import type { OrderHead } from '#schemas/records/records.ts';

export interface OpenExpediteDeps {
  items: Pick<ItemMaster, 'listItems'>;
  escalations: Pick<Escalations, 'getEscalation' | 'putEscalation'>;
  notify: NotifyQueue;
  /** The item's supply plan, for the P1 alert's stock facts; without it the alert says they are unknown. */
  supply?: Pick<SupplyPlans, 'getSupplyPlan'>;
  /** P1 escalation timers; without one, only the immediate alert goes out. */
  scheduler?: Scheduler;
  clock: Clock;
  log?: (message: string, details?: Record<string, string>) => void;
}

/** Escalation schedule name for one P1 step (≤ 64 characters, [0-9a-zA-Z-_.]). */
export function escalationScheduleName(c: Pick<ExpediteCase, 'partnerId' | 'purchaseOrderNumber' | 'lineNumber'>, step: string): string {
  return `p1-${sha256Hex(`${c.partnerId}/${c.purchaseOrderNumber}/${c.lineNumber}`).slice(0, 40)}-${step}`;
}

/** The order line an expedite email is about. */
export function expediteLine(c: ExpediteCase, partner: PartnerProfile, item: Item, record?: Pick<EscalationRecord, 'quantity' | 'requestedShipDate'>) {
  return {
    partner,
    item,
    purchaseOrderNumber: c.purchaseOrderNumber,
    lineNumber: c.lineNumber,
    ...(record?.quantity !== undefined ? { quantity: record.quantity } : {}),
    ...(record?.requestedShipDate ? { requestedShipDate: record.requestedShipDate } : {}),
  };
}

/** One line at risk for the allocation team (P2), with why. */
export interface P2Entry {
  case: ExpediteCase;
  partner: PartnerProfile;
  item: Item;
  reasons: ExpediteReason[];
}

const reasonFact = (r: ExpediteReason): string => ('weekStart' in r && typeof r.weekStart === 'string' ? `${r.code}@${r.weekStart}` : r.code);

/**
 * The P2 alerts of `entries`: one per order (DOMAIN seed 4: P2 is about an order at risk), its
 * lines of every item listed in it, in line order. The key is the facts — partner, PO and each
 * line with its item and reasons — never the time of an attempt or a state version, so a retry,
 * a replay or a concurrent recompute that finds the same lines at risk names the same email.
 */
export function p2Alerts(entries: readonly P2Entry[], now: string): NotifyMessage[] {
  const byOrder = new Map<string, P2Entry[]>();
  for (const e of entries) {
    const order = `${e.case.partnerId}\u0000${e.case.purchaseOrderNumber}`;
    const group = byOrder.get(order) ?? [];
    const same = group.find((g) => g.case.lineNumber === e.case.lineNumber && g.case.item === e.case.item);
    if (same) same.reasons = [...same.reasons, ...e.reasons.filter((r) => !same.reasons.some((x) => reasonFact(x) === reasonFact(r)))];
    else group.push({ ...e, reasons: [...e.reasons] });
    byOrder.set(order, group);
  }
  return [...byOrder.values()].map((group) => {
    const [first, ...more] = [...group].sort((a, b) => a.case.lineNumber.localeCompare(b.case.lineNumber, undefined, { numeric: true }) || a.case.item.localeCompare(b.case.item)) as [P2Entry, ...P2Entry[]];
    const facts = [first, ...more].map((e) => `${e.case.item}:${e.case.lineNumber}:${e.reasons.map(reasonFact).sort().join(',')}`).join('+');
    const key = `p2/${[first.case.partnerId, first.case.purchaseOrderNumber].map(encodeURIComponent).join('/')}/${facts.length <= 120 ? facts : sha256Hex(facts).slice(0, 32)}`;
    return p2Alert({ case: first.case, partner: first.partner, item: first.item, reasons: first.reasons, key, dueAt: allocationDueAt(now, businessCalendarOf(first.partner.desk)), now, more: more.map((m) => ({ case: m.case, item: m.item, reasons: m.reasons })) });
  });
}

/** The P2 alert to the allocation team about one order: `case` and its other lines at risk (`more`). */
export function p2Alert(input: { case: ExpediteCase; partner: PartnerProfile; item: Item; reasons: ExpediteReason[]; key: string; dueAt: string; now: string; more?: { case: ExpediteCase; item?: Item; reasons: ExpediteReason[] }[] }): NotifyMessage {
  return notifyMessage('planning-p2-alert', {
    partner: input.case.partnerId,
    recipients: ['template'],
    idempotencyKey: input.key,
    subject: orderSubject(input.case.partnerId, input.case.purchaseOrderNumber),
    createdAt: input.now,
    data: {
      line: expediteLine(input.case, input.partner, input.item),
      reasons: input.reasons,
      dueAt: input.dueAt,
      ...(input.more?.length ? { more: input.more.map((m) => ({ line: expediteLine(m.case, input.partner, m.item ?? input.item), reasons: m.reasons })) } : {}),
    },
  });
}

/** A line-down line of the order, as opened: its case and escalation record. */
interface OpenedP1 {
  case: ExpediteCase;
  item: Item;
  record: EscalationRecord;
}

/**
 * Opens the escalation record of each line-down line (conditional: once). The lines new to the
 * order share one alert key (one P1 alert per order); a line opened before keeps its own.
 */
async function openP1Cases(deps: OpenExpediteDeps, head: OrderHead, profile: PartnerProfile, lines: readonly { case: ExpediteCase; item: Item; reasons: ExpediteReason[] }[]): Promise<OpenedP1[]> {
  const po = head.order.purchaseOrder;
  const now = deps.clock.now().toISOString();
  const existing = await Promise.all(lines.map((l) => deps.escalations.getEscalation(l.case.partnerId, l.case.purchaseOrderNumber, l.case.lineNumber)));
  const fresh = lines.filter((_, i) => !existing[i]);
  const alertKey = fresh.length ? p1EmailKey('p1-alert', fresh.map((l) => l.case)) : undefined;
  const opened: OpenedP1[] = [];
  for (const [i, { case: c, item, reasons }] of lines.entries()) {
    let record = existing[i];
    if (!record) {
      const planned = escalationPlan(c, item, profile, now);
      const plan = IMMEDIATE_P1_STEPS.filter((step) => planned.steps.some((s) => s.step === step)).reduce((state, step) => markEscalationSent(state, step, now), planned);
      const found = findLine(po, c.lineNumber);
      const quantity = found ? orderedQuantityOf(found.line) : undefined;
      const requested = found ? requestedDateOf(po, found.line, profile.transitDays)?.shipDate : undefined;
      const created: EscalationRecord = {
        version: 1,
        state: plan,
        ...(quantity !== undefined ? { quantity } : {}),
        ...(requested ? { requestedShipDate: requested } : {}),
        reasons,
        schedules: plan.steps.filter((s) => !IMMEDIATE_P1_STEPS.includes(s.step)).map((s) => escalationScheduleName(c, s.step)),
        ...(alertKey ? { alertKey } : {}),
      };
      record = (await deps.escalations.putEscalation(created)) === 'written' ? created : await deps.escalations.getEscalation(c.partnerId, c.purchaseOrderNumber, c.lineNumber);
    }
    if (record) opened.push({ case: c, item, record });
  }
  return opened;
}

/**
 * The P1 alert of each group of lines opened together (their stored alert key): to the 24/7 desk
 * and each item's owner at once, with on hand per location, open supply and what can ship now;
 * and, for bought-in parts, one request per supplier for the group's lines of its parts (the key
 * a timer's step email would have, so once).
 */
async function sendP1Alerts(deps: OpenExpediteDeps, profile: PartnerProfile, opened: readonly OpenedP1[]): Promise<void> {
  const groups = new Map<string, OpenedP1[]>();
  for (const o of opened) {
    const key = o.record.alertKey ?? p1EmailKey('p1-alert', [o.case]);
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const plans = new Map<string, SupplyPlan | undefined>();
  for (const o of opened) if (deps.supply && !plans.has(o.item.vendorPart)) plans.set(o.item.vendorPart, await deps.supply.getSupplyPlan(o.item.vendorPart));
  for (const [key, group] of groups) {
    const lines = [...group].sort((a, b) => a.case.lineNumber.localeCompare(b.case.lineNumber, undefined, { numeric: true }));
    const alertLines = lines.map((o) => {
      const plan = plans.get(o.item.vendorPart);
      const supply = plan ? p1SupplyPicture(plan, o.record.quantity, dateOfInstant(o.record.state.createdAt)) : undefined;
      return { line: expediteLine(o.case, profile, o.item, o.record), reasons: o.record.reasons, state: o.record.state, ...(supply ? { supply } : {}) };
    });
    const [first, ...more] = alertLines as [(typeof alertLines)[number], ...typeof alertLines];
    const firstCase = lines[0]!.case;
    const bySupplier = new Map<string, { step: PlannedStep; lines: OpenedP1[] }>();
    for (const o of lines) {
      const supplier = o.record.state.steps.find((s) => s.step === 'supplier');
      if (!supplier) continue;
      const to = supplier.contact.email.toLowerCase();
      bySupplier.set(to, { step: bySupplier.get(to)?.step ?? supplier, lines: [...(bySupplier.get(to)?.lines ?? []), o] });
    }
    await deps.notify.send([
      {
        body: notifyMessage('planning-p1-alert', {
          partner: firstCase.partnerId,
          recipients: ['template'],
          idempotencyKey: key,
          subject: orderSubject(firstCase.partnerId, firstCase.purchaseOrderNumber),
          createdAt: lines[0]!.record.state.createdAt,
          data: { ...first, ...(more.length ? { more } : {}) },
        }),
      },
      ...[...bySupplier.values()].map(({ step, lines: asked }) => {
        const [lead, ...others] = asked as [OpenedP1, ...OpenedP1[]];
        return {
          body: notifyMessage('planning-p1-escalation', {
            partner: lead.case.partnerId,
            recipients: ['template'],
            idempotencyKey: p1EmailKey('p1-escalation', asked.map((o) => o.case), 'supplier'),
            subject: orderSubject(lead.case.partnerId, lead.case.purchaseOrderNumber),
            createdAt: lead.record.state.createdAt,
            data: { line: expediteLine(lead.case, profile, lead.item, lead.record), step, state: lead.record.state, ...(others.length ? { more: others.map((o) => ({ line: expediteLine(o.case, profile, o.item, o.record), state: o.record.state })) } : {}) },
          }),
        };
      }),
    ]);
  }
}

/** One timer per later step of each unconfirmed case (a timer's name is its line and step: set once). */
async function scheduleP1Steps(deps: OpenExpediteDeps, opened: readonly OpenedP1[]): Promise<void> {
  if (!deps.scheduler) return;
  for (const { case: c, record } of opened) {
    if (record.state.confirmation) continue;
    for (const step of record.state.steps) {
      if (record.state.sent.some((s) => s.step === step.step)) continue;
      await deps.scheduler.scheduleAt(escalationScheduleName(c, step.step), new Date(step.dueAt), { schemaVersion: TIMER_MESSAGE_SCHEMA_VERSION, kind: 'p1-escalation', case: c, step: step.step, dueAt: step.dueAt });
    }
  }
}

/**
 * Opens the P1 cases of a committed order's lines and answers its P2 lines; sends their alert
 * (one per order) unless `deferP2`, where the caller folds them into the order's other P2 lines
 * (follow-up-order: with the shortage lines the delay recompute finds), still one email.
 */
export async function openExpedite(deps: OpenExpediteDeps, head: OrderHead, profile: PartnerProfile, options: { deferP2?: boolean } = {}): Promise<P2Entry[]> {
  const planning = head.planning;
  if (!planning || head.order.status === 'cancelled') return [];
  const p2: P2Entry[] = [];
  const p1: { case: ExpediteCase; item: Item; reasons: ExpediteReason[] }[] = [];
  const byPart = new Map((await deps.items.listItems()).map((i) => [i.vendorPart, i]));
  const now = deps.clock.now().toISOString();
  for (const [lineNumber, tier] of Object.entries(planning.tiers)) {
    if (planning.lineStates.find((s) => s.lineNumber === lineNumber)?.status === 'rejected') continue;
    const vendorPart = planning.items[lineNumber];
    const item = vendorPart ? byPart.get(vendorPart) : undefined;
    if (!item) {
      if (tier.tier === 'P1') deps.log?.('P1 line without a resolved item: no escalation chain', { po: head.order.purchaseOrderNumber, lineNumber });
      continue;
    }
    const c: ExpediteCase = { partnerId: head.order.partner, purchaseOrderNumber: head.order.purchaseOrderNumber, lineNumber, item: item.vendorPart };
    if (tier.tier === 'P1') p1.push({ case: c, item, reasons: tier.reasons });
    else if (tier.tier === 'P2') p2.push({ case: c, partner: profile, item, reasons: tier.reasons });
  }
  if (p1.length) {
    const opened = await openP1Cases(deps, head, profile, p1);
    await sendP1Alerts(deps, profile, opened);
    await scheduleP1Steps(deps, opened);
  }
  if (!options.deferP2 && p2.length) await deps.notify.send(p2Alerts(p2, now).map((body) => ({ body })));
  return p2;
}
