/**
 * Loading master data (issue item 1–2): partner profiles, the item master and supply plans, from
 * JSON or CSV, through one function whether the file came through the inbound bucket's `master/`
 * or `supply/` prefix or from `edi load FILE`. All or nothing: a bad row is an error naming file,
 * row and field, the file is recorded as refused and operations gets an email; nothing from it is
 * applied. A supply-plan load recomputes PAB (and the delay levels) of the items it names.
 */
import { basename } from 'node:path';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { loadItems, loadPartnerProfiles, loadSupplyPlans, type MasterDataError } from '#domain/planning/index.ts';
import type { Clock } from '#functions/ports/clock.ts';
import type { PlanningStore } from '#functions/ports/planning-store.ts';
import type { NotifyQueue } from '#functions/ports/stage-queue.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { NOTIFY_MESSAGE_SCHEMA_VERSION } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import type { PlanningService } from './planning-service.ts';

export type MasterDataKind = 'partners' | 'items' | 'supply';

export interface MasterDataLoaderDeps {
  store: PlanningStore;
  putPartner(profile: PartnerProfile): Promise<void>;
  notify: NotifyQueue;
  clock: Clock;
  /** Recomputes PAB after a supply-plan load; optional (items only stored when absent). */
  planning?: Pick<PlanningService, 'recomputeItems'>;
}

export type MasterDataLoadResult =
  | { ok: true; kind: MasterDataKind; file: string; records: number; recomputed: string[] }
  | { ok: false; kind: MasterDataKind | undefined; file: string; errors: MasterDataError[] };

/**
 * What a file holds, from its key or name: `supply/…` or a name with `supply` → supply plans;
 * a name with `partner` → partner profiles; a name with `item` → the item master.
 */
export function masterDataKindOf(key: string): MasterDataKind | undefined {
  const lower = key.toLowerCase();
  const name = basename(lower);
  if (lower.startsWith('supply/') || name.includes('supply')) return 'supply';
  if (name.includes('partner')) return 'partners';
  if (name.includes('item')) return 'items';
  return undefined;
}

/** Inbound keys routed to the master-data loader instead of the X12 reader. */
export function isMasterDataKey(key: string): boolean {
  return key.startsWith('master/') || key.startsWith('supply/');
}

export async function loadMasterData(input: { file: string; text: string; kind?: MasterDataKind }, deps: MasterDataLoaderDeps): Promise<MasterDataLoadResult> {
  const kind = input.kind ?? masterDataKindOf(input.file);
  const at = deps.clock.now().toISOString();
  const source = { file: input.file, text: input.text };
  let result: MasterDataLoadResult;
  if (!kind) {
    result = { ok: false, kind, file: input.file, errors: [{ file: input.file, row: 0, field: '(file)', message: 'cannot tell what the file holds: name it partners…, items… or supply… (or put it under supply/)' }] };
  } else if (kind === 'partners') {
    const loaded = loadPartnerProfiles(source);
    if (loaded.ok) {
      for (const profile of loaded.records) await deps.putPartner(profile);
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed: [] };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  } else if (kind === 'items') {
    const loaded = loadItems(source);
    if (loaded.ok) {
      await deps.store.putItems(loaded.records, input.file, at);
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed: [] };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  } else {
    const known = (await deps.store.listItems()).map((i) => i.vendorPart);
    const loaded = loadSupplyPlans(source, known.length ? known : undefined);
    if (loaded.ok) {
      await deps.store.putSupplyPlans(loaded.records, input.file, at);
      const items = loaded.records.map((p) => p.item);
      const recomputed = deps.planning ? (await deps.planning.recomputeItems(items)).map((r) => r.item) : [];
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  }
  if (!result.ok) await reportRefusal(result, input.text, at, deps);
  return result;
}

async function reportRefusal(result: Extract<MasterDataLoadResult, { ok: false }>, text: string, at: string, deps: MasterDataLoaderDeps): Promise<void> {
  const sha256 = sha256Hex(text);
  await deps.store.recordMasterDataError({ schemaVersion: RECORD_SCHEMA_VERSION, file: result.file, kind: result.kind ?? 'unknown', sha256, at, errors: result.errors.slice(0, 200) });
  const first = result.errors[0];
  await deps.notify.send([
    {
      body: {
        schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION,
        template: 'master-data-rejected',
        partner: '_master',
        recipients: ['operations'],
        idempotencyKey: `master-data-rejected/${sha256}`,
        subject: { kind: 'file', partner: '_master', sha256 },
        createdAt: at,
        data: {
          reason: `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} in ${result.file}${first ? `, first: row ${first.row}, field ${first.field}: ${first.message}` : ''}. Nothing from the file was applied.`,
          facts: { File: result.file, Kind: result.kind ?? 'unknown', 'SHA-256': sha256, Problems: String(result.errors.length) },
          diagnostics: result.errors.slice(0, 200).map((e) => ({ severity: 'error', code: e.field, message: `${e.file} row ${e.row}, field ${e.field}: ${e.message}` })),
        },
      },
    },
  ]);
}

/** One line per problem: `file:row:field: message`. */
export function formatMasterDataErrors(errors: readonly MasterDataError[]): string {
  return errors.map((e) => `${e.file}:${e.row}:${e.field}: ${e.message}`).join('\n');
}
