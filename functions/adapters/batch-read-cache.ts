/**
 * A read snapshot per process batch: the item master and each partner's forecast are read once
 * per batch instead of once per order. A forecast the batch itself writes (an 830 before an 850
 * of the same partner in one batch) replaces the cached one at once; nothing outlives the batch,
 * and outside a batch every call goes to the store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ItemMaster, PartnerForecasts } from '#functions/ports/planning-store.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerForecast } from '#schemas/records/planning-records.ts';

interface Snapshot {
  items?: Promise<Item[]>;
  forecasts: Map<string, Promise<PartnerForecast | undefined>>;
}

export class BatchReadCache implements Pick<ItemMaster, 'listItems'>, PartnerForecasts {
  private readonly snapshots = new AsyncLocalStorage<Snapshot>();

  constructor(private readonly store: Pick<ItemMaster, 'listItems'> & PartnerForecasts) {}

  /** Runs `work` (one batch) with its own snapshot. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.snapshots.run({ forecasts: new Map() }, work);
  }

  listItems(): Promise<Item[]> {
    const snapshot = this.snapshots.getStore();
    if (!snapshot) return this.store.listItems();
    snapshot.items ??= this.remember(this.store.listItems(), () => delete snapshot.items);
    return snapshot.items;
  }

  getPartnerForecast(partner: string): Promise<PartnerForecast | undefined> {
    const snapshot = this.snapshots.getStore();
    if (!snapshot) return this.store.getPartnerForecast(partner);
    let hit = snapshot.forecasts.get(partner);
    if (!hit) {
      hit = this.remember(this.store.getPartnerForecast(partner), () => snapshot.forecasts.delete(partner));
      snapshot.forecasts.set(partner, hit);
    }
    return hit;
  }

  async putPartnerForecast(record: PartnerForecast): Promise<void> {
    const snapshot = this.snapshots.getStore();
    // Whatever happens below, the snapshot must not serve the forecast from before this write.
    snapshot?.forecasts.delete(record.partnerId);
    await this.store.putPartnerForecast(record);
    snapshot?.forecasts.set(record.partnerId, Promise.resolve(record));
  }

  /** A failed read is not cached: the next call reads again. */
  private remember<T>(loading: Promise<T>, forget: () => void): Promise<T> {
    loading.catch(forget);
    return loading;
  }
}
