/**
 * The process stage reads the item master and a partner's forecast once per batch
 * (`BatchReadCache.run`), not once per order; outside a batch nothing is cached.
 */
import { describe, expect, it } from 'vitest';
import { BatchReadCache } from '#functions/adapters/batch-read-cache.ts';
import { FakePlanningStore } from '../support/fakes/index.ts';
import { testItem } from '../support/partners.ts';

function countingStore() {
  const store = new FakePlanningStore();
  const calls = { listItems: 0, getPartnerForecast: 0 };
  const listItems = store.listItems.bind(store);
  const getPartnerForecast = store.getPartnerForecast.bind(store);
  store.listItems = async () => {
    calls.listItems += 1;
    return listItems();
  };
  store.getPartnerForecast = async (partner) => {
    calls.getPartnerForecast += 1;
    return getPartnerForecast(partner);
  };
  return { store, calls };
}

describe('planning snapshot per batch', () => {
  it('reads the item master once per batch, and again in the next batch', async () => {
    const t = countingStore();
    await t.store.putItems([testItem('KPC-1')]);
    const s = new BatchReadCache(t.store);
    await s.run(async () => {
      for (let i = 0; i < 10; i++) await s.listItems();
    });
    expect(t.calls.listItems).toBe(1);
    await s.run(() => s.listItems());
    expect(t.calls.listItems).toBe(2);
    await s.listItems();
    expect(t.calls.listItems).toBe(3);
  });

  it('serves a forecast the batch wrote without reading it back, and forgets it after the batch', async () => {
    const t = countingStore();
    const s = new BatchReadCache(t.store);
    const forecast = { schemaVersion: 1 as const, partnerId: 'ACME', entries: [], causeId: 'c', at: '2025-01-02T00:00:00Z' };
    await s.run(async () => {
      expect(await s.getPartnerForecast('ACME')).toBeUndefined();
      await s.putPartnerForecast(forecast);
      expect(await s.getPartnerForecast('ACME')).toEqual(forecast);
    });
    expect(t.calls.getPartnerForecast).toBe(1);
    expect(await s.getPartnerForecast('ACME')).toEqual(forecast);
    expect(t.calls.getPartnerForecast).toBe(2);
  });
});
