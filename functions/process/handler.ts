/**
 * Process stage: documents queue (FIFO, group = partner + PO) → orders, changes, forecasts.
 *
 * - 850 → order version 1 (header, every line, ship-to, dates, prices) and its first event;
 *   then the 855 the planning rules decide, if the partner profile wants 855s.
 * - 860 → the stored order's next version (adds, deletes, quantity/price/date changes, cancel)
 *   and an 865. An 860 whose 850 has not arrived is moved to the PO's `#waiting` group (so
 *   it cannot block the 850 behind it) and retried there with back-off; after the configured
 *   attempts it becomes an error record and an alert — never a drop.
 * - 830 → forecast per partner + ship-to + item + period, replacing the previous horizon.
 *
 * Each decision commits with one conditional write of the order head carrying the event and
 * the outbox; a retry that finds its cause already applied re-writes and re-sends exactly that.
 * The outboxes of a batch go out together after its records committed (`OutboxBatch`): a record
 * whose messages SQS did not accept is failed and retried, and so re-sends them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQSRecord } from 'aws-lambda';
import { applyChange } from '#domain/orders/apply-change.ts';
import { createOrder } from '#domain/orders/create-order.ts';
import { demandLinesOf } from '#domain/orders/demand-lines.ts';
import { forecastReplacementsOf } from '#domain/orders/forecast-periods.ts';
import { sealEvent } from '#domain/orders/order-events.ts';
import { changeAckKey, orderAckKey } from '#domain/orders/order-keys.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { Archive } from '#functions/ports/archive.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { ForecastStore } from '#functions/ports/forecast-store.ts';
import type { OrderHead, OrderStore, Outbox } from '#functions/ports/order-store.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { OrderReview, PlanningRules } from '#functions/ports/planning-rules.ts';
import { planningDemandOf, type PlanningService } from '#functions/planning/planning-service.ts';
import type { DocumentQueue, NotifyQueue, OutboundQueue, Postponer } from '#functions/ports/stage-queue.ts';
import type { ChangeAcknowledgment, OrderAcknowledgment, OrderChange, PlanningSchedule, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '#schemas/messages/common.ts';
import { documentCauseId, documentGroupId, DocumentMessageZ, InboundDocumentZ, type DocumentMessage, type InboundDocument } from '#schemas/messages/document-message.ts';
import { NOTIFY_MESSAGE_SCHEMA_VERSION, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { OUTBOUND_MESSAGE_SCHEMA_VERSION, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { RECORD_SCHEMA_VERSION, type Cause } from '#schemas/records/records.ts';
import { PIPELINE_SETTINGS } from '#functions/shared/config.ts';
import { lazyHandler, liveProcessDeps } from '#functions/shared/live-deps.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { receiveCountOf, sqsBatchScopeHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { OutboxBatch } from './outbox-batch.ts';

export interface ProcessSettings {
  waitingChangeMaxAttempts: number;
  waitingChangeBackoffSeconds: { first: number; max: number };
}

export interface ProcessDeps {
  partners: PartnerDirectory;
  orders: OrderStore;
  forecasts: ForecastStore;
  archive: Archive;
  documents: DocumentQueue;
  outbound: OutboundQueue;
  notify: NotifyQueue;
  postponer: Postponer;
  planning: PlanningRules;
  /** The planning shell: effects after a commit (P1/P2, PAB and delay levels) and 830 swings. Absent: none. */
  planningService?: PlanningService;
  clock: Clock;
  observability: Observability;
  settings?: ProcessSettings;
}

/** The partner of a document has no profile: retried, then dead-lettered with this cause. */
export class UnknownPartnerError extends Error {
  override name = 'UnknownPartnerError';
}

/** An 860 still waits for its 850: the message is retried after a back-off. */
export class OrderNotYetReceivedError extends Error {
  override name = 'OrderNotYetReceivedError';
}

/** Another decision on the same order committed first: retried. */
export class ConcurrentOrderUpdateError extends Error {
  override name = 'ConcurrentOrderUpdateError';
}

export function processRecord(deps: ProcessDeps): (record: SQSRecord) => Promise<void> {
  const { observability: obs } = deps;
  const settings = deps.settings ?? PIPELINE_SETTINGS;

  async function loadDocument(message: DocumentMessage): Promise<InboundDocument> {
    if (message.payload.kind === 'inline') return message.payload.document;
    return InboundDocumentZ.parse(JSON.parse(await deps.archive.readClaim(message.payload.claim)));
  }

  async function outboundMessage(base: Omit<OutboundMessage, 'payload' | 'schemaVersion'>, document: OrderAcknowledgment | ChangeAcknowledgment): Promise<OutboundMessage> {
    const json = JSON.stringify(document);
    if (Buffer.byteLength(json, 'utf8') <= INLINE_PAYLOAD_LIMIT_BYTES) return { schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION, ...base, payload: { kind: 'inline', document } };
    const claim = await deps.archive.storeClaim(`claims/${base.partner}/outbound/${sha256Hex(base.idempotencyKey)}.json`, json);
    return { schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION, ...base, payload: { kind: 'claim', claim } };
  }

  /** Hands a committed outbox to the batch (sent with the batch's others), or sends it at once outside a batch. */
  async function sendOutbox(outbox: Outbox): Promise<void> {
    const batched = outboxOfRecord.getStore();
    if (batched) return batched(outbox);
    if (outbox.outbound.length) await deps.outbound.send(outbox.outbound.map((body) => ({ body })));
    if (outbox.notify.length) await deps.notify.send(outbox.notify.map((body) => ({ body })));
  }

  function demandOf(head: OrderHead, profile: PartnerProfile | undefined, previous?: OrderHead['order']) {
    return head.planning ? planningDemandOf(head.order, head.planning, profile?.transitDays ?? 0, previous) : demandLinesOf(head.order, previous);
  }

  /** Effects after a commit (idempotent, so a replay runs them again). */
  async function afterCommit(head: OrderHead, profile: PartnerProfile): Promise<void> {
    if (deps.planningService && head.planning) await deps.planningService.afterCommit(head, profile);
  }

  /** A retry that finds its cause committed: re-write the event and demand, re-send the outbox. */
  async function replay(head: OrderHead, cause: Cause, profile?: PartnerProfile): Promise<void> {
    if (head.lastEvent.cause.id !== cause.id) return;
    await deps.orders.repair(head, demandOf(head, profile));
    await sendOutbox(head.outbox);
    if (profile) await afterCommit(head, profile);
    obs.count('DecisionsReplayed');
  }

  async function processOrder(message: DocumentMessage, po: PurchaseOrder, profile: PartnerProfile, cause: Cause): Promise<void> {
    const at = message.source.receivedAt;
    const partner = profile.id;
    const draft = createOrder({ partner, purchaseOrder: po, cause, at, effects: [] });
    const review = await deps.planning.reviewOrder({ order: draft.order, partner: profile, at });
    const ackKey = orderAckKey(partner, po.purchaseOrderNumber, 1);
    const ack = profile.acks.orderAck855 && !review.hold ? review.acknowledgment : undefined;
    const created = createOrder({
      partner,
      purchaseOrder: po,
      cause,
      at,
      effects: ack ? [ackKey] : [],
      details: { findings: review.findings, held: review.hold, ...(review.planning ? { lineStates: review.planning.lineStates.map((l) => ({ line: l.lineNumber, status: l.status, reasons: l.reasons })) } : {}) },
    });
    const order = review.hold ? { ...created.order, status: 'held' as const } : created.order;
    const outbox: Outbox = {
      outbound: ack
        ? [await outboundMessage({ partner, kind: '855', idempotencyKey: ackKey, subject: { kind: 'order', partner, purchaseOrderNumber: po.purchaseOrderNumber }, causeEventHash: created.event.hash, createdAt: at }, ack)]
        : [],
      notify: review.notify ?? [],
    };
    const head: OrderHead = { order, lastEvent: created.event, outbox, ...(review.planning ? { planning: review.planning } : {}) };
    const result = await deps.orders.create(head, demandOf(head, profile));
    if (result.created) {
      await sendOutbox(outbox);
      await afterCommit(head, profile);
      obs.count('OrdersCreated');
      if (review.hold) obs.count('OrdersHeld');
      if (review.findings.length) obs.count('Anomalies', review.findings.length);
      if (ack) obs.count('OrderAcksQueued');
      return;
    }
    const existing = result.existing;
    if (existing.order.appliedCauses.includes(cause.id)) return replay(existing, cause, profile);
    // the partner's `duplicate-po` rule on the re-send (different content: hold by default)
    const recheck = await deps.planning.reviewOrder({ order: draft.order, partner: profile, at, previousOrder: existing.order });
    await recordDuplicateOrder(existing, message, cause, recheck, profile);
  }

  /**
   * A second 850 for a PO we already have: recorded on the order and sent to operations, not
   * applied. When its content differs, the planning rules' `duplicate-po` findings are recorded
   * with the event, their email goes to the planner, and a `hold` holds the stored order's lines
   * until the planner decides (the original stands meanwhile: no new order, no demand change).
   */
  async function recordDuplicateOrder(existing: OrderHead, message: DocumentMessage, cause: Cause, review: OrderReview, profile: PartnerProfile): Promise<void> {
    const at = message.source.receivedAt;
    const o = existing.order;
    const findings = review.findings.filter((f) => f.rule === 'duplicate-po');
    const held = new Map((review.planning?.lineStates ?? []).filter((s) => s.status === 'held' && s.reasons.includes('duplicate-po')).map((s) => [s.lineNumber, s]));
    const planning = existing.planning && held.size
      ? {
          ...existing.planning,
          lineStates: existing.planning.lineStates.map((s) => {
            const hold = held.get(s.lineNumber);
            return hold ? { ...s, status: 'held' as const, reasons: [...new Set([...s.reasons, 'duplicate-po' as const])], heldSince: hold.heldSince ?? at, escalationsSent: 0 } : s;
          }),
        }
      : existing.planning;
    const holding = planning !== existing.planning && planning!.lineStates.some((s) => s.status === 'held' && s.reasons.includes('duplicate-po'));
    const alertKey = `duplicate-po/${o.partner}/${o.purchaseOrderNumber}/${sha256Hex(cause.id).slice(0, 16)}`;
    const event = sealEvent(
      {
        schemaVersion: RECORD_SCHEMA_VERSION,
        partner: o.partner,
        purchaseOrderNumber: o.purchaseOrderNumber,
        type: 'order.duplicate-received',
        at,
        cause,
        actor: `partner:${o.partner}`,
        version: o.version,
        summary: `another 850 for PO ${o.purchaseOrderNumber} was received and not applied${holding ? '; its lines are held for a planner (duplicate PO)' : ''}`,
        details: findings.length ? { findings, held: holding, ...(holding ? { lineStates: planning!.lineStates.map((l) => ({ line: l.lineNumber, status: l.status, reasons: l.reasons })) } : {}) } : {},
        effects: [alertKey],
      },
      { seq: o.lastEventSeq, hash: o.lastEventHash },
    );
    const notify: NotifyMessage = {
      schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
      template: 'order-duplicate',
      partner: o.partner,
      recipients: ['operations'],
      idempotencyKey: alertKey,
      subject: { kind: 'order', partner: o.partner, purchaseOrderNumber: o.purchaseOrderNumber },
      causeEventHash: event.hash,
      createdAt: at,
      data: {
        reason: `Purchase order ${o.purchaseOrderNumber} was sent again in a new 850; the second one was not applied.`,
        facts: { 'Purchase order': o.purchaseOrderNumber, 'Interchange (ISA13)': message.source.interchangeControlNumber, 'Set (ST02)': message.source.setControlNumber },
        diagnostics: [],
      },
    };
    const planner = findings.length ? (review.notify ?? []).map((m) => ({ ...m, causeEventHash: event.hash })) : [];
    const head: OrderHead = {
      order: { ...o, ...(holding && o.status !== 'cancelled' ? { status: 'held' as const } : {}), appliedCauses: [...o.appliedCauses, cause.id], lastEventSeq: event.seq, lastEventHash: event.hash },
      lastEvent: event,
      outbox: { outbound: [], notify: [notify, ...planner] },
      ...(planning ? { planning } : {}),
    };
    if ((await deps.orders.commit(head, o.lastEventSeq, holding ? demandOf(head, profile) : [], [existing.lastEvent])) === 'conflict') throw new ConcurrentOrderUpdateError(`order ${o.purchaseOrderNumber} changed meanwhile`);
    await sendOutbox(head.outbox);
    if (holding) await afterCommit(head, profile);
    obs.count('OrdersDuplicate');
    if (holding) obs.count('OrdersHeld');
    if (findings.length) obs.count('Anomalies', findings.length);
  }

  async function processChange(record: SQSRecord, message: DocumentMessage, change: OrderChange, profile: PartnerProfile, cause: Cause): Promise<void> {
    const at = message.source.receivedAt;
    const partner = profile.id;
    const po = change.purchaseOrderNumber;
    const head = await deps.orders.get(partner, po);
    if (!head) return waitForOrder(record, message, cause);
    if (head.order.appliedCauses.includes(cause.id)) return replay(head, cause, profile);

    const version = head.order.version + 1;
    const ackKey = changeAckKey(partner, po, version);
    const draft = applyChange({ order: head.order, change, cause, at, effects: [] });
    const review = await deps.planning.reviewChange({ before: head.order, after: draft.order, change, outcomes: draft.outcomes, partner: profile, at, ...(head.planning ? { planning: head.planning } : {}) });
    const ack = profile.acks.changeAck865 && !review.hold ? review.acknowledgment : undefined;
    const applied = applyChange({
      order: head.order,
      change,
      cause,
      at,
      effects: ack ? [ackKey] : [],
      ...(review.findings.length ? { details: { findings: review.findings, held: review.hold, ...(review.planning ? { lineStates: review.planning.lineStates.map((l) => ({ line: l.lineNumber, status: l.status, reasons: l.reasons })) } : {}) } } : {}),
    });
    const order = review.hold && !applied.cancelled ? { ...applied.order, status: 'held' as const } : applied.order;
    const outbox: Outbox = {
      outbound: ack ? [await outboundMessage({ partner, kind: '865', idempotencyKey: ackKey, subject: { kind: 'order', partner, purchaseOrderNumber: po }, causeEventHash: applied.event.hash, createdAt: at }, ack)] : [],
      notify: review.notify ?? [],
    };
    const planning = review.planning ?? head.planning;
    const next: OrderHead = { order, lastEvent: applied.event, outbox, ...(planning ? { planning } : {}) };
    const committed = await deps.orders.commit(next, head.order.lastEventSeq, demandOf(next, profile, head.order), [head.lastEvent]);
    if (committed === 'conflict') throw new ConcurrentOrderUpdateError(`order ${po} changed while change ${cause.id} was applied`);
    await sendOutbox(outbox);
    await afterCommit(next, profile);
    obs.count(applied.cancelled ? 'OrdersCancelled' : 'OrdersChanged');
    if (ack) obs.count('ChangeAcksQueued');
  }

  async function waitForOrder(record: SQSRecord, message: DocumentMessage, cause: Cause): Promise<void> {
    const po = message.purchaseOrderNumber ?? '';
    if (!message.waitingForOrder) {
      const moved: DocumentMessage = { ...message, waitingForOrder: { since: deps.clock.now().toISOString() } };
      await deps.documents.send([{ body: moved, groupId: documentGroupId(moved), deduplicationId: sha256Hex(`${cause.id}#waiting`) }]);
      obs.count('ChangesWaiting');
      obs.logger.info('860 waits for its 850', { po });
      return;
    }
    const attempts = receiveCountOf(record);
    if (attempts < settings.waitingChangeMaxAttempts) {
      const delay = Math.min(settings.waitingChangeBackoffSeconds.first * 2 ** (attempts - 1), settings.waitingChangeBackoffSeconds.max);
      await deps.postponer.postpone(record.receiptHandle, delay).catch((error: unknown) => obs.logger.warn('could not postpone the waiting change', { error: error as Error }));
      throw new OrderNotYetReceivedError(`no 850 for PO ${po} yet (attempt ${attempts} of ${settings.waitingChangeMaxAttempts}); retrying in ${delay}s`);
    }
    const reason = `860 for PO ${po} found no 850 after ${attempts} attempts since ${message.waitingForOrder.since}`;
    await deps.orders.recordError(po, cause.id, {
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: message.partner,
      kind: 'change-unmatched',
      cause,
      at: deps.clock.now().toISOString(),
      reason,
      message: record.body,
    });
    await deps.notify.send([
      {
        body: {
          schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
          template: 'change-unmatched',
          partner: message.partner,
          recipients: ['operations'],
          idempotencyKey: `change-unmatched/${sha256Hex(cause.id)}`,
          subject: { kind: 'order', partner: message.partner, purchaseOrderNumber: po },
          createdAt: message.source.receivedAt,
          data: {
            reason,
            facts: {
              'Purchase order': po,
              'Interchange (ISA13)': message.source.interchangeControlNumber,
              'Group (GS06)': message.source.groupControlNumber,
              'Set (ST02)': message.source.setControlNumber,
              'Archived as': message.source.archiveKey,
            },
            diagnostics: [],
          },
        },
      },
    ]);
    obs.count('ChangesUnmatched');
  }

  async function processSchedule(message: DocumentMessage, schedule: PlanningSchedule, profile: PartnerProfile, cause: Cause): Promise<void> {
    const replacements = forecastReplacementsOf(profile.id, schedule, cause, message.scheduleReference);
    await deps.forecasts.replace(profile.id, replacements);
    if (deps.planningService) await deps.planningService.processForecast({ partner: profile, schedule, cause, ...(message.scheduleReference ? { reference: message.scheduleReference } : {}) });
    obs.count('ForecastsStored');
    obs.count('ForecastPeriodsStored', replacements.reduce((n, r) => n + r.periods.length, 0));
  }

  return async (record: SQSRecord) => {
    const message = DocumentMessageZ.parse(JSON.parse(record.body));
    await withCorrelation(
      obs.logger,
      { partner: message.partner, isa13: message.source.interchangeControlNumber, po: message.purchaseOrderNumber, messageId: record.messageId },
      async () => {
        const profile = await deps.partners.get(message.partner);
        if (!profile) throw new UnknownPartnerError(`no partner profile '${message.partner}'`);
        const document = await loadDocument(message);
        const cause: Cause = {
          partner: message.partner,
          type: document.type,
          id: documentCauseId(message),
          sender: message.source.sender,
          interchangeControlNumber: message.source.interchangeControlNumber,
          groupControlNumber: message.source.groupControlNumber,
          setControlNumber: message.source.setControlNumber,
          archiveKey: message.source.archiveKey,
        };
        switch (document.type) {
          case '850':
            return processOrder(message, document, profile, cause);
          case '860':
            return processChange(record, message, document, profile, cause);
          case '830':
            return processSchedule(message, document, profile, cause);
        }
      },
    );
  };
}

/** Where the record being processed hands its committed outbox (set per record by {@link processDocuments}). */
const outboxOfRecord = new AsyncLocalStorage<(outbox: Outbox) => void>();

/** An earlier record of the same PO committed but its messages were not queued: this one waits for its retry. */
export class OutboxNotSentError extends Error {
  override name = 'OutboxNotSentError';
}

/**
 * The Lambda handler factory: `handler = processDocuments(liveProcessDeps())`. One batch reads
 * the planning master data once (a snapshot that an 830 in the batch refreshes) and sends the
 * outboxes of all its records together ({@link OutboxBatch}), before the batch response.
 */
export function processDocuments(deps: ProcessDeps): SqsHandler {
  const run = processRecord(deps);
  return sqsBatchScopeHandler(
    () => {
      const outboxes = new OutboxBatch({ outbound: deps.outbound, notify: deps.notify });
      const groups = new Map<string, string>();
      return {
        record: async (record) => {
          const group = record.attributes?.MessageGroupId ?? record.messageId;
          groups.set(record.messageId, group);
          if (outboxes.hasPending(group)) await outboxes.flush();
          if (outboxes.groupFailed(group, (id) => groups.get(id))) throw new OutboxNotSentError(`an earlier document of group ${group} committed but its messages were not queued; retried after it`);
          await outboxOfRecord.run((outbox) => outboxes.add(record.messageId, group, outbox), () => run(record));
        },
        ...(deps.planningService ? { around: deps.planningService.withSnapshot } : {}),
        finish: async () => {
          const failed = await outboxes.flush();
          if (failed.size) deps.observability.count('OutboxSendFailures', failed.size);
          return failed;
        },
      };
    },
    { fifo: true, observability: deps.observability },
  );
}

export const handler: SqsHandler = lazyHandler(() => processDocuments(liveProcessDeps()));
