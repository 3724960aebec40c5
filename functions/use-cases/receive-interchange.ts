/**
 * A file arrived in the inbound bucket (ingest stage). In this order, so nothing is lost and
 * nothing is done twice:
 * 1. spool the object to disk (hashing it) and store the raw bytes in the archive
 *    (`<partner>/<date>/<sha256>`) before anything else;
 * 2. read the envelopes; a file that is not X12, or whose ISA/GS sender ids are not the
 *    channel partner's, is refused as a whole (recorded, alerted, nothing processed);
 * 3. claim each interchange by sender + ISA13 with a conditional write; a re-sent one (same
 *    bytes) is recorded as a duplicate and yields nothing; the same ISA13 with other content is
 *    recorded too, and refused with a TA1 `R` 025 and an alert (README, "Acknowledgments");
 * 4. queue one message per accepted 850/860/830 set (large ones as a claim check), one 997 per
 *    group of an accepted interchange (a 997 too large for a message as a claim check too), and a
 *    TA1 when ISA14 asks for one, the profile does, or the envelope is rejected. A rejected
 *    interchange gets a TA1 `R` and no 997: its sets are recorded as refused on its ledger record
 *    and alerted, none is processed;
 * 5. mark the interchange queued. A crash before 5 re-runs 4 on retry: the messages carry
 *    deterministic ids, and every later stage is idempotent on them.
 * Objects under `master/` and `supply/` are master data, loaded by load-master-data.ts.
 */
import { readFile } from 'node:fs/promises';
import { functionalAckKey, interchangeAckKey } from '#domain/orders/order-keys.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import type { DocumentResult, InterchangeSummary, TranslationResult } from '#domain/x12/translation-types.ts';
import { NotX12Error, type Diagnostic } from '#domain/x12/types.ts';
import type { Archive, InboundFiles, SpooledFile } from '#functions/ports/archive.ts';
import type { InterchangeLedger } from '#functions/ports/interchange-ledger.ts';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import type { DocumentQueue, NotifyQueue, OutboundQueue, QueuedMessage } from '#functions/ports/stage-queue.ts';
import type { Telemetry } from '#functions/ports/telemetry.ts';
import type { X12Reader } from '#functions/ports/x12-reader.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { INLINE_PAYLOAD_LIMIT_BYTES, type Sender } from '#schemas/messages/common.ts';
import { DOCUMENT_MESSAGE_SCHEMA_VERSION, documentCauseId, documentGroupId, InboundDocumentZ, type DocumentMessage } from '#schemas/messages/document-message.ts';
import type { InboundObject } from '#schemas/messages/inbound-event.ts';
import { notifyMessage, type DiagnosticLine, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { OUTBOUND_MESSAGE_SCHEMA_VERSION, type OutboundMessage } from '#schemas/messages/outbound-message.ts';
import { causeOfInboundSet, MAX_LISTED_REFUSED_SETS, RECORD_SCHEMA_VERSION, type InterchangeRecord } from '#schemas/records/records.ts';
import type { OutboundDocument } from '#schemas/messages/outbound-message.ts';
import { interchangeAcknowledgmentOf } from '#domain/x12/write/ta1.ts';
import { inboundGuideCheck } from '#domain/x12/guide/guide-check.ts';
import { deadLetterMessage, type DeadLetterMessageDeps } from './dead-letter-message.ts';
import { FORWARDED_SETS, IMPLEMENTATION_ACK_SET } from '#schemas/x12/registry.ts';
import { isMasterDataKey, loadMasterData, type LoadMasterDataDeps } from './load-master-data.ts';
import { isShipmentsKey, loadShipments, type LoadShipmentsDeps } from './load-shipments.ts';
import { deskOf } from '#domain/planning/business-calendar.ts';
import { reconcilePartnerAck, type ReconcilePartnerAckDeps } from './reconcile-partner-ack.ts';

/** The sets ingest forwards to the process stage (the set registry says which). */
const FORWARDED_TYPES: ReadonlySet<string> = new Set(FORWARDED_SETS);

export interface ReceiveInterchangeDeps {
  partners: PartnerDirectory;
  inbound: InboundFiles;
  archive: Archive;
  ledger: InterchangeLedger;
  documents: DocumentQueue;
  outbound: OutboundQueue;
  notify: NotifyQueue;
  readX12: X12Reader;
  telemetry: Telemetry;
  /** Loads `master/` and `supply/` objects. */
  masterData: LoadMasterDataDeps;
  /** Loads `shipments/` objects (a WMS's or ERP's shipments); without it such a file fails and is dead-lettered with that cause. */
  shipments?: LoadShipmentsDeps;
  /** Our sent documents, which a partner's 997 acknowledges. */
  sentDocuments: ReconcilePartnerAckDeps['sentDocuments'];
  /**
   * Where a set the documents queue refuses (a message SQS will never take) goes with its cause —
   * error record, alert, this stage's DLQ — so the other sets of the file and its 997 go on.
   * Without it such a file fails as a whole and is retried.
   */
  refusedSets?: Omit<DeadLetterMessageDeps, 'telemetry'>;
  /** Largest inbound file read, in bytes (deployment setting EDI_MAX_INBOUND_BYTES); default {@link DEFAULT_MAX_INBOUND_BYTES}. */
  maxInboundBytes?: number;
}

/**
 * Inbound files larger than this are refused (archived, recorded, alerted) unread: real partner
 * files are kilobytes to a few megabytes, and the limit keeps one file within the ingest
 * function's time and memory.
 */
export const DEFAULT_MAX_INBOUND_BYTES = 100 * 1024 * 1024;

/**
 * The partner a file arrived for: the first folder of its inbound key (`ACME/2025/po-1.edi`),
 * taken exactly as it is — a folder `ACME ` (trailing space) is another channel, not ACME's.
 */
export function channelPartnerOf(inboundKey: string): string | undefined {
  const slash = inboundKey.indexOf('/');
  return slash > 0 ? inboundKey.slice(0, slash) : undefined;
}

/** Partner id used for files that arrived outside any partner's channel. */
export const UNKNOWN_PARTNER = '_unknown';

function diagnosticLines(diagnostics: readonly Diagnostic[]): DiagnosticLine[] {
  return diagnostics.slice(0, 200).map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.segmentId ? { segmentId: d.segmentId } : {}),
    ...(d.segmentPosition !== undefined ? { segmentPosition: d.segmentPosition } : {}),
    ...(d.elementPosition !== undefined ? { elementPosition: d.elementPosition } : {}),
  }));
}

function refusedSetsText(refused: RefusedSets): string {
  if (refused.count === 0) return 'none';
  const named = refused.listed.map((r) => `${r.type} ${r.groupControlNumber}/${r.setControlNumber}${r.key ? ` (${r.key})` : ''}`).join(', ');
  return refused.count > refused.listed.length ? `${refused.count}: ${named}, …` : `${refused.count}: ${named}`;
}

/** Why the envelopes of a file do not belong to `profile` (ISA05/ISA06 and GS02 must be the partner's). */
export function senderMismatches(profile: PartnerProfile, interchanges: readonly InterchangeSummary[]): string[] {
  const problems: string[] = [];
  for (const ix of interchanges) {
    if (ix.senderQualifier.trim() !== profile.isa.qualifier || ix.senderId.trim() !== profile.isa.id) {
      problems.push(`ISA13 ${ix.controlNumber}: ISA05/ISA06 '${ix.senderQualifier.trim()}/${ix.senderId.trim()}' is not partner ${profile.id}'s '${profile.isa.qualifier}/${profile.isa.id}'`);
    }
    for (const g of ix.groups) {
      if (g.senderId.trim() !== profile.gsId) {
        problems.push(`ISA13 ${ix.controlNumber} GS06 ${g.controlNumber}: GS02 '${g.senderId.trim()}' is not partner ${profile.id}'s '${profile.gsId}'`);
      }
    }
  }
  return problems;
}

/**
 * The functional acknowledgment a group gets: the 999 (005010X231A1) when the partner's profile
 * asks for it and the group is 005010 (the 999 exists from 005010 on), else the 997.
 */
export function functionalAckKindOf(profile: Pick<PartnerProfile, 'acks'>, groupVersion: string): '997' | '999' {
  return profile.acks.implementation999 && groupVersion.trim().startsWith('005010') ? '999' : '997';
}

/** TA105 `025`: "Duplicate Interchange Control Number" (X12 element I18). */
export const TA1_DUPLICATE_CONTROL_NUMBER = '025';

interface RefusedSets {
  count: number;
  listed: { type: string; groupControlNumber: string; setControlNumber: string; key?: string }[];
}

export function interchangeReceiver(deps: ReceiveInterchangeDeps): (object: InboundObject) => Promise<void> {
  const obs = deps.telemetry;

  async function refuseFile(input: {
    partner: string;
    toPartner: boolean;
    file: SpooledFile;
    object: InboundObject;
    archiveKey: string;
    reason: string;
    interchanges: string[];
    diagnostics: Diagnostic[];
  }): Promise<void> {
    await deps.ledger.recordRejectedFile({
      schemaVersion: RECORD_SCHEMA_VERSION,
      partner: input.partner,
      sha256: input.file.sha256,
      archiveKey: input.archiveKey,
      sourceKey: input.object.key,
      receivedAt: input.object.eventTime,
      reason: input.reason,
      interchangeControlNumbers: input.interchanges,
    });
    const message: NotifyMessage = notifyMessage('interchange-rejected', {
      partner: input.partner,
      recipients: input.toPartner ? ['partner:edi', 'operations'] : ['operations'],
      idempotencyKey: `rejected/${input.partner}/${input.file.sha256}`,
      subject: { kind: 'file', partner: input.partner, sha256: input.file.sha256 },
      createdAt: input.object.eventTime,
      data: {
        reason: input.reason,
        facts: {
          File: input.object.key,
          'SHA-256': input.file.sha256,
          'Archived as': input.archiveKey,
          'Received at': input.object.eventTime,
          ...(input.interchanges.length ? { 'Interchange control numbers (ISA13)': input.interchanges.join(', ') } : {}),
        },
        diagnostics: diagnosticLines(input.diagnostics),
      },
    });
    await deps.notify.send([{ body: message }]);
    obs.count('InterchangesRejected');
    obs.warn('file refused', { reason: input.reason, key: input.object.key });
  }

  /** An outbound document inline, or as a claim check when its JSON would not fit a queue message (a 997 of thousands of sets). */
  async function outboundPayload(partner: string, idempotencyKey: string, document: OutboundDocument): Promise<OutboundMessage['payload']> {
    const json = JSON.stringify(document);
    if (Buffer.byteLength(json, 'utf8') <= INLINE_PAYLOAD_LIMIT_BYTES) return { kind: 'inline', document };
    const claim = await deps.archive.storeClaim(`claims/${partner}/${sha256Hex(idempotencyKey)}.json`, json);
    obs.count('ClaimChecksWritten');
    return { kind: 'claim', claim };
  }

  /** The same ISA13 as an interchange already claimed, with other content: a TA1 `R` 025 and an alert each. */
  async function refuseConflicts(
    conflicts: readonly { ix: InterchangeSummary; original: InterchangeRecord }[],
    at: { partner: string; profile: PartnerProfile; object: InboundObject; archiveKey: string; sha256: string },
  ): Promise<void> {
    const acks: QueuedMessage<OutboundMessage>[] = [];
    const alerts: QueuedMessage<NotifyMessage>[] = [];
    for (const { ix, original } of conflicts) {
      const sender = { qualifier: ix.senderQualifier.trim(), id: ix.senderId.trim() };
      const subject = { kind: 'interchange' as const, partner: at.partner, sender, interchangeControlNumber: ix.controlNumber };
      // Keyed by the refused bytes: the original's own TA1 (if any) keeps its key, a second conflicting file gets its own.
      const ta1 = interchangeAcknowledgmentOf({ ...ix, envelopeRejected: true, ta1NoteCode: TA1_DUPLICATE_CONTROL_NUMBER }, [], true)!;
      acks.push({
        body: {
          schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION,
          partner: at.partner,
          kind: 'TA1',
          idempotencyKey: `${interchangeAckKey(sender.qualifier, sender.id, ix.controlNumber)}/${at.sha256.slice(0, 16)}`,
          subject,
          createdAt: at.object.eventTime,
          payload: { kind: 'inline', document: ta1 },
        },
      });
      alerts.push({
        body: notifyMessage('interchange-rejected', {
          partner: at.partner,
          recipients: ['partner:edi', 'operations'],
          idempotencyKey: `conflict/${sender.qualifier}:${sender.id}/${ix.controlNumber}/${at.sha256}`,
          subject,
          createdAt: at.object.eventTime,
          data: {
            reason: `interchange control number ${ix.controlNumber} was already used by ${sender.qualifier}/${sender.id} for other content (TA1 note code ${TA1_DUPLICATE_CONTROL_NUMBER}); nothing in this interchange was processed — send it again with a new ISA13`,
            facts: {
              File: at.object.key,
              'Interchange control number (ISA13)': ix.controlNumber,
              'Archived as': at.archiveKey,
              'SHA-256': at.sha256,
              'First received as': original.sourceKey,
              'First received at': original.receivedAt,
              'First archived as': original.archiveKey,
            },
            diagnostics: [],
          },
        }),
      });
      obs.count('InterchangesRejected');
    }
    await deps.outbound.send(acks);
    await deps.notify.send(alerts);
  }

  async function toDocumentMessage(partner: string, sender: Sender, d: DocumentResult, archiveKey: string, receivedAt: string): Promise<DocumentMessage> {
    const document = InboundDocumentZ.parse(d.document);
    const source = {
      sender,
      interchangeControlNumber: d.interchangeControlNumber,
      groupControlNumber: d.groupControlNumber,
      setControlNumber: d.controlNumber,
      version: d.version,
      archiveKey,
      receivedAt,
    };
    const json = JSON.stringify(document);
    const base = {
      schemaVersion: DOCUMENT_MESSAGE_SCHEMA_VERSION,
      partner,
      type: document.type,
      source,
      ...(document.type !== '830' ? { purchaseOrderNumber: document.purchaseOrderNumber } : {}),
      ...(document.type === '830' && (document.referenceId ?? document.releaseNumber) ? { scheduleReference: document.referenceId ?? document.releaseNumber } : {}),
    } as const;
    if (Buffer.byteLength(json, 'utf8') <= INLINE_PAYLOAD_LIMIT_BYTES) return { ...base, payload: { kind: 'inline', document } };
    const causeId = documentCauseId({ source });
    const claim = await deps.archive.storeClaim(`claims/${partner}/${sha256Hex(causeId)}.json`, json);
    obs.count('ClaimChecksWritten');
    return { ...base, payload: { kind: 'claim', claim } };
  }

  async function ingestObject(object: InboundObject): Promise<void> {
    if (isShipmentsKey(object.key)) {
      if (!deps.shipments) throw new Error(`${object.key}: this ingest has no shipments loader configured`);
      const spooled = await deps.inbound.spool(object.bucket, object.key);
      try {
        const result = await loadShipments(deps.shipments, { file: object.key, text: await readFile(spooled.path, 'utf8') });
        obs.count(result.ok ? 'ShipmentFilesLoaded' : 'ShipmentFilesRefused');
      } finally {
        await spooled.dispose();
      }
      return;
    }
    if (isMasterDataKey(object.key)) {
      const spooled = await deps.inbound.spool(object.bucket, object.key);
      try {
        await loadMasterData(deps.masterData, { file: object.key, text: await readFile(spooled.path, 'utf8') });
      } finally {
        await spooled.dispose();
      }
      return;
    }
    const channel = channelPartnerOf(object.key);
    const profile = channel ? await deps.partners.get(channel) : undefined;
    const partner = profile?.id ?? UNKNOWN_PARTNER;
    const file = await deps.inbound.spool(object.bucket, object.key);
    try {
      const archiveKey = `${partner}/${object.eventTime.slice(0, 10)}/${file.sha256}`;
      await deps.archive.storeRaw(archiveKey, file);
      const refuse = (reason: string, toPartner: boolean, interchanges: string[] = [], diagnostics: Diagnostic[] = []) =>
        refuseFile({ partner, toPartner, file, object, archiveKey, reason, interchanges, diagnostics });

      if (!profile) return refuse(`no trading partner is set up for the inbound channel '${channel ?? object.key}'`, false);
      const maxBytes = deps.maxInboundBytes ?? DEFAULT_MAX_INBOUND_BYTES;
      if (file.size > maxBytes) return refuse(`the file is ${file.size} bytes, more than the ${maxBytes} bytes this deployment reads (EDI_MAX_INBOUND_BYTES)`, true);

      // The partner's inbound guide joins the dictionary checks on both reads, so the 997 (first
      // read) and what is processed (second read) agree (README, "Implementation guides").
      const checkSet = inboundGuideCheck(profile);
      const readOptions = checkSet ? { checkSet } : {};
      let envelopes: TranslationResult;
      // The sets of each interchange, kept only as far as a refusal names them (bounded).
      const setsByInterchange = new Map<string, RefusedSets>();
      const noteSet = (d: DocumentResult) => {
        let sets = setsByInterchange.get(d.interchangeControlNumber);
        if (!sets) setsByInterchange.set(d.interchangeControlNumber, (sets = { count: 0, listed: [] }));
        sets.count++;
        const key = d.purchaseOrderNumber ?? d.shipmentId;
        if (sets.listed.length < MAX_LISTED_REFUSED_SETS) sets.listed.push({ type: d.type, groupControlNumber: d.groupControlNumber, setControlNumber: d.controlNumber, ...(key ? { key } : {}) });
      };
      try {
        envelopes = await deps.readX12(file.path, noteSet, readOptions);
      } catch (error) {
        if (error instanceof NotX12Error || (error as Error).name === 'NotX12Error') return refuse(`the file is not X12: ${(error as Error).message}`, true);
        throw error;
      }
      if (envelopes.interchanges.length === 0) return refuse('the file holds no readable interchange (ISA … IEA)', true, [], envelopes.diagnostics);
      // The reader keeps a bounded number of interchange summaries (memory flat in file size): a
      // file with more is refused whole, never read in part.
      if (envelopes.omittedInterchanges) {
        const total = envelopes.interchanges.length + envelopes.omittedInterchanges;
        return refuse(`the file holds ${total} interchanges, more than the ${envelopes.interchanges.length} one file may carry; send them in several files`, true, envelopes.interchanges.slice(0, 10).map((i) => i.controlNumber));
      }
      const mismatches = senderMismatches(profile, envelopes.interchanges);
      if (mismatches.length > 0) {
        return refuse(`sender ids do not match partner ${profile.id}: ${mismatches.join('; ')}`, true, envelopes.interchanges.map((i) => i.controlNumber), envelopes.diagnostics);
      }

      // 3. claim each interchange (sender + ISA13); copies inside one file count as duplicates too.
      const fresh = new Map<string, InterchangeSummary>();
      const claimed = new Map<string, InterchangeRecord>();
      const conflicts: { ix: InterchangeSummary; original: InterchangeRecord }[] = [];
      const seen = new Set<string>();
      for (const ix of envelopes.interchanges) {
        const sender = { qualifier: ix.senderQualifier.trim(), id: ix.senderId.trim() };
        const duplicate = async (contentDiffers: boolean) => {
          await deps.ledger.recordDuplicate({
            schemaVersion: RECORD_SCHEMA_VERSION,
            partner,
            sender,
            interchangeControlNumber: ix.controlNumber,
            sourceKey: object.key,
            sha256: file.sha256,
            receivedAt: object.eventTime,
            ...(contentDiffers ? { contentDiffers: true } : {}),
          });
          obs.count(contentDiffers ? 'InterchangesConflicting' : 'InterchangesDuplicate');
          obs.info(contentDiffers ? 'interchange control number re-used with other content: refused' : 'duplicate interchange ignored', { isa13: ix.controlNumber });
        };
        if (seen.has(ix.controlNumber)) {
          await duplicate(false);
          continue;
        }
        seen.add(ix.controlNumber);
        const refusedSets = ix.envelopeRejected ? (setsByInterchange.get(ix.controlNumber) ?? { count: 0, listed: [] }) : undefined;
        const record: InterchangeRecord = {
          schemaVersion: RECORD_SCHEMA_VERSION,
          partner,
          sender,
          interchangeControlNumber: ix.controlNumber,
          state: ix.envelopeRejected ? 'rejected' : 'received',
          archiveKey,
          sha256: file.sha256,
          sourceKey: object.key,
          receivedAt: object.eventTime,
          groups: ix.groups.length,
          ...(ix.envelopeRejected ? { rejection: `TA1 note ${ix.ta1NoteCode}`, refusedSets } : {}),
        };
        const claim = await deps.ledger.claim(record);
        // The same object again: a retry of a run that stopped before 5 resumes it; once queued, only
        // a re-announcement after the queues holding its messages were lost does (schemas/messages/inbound-event.ts).
        const resumed = claim.outcome === 'existing' && claim.record.sha256 === file.sha256 && claim.record.sourceKey === object.key && (claim.record.state !== 'queued' || object.resume === true);
        if (claim.outcome === 'new' || resumed) {
          fresh.set(ix.controlNumber, ix);
          claimed.set(ix.controlNumber, claim.outcome === 'new' ? record : claim.record);
        } else if (claim.outcome === 'existing' && claim.record.sha256 !== file.sha256) {
          // X12.5: an ISA13 is unique per sender. Other bytes under a used number are not a re-send
          // (a corrected file must carry a new ISA13): refused, recorded and told, never dropped.
          await duplicate(true);
          conflicts.push({ ix, original: claim.record });
        } else await duplicate(false);
      }
      if (conflicts.length > 0) await refuseConflicts(conflicts, { partner, profile, object, archiveKey, sha256: file.sha256 });
      if (fresh.size === 0) return;

      // 4a. one message per accepted 850/860/830, in order, in batches — only what the 997 accepts:
      // a set of a group its 997 rejects (AK901 R, e.g. a GE01 count that does not match) is not processed.
      // (Two groups under one GS06 cannot be told apart here: their sets are skipped only when both
      // are rejected, so an accepted set is never lost.)
      const rejectedGroups = new Set<string>();
      const acceptedGroups = new Set<string>();
      for (const ix of fresh.values()) {
        for (const g of ix.groups) (g.acknowledgment.status === 'R' ? rejectedGroups : acceptedGroups).add(`${ix.controlNumber}/${g.controlNumber}`);
      }
      for (const key of acceptedGroups) rejectedGroups.delete(key);
      let pending: QueuedMessage<DocumentMessage>[] = [];
      let queued = 0;
      const forwarded = new Set<string>();
      const flush = async () => {
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        if (!deps.refusedSets) {
          await deps.documents.send(batch);
          queued += batch.length;
          return;
        }
        const report = await deps.documents.sendEach(batch);
        const refused = new Set(report.refused ?? []);
        const transient = report.failed.filter((i) => !refused.has(i));
        // Not accepted for now (throttling, an outage): the file is retried; the accepted sets carry deduplication ids.
        if (transient.length) throw new Error(`${transient.length} set(s) of ${object.key} not queued; the file is retried`, { cause: report.error });
        for (const i of refused) {
          const entry = batch[i];
          if (entry) await refuseSet(entry.body, report.error);
        }
        queued += batch.length - refused.size;
      };
      const refuseSet = async (message: DocumentMessage, error: unknown) => {
        const po = message.purchaseOrderNumber;
        const s = message.source;
        await deadLetterMessage(
          { ...deps.refusedSets!, telemetry: obs },
          {
            stage: 'ingest',
            record: { messageId: sha256Hex(documentCauseId(message)), body: JSON.stringify(message), receiveCount: 1 },
            reason: `the documents queue refused the ${message.type} set ${s.setControlNumber}${po ? ` of PO ${po}` : ''}${error instanceof Error ? ` (${error.message.split('\n')[0]})` : ''}; the other sets of the file went on`,
            facts: {
              subject: po ? { kind: 'order', partner, purchaseOrderNumber: po } : { kind: 'interchange', partner, sender: s.sender, interchangeControlNumber: s.interchangeControlNumber },
              cause: causeOfInboundSet(message),
              facts: { File: object.key, Document: message.type, 'Interchange control number (ISA13)': s.interchangeControlNumber, 'Set control number (ST02)': s.setControlNumber, 'Archived as': archiveKey },
            },
          },
        );
        obs.count('SetsRefusedByQueue');
      };
      await deps.readX12(file.path, async (d) => {
        const ix = fresh.get(d.interchangeControlNumber);
        if (!ix || ix.envelopeRejected) return;
        const setKey = `${d.interchangeControlNumber}/${d.groupControlNumber}/${d.controlNumber}`;
        if (forwarded.has(setKey)) return;
        forwarded.add(setKey);
        if (d.document?.type === '997') {
          // A partner's acknowledgment of our documents (a 997, or a 999 read to the same
          // document): reconciled here, not processed further.
          await reconcilePartnerAck(
            { sentDocuments: deps.sentDocuments, notify: deps.notify, telemetry: obs },
            { partner, acknowledgment: { kind: d.type.trim() === IMPLEMENTATION_ACK_SET ? '999' : '997', document: d.document }, receivedAt: object.eventTime, interchangeControlNumber: ix.controlNumber, archiveKey, sha256: file.sha256, desk: deskOf(profile) },
          );
          obs.count('PartnerAcksReceived');
          return;
        }
        if (!d.supported || !FORWARDED_TYPES.has(d.type) || !d.document) return;
        if (!d.accepted || rejectedGroups.has(`${d.interchangeControlNumber}/${d.groupControlNumber}`)) {
          obs.count('SetsRejected');
          return;
        }
        const message = await toDocumentMessage(partner, { qualifier: ix.senderQualifier.trim(), id: ix.senderId.trim() }, d, archiveKey, object.eventTime);
        pending.push({ body: message, groupId: documentGroupId(message), deduplicationId: sha256Hex(documentCauseId(message)) });
        obs.count(`Received${d.type}`);
        if (pending.length >= 10) await flush();
      }, readOptions);
      await flush();

      // 4a'. the partner's TA1s of our interchanges (TA101 = our ISA13): reconciled like its 997s.
      for (const ix of fresh.values()) {
        if (ix.envelopeRejected) continue;
        for (const ta1 of ix.receivedTa1s) {
          await reconcilePartnerAck(
            { sentDocuments: deps.sentDocuments, notify: deps.notify, telemetry: obs },
            { partner, acknowledgment: { kind: 'TA1', interchangeControlNumber: ta1.controlNumber, acknowledgmentCode: ta1.acknowledgmentCode, noteCode: ta1.noteCode }, receivedAt: object.eventTime, interchangeControlNumber: ix.controlNumber, archiveKey, sha256: file.sha256, desk: deskOf(profile) },
          );
          obs.count('PartnerAcksReceived');
        }
      }

      // 4b. acknowledgments: a 997 per group of an accepted interchange, a TA1 where one is owed.
      const acks: QueuedMessage<OutboundMessage>[] = [];
      const alerts: QueuedMessage<NotifyMessage>[] = [];
      for (const ix of fresh.values()) {
        const sender = { qualifier: ix.senderQualifier.trim(), id: ix.senderId.trim() };
        const subject = { kind: 'interchange' as const, partner, sender, interchangeControlNumber: ix.controlNumber };
        // A rejected interchange is not processed, so no 997 may tell the partner its groups were accepted.
        if (profile.acks.functional997 && !ix.envelopeRejected) {
          for (const g of ix.groups) {
            const idempotencyKey = functionalAckKey(sender.qualifier, sender.id, ix.controlNumber, g.controlNumber);
            acks.push({
              body: {
                schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION,
                partner,
                kind: functionalAckKindOf(profile, g.version),
                idempotencyKey,
                subject,
                createdAt: object.eventTime,
                payload: await outboundPayload(partner, idempotencyKey, g.acknowledgment),
              },
            });
          }
        }
        const ta1 = interchangeAcknowledgmentOf(ix, envelopes.diagnostics, profile.acks.ta1);
        if (ta1) {
          acks.push({
            body: {
              schemaVersion: OUTBOUND_MESSAGE_SCHEMA_VERSION,
              partner,
              kind: 'TA1',
              idempotencyKey: interchangeAckKey(sender.qualifier, sender.id, ix.controlNumber),
              subject,
              createdAt: object.eventTime,
              payload: { kind: 'inline', document: ta1 },
            },
          });
        }
        if (ix.envelopeRejected) {
          const refused = claimed.get(ix.controlNumber)?.refusedSets ?? setsByInterchange.get(ix.controlNumber) ?? { count: 0, listed: [] };
          alerts.push({
            body: notifyMessage('interchange-rejected', {
              partner,
              recipients: ['partner:edi', 'operations'],
              idempotencyKey: `rejected/${sender.qualifier}:${sender.id}/${ix.controlNumber}`,
              subject,
              createdAt: object.eventTime,
              data: {
                reason: `the interchange envelope is not valid (TA1 note code ${ix.ta1NoteCode}); none of its ${refused.count} transaction set(s) was processed and no 997 was sent`,
                facts: {
                  File: object.key,
                  'Interchange control number (ISA13)': ix.controlNumber,
                  'Archived as': archiveKey,
                  'Refused transaction sets': refusedSetsText(refused),
                },
                diagnostics: diagnosticLines(envelopes.diagnostics.filter((x) => x.interchangeControlNumber === undefined || x.interchangeControlNumber === ix.controlNumber)),
              },
            }),
          });
          obs.count('InterchangesRejected');
          obs.count('SetsRefused', refused.count);
        }
      }
      if (acks.length) await deps.outbound.send(acks);
      if (alerts.length) await deps.notify.send(alerts);
      obs.count('AcksQueued', acks.length);

      // 5. done.
      for (const ix of fresh.values()) {
        const record = claimed.get(ix.controlNumber);
        if (!ix.envelopeRejected && record) await deps.ledger.markQueued(record, queued);
      }
      obs.count('InterchangesAccepted', [...fresh.values()].filter((i) => !i.envelopeRejected).length);
      obs.info('file ingested', { key: object.key, interchanges: fresh.size, documentsQueued: queued });
    } finally {
      await file.dispose();
    }
  }

  return ingestObject;
}
