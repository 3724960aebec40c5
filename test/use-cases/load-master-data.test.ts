import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { formatMasterDataErrors, isMasterDataKey, loadMasterData, masterDataKindOf } from '#functions/use-cases/load-master-data.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { alertData, fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';
import { testPartner } from '../support/partners.ts';

const ITEMS_CSV = [
  'vendorPart,description,unitOfMeasure,leadTimeDays,safetyStock,planner.name,planner.email,escalation.owner.name,escalation.owner.email,escalation.manager.name,escalation.manager.email,escalation.director.name,escalation.director.email,escalation.vp.name,escalation.vp.email',
  'ITEM-1,Bracket,EA,5,10,Pat Planner,pat@supplier.example,Olive Owner,olive@supplier.example,Mo Manager,mo@supplier.example,Di Director,di@supplier.example,Vi President,vi@supplier.example',
  'ITEM-2,Bolt,EA,5,0,Pat Planner,pat@supplier.example,Olive Owner,olive@supplier.example,Mo Manager,mo@supplier.example,Di Director,di@supplier.example,Vi President,vi@supplier.example',
].join('\n');

const SUPPLY_CSV = ['item,onHand,weekStart,mps,receipts', 'ITEM-1,0,2025-02-24,0,0', 'ITEM-2,500,2025-02-24,0,0'].join('\n');

describe('loadMasterData', () => {
  it('stores every partner profile of a JSON file', async () => {
    // Prepare
    const desk = fakeDesk();
    const text = JSON.stringify({ schemaVersion: 1, partners: [testPartner(), testPartner({ id: 'BOLT', isa: { qualifier: 'ZZ', id: 'BOLTBUYER' }, gsId: 'BOLTBUYER' })] });
    // Act
    const result = await loadMasterData(desk, { file: 'master/partners.json', text });
    // Assess
    expect(result).toEqual({ ok: true, kind: 'partners', file: 'master/partners.json', records: 2, recomputed: [] });
    expect([...desk.partners.profiles.keys()]).toEqual(['ACME', 'BOLT']);
    expect(desk.partners.profiles.get('BOLT')?.isa.id).toBe('BOLTBUYER');
  });

  it('stores the item master of a CSV file', async () => {
    // Prepare
    const desk = fakeDesk();
    // Act
    const result = await loadMasterData(desk, { file: 'master/items.csv', text: ITEMS_CSV });
    // Assess
    expect(result).toMatchObject({ ok: true, kind: 'items', records: 2 });
    expect((await desk.store.listItems()).map((i) => [i.vendorPart, i.leadTimeDays, i.safetyStock, i.escalation.vp.email])).toEqual([
      ['ITEM-1', 5, 10, 'vi@supplier.example'],
      ['ITEM-2', 5, 0, 'vi@supplier.example'],
    ]);
  });

  it('applies nothing from a file with one bad row, records the refusal and emails operations with file, row and field', async () => {
    // Prepare
    const desk = fakeDesk();
    const text = ITEMS_CSV.replace('ITEM-2,Bolt,EA,5,0', 'ITEM-2,Bolt,EA,five,0');
    // Act
    const result = await loadMasterData(desk, { file: 'master/items.csv', text });
    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.errors).toEqual([expect.objectContaining({ file: 'master/items.csv', row: 3, field: 'leadTimeDays' })]);
    expect(await desk.store.listItems()).toEqual([]);
    expect(desk.store.masterErrors).toEqual([
      { schemaVersion: 1, file: 'master/items.csv', kind: 'items', sha256: sha256Hex(text), at: '2025-01-02T03:04:05.000Z', errors: result.ok ? [] : result.errors },
    ]);
    const [alert] = desk.notify.bodies();
    expect(alert).toMatchObject({ template: 'master-data-rejected', recipients: ['operations'], idempotencyKey: `master-data-rejected/${sha256Hex(text)}` });
    expect(alertData(alert)?.reason).toMatch(/^1 problem in master\/items\.csv, first: row 3, field leadTimeDays: .+\. Nothing from the file was applied\.$/);
  });

  it('refuses a file whose name does not say what it holds', async () => {
    // Prepare
    const desk = fakeDesk();
    // Act
    const result = await loadMasterData(desk, { file: 'master/stuff.csv', text: ITEMS_CSV });
    // Assess
    expect(result).toMatchObject({ ok: false, kind: undefined, errors: [{ row: 0, field: '(file)' }] });
    expect(await desk.store.listItems()).toEqual([]);
    expect(desk.store.masterErrors.map((e) => e.kind)).toEqual(['unknown']);
  });

  it('loads a supply plan and recomputes the delay risk of its items', async () => {
    // Prepare
    const partner = planningPartner();
    const desk = fakeDesk(partner);
    await desk.store.putItems(sampleItems());
    await reviewOrder(desk, orderSet(sample850('PO-1'), partner));
    desk.notify.clear();
    // Act
    const result = await loadMasterData(desk, { file: 'supply/plan.csv', text: SUPPLY_CSV });
    // Assess
    expect(result).toEqual({ ok: true, kind: 'supply', file: 'supply/plan.csv', records: 2, recomputed: ['ITEM-1', 'ITEM-2'] });
    expect((await desk.store.getSupplyPlan('ITEM-2'))?.onHand).toBe(500);
    expect(desk.notify.bodies().map((m) => m.template)).toEqual(['planning-delay', 'planning-p2-alert']);
    expect((await desk.store.getDelayState('ITEM-1'))?.state.lines['ACME/PO-1/1']?.active).toBe(true);
  });

  it('refuses a supply plan for an item the item master does not know, and plans nothing', async () => {
    // Prepare
    const desk = fakeDesk();
    await desk.store.putItems(sampleItems());
    // Act
    const result = await loadMasterData(desk, { file: 'supply/plan.csv', text: `${SUPPLY_CSV}\nITEM-9,5,2025-02-24,0,0` });
    // Assess
    expect(result.ok === false && result.errors).toEqual([expect.objectContaining({ row: 4, field: 'item', message: 'item ITEM-9 is not in the item master' })]);
    expect(desk.store.supply.size).toBe(0);
    expect(desk.notify.bodies().map((m) => m.template)).toEqual(['master-data-rejected']);
  });

  it('the same refused file again is recorded again under the same alert key', async () => {
    // Prepare
    const desk = fakeDesk();
    const bad = { file: 'master/items.csv', text: ITEMS_CSV.replace('Bracket,EA', 'Bracket,each') };
    await loadMasterData(desk, bad);
    // Act
    await loadMasterData(desk, bad);
    // Assess
    const [a, b] = desk.notify.bodies();
    expect(b?.idempotencyKey).toBe(a?.idempotencyKey);
  });
});

describe('master-data keys and names', () => {
  it.each([
    ['supply/anything.csv', 'supply'],
    ['master/supply-plan.json', 'supply'],
    ['master/partners.json', 'partners'],
    ['master/items-2025.csv', 'items'],
    ['master/readme.txt', undefined],
  ])('%s holds %s', (key, kind) => {
    expect(masterDataKindOf(key)).toBe(kind);
  });

  it('routes master/ and supply/ keys to the loader, partner channels not', () => {
    expect([isMasterDataKey('master/items.csv'), isMasterDataKey('supply/plan.csv'), isMasterDataKey('ACME/master/items.csv')]).toEqual([true, true, false]);
  });

  it('formats one file:row:field line per problem', () => {
    expect(formatMasterDataErrors([{ file: 'f.csv', row: 3, field: 'leadTimeDays', message: 'not a number' }])).toBe('f.csv:3:leadTimeDays: not a number');
  });
});
