/**
 * Master data loads (partner profiles, the item master, supply plans; JSON or CSV) through one
 * use case, whether the file came through the inbound bucket's `master/` or `supply/` prefix or
 * from `edi load FILE`: 1 parse all of it (the domain's loaders: a bad row is an error naming
 * file, row and field); 2 all or nothing — store every record, or record the refusal and email
 * operations, applying nothing; 3 a supply-plan load goes on each item's history and recomputes
 * the delay risk of its items.
 */
import { basename } from 'node:path';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { loadItems, loadPartnerProfiles, loadSupplyPlans, type MasterDataError } from '#domain/planning/index.ts';
import type { PartnerProfiles } from '#functions/ports/partner-directory.ts';
import type { ItemMaster, MasterDataErrors, SupplyPlans } from '#functions/ports/planning-store.ts';
import { notifyMessage } from '#schemas/messages/notify-message.ts';
import { RECORD_SCHEMA_VERSION } from '#schemas/records/records.ts';
import { recomputeDelayRisk, type RecomputeDelayRiskDeps } from './recompute-delay-risk.ts';
import { recordSupplyLoad } from './record-item-event.ts';

export type MasterDataKind = 'partners' | 'items' | 'supply';

export type LoadMasterDataDeps = RecomputeDelayRiskDeps & {
  profiles: Pick<PartnerProfiles, 'put'>;
  items: ItemMaster;
  supply: SupplyPlans;
  masterErrors: MasterDataErrors;
};

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

export async function loadMasterData(deps: LoadMasterDataDeps, input: { file: string; text: string; kind?: MasterDataKind }): Promise<MasterDataLoadResult> {
  const kind = input.kind ?? masterDataKindOf(input.file);
  const at = deps.clock.now().toISOString();
  const source = { file: input.file, text: input.text };
  let result: MasterDataLoadResult;
  if (!kind) {
    result = { ok: false, kind, file: input.file, errors: [{ file: input.file, row: 0, field: '(file)', message: 'cannot tell what the file holds: name it partners…, items… or supply… (or put it under supply/)' }] };
  } else if (kind === 'partners') {
    const loaded = loadPartnerProfiles(source);
    if (loaded.ok) {
      for (const profile of loaded.records) await deps.profiles.put(profile);
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed: [] };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  } else if (kind === 'items') {
    const loaded = loadItems(source);
    if (loaded.ok) {
      await deps.items.putItems(loaded.records, input.file, at);
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed: [] };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  } else {
    const known = (await deps.items.listItems()).map((i) => i.vendorPart);
    const loaded = loadSupplyPlans(source, known.length ? known : undefined);
    if (loaded.ok) {
      await deps.supply.putSupplyPlans(loaded.records, input.file, at);
      await recordSupplyLoad(deps, input.file, input.text, loaded.records, at);
      const recomputed = (await recomputeDelayRisk(deps, loaded.records.map((p) => p.item))).map((r) => r.item);
      result = { ok: true, kind, file: input.file, records: loaded.records.length, recomputed };
    } else result = { ok: false, kind, file: input.file, errors: loaded.errors };
  }
  if (!result.ok) await reportRefusal(deps, result, input.text, at);
  return result;
}

async function reportRefusal(deps: LoadMasterDataDeps, result: Extract<MasterDataLoadResult, { ok: false }>, text: string, at: string): Promise<void> {
  const sha256 = sha256Hex(text);
  await deps.masterErrors.recordMasterDataError({ schemaVersion: RECORD_SCHEMA_VERSION, file: result.file, kind: result.kind ?? 'unknown', sha256, at, errors: result.errors.slice(0, 200) });
  const first = result.errors[0];
  await deps.notify.send([
    {
      body: notifyMessage('master-data-rejected', {
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
      }),
    },
  ]);
}

/** One line per problem: `file:row:field: message`. */
export function formatMasterDataErrors(errors: readonly MasterDataError[]): string {
  return errors.map((e) => `${e.file}:${e.row}:${e.field}: ${e.message}`).join('\n');
}
