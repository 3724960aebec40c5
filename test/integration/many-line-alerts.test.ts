/**
 * Alerts do not fan out per line (README "Guarantees", "Nothing twice"): one ACME 850 of 500
 * lines over ACME's ten items — quantities far off forecast and off contract price, ship dates
 * inside lead time — holds every line and puts 150 inside lead time, and still reaches each person
 * once per kind of alert for the order ([HOLD] to each item's planner, [P2 AT RISK] to allocation
 * and the planners), and any alert about an item's projection once per item. (Before alerts were
 * grouped, one 500-line order sent 2,002 emails.) The same file again under a new ISA13 is a
 * re-sent PO: nothing goes out twice. Delivery-risk and P1 grouping across items:
 * order-alert-grouping.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEmail } from '#infra/local/emulators.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

const PO = '4500099500';
const LINES = 500;
// ACME's items (samples/master/items.csv: buyer part AC-…), one after the other.
const ITEMS = ['1001', '1002', '1120', '2040', '2210', '2350', '3310', '3320', '3400', '3550'];
/** Kinds about an item's projection (one per item and episode), not about the order. */
const PER_ITEM = ['[DELAY RISK L1]', '[ALL CLEAR]', '[OVER-STOCK]', '[DELAY NOTE MISSING]'];

let started: SampleStack | undefined;

function bigOrder(isa13: number): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const item = ITEMS[i % ITEMS.length]!;
    const quantity = 40 + (i % 13) * 35;
    const day = 3 + (i % 28);
    lines.push(`PO1*${i + 1}*${quantity}*EA*${(10 + (i % 9)).toFixed(2)}*PE*BP*AC-${item}10*VP*KPC-${item}`, `DTM*002*202612${String(day).padStart(2, '0')}`);
  }
  const n = String(isa13).padStart(9, '0');
  const body = [`ST*850*0001`, `BEG*00*SA*${PO}**20261123`, 'N1*ST*ACME Automotive Plant 2*92*ST-0200', ...lines, `CTT*${LINES}`];
  return [
    `ISA*00*          *00*          *ZZ*ACMEAUTOTIER1  *ZZ*KEYSTONEPC     *261123*0712*U*00401*${n}*0*P*>`,
    `GS*PO*ACMEAUTO*KEYSTONEPC*20261123*0712*${isa13}*X*004010`,
    ...body,
    `SE*${body.length + 1}*0001`,
    `GE*1*${isa13}`,
    `IEA*1*${n}`,
    '',
  ].join('~\n');
}

const kindOf = (subject: string) => /^\[[^\]]+\]/.exec(subject)?.[0] ?? subject;

beforeAll(async () => {
  started = await startSampleStack('many-lines');
  await started.stack.putInbound('ACME/in/01-830.edi', await readSample('inbound/ACME/01-830-forecast-ACME-FC-2648.edi'));
  await started.stack.drain({ timeoutMs: 60_000 });
}, 120_000);

afterAll(() => stopSampleStack(started));

describe('one 850 of 500 lines', () => {
  it('each person gets each kind of alert once for the order, an item alert once per item; a re-send sends nothing', async () => {
    const { stack } = started!;
    const before = (await stack.sentEmails()).length;
    await stack.putInbound(`ACME/in/${PO}.edi`, bigOrder(95_001));
    await stack.drain({ timeoutMs: 180_000 });
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });
    const sent: LocalEmail[] = (await stack.sentEmails()).slice(before);

    const perRecipientAndKind = new Map<string, LocalEmail[]>();
    for (const e of sent) {
      for (const to of e.destination.to) {
        const k = `${to}|${kindOf(e.subject)}`;
        perRecipientAndKind.set(k, [...(perRecipientAndKind.get(k) ?? []), e]);
      }
    }
    const kinds = new Set(sent.map((e) => kindOf(e.subject)));
    // The order puts lines on hold and in short weeks: the test means nothing if nothing is sent.
    expect([...kinds]).toEqual(expect.arrayContaining(['[HOLD]', '[P2 AT RISK]']));
    expect(sent.find((e) => e.subject.startsWith('[HOLD]'))!.subject).toContain(`${LINES} lines held`);
    for (const [key, emails] of perRecipientAndKind) {
      const kind = key.split('|')[1]!;
      if (PER_ITEM.includes(kind)) {
        const items = emails.map((e) => /KPC-\d{4}/.exec(e.subject)?.[0]);
        expect(new Set(items).size, key).toBe(items.length);
      } else {
        expect(emails.map((e) => e.subject), key).toHaveLength(1);
      }
    }
    // Far below one email per line: every person, kind and item at most once.
    expect(sent.length).toBeLessThan(LINES / 5);

    // The same order again in a new interchange: a re-sent PO, answered without a second alert.
    const again = (await stack.sentEmails()).length;
    await stack.putInbound(`ACME/in/${PO}-again.edi`, bigOrder(95_002));
    await stack.drain({ timeoutMs: 180_000 });
    const repeated = (await stack.sentEmails()).slice(again).filter((e) => sent.some((s) => s.subject === e.subject && s.destination.to.join() === e.destination.to.join()));
    expect(repeated.map((e) => e.subject)).toEqual([]);
  }, 400_000);
});
