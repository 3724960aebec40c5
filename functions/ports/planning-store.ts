/**
 * What planning reads and writes besides orders, as small ports a use case takes one by one:
 * item master, supply plans, resolved forecasts, open demand by item, delay state per item, P1
 * escalations and refused master-data files. Writes that decide something are conditional on a
 * version (dynalite has no transactions). One DynamoDB adapter implements them all.
 */
import type { ForecastEntry } from '#domain/planning/forecast.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { SupplyPlan } from '#schemas/master-data/supply-plan.ts';
import type { DelayStateRecord, EscalationRecord, MasterDataErrorRecord, PartnerForecast } from '#schemas/records/planning-records.ts';
import type { DemandLine } from '#schemas/records/records.ts';

export type VersionedPut = 'written' | 'conflict';

export interface ItemMaster {
  putItems(items: readonly Item[], source: string, at: string): Promise<void>;
  listItems(): Promise<Item[]>;
}

export interface SupplyPlans {
  putSupplyPlans(plans: readonly SupplyPlan[], source: string, at: string): Promise<void>;
  getSupplyPlan(item: string): Promise<SupplyPlan | undefined>;
  listSupplyPlans(): Promise<SupplyPlan[]>;
}

/** Each partner's latest 830, resolved to our vendor parts. */
export interface PartnerForecasts {
  getPartnerForecast(partner: string): Promise<PartnerForecast | undefined>;
  putPartnerForecast(record: PartnerForecast): Promise<void>;
}

export interface OpenDemand {
  /** Open order lines of an item (access pattern 5). */
  openDemand(item: string): Promise<DemandLine[]>;
}

export interface DelayStates {
  getDelayState(item: string): Promise<DelayStateRecord | undefined>;
  /** Writes version `record.version` if the stored one is `record.version - 1` (or absent for 1). */
  putDelayState(record: DelayStateRecord): Promise<VersionedPut>;
}

export interface Escalations {
  getEscalation(partner: string, purchaseOrderNumber: string, lineNumber: string): Promise<EscalationRecord | undefined>;
  listEscalations(partner: string, purchaseOrderNumber: string): Promise<EscalationRecord[]>;
  putEscalation(record: EscalationRecord): Promise<VersionedPut>;
}

export interface MasterDataErrors {
  recordMasterDataError(record: MasterDataErrorRecord): Promise<void>;
}

/** Everything above: what the one DynamoDB adapter and the in-memory fake implement. */
export type PlanningStore = ItemMaster & SupplyPlans & PartnerForecasts & OpenDemand & DelayStates & Escalations & MasterDataErrors;

export type { ForecastEntry };
