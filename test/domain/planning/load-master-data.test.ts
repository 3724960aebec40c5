import { describe, expect, it } from 'vitest';
import { loadItems, loadPartnerProfiles, loadSupplyPlans } from '#domain/planning/load-master-data.ts';
import { severityOf } from '#schemas/master-data/partner-profile.ts';

const partnerJson = {
  id: 'ACME',
  name: 'Acme Assembly GmbH',
  isa: { qualifier: 'ZZ', id: 'ACMEASSY' },
  gsId: 'ACMEASSY',
  ours: { isaQualifier: 'ZZ', isaId: 'WIDGETCO', gsId: 'WIDGETCO' },
  version: '005010',
  usage: 'T',
  acks: { orderAck855: true },
  contacts: {
    edi: { name: 'EDI', email: 'edi@widgetco.example' },
    planner: { name: 'Pat', email: 'pat@widgetco.example' },
    customerService: { name: 'Casey', email: 'cs@widgetco.example' },
    buyer: { name: 'Bea', email: 'bea@acme.example' },
    expedite24x7: [{ name: 'Desk', email: 'x@widgetco.example' }],
    allocationTeam: [{ name: 'Alloc', email: 'a@widgetco.example' }],
  },
  ruleSeverity: { 'pack-multiple': 'hold', 'forecast-deviation': 'off' },
};

const itemHeader =
  'vendorPart,buyerParts.ACME,upc,description,unitOfMeasure,packSize,moq,leadTimeDays,safetyStock,contractPrice.ACME,planner.name,planner.email,escalation.owner.name,escalation.owner.email,escalation.manager.name,escalation.manager.email,escalation.director.name,escalation.director.email,escalation.vp.name,escalation.vp.email';
const itemRow = (part: string, extra: { pack?: string; lead?: string; email?: string } = {}) =>
  `${part},BP-${part},,"Bracket, steel ""heavy""",EA,${extra.pack ?? '10'},20,${extra.lead ?? '14'},10,2.50,Pat,${extra.email ?? 'pat@widgetco.example'},O,o@w.example,M,m@w.example,D,d@w.example,V,v@w.example`;

describe('loadPartnerProfiles', () => {
  it('loads a JSON file wrapped with schemaVersion and applies defaults', () => {
    const result = loadPartnerProfiles({ file: 'partners.json', text: JSON.stringify({ schemaVersion: 1, partners: [partnerJson] }) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [acme] = result.records;
    expect(acme?.tolerances).toEqual({ decimalShiftTolerance: 0.15, deviationPercent: 30, priceTolerancePercent: 1, forecastSwingPercent: 20, firmHorizonWeeks: 4 });
    expect(acme?.acks.functional997).toBe(true);
    expect(acme?.rushOrderTypes).toEqual(['RO']);
    expect(severityOf(acme!, 'pack-multiple')).toBe('hold');
    expect(severityOf(acme!, 'decimal-shift')).toBe('hold');
    expect(severityOf(acme!, 'forecast-deviation')).toBe('off');
  });

  it('names file, row and field of a bad record and applies nothing from the file', () => {
    const bad = { ...partnerJson, id: 'BETA', isa: { qualifier: 'ZZ', id: 'BETA' }, contacts: { ...partnerJson.contacts, planner: { name: 'P', email: 'not-an-email' } } };
    const result = loadPartnerProfiles({ file: 'partners.json', text: JSON.stringify([partnerJson, bad]) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ file: 'partners.json', row: 2, field: 'contacts.planner.email' })]);
  });

  it('refuses an unknown rule id in ruleSeverity', () => {
    const result = loadPartnerProfiles({ file: 'p.json', text: JSON.stringify([{ ...partnerJson, ruleSeverity: { 'made-up': 'hold' } }]) });
    expect(!result.ok && result.errors[0]?.field).toBe('ruleSeverity');
  });

  it('refuses the same ISA sender twice', () => {
    const result = loadPartnerProfiles({ file: 'p.json', text: JSON.stringify([partnerJson, { ...partnerJson, id: 'OTHER' }]) });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ row: 2, field: 'isa.id' })]);
  });

  it('reads a CSV profile with dotted columns, | lists and yes/no booleans', () => {
    const header = 'id,name,isa.qualifier,isa.id,gsId,ours.isaQualifier,ours.isaId,ours.gsId,version,usage,acks.orderAck855,contacts.edi.name,contacts.edi.email,contacts.planner.name,contacts.planner.email,contacts.customerService.name,contacts.customerService.email,contacts.buyer.name,contacts.buyer.email,contacts.expedite24x7.0.name,contacts.expedite24x7.0.email,contacts.allocationTeam.0.name,contacts.allocationTeam.0.email,lineDownCodes,tolerances.deviationPercent,includeUnconsumedForecastInPab';
    const row = 'ACME,Acme,ZZ,ACMEASSY,ACMEASSY,ZZ,WIDGETCO,WIDGETCO,004010,P,yes,E,e@w.example,P,p@w.example,C,c@w.example,B,b@a.example,X,x@w.example,A,a@w.example,LD|LINEDOWN,25,no';
    const result = loadPartnerProfiles({ file: 'partners.csv', text: `${header}\r\n${row}\r\n` });
    expect(result.ok && result.records[0]).toMatchObject({ id: 'ACME', lineDownCodes: ['LD', 'LINEDOWN'], tolerances: { deviationPercent: 25 }, includeUnconsumedForecastInPab: false, acks: { orderAck855: true } });
  });
});

describe('loadItems', () => {
  it('reads a CSV item master with quoted text and per-partner columns', () => {
    const result = loadItems({ file: 'items.csv', text: `${itemHeader}\r\n${itemRow('WC-100')}\r\n${itemRow('WC-200')}\r\n` }, ['ACME']);
    expect(result.ok).toBe(true);
    expect(result.ok && result.records[0]).toMatchObject({ vendorPart: 'WC-100', buyerParts: { ACME: 'BP-WC-100' }, description: 'Bracket, steel "heavy"', packSize: 10, contractPrice: { ACME: 2.5 } });
  });

  it.each([
    ['a pack size that is not a number', itemRow('WC-200', { pack: 'ten' }), 'packSize'],
    ['a negative lead time', itemRow('WC-200', { lead: '-3' }), 'leadTimeDays'],
    ['a planner e-mail that is not one', itemRow('WC-200', { email: 'pat' }), 'planner.email'],
    ['a vendor part used twice', itemRow('WC-100'), 'vendorPart'],
  ])('rejects the whole file for %s, naming spreadsheet row 3 and the field', (_name, badRow, field) => {
    const result = loadItems({ file: 'items.csv', text: `${itemHeader}\n${itemRow('WC-100')}\n${badRow}\n` });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.file, e.row, e.field])).toContainEqual(['items.csv', 3, field]);
  });

  it.each([
    ['a bought-in part with supplier and purchasing chain', 'buy,Sam,sam@s.example,Pia,pia@w.example,Pete,pete@w.example,Paula,paula@w.example', []],
    ['a bought-in part without a supplier contact', 'buy,,,,,,,,', ['supplier.email']],
    ['a made part naming a supplier', 'make,Sam,sam@s.example,,,,,,', ['source']],
  ])('the purchasing columns: %s', (_n, extra, fields) => {
    const header = `${itemHeader},source,supplier.name,supplier.email,purchasing.manager.name,purchasing.manager.email,purchasing.director.name,purchasing.director.email,purchasing.vp.name,purchasing.vp.email`;
    const result = loadItems({ file: 'items.csv', text: `${header}\n${itemRow('WC-100')},${extra}\n` });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(fields);
    if (result.ok) expect(result.records[0]).toMatchObject({ source: 'buy', supplier: { email: 'sam@s.example' }, purchasing: { vp: { name: 'Paula' } } });
  });

  it('names an unknown column', () => {
    const result = loadItems({ file: 'items.csv', text: `${itemHeader},colour\n${itemRow('WC-100')},red\n` });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ row: 2, field: 'colour' })]);
  });

  it('flags a buyer part for a partner that is not configured', () => {
    const result = loadItems({ file: 'items.csv', text: `${itemHeader}\n${itemRow('WC-100')}\n` }, ['BETA']);
    expect(!result.ok && result.errors[0]).toMatchObject({ field: 'buyerParts.ACME', message: 'unknown partner ACME' });
  });
});

describe('loadSupplyPlans', () => {
  it('groups CSV rows per item and sorts the weeks', () => {
    const text = 'item,onHand,weekStart,mps,receipts\nWC-100,14,2025-03-10,50,\nWC-100,,2025-03-03,0,5\nWC-200,0,,,\n';
    const result = loadSupplyPlans({ file: 'supply.csv', text }, ['WC-100', 'WC-200']);
    expect(result.ok && result.records).toEqual([
      { schemaVersion: 1, item: 'WC-100', onHand: 14, weeks: [{ weekStart: '2025-03-03', mps: 0, receipts: 5 }, { weekStart: '2025-03-10', mps: 50, receipts: 0 }] },
      { schemaVersion: 1, item: 'WC-200', onHand: 0, weeks: [] },
    ]);
  });

  it('adds on hand per location up to the item on hand; a file without the column keeps no locations', () => {
    const text = 'item,location,onHand,weekStart,mps,receipts\nWC-100,PLANT,80,2025-03-03,50,\nWC-100,DC-EAST,40,,,\nWC-200,,7,2025-03-03,,\n';
    const result = loadSupplyPlans({ file: 'supply.csv', text }, ['WC-100', 'WC-200']);
    expect(result.ok && result.records.map((r) => [r.item, r.onHand, r.locations])).toEqual([
      ['WC-100', 120, [{ location: 'PLANT', onHand: 80 }, { location: 'DC-EAST', onHand: 40 }]],
      ['WC-200', 7, undefined],
    ]);
  });

  it('rejects two on-hand values for the same location, and a JSON plan whose locations do not add up', () => {
    const csv = loadSupplyPlans({ file: 'supply.csv', text: 'item,location,onHand\nWC-100,PLANT,80\nWC-100,PLANT,70\n' });
    expect(!csv.ok && csv.errors.map((e) => [e.row, e.field])).toEqual([[3, 'onHand']]);
    const json = loadSupplyPlans({ file: 'supply.json', text: JSON.stringify([{ item: 'WC-100', onHand: 100, locations: [{ location: 'PLANT', onHand: 80 }] }]) });
    expect(!json.ok && json.errors.map((e) => e.field)).toEqual(['locations']);
  });

  it.each([
    ['a week that does not start on Monday', 'WC-100,14,2025-03-05,50,0', 'weekStart'],
    ['contradicting on-hand values', 'WC-100,15,2025-03-17,50,0', 'onHand'],
    ['an item missing from the item master', 'WC-999,1,2025-03-17,1,0', 'item'],
  ])('rejects %s', (_name, row, field) => {
    const text = `item,onHand,weekStart,mps,receipts\nWC-100,14,2025-03-10,50,0\n${row}\n`;
    const result = loadSupplyPlans({ file: 'supply.csv', text }, ['WC-100']);
    expect(!result.ok && result.errors.map((e) => [e.row, e.field])).toContainEqual([3, field]);
  });

  it('rejects a JSON plan with the same week twice', () => {
    const text = JSON.stringify({ supplyPlans: [{ item: 'WC-100', onHand: 1, weeks: [{ weekStart: '2025-03-03' }, { weekStart: '2025-03-03' }] }] });
    const result = loadSupplyPlans({ file: 'supply.json', text });
    expect(!result.ok && result.errors[0]).toMatchObject({ file: 'supply.json', row: 1, field: 'weeks.1.weekStart' });
  });

  it('reports JSON that does not parse as a file-level error', () => {
    const result = loadSupplyPlans({ file: 'supply.json', text: '{ nope' });
    expect(!result.ok && result.errors[0]).toMatchObject({ row: 0, field: '(file)' });
  });
});
