/**
 * The planning shell reads the item master and a partner's forecast once per process batch
 * (`withSnapshot`), not once per order; outside a batch nothing is cached.
 */
import { describe, expect, it } from 'vitest';
import { createPlanningService } from '#functions/planning/planning-service.ts';
import type { PlanningStore } from '#functions/ports/planning-store.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerForecast } from '#schemas/records/planning-records.ts';
import { FakeClock, FakeOrderStore, FakePartners, FakeQueue } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';

function countingStore(items: Item[]) {
  const calls = { listItems: 0, getPartnerForecast: 0 };
  let forecast: PartnerForecast | undefined;
  const store = {
    async listItems() {
      calls.listItems += 1;
      return items;
    },
    async getPartnerForecast() {
      calls.getPartnerForecast += 1;
      return forecast;
    },
    async putPartnerForecast(record: PartnerForecast) {
      forecast = record;
    },
  } as unknown as PlanningStore;
  return { store, calls, setForecast: (f: PartnerForecast) => (forecast = f) };
}

const item = { vendorPart: 'KPC-1', description: 'x', unitOfMeasure: 'EA', buyerParts: {} } as unknown as Item;

function service(store: PlanningStore) {
  return createPlanningService({ partners: new FakePartners(testPartner()), store, orders: new FakeOrderStore(), notify: new FakeQueue(), outbound: new FakeQueue(), clock: new FakeClock() });
}

describe('planning snapshot per batch', () => {
  it('reads the item master once per batch, and again in the next batch', async () => {
    const t = countingStore([item]);
    const s = service(t.store);
    await s.withSnapshot(async () => {
      for (let i = 0; i < 10; i++) await s.items();
    });
    expect(t.calls.listItems).toBe(1);
    await s.withSnapshot(() => s.items());
    expect(t.calls.listItems).toBe(2);
    await s.items();
    expect(t.calls.listItems).toBe(3);
  });
});
