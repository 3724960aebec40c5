import type { ForecastEntry } from '#domain/planning/forecast.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import type { DelayStateRecord, EscalationRecord, MasterDataErrorRecord, PartnerForecast } from '#schemas/records/planning-records.ts';
import type { DemandLine } from '#schemas/records/records.ts';

export type VersionedPut = 'written' | 'conflict';

/**
 * What the planning shell reads and writes besides orders: item master, supply plans, resolved
 * forecasts, open demand by item, delay state per item, P1 escalations, refused master-data files.
 * Writes that decide something are conditional on a version (no transactions in dynalite).
 */
export interface PlanningStore {
  putItems(items: readonly Item[], source: string, at: string): Promise<void>;
  listItems(): Promise<Item[]>;
  putSupplyPlans(plans: readonly SupplyPlan[], source: string, at: string): Promise<void>;
  getSupplyPlan(item: string): Promise<SupplyPlan | undefined>;
  listSupplyPlans(): Promise<SupplyPlan[]>;
  getPartnerForecast(partner: string): Promise<PartnerForecast | undefined>;
  putPartnerForecast(record: PartnerForecast): Promise<void>;
  /** Open order lines of an item (access pattern 5). */
  openDemand(item: string): Promise<DemandLine[]>;
  getDelayState(item: string): Promise<DelayStateRecord | undefined>;
  /** Writes version `record.version` if the stored one is `record.version - 1` (or absent for 1). */
  putDelayState(record: DelayStateRecord): Promise<VersionedPut>;
  getEscalation(partner: string, purchaseOrderNumber: string, lineNumber: string): Promise<EscalationRecord | undefined>;
  listEscalations(partner: string, purchaseOrderNumber: string): Promise<EscalationRecord[]>;
  putEscalation(record: EscalationRecord): Promise<VersionedPut>;
  recordMasterDataError(record: MasterDataErrorRecord): Promise<void>;
}

export type { ForecastEntry };
