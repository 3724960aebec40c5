/**
 * In-memory fakes of the ports, for handler tests. Each keeps its state in plain maps and can
 * be told to fail the next call of a method (`failNext`), to simulate a crash between writes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ForecastReplacement } from '#domain/orders/forecast-periods.ts';
import type { ControlNumbers as EnvelopeNumbers } from '#domain/x12/types.ts';
import type { Archive, InboundFiles, OutboundFiles, SpooledFile } from '#functions/ports/archive.ts';
import type { ArchiveFingerprints, EmailBodies, SealArchive } from '#functions/ports/audit-archive.ts';
import type { DailySeal, StoredEmailBody } from '#schemas/records/audit-records.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ControlNumbers } from '#functions/ports/control-numbers.ts';
import type { DeliveryLog, RecordResult } from '#functions/ports/delivery-log.ts';
import type { ForecastStore } from '#functions/ports/forecast-store.ts';
import type { ClaimResult, InterchangeLedger } from '#functions/ports/interchange-ledger.ts';
import type { MailClaim, MailLog } from '#functions/ports/mail-log.ts';
import type { Email, Mailer } from '#functions/ports/mailer.ts';
import type { CommitResult, CreateResult, OrderHead, OrderStore } from '#functions/ports/order-store.ts';
import type { PartnerProfiles } from '#functions/ports/partner-directory.ts';
import type { OutboxSender } from '#functions/ports/outbox.ts';
import type { PlanningStore, VersionedPut } from '#functions/ports/planning-store.ts';
import type { DelayNotes, ItemHistory } from '#functions/ports/item-history.ts';
import { DelayNoteZ, ItemEventZ, type DelayNote, type ItemEvent, type ItemEventInput } from '#schemas/records/item-history.ts';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import type { EscalationTimer as TimerMessage } from '#schemas/messages/timer-message.ts';
import type { DelayStateRecord, EscalationRecord, MasterDataErrorRecord, PartnerForecast } from '#schemas/records/planning-records.ts';
import type { DeadLetters, Postponer, QueuedMessage, SendReport, StageQueue } from '#functions/ports/stage-queue.ts';
import type { OrderTimeline, InterchangeTimeline, Timeline } from '#functions/ports/timeline.ts';
import type { Observability } from '#functions/shared/observability.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { readX12File } from '#functions/adapters/x12-file-reader.ts';
import type { ClaimCheck, Sender, Subject } from '#schemas/messages/common.ts';
import type { DocumentMessage } from '#schemas/messages/document-message.ts';
import { isAlert, type AlertData, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import type { OutboundMessage } from '#schemas/messages/outbound-message.ts';
import type { SentDocuments } from '#functions/ports/sent-documents.ts';
import type { SentDocument, SentDocumentState } from '#schemas/records/sent-document.ts';
import type {
  DemandLine,
  DuplicateRecord,
  EmailRecord,
  ErrorRecord,
  ForecastPeriod,
  InterchangeRecord,
  OrderEvent,
  OutboundRecord,
  RejectedFileRecord,
} from '#schemas/records/records.ts';

export class InjectedFailure extends Error {
  override name = 'InjectedFailure';
}

/**
 * Lets a test make the next call(s) of a named method throw, or run another writer's work just
 * before the next call of a method does its own (a race the test wants to lose).
 */
class Failable {
  private readonly failures = new Map<string, number>();
  private readonly interleaved = new Map<string, (() => Promise<unknown>)[]>();
  failNext(method: string, times = 1): void {
    this.failures.set(method, (this.failures.get(method) ?? 0) + times);
  }
  /** Runs `action` once, when the next call of `method` starts, before that call reads or writes anything. */
  interleaveNext(method: string, action: () => Promise<unknown>): void {
    this.interleaved.set(method, [...(this.interleaved.get(method) ?? []), action]);
  }
  protected check(method: string): void {
    const left = this.failures.get(method) ?? 0;
    if (left > 0) {
      this.failures.set(method, left - 1);
      throw new InjectedFailure(`injected failure in ${method}`);
    }
  }
  protected async interleave(method: string): Promise<void> {
    const action = this.interleaved.get(method)?.shift();
    if (action) await action();
  }
}

const clone = <T>(x: T): T => structuredClone(x);
const subjectKey = (s: Subject): string =>
  s.kind === 'order' ? `order/${s.partner}/${s.purchaseOrderNumber}` : s.kind === 'interchange' ? `ix/${s.sender.qualifier}:${s.sender.id}/${s.interchangeControlNumber}` : `file/${s.partner}/${s.sha256}`;

export class FakeClock implements Clock {
  constructor(public current = new Date('2025-01-02T03:04:05.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export class FakePartners implements PartnerProfiles {
  readonly profiles = new Map<string, PartnerProfile>();
  constructor(...profiles: PartnerProfile[]) {
    for (const p of profiles) this.profiles.set(p.id, p);
  }
  async get(id: string) {
    return this.profiles.get(id);
  }
  async put(profile: PartnerProfile) {
    this.profiles.set(profile.id, clone(profile));
  }
}

export class FakeQueue<T> extends Failable implements StageQueue<T> {
  readonly sent: QueuedMessage<T>[] = [];
  /** Calls of send / sendEach (one per batch handed over). */
  calls = 0;
  private rejects: ((body: T) => boolean)[] = [];
  async send(messages: readonly QueuedMessage<T>[]): Promise<void> {
    this.check('send');
    this.calls += 1;
    this.sent.push(...messages.map(clone));
  }
  /** Like SQS SendMessageBatch: entries matching `rejectNext` (once each rule) are reported as failed, the rest queued. */
  async sendEach(messages: readonly QueuedMessage<T>[]): Promise<SendReport> {
    this.check('sendEach');
    this.calls += 1;
    const failed: number[] = [];
    messages.forEach((m, i) => {
      const rule = this.rejects.findIndex((r) => r(m.body));
      if (rule >= 0) {
        this.rejects.splice(rule, 1);
        failed.push(i);
      } else this.sent.push(clone(m));
    });
    return { failed };
  }
  /** The next message matching `match` is not accepted (reported as a failed entry). */
  rejectNext(match: (body: T) => boolean): void {
    this.rejects.push(match);
  }
  bodies(): T[] {
    return this.sent.map((m) => m.body);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

export class FakeDeadLetters extends Failable implements DeadLetters {
  readonly sent: { messageId: string; body: string; messageGroupId?: string; cause: string }[] = [];
  async send(record: { messageId: string; body: string; messageGroupId?: string }, cause: string): Promise<void> {
    this.check('send');
    this.sent.push({ ...record, cause });
  }
}

export class FakePostponer implements Postponer {
  readonly calls: { receiptHandle: string; seconds: number }[] = [];
  async postpone(receiptHandle: string, seconds: number) {
    this.calls.push({ receiptHandle, seconds });
  }
}

/** Inbound files: put bodies by bucket/key; spooling writes a real temporary file. */
export class FakeInbound implements InboundFiles {
  readonly objects = new Map<string, string>();
  put(bucket: string, key: string, body: string): void {
    this.objects.set(`${bucket}/${key}`, body);
  }
  async spool(bucket: string, key: string): Promise<SpooledFile> {
    const body = this.objects.get(`${bucket}/${key}`);
    if (body === undefined) throw new Error(`no object ${bucket}/${key}`);
    const dir = await mkdtemp(join(tmpdir(), 'edi-fake-'));
    const path = join(dir, 'file');
    await writeFile(path, body);
    return { path, size: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex'), dispose: () => rm(dir, { recursive: true, force: true }) };
  }
}

export class FakeArchive extends Failable implements Archive {
  readonly raw = new Map<string, string>();
  readonly claims = new Map<string, string>();
  constructor(private readonly inbound?: FakeInbound) {
    super();
  }
  async storeRaw(key: string, file: SpooledFile) {
    this.check('storeRaw');
    const { readFile } = await import('node:fs/promises');
    this.raw.set(key, await readFile(file.path, 'utf8'));
    return { bucket: 'archive', key };
  }
  async storeClaim(key: string, json: string): Promise<ClaimCheck> {
    this.claims.set(key, json);
    return { bucket: 'archive', key, sha256: createHash('sha256').update(json).digest('hex') };
  }
  async readClaim(claim: ClaimCheck) {
    const text = this.claims.get(claim.key);
    if (text === undefined) throw new Error(`no claim ${claim.key}`);
    return text;
  }
  async readRaw(key: string) {
    return this.raw.get(key) ?? '';
  }
}

export class FakeOutboundFiles extends Failable implements OutboundFiles {
  readonly bucket = 'outbound';
  readonly files = new Map<string, string>();
  readonly puts: string[] = [];
  async put(key: string, body: string) {
    this.check('put');
    this.files.set(key, body);
    this.puts.push(key);
  }
}

export class FakeLedger extends Failable implements InterchangeLedger {
  readonly interchanges = new Map<string, InterchangeRecord>();
  readonly duplicates: DuplicateRecord[] = [];
  readonly rejectedFiles = new Map<string, RejectedFileRecord>();
  private key(sender: Sender, isa13: string) {
    return `${sender.qualifier}:${sender.id}/${isa13}`;
  }
  async claim(record: InterchangeRecord): Promise<ClaimResult> {
    this.check('claim');
    const k = this.key(record.sender, record.interchangeControlNumber);
    const existing = this.interchanges.get(k);
    if (existing) return { outcome: 'existing', record: clone(existing) };
    this.interchanges.set(k, clone(record));
    return { outcome: 'new' };
  }
  async markQueued(claimed: InterchangeRecord, documentsQueued: number) {
    this.check('markQueued');
    const k = this.key(claimed.sender, claimed.interchangeControlNumber);
    const r = this.interchanges.get(k);
    if (r && r.state !== 'queued') this.interchanges.set(k, { ...r, state: 'queued', documentsQueued });
  }
  async recordDuplicate(record: DuplicateRecord) {
    this.duplicates.push(clone(record));
  }
  async recordRejectedFile(record: RejectedFileRecord) {
    const k = `${record.partner}/${record.sha256}`;
    if (this.rejectedFiles.has(k)) return false;
    this.rejectedFiles.set(k, clone(record));
    return true;
  }
  async get(sender: Sender, isa13: string) {
    return this.interchanges.get(this.key(sender, isa13));
  }
  async receivedSince(partner: string, since: string) {
    return {
      interchanges: [...this.interchanges.values()].filter((r) => r.partner === partner && r.receivedAt >= since).map(clone),
      refused: [...this.rejectedFiles.values()].filter((r) => r.partner === partner && r.receivedAt >= since).map(clone),
    };
  }
}

export class FakeOrderStore extends Failable implements OrderStore {
  readonly heads = new Map<string, OrderHead>();
  readonly events = new Map<string, OrderEvent[]>();
  readonly demand = new Map<string, DemandLine>();
  readonly errors = new Map<string, ErrorRecord>();
  private k(partner: string, po: string) {
    return `${partner}/${po}`;
  }
  private writeEvent(e: OrderEvent) {
    const list = this.events.get(this.k(e.partner, e.purchaseOrderNumber)) ?? [];
    const at = list.findIndex((x) => x.seq === e.seq);
    if (at >= 0) list[at] = clone(e);
    else list.push(clone(e));
    list.sort((a, b) => a.seq - b.seq);
    this.events.set(this.k(e.partner, e.purchaseOrderNumber), list);
  }
  async get(partner: string, po: string) {
    const h = this.heads.get(this.k(partner, po));
    return h ? clone(h) : undefined;
  }
  async create(head: OrderHead, demand: readonly DemandLine[]): Promise<CreateResult> {
    this.check('create');
    const k = this.k(head.order.partner, head.order.purchaseOrderNumber);
    const existing = this.heads.get(k);
    if (existing) return { created: false, existing: clone(existing) };
    this.heads.set(k, clone(head));
    await this.repair(head, demand);
    return { created: true };
  }
  async commit(head: OrderHead, expectedSeq: number, demand: readonly DemandLine[], alsoEvents: readonly OrderEvent[] = []): Promise<CommitResult> {
    await this.interleave('commit');
    this.check('commit');
    const k = this.k(head.order.partner, head.order.purchaseOrderNumber);
    if (this.heads.get(k)?.order.lastEventSeq !== expectedSeq) return 'conflict';
    this.heads.set(k, clone(head));
    this.check('commit:afterHead');
    for (const e of alsoEvents) this.writeEvent(e);
    await this.repair(head, demand);
    return 'committed';
  }
  async repair(head: OrderHead, demand: readonly DemandLine[]) {
    this.check('repair');
    this.writeEvent(head.lastEvent);
    for (const d of demand) this.demand.set(`${d.partner}/${d.purchaseOrderNumber}/${d.lineNumber}`, clone(d));
  }
  async recordError(po: string, causeId: string, record: ErrorRecord) {
    const k = `${record.partner}/${po}/${causeId}`;
    if (this.errors.has(k)) return false;
    this.errors.set(k, clone(record));
    return true;
  }
  eventsOf(partner: string, po: string): OrderEvent[] {
    return this.events.get(this.k(partner, po)) ?? [];
  }
}

export class FakeForecastStore implements ForecastStore {
  readonly periods = new Map<string, ForecastPeriod>();
  async replace(partner: string, replacements: readonly ForecastReplacement[]) {
    for (const r of replacements) {
      for (const [k, p] of this.periods) {
        if (p.partner === partner && p.item === r.item && p.shipTo === r.shipTo && p.periodStart >= r.horizon.start && p.periodStart <= r.horizon.end) this.periods.delete(k);
      }
      for (const p of r.periods) this.periods.set(`${partner}/${r.item}/${p.periodStart}/${r.shipTo}`, clone(p));
    }
  }
  async find(partner: string, item: string, from: string, to: string) {
    return [...this.periods.values()].filter((p) => p.partner === partner && p.item === item && p.periodStart >= from && p.periodStart <= to);
  }
}

export class FakeControlNumbers extends Failable implements ControlNumbers {
  readonly next = new Map<string, number>();
  /** Every allocation made (one atomic counter update each), in order. */
  readonly allocations: { partner: string; count: number }[] = [];
  async allocate(partner: string, count: number): Promise<EnvelopeNumbers[]> {
    this.check('allocate');
    this.allocations.push({ partner, count });
    const last = (this.next.get(partner) ?? 0) + count;
    this.next.set(partner, last);
    return Array.from({ length: count }, (_, i) => {
      const n = last - count + i + 1;
      return { interchange: n, group: n, firstSet: n };
    });
  }
}

export class FakeDeliveryLog extends Failable implements DeliveryLog {
  readonly records = new Map<string, OutboundRecord>();
  async find(subject: Subject, key: string) {
    const r = this.records.get(`${subjectKey(subject)}#${key}`);
    return r ? clone(r) : undefined;
  }
  readonly errors = new Map<string, ErrorRecord>();
  async recordError(subject: Subject, key: string, record: ErrorRecord) {
    const k = `${subjectKey(subject)}#${key}`;
    if (this.errors.has(k)) return false;
    this.errors.set(k, clone(record));
    return true;
  }
  async acknowledgmentsSentIn(partner: string, interchangeControlNumber: number) {
    return [...this.records.values()].filter((r) => r.subject.kind === 'interchange' && r.partner === partner && r.numbers.interchange === interchangeControlNumber).map(clone);
  }
  async record(record: OutboundRecord): Promise<RecordResult> {
    this.check('record');
    const k = `${subjectKey(record.subject)}#${record.idempotencyKey}`;
    const existing = this.records.get(k);
    if (existing) return { recorded: false, existing: clone(existing) };
    this.records.set(k, clone(record));
    return { recorded: true };
  }
}

export class FakeMailLog extends Failable implements MailLog {
  readonly records = new Map<string, EmailRecord>();
  private k(r: Pick<EmailRecord, 'subject' | 'idempotencyKey'>) {
    return `${subjectKey(r.subject)}#${r.idempotencyKey}`;
  }
  async claim(record: EmailRecord): Promise<MailClaim> {
    const existing = this.records.get(this.k(record));
    if (existing) return { claimed: false, existing: clone(existing) };
    this.records.set(this.k(record), clone(record));
    return { claimed: true };
  }
  async reclaim(existing: EmailRecord, at: string) {
    await this.interleave('reclaim');
    const current = this.records.get(this.k(existing));
    if (!current || current.status !== 'sending' || current.attempt !== existing.attempt) return undefined;
    const next = { ...current, attempt: current.attempt + 1, claimedAt: at };
    this.records.set(this.k(existing), next);
    return clone(next);
  }
  async markSent(sent: EmailRecord) {
    this.check('markSent');
    this.records.set(this.k(sent), clone(sent));
  }
}

/** Email bodies, seals and archive fingerprints in memory. */
export class FakeAuditArchive implements EmailBodies, ArchiveFingerprints, SealArchive {
  readonly bodies = new Map<string, StoredEmailBody>();
  readonly objects = new Map<string, string>();
  readonly seals = new Map<string, DailySeal>();
  async storeBody(sha256: string, body: StoredEmailBody): Promise<void> {
    this.bodies.set(sha256, structuredClone(body));
  }
  async readBody(sha256: string): Promise<StoredEmailBody | undefined> {
    return structuredClone(this.bodies.get(sha256));
  }
  async sha256Of(key: string): Promise<string | undefined> {
    const text = this.objects.get(key);
    return text === undefined ? undefined : createHash('sha256').update(text, 'utf8').digest('hex');
  }
  async putSeal(seal: DailySeal): Promise<boolean> {
    if (this.seals.has(seal.day)) return false;
    this.seals.set(seal.day, structuredClone(seal));
    return true;
  }
  async getSeal(day: string): Promise<DailySeal | undefined> {
    return structuredClone(this.seals.get(day));
  }
  async sealedDays(since?: string): Promise<string[]> {
    return [...this.seals.keys()].filter((d) => since === undefined || d >= since).sort();
  }
}

export class FakeMailer extends Failable implements Mailer {
  readonly sent: Email[] = [];
  async send(email: Email) {
    this.check('send');
    this.sent.push(clone(email));
    return { messageId: `msg-${this.sent.length}` };
  }
}

export class FakeTimeline implements Timeline {
  constructor(
    private readonly orders: Map<string, OrderTimeline> = new Map(),
    private readonly interchanges: Map<string, InterchangeTimeline> = new Map(),
  ) {}
  async order(partner: string, po: string): Promise<OrderTimeline> {
    return this.orders.get(`${partner}/${po}`) ?? { events: [], documents: [], emails: [], errors: [] };
  }
  async interchange(sender: Sender, isa13: string): Promise<InterchangeTimeline> {
    return this.interchanges.get(`${sender.qualifier}:${sender.id}/${isa13}`) ?? { duplicates: [], documents: [], emails: [] };
  }
}

/** A silent logger and a metrics map the test can read. */
export function testObservability(): Observability & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    count: (metric, value = 1) => counts.set(metric, (counts.get(metric) ?? 0) + value),
    info: () => undefined,
    warn: () => undefined,
    flush: () => undefined,
    counts,
  };
}

/** Item master, supply plans, forecasts, open demand (read from the order store's demand lines), delay states, escalations. */
export class FakePlanningStore extends Failable implements PlanningStore {
  readonly items = new Map<string, Item>();
  readonly supply = new Map<string, SupplyPlan>();
  readonly forecasts = new Map<string, PartnerForecast>();
  readonly delays = new Map<string, DelayStateRecord>();
  readonly escalations = new Map<string, EscalationRecord>();
  readonly masterErrors: MasterDataErrorRecord[] = [];
  constructor(private readonly orders?: FakeOrderStore) {
    super();
  }
  async putItems(items: readonly Item[]) {
    for (const i of items) this.items.set(i.vendorPart, clone(i));
  }
  async listItems() {
    this.check('listItems');
    return [...this.items.values()].map(clone);
  }
  async putSupplyPlans(plans: readonly SupplyPlan[]) {
    for (const p of plans) this.supply.set(p.item, clone(p));
  }
  async getSupplyPlan(item: string) {
    const p = this.supply.get(item);
    return p ? clone(p) : undefined;
  }
  async listSupplyPlans() {
    return [...this.supply.values()].map(clone);
  }
  async getPartnerForecast(partner: string) {
    this.check('getPartnerForecast');
    const f = this.forecasts.get(partner);
    return f ? clone(f) : undefined;
  }
  async putPartnerForecast(record: PartnerForecast) {
    this.forecasts.set(record.partnerId, clone(record));
  }
  async openDemand(item: string) {
    return [...(this.orders?.demand.values() ?? [])].filter((d) => d.item === item && d.open).map(clone);
  }
  async getDelayState(item: string) {
    const d = this.delays.get(item);
    return d ? clone(d) : undefined;
  }
  async putDelayState(record: DelayStateRecord): Promise<VersionedPut> {
    await this.interleave('putDelayState');
    this.check('putDelayState');
    const current = this.delays.get(record.state.item);
    if ((current?.version ?? 0) !== record.version - 1) return 'conflict';
    this.delays.set(record.state.item, clone(record));
    return 'written';
  }
  private escalationKey(partner: string, po: string, line: string) {
    return `${partner}/${po}/${line}`;
  }
  async getEscalation(partner: string, po: string, line: string) {
    const r = this.escalations.get(this.escalationKey(partner, po, line));
    return r ? clone(r) : undefined;
  }
  async listEscalations(partner: string, po: string) {
    return [...this.escalations.values()].filter((r) => r.state.case.partnerId === partner && r.state.case.purchaseOrderNumber === po).map(clone);
  }
  async putEscalation(record: EscalationRecord): Promise<VersionedPut> {
    await this.interleave('putEscalation');
    const c = record.state.case;
    const k = this.escalationKey(c.partnerId, c.purchaseOrderNumber, c.lineNumber);
    if ((this.escalations.get(k)?.version ?? 0) !== record.version - 1) return 'conflict';
    this.escalations.set(k, clone(record));
    return 'written';
  }
  async recordMasterDataError(record: MasterDataErrorRecord) {
    this.masterErrors.push(clone(record));
  }
}

/** One-time timers kept in a map; `due(at)` lists what would have fired by then. */
export class FakeScheduler implements Scheduler {
  readonly schedules = new Map<string, { at: Date; message: TimerMessage }>();
  readonly cancelled: string[] = [];
  async scheduleAt(name: string, at: Date, message: TimerMessage) {
    if (!this.schedules.has(name)) this.schedules.set(name, { at, message: clone(message) });
  }
  async cancel(name: string) {
    this.cancelled.push(name);
    this.schedules.delete(name);
  }
  due(at: Date): TimerMessage[] {
    return [...this.schedules.values()].filter((s) => s.at.getTime() <= at.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime()).map((s) => s.message);
  }
}

/** Item history entries and delay notes, in memory; one entry per (item, id) like the table adapter. */
export class FakeItemHistory implements ItemHistory, DelayNotes {
  readonly entries: ItemEvent[] = [];
  readonly notes = new Map<string, DelayNote>();
  async recordItemEvent(input: ItemEventInput) {
    const entry = ItemEventZ.parse(input);
    if (!this.entries.some((e) => e.item === entry.item && e.id === entry.id)) this.entries.push(clone(entry));
  }
  async listItemEvents(item: string, options: { limit?: number } = {}) {
    const all = this.entries.filter((e) => e.item === item).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return (options.limit === undefined ? all : all.slice(-options.limit)).map(clone);
  }
  async getDelayNote(item: string) {
    const n = this.notes.get(item);
    return n ? clone(n) : undefined;
  }
  async putDelayNote(note: DelayNote) {
    this.notes.set(note.item, clone(DelayNoteZ.parse(note)));
  }
}

/** A committed transition's messages, handed to two fake queues at once. */
export function queueOutbox(outbound: StageQueue<OutboundMessage>, notify: StageQueue<NotifyMessage>): OutboxSender {
  return {
    async send(o) {
      if (o.outbound.length) await outbound.send(o.outbound.map((body) => ({ body })));
      if (o.notify.length) await notify.send(o.notify.map((body) => ({ body })));
    },
  };
}

/**
 * Every port the order and planning use cases take, in memory, sharing one clock: what the
 * use-case tests run on. `partners` holds the given profiles.
 */
export function fakeDesk(...profiles: PartnerProfile[]) {
  const orders = new FakeOrderStore();
  const store = new FakePlanningStore(orders);
  const outbound = new FakeQueue<OutboundMessage>();
  const notify = new FakeQueue<NotifyMessage>();
  const partners = new FakePartners(...profiles);
  const history = new FakeItemHistory();
  return {
    partners,
    profiles: partners,
    orders,
    claims: new FakeArchive(),
    items: store,
    supply: store,
    demand: store,
    forecasts: store,
    delays: store,
    escalations: store,
    masterErrors: store,
    store,
    itemHistory: history,
    notes: history,
    outbound,
    notify,
    outbox: queueOutbox(outbound, notify),
    scheduler: new FakeScheduler(),
    clock: new FakeClock(),
    sentDocuments: new FakeSentDocuments(),
    gs1CompanyPrefix: '0614141',
    telemetry: testObservability(),
  };
}

/** What the process stage takes, in memory (planning ports from {@link fakeDesk}). */
export function fakeProcessDeps(...profiles: PartnerProfile[]) {
  return {
    ...fakeDesk(...profiles),
    forecastPeriods: new FakeForecastStore(),
    documents: new FakeQueue<DocumentMessage>(),
    postponer: new FakePostponer(),
    observability: testObservability(),
  };
}

/** The data of an alert message (undefined for any other template). */
export function alertData(message: NotifyMessage | undefined): AlertData | undefined {
  return message && isAlert(message) ? message.data : undefined;
}

/** What the ingest stage and its use case take, in memory (`observability` and `telemetry` are one). */
export function fakeIngestDeps(...profiles: PartnerProfile[]) {
  const inbound = new FakeInbound();
  const observability = testObservability();
  return {
    partners: new FakePartners(...profiles),
    inbound,
    archive: new FakeArchive(inbound),
    ledger: new FakeLedger(),
    documents: new FakeQueue<DocumentMessage>(),
    outbound: new FakeQueue<OutboundMessage>(),
    notify: new FakeQueue<NotifyMessage>(),
    readX12: readX12File,
    masterData: fakeDesk(...profiles),
    sentDocuments: new FakeSentDocuments(),
    observability,
    telemetry: observability,
  };
}

/** What the mail stage and its use case take, in memory (`observability` and `telemetry` are one). */
export function fakeMailDeps(...profiles: PartnerProfile[]) {
  const observability = testObservability();
  return {
    partners: new FakePartners(...profiles),
    mailLog: new FakeMailLog(),
    bodies: new FakeAuditArchive(),
    mailer: new FakeMailer(),
    from: 'edi@supplier.example',
    operations: ['ops@supplier.example'],
    clock: new FakeClock(),
    observability,
    telemetry: observability,
    leaseSeconds: 120,
  };
}

/** Sent documents in memory, keyed like the table (partner + GS06 + ST02), with the version check. */
export class FakeSentDocuments implements SentDocuments {
  readonly documents = new Map<string, SentDocument>();
  private key(d: Pick<SentDocument, 'partner' | 'groupControlNumber' | 'setControlNumber'>) {
    return `${d.partner}/${d.groupControlNumber}/${d.setControlNumber}`;
  }
  async record(document: SentDocument) {
    if (!this.documents.has(this.key(document))) this.documents.set(this.key(document), clone(document));
  }
  async byGroup(partner: string, group: string) {
    return [...this.documents.values()].filter((d) => d.partner === partner && d.groupControlNumber === group).map(clone);
  }
  async byInterchange(partner: string, isa13: string) {
    return [...this.documents.values()].filter((d) => d.partner === partner && d.interchangeControlNumber === isa13).map(clone);
  }
  async update(next: SentDocument) {
    const stored = this.documents.get(this.key(next));
    if (!stored || stored.version !== next.version - 1) return false;
    this.documents.set(this.key(next), clone(next));
    return true;
  }
  async list(partner: string, state?: SentDocumentState) {
    return [...this.documents.values()].filter((d) => d.partner === partner && (state === undefined || d.state === state)).sort((a, b) => b.sentAt.localeCompare(a.sentAt)).map(clone);
  }
}
