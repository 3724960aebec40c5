/**
 * Process stage: documents queue (FIFO, group = partner + PO) → orders, changes, forecasts.
 * decode: each record is one inbound transaction set (inline, or a claim check in the archive);
 * the partner's profile is read; then one use case: an 850 → review-order, an 860 →
 * apply-order-change, an 830 → record-forecast.
 *
 * Order per PO: an 860 whose 850 has not arrived is moved to the PO's `#waiting` group (so it
 * cannot block the 850 behind it) and retried there with back-off; after the configured attempts
 * it becomes an error record and an alert (record-unmatched-change) — never a drop.
 *
 * The outboxes of a batch go out together after its records committed (`OutboxBatch`): a record
 * whose messages SQS did not accept is failed and retried, and so re-sends them. The item master
 * and forecasts are read once per batch (`BatchReadCache`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQSRecord } from 'aws-lambda';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { BatchReadCache } from '#functions/adapters/batch-read-cache.ts';
import type { ClaimStore } from '#functions/ports/archive.ts';
import type { OrderStore } from '#functions/ports/order-store.ts';
import type { OrderEventPublisher } from '#functions/ports/order-events.ts';
import type { OutboxSender } from '#functions/ports/outbox.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { DocumentQueue, OutboundQueue, Postponer } from '#functions/ports/stage-queue.ts';
import { applyOrderChange } from '#functions/use-cases/apply-order-change.ts';
import { recordForecast, type RecordForecastDeps } from '#functions/use-cases/record-forecast.ts';
import { recordUnmatchedChange } from '#functions/use-cases/record-unmatched-change.ts';
import { reviewOrder, type InboundSet, type ReviewOrderDeps } from '#functions/use-cases/review-order.ts';
import { documentGroupId, DocumentMessageZ, InboundDocumentZ, type DocumentMessage, type InboundDocument } from '#schemas/messages/document-message.ts';
import { causeOfInboundSet, type Cause, type Outbox } from '#schemas/records/records.ts';
import { PIPELINE_SETTINGS } from '#functions/shared/config.ts';
import { withCorrelation, type Observability } from '#functions/shared/observability.ts';
import { receiveCountOf, sqsBatchScopeHandler, type SqsHandler } from '#functions/shared/sqs-batch.ts';
import { stageGiveUp, type StageFailureDeps } from '#functions/shared/dead-letter.ts';
import { OutboxBatch } from './outbox-batch.ts';

export interface ProcessSettings {
  waitingChangeMaxAttempts: number;
  waitingChangeBackoffSeconds: { first: number; max: number };
}

export type ProcessDeps = Omit<ReviewOrderDeps & RecordForecastDeps, 'outbox'> & {
    partners: PartnerDirectory;
    orders: OrderStore;
    claims: ClaimStore;
    documents: DocumentQueue;
    outbound: OutboundQueue;
    postponer: Postponer;
    /** Reads the item master and forecasts once per batch (`items` and `forecasts` should be it). */
    batchCache?: Pick<BatchReadCache, 'run'>;
    observability: Observability;
    settings?: ProcessSettings;
    /** Error record, alert and this stage's DLQ for a document it gives up on. */
    failures?: StageFailureDeps;
    /** The bus of the order-step events (none published without it). */
    orderEvents?: OrderEventPublisher;
  };

/** The partner of a document has no profile: retried, then dead-lettered with this cause. */
export class UnknownPartnerError extends Error {
  override name = 'UnknownPartnerError';
}

/** An 860 still waits for its 850: the message is retried after a back-off. */
export class OrderNotYetReceivedError extends Error {
  override name = 'OrderNotYetReceivedError';
}

/** Where the record being processed hands its committed outbox (set per record by {@link processDocuments}). */
const outboxOfRecord = new AsyncLocalStorage<(outbox: Outbox) => void>();

export function processRecord(deps: ProcessDeps): (record: SQSRecord) => Promise<void> {
  const { observability: obs } = deps;
  const settings = deps.settings ?? PIPELINE_SETTINGS;
  /** A committed outbox goes to the batch (sent with its others), or at once outside a batch. */
  const outbox: OutboxSender = {
    async send(o) {
      const batched = outboxOfRecord.getStore();
      if (batched) return batched(o);
      if (o.outbound.length) await deps.outbound.send(o.outbound.map((body) => ({ body })));
      if (o.notify.length) await deps.notify.send(o.notify.map((body) => ({ body })));
      if (o.events?.length && deps.orderEvents) await deps.orderEvents.publish(o.events);
    },
  };
  const useCaseDeps = { ...deps, outbox, telemetry: obs, log: (message: string, details?: Record<string, string>) => obs.info(message, details) };

  async function loadDocument(message: DocumentMessage): Promise<InboundDocument> {
    if (message.payload.kind === 'inline') return message.payload.document;
    return InboundDocumentZ.parse(JSON.parse(await deps.claims.readClaim(message.payload.claim)));
  }

  async function waitForOrder(record: SQSRecord, message: DocumentMessage, cause: Cause): Promise<void> {
    const po = message.purchaseOrderNumber ?? '';
    if (!message.waitingForOrder) {
      const moved: DocumentMessage = { ...message, waitingForOrder: { since: deps.clock.now().toISOString() } };
      await deps.documents.send([{ body: moved, groupId: documentGroupId(moved), deduplicationId: sha256Hex(`${cause.id}#waiting`) }]);
      obs.count('ChangesWaiting');
      obs.info('860 waits for its 850', { po });
      return;
    }
    const attempts = receiveCountOf(record);
    if (attempts < settings.waitingChangeMaxAttempts) {
      const delay = Math.min(settings.waitingChangeBackoffSeconds.first * 2 ** (attempts - 1), settings.waitingChangeBackoffSeconds.max);
      await deps.postponer.postpone(record.receiptHandle, delay).catch((error: unknown) => obs.warn('could not postpone the waiting change', { error: String(error) }));
      throw new OrderNotYetReceivedError(`no 850 for PO ${po} yet (attempt ${attempts} of ${settings.waitingChangeMaxAttempts}); retrying in ${delay}s`);
    }
    await recordUnmatchedChange(deps, { message, rawMessage: record.body, cause, attempts });
    obs.count('ChangesUnmatched');
  }

  return async (record: SQSRecord) => {
    const message = DocumentMessageZ.parse(JSON.parse(record.body));
    await withCorrelation(
      obs.logger,
      { partner: message.partner, isa13: message.source.interchangeControlNumber, po: message.purchaseOrderNumber, messageId: record.messageId },
      async () => {
        const partner = await deps.partners.get(message.partner);
        if (!partner) throw new UnknownPartnerError(`no partner profile '${message.partner}'`);
        const document = await loadDocument(message);
        const cause = causeOfInboundSet(message);
        const set: InboundSet = { partner, cause, receivedAt: message.source.receivedAt };
        switch (document.type) {
          case '850': {
            const result = await reviewOrder(useCaseDeps, { ...set, purchaseOrder: document });
            if (result.outcome === 'replayed') obs.count('DecisionsReplayed');
            else if (result.outcome === 'duplicate') obs.count('OrdersDuplicate');
            else obs.count('OrdersCreated');
            if (result.outcome !== 'replayed' && result.held) obs.count('OrdersHeld');
            if (result.findings) obs.count('Anomalies', result.findings);
            if (result.documents.length) obs.count('OrderAcksQueued');
            return;
          }
          case '860': {
            const result = await applyOrderChange(useCaseDeps, { ...set, change: document });
            if (result.outcome === 'order-not-found') return waitForOrder(record, message, cause);
            if (result.outcome === 'replayed') obs.count('DecisionsReplayed');
            else {
              obs.count(result.cancelled ? 'OrdersCancelled' : 'OrdersChanged');
              if (result.documents.length) obs.count('ChangeAcksQueued');
            }
            return;
          }
          case '830': {
            const result = await recordForecast(useCaseDeps, { ...set, schedule: document, ...(message.scheduleReference ? { reference: message.scheduleReference } : {}) });
            obs.count('ForecastsStored');
            obs.count('ForecastPeriodsStored', result.periods);
            return;
          }
        }
      },
    );
  };
}

/** An earlier record of the same PO committed but its messages were not queued: this one waits for its retry. */
export class OutboxNotSentError extends Error {
  override name = 'OutboxNotSentError';
}

/**
 * The Lambda handler factory. One batch reads the planning master data once (a snapshot that an
 * 830 in the batch refreshes) and sends the outboxes of all its records together
 * ({@link OutboxBatch}), before the batch response.
 */
export function processDocuments(deps: ProcessDeps): SqsHandler {
  const run = processRecord(deps);
  return sqsBatchScopeHandler(
    () => {
      const outboxes = new OutboxBatch({ outbound: deps.outbound, notify: deps.notify, ...(deps.orderEvents ? { events: deps.orderEvents } : {}) });
      const groups = new Map<string, string>();
      return {
        record: async (record) => {
          const group = record.attributes?.MessageGroupId ?? record.messageId;
          groups.set(record.messageId, group);
          if (outboxes.hasPending(group)) await outboxes.flush();
          if (outboxes.groupFailed(group, (id) => groups.get(id))) throw new OutboxNotSentError(`an earlier document of group ${group} committed but its messages were not queued; retried after it`);
          await outboxOfRecord.run((outbox) => outboxes.add(record.messageId, group, outbox), () => run(record));
        },
        ...(deps.batchCache ? { around: <T>(work: () => Promise<T>) => deps.batchCache!.run(work) } : {}),
        finish: async () => {
          const failed = await outboxes.flush();
          if (failed.size) deps.observability.count('OutboxSendFailures', failed.size);
          return failed;
        },
      };
    },
    { fifo: true, observability: deps.observability, ...(deps.failures ? { giveUp: stageGiveUp('process', { ...deps.failures, telemetry: deps.observability }) } : {}) },
  );
}
