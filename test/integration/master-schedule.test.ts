/**
 * The textbook master-schedule record (test/support/master-schedule-record.ts: Stevenson's
 * industrial pumps) through the pipeline on the local stack: the item master, partner and supply
 * plan through the inbound bucket's master/ and supply/ prefixes (the loader), the weekly forecast
 * as an ACME 830, the committed orders as five 850s — then `edi pab --json` shows PAB and ATP of
 * every week to the unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPab } from '#functions/cli/planning-commands.ts';
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

const forecast830 = interchange('PS', 9101, [
  `BFR*05*PUMP-FC-1**DL*A*${x12Date(week(0))}*${x12Date(addDays(week(7), 6))}*20261123`,
  'N1*ST*ACME Automotive Plant 2*92*ST-0200',
  'LIN*1*BP*AC-PUMP*VP*KPC-PUMP',
  'UIT*EA',
  ...PUMP_RECORD.forecast.map((q, i) => `FST*${q}*C*W*${x12Date(week(i))}`),
  'CTT*1',
]);

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
