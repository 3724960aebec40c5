/**
 * The textbook master-schedule record (test/support/master-schedule-record.ts: Stevenson's
 * industrial pumps) through the pipeline on the local stack: the item master, partner and supply
 * plan through the inbound bucket's master/ and supply/ prefixes (the loader), the weekly forecast
 * as an ACME 830, the committed orders as five 850s — then `edi pab --json` shows PAB and ATP of
 * every week to the unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPab, runShip } from '#functions/cli/planning-commands.ts';
import { addDays } from '#domain/planning/dates.ts';
import type { ItemProjectionView } from '#functions/use-cases/show-item-projection.ts';
import { setDemoClock } from '#infra/local/demo-clock.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { startLocalStack } from '#infra/local/stack.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../support/cli-io.ts';
import { PUMP_RECORD } from '../support/master-schedule-record.ts';
import { readSample } from '../support/samples-dir.ts';
import { stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let started: SampleStack | undefined;
let pumpItem: Record<string, unknown>;
/** Week 1 of the record is the demo's first week (samples/demo.json: today 2026-11-23). */
const WEEK1 = '2026-11-23';
const week = (i: number) => addDays(WEEK1, 7 * i);
const x12Date = (date: string) => date.replaceAll('-', '');

function interchange(functionalId: string, control: number, body: string[]): string {
  const isa13 = String(control).padStart(9, '0');
  const set = [`ST*${functionalId === 'PO' ? '850' : '830'}*0001`, ...body, `SE*${body.length + 2}*0001`];
  return [
    `ISA*00*          *00*          *ZZ*ACMEAUTOTIER1  *ZZ*KEYSTONEPC     *261123*0700*U*00401*${isa13}*0*P*>`,
    `GS*${functionalId}*ACMEAUTO*KEYSTONEPC*20261123*0700*${control}*X*004010`,
    ...set,
    `GE*1*${control}`,
    `IEA*1*${isa13}`,
  ].join('~\n') + '~\n';
}

/** An ACME 830 with the record's weekly forecast (or another), a new interchange each time. */
const pump830 = (control: number, reference: string, forecast: readonly number[]) =>
  interchange('PS', control, [
    `BFR*05*${reference}**DL*A*${x12Date(week(0))}*${x12Date(addDays(week(7), 6))}*20261123`,
    'N1*ST*ACME Automotive Plant 2*92*ST-0200',
    'LIN*1*BP*AC-PUMP*VP*KPC-PUMP',
    'UIT*EA',
    ...forecast.map((q, i) => `FST*${q}*C*W*${x12Date(week(i))}`),
    'CTT*1',
  ]);
const forecast830 = pump830(9101, 'PUMP-FC-1', PUMP_RECORD.forecast);

/** A committed order of the record: delivery requested on Thursday of its week (ship date = Tuesday, 2 transit days). */
const order850 = (i: number, quantity: number) =>
  interchange('PO', 9200 + i, [
    `BEG*00*SA*45000PUMP${i}**20261123`,
    'CUR*BY*USD',
    'N1*ST*ACME Automotive Plant 2*92*ST-0200',
    `PO1*1*${quantity}*EA*250**BP*AC-PUMP*VP*KPC-PUMP`,
    `DTM*002*${x12Date(addDays(week(i), 3))}`,
    'CTT*1',
  ]);

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dataDir = await mkdtemp(join(tmpdir(), 'edi-master-schedule-'));
  const stack = await startLocalStack({ dataDir, fresh: true, visibilityScale: 0.005, logger: silentLogger });
  started = { stack, dataDir };
  await setDemoClock(stack.clock);
  // ACME as in the samples, but its forecast counts in PAB (consumed by its orders), and the
  // order checks that compare single orders with the forecast are off: the record's orders are small.
  const partners = JSON.parse(await readSample('master/partners.json')) as { partners: Record<string, unknown>[] };
  const acme = { ...partners.partners.find((p) => p['id'] === 'ACME')!, includeUnconsumedForecastInPab: true, ruleSeverity: { 'forecast-deviation': 'off', 'decimal-shift': 'off' } };
  await stack.putInbound('master/partners.json', JSON.stringify({ schemaVersion: 1, partners: [acme] }));
  const person = (name: string) => ({ name, email: `${name.toLowerCase().replace(' ', '.')}@example.com` });
  const pump = {
    schemaVersion: 1,
    vendorPart: 'KPC-PUMP',
    buyerParts: { ACME: 'AC-PUMP' },
    description: 'Industrial pump',
    unitOfMeasure: 'EA',
    leadTimeDays: 0,
    safetyStock: 0,
    contractPrice: { ACME: 250 },
    planner: person('Priya Natarajan'),
    escalation: { owner: person('Priya Natarajan'), manager: person('Grace Lindqvist'), director: person('Sofia Marchetti'), vp: person('Robert Haldane') },
  };
  pumpItem = pump;
  await stack.putInbound('master/items.json', JSON.stringify({ schemaVersion: 1, items: [pump] }));
  await stack.drain();
  const supply = ['item,onHand,weekStart,mps,receipts', ...PUMP_RECORD.mps.map((mps, i) => `KPC-PUMP,${i === 0 ? PUMP_RECORD.onHand : ''},${week(i)},${mps},0`)].join('\n');
  await stack.putInbound('supply/pump-plan.csv', `${supply}\n`);
  await stack.drain();
  await stack.putInbound('ACME/in/pump-830.edi', forecast830);
  await stack.drain();
  for (const [i, quantity] of PUMP_RECORD.booked.entries()) if (quantity > 0) await stack.putInbound(`ACME/in/pump-850-${i}.edi`, order850(i, quantity));
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('the textbook master-schedule record through the pipeline', () => {
  it('edi pab --json shows forecast, booked orders, consumed forecast, MPS, PAB and ATP of every week to the unit', async () => {
    const cli = captureIo();
    expect(await runPab(['--item', 'KPC-PUMP', '--json'], cli.io)).toBe(0);
    const view = JSON.parse(cli.out()) as ItemProjectionView;
    const weeks = view.weeks.slice(0, 8);
    expect(view).toMatchObject({ item: 'KPC-PUMP', asOf: WEEK1, onHand: 64, safetyStock: 0 });
    expect(weeks.map((w) => w.weekStart)).toEqual(PUMP_RECORD.forecast.map((_, i) => week(i)));
    expect(weeks.map((w) => w.forecast)).toEqual(PUMP_RECORD.forecast);
    expect(weeks.map((w) => w.orders)).toEqual(PUMP_RECORD.booked);
    expect(weeks.map((w) => w.consumedForecast)).toEqual(PUMP_RECORD.booked.map((b, i) => Math.min(b, PUMP_RECORD.forecast[i]!)));
    expect(weeks.map((w) => w.mps)).toEqual(PUMP_RECORD.mps);
    expect(weeks.map((w) => w.pab)).toEqual(PUMP_RECORD.pab);
    expect(weeks.map((w) => w.atp)).toEqual(PUMP_RECORD.atp);
  });

  it('the same projection as a table, and a clear answer for an unknown item', async () => {
    const table = captureIo();
    expect(await runPab(['--item', 'KPC-PUMP'], table.io)).toBe(0);
    expect(table.out()).toMatch(/^2026-11-23\s+30\s+33\s+30\s+0\s+31\s+11\s+0$/m);
    const unknown = captureIo();
    expect(await runPab(['--item', 'NOPE'], unknown.io)).toBe(1);
    expect(unknown.err()).toBe('no item NOPE in the item master\n');
  });
});

/**
 * What follows the record on the same stack (README, "Planning intelligence"): a shipment closes
 * its demand, an 830 that changes the item's forecast recomputes PAB and the delay levels (no
 * supply load needed), and PAB above the item's maximum stock warns the planner's supervisor once.
 */
describe('after the record: shipment, forecast changes, over-stock', () => {
  const projection = async (): Promise<ItemProjectionView> => {
    const cli = captureIo();
    expect(await runPab(['--item', 'KPC-PUMP', '--json'], cli.io)).toBe(0);
    return JSON.parse(cli.out()) as ItemProjectionView;
  };
  const emails = async (prefix: string) => (await started!.stack.sentEmails()).filter((e) => e.subject.startsWith(prefix));

  it('a shipment closes its demand: week 1 no longer counts the 33 shipped', async () => {
    const cli = captureIo();
    expect(await runShip(['--partner', 'ACME', '--po', '45000PUMP0', '--line', '1=33', '--carrier', 'ODFL', '--ship-date', week(0), '--by', 'Dock Team'], cli.io), cli.err()).toBe(0);
    await started!.stack.drain();
    const weeks = (await projection()).weeks;
    expect(weeks[0]!.orders).toBe(0);
    // on hand is the supply plan's until the ERP reloads it: 64 − max(30 forecast, 0 booked) = 34
    expect(weeks[0]!.pab).toBe(64 - 30);
    expect(weeks.slice(1, 5).map((w) => w.orders)).toEqual(PUMP_RECORD.booked.slice(1, 5));
  });

  it('an 830 lowering week 8 to 10 puts PAB above the maximum of 80: one over-stock warning to the item manager, none on redelivery', async () => {
    const stack = started!.stack;
    await stack.putInbound('master/items-max.json', JSON.stringify({ schemaVersion: 1, items: [{ ...pumpItem, maxStock: 80 }] }));
    await stack.drain();
    expect(await emails('[OVER-STOCK]')).toHaveLength(0);
    const lower = pump830(9102, 'PUMP-FC-2', [...PUMP_RECORD.forecast.slice(0, 7), 10]);
    await stack.putInbound('ACME/in/pump-830-2.edi', lower);
    await stack.drain();
    // after the shipment every week is 3 above the record (34, 4, 44, 14, 44, 4, 34, 64); week 8
    // now draws 10: 34 + 70 − 10 = 94 > 80
    const weeks = (await projection()).weeks;
    expect(weeks.map((w) => w.pab).slice(0, 7)).toEqual(PUMP_RECORD.pab.slice(0, 7).map((p) => p + 3));
    expect(weeks[7]!.pab).toBe(94);
    expect(weeks[7]!.aboveMax).toBe(true);
    const warnings = await emails('[OVER-STOCK]');
    // each address gets its own copy: the supervisor (the item's manager) and the planner in copy
    expect(warnings.map((e) => e.destination.to[0]).sort()).toEqual(['grace.lindqvist@example.com', 'priya.natarajan@example.com']);
    expect(new Set(warnings.map((e) => e.subject)).size).toBe(1);
    expect(warnings[0]!.subject).toContain('KPC-PUMP');
    expect(warnings[0]!.body.text).toContain(week(7));
    await stack.putInbound('ACME/in/pump-830-2-again.edi', lower);
    await stack.drain();
    expect(await emails('[OVER-STOCK]')).toHaveLength(2);
  });

  it('an 830 raising week 2 to 100 recomputes the delay levels at once: level 1 for the order line due that week', async () => {
    const stack = started!.stack;
    expect(await emails('[DELAY RISK L1]')).toHaveLength(0);
    await stack.putInbound('ACME/in/pump-830-3.edi', pump830(9103, 'PUMP-FC-3', [30, 100, ...PUMP_RECORD.forecast.slice(2, 7), 10]));
    await stack.drain();
    // week 2: 34 − max(100, 20) = −66 with 45000PUMP1's 20 due
    expect((await projection()).weeks[1]!.pab).toBe(34 - 100);
    const alerts = await emails('[DELAY RISK L1]');
    expect(alerts.length, (await stack.sentEmails()).map((e) => e.subject).join('\n')).toBeGreaterThan(0);
    expect(alerts[0]!.subject).toContain(`KPC-PUMP`);
    expect(alerts[0]!.body.text).toContain('45000PUMP1');
  });
});
