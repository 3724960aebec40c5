/**
 * Alerts grouped per order (README "Guarantees", "Planning intelligence"): one BOLT order with
 * two short items — KPC-3310 (200 due in its shortage week) and KPC-5400 (160 against 90 on hand
 * and 60 planned, inside its 30-day lead time) — sends the allocation team one [P2 AT RISK] email
 * listing both lines, not one per item; the internal level-1 alert stays one per item (its table
 * is the item's projection). A recompute of both items (the same supply plan loaded again) sends
 * nothing a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEmail } from '#infra/local/emulators.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let started: SampleStack | undefined;

beforeAll(async () => {
  started = await startSampleStack('grouping');
  await started.stack.putInbound('BOLT/in/01-830-forecast-BOLT-FC-47.edi', await readSample('inbound/BOLT/01-830-forecast-BOLT-FC-47.edi'));
  await started.stack.drain({ timeoutMs: 60_000 });
}, 120_000);

afterAll(() => stopSampleStack(started));

/** The BOLT shortage-week 850 as PO GR0001 with a second line: 160 of KPC-5400. */
function twoItemPo(template: string): string {
  return template
    .replace('BEG*00*SA*P221874', 'BEG*00*SA*GR0001')
    .replace(/\*000070336\*/, '*000090001*')
    .replace(/IEA\*1\*000070336/, 'IEA*1*000090001')
    .replace('CTT*1*200', 'PO1*2*160*EA*8.25*PE*BP*BL54007*VP*KPC-5400*UP*084512054003~\nDTM*002*20261218~\nCTT*2*360')
    .replace(/SE\*19\*0001/, 'SE*21*0001');
}

const copyKey = (e: LocalEmail) => `${e.destination.to.join(',')}|${e.subject}|${e.body.text ?? e.body.html ?? ''}`;

describe('an order with two short items', () => {
  it('one P2 email per recipient listing both lines; a recompute sends nothing twice', async () => {
    const { stack } = started!;
    const before = (await stack.sentEmails()).length;
    await stack.putInbound('BOLT/in/GR0001.edi', twoItemPo(await readSample('inbound/BOLT/06-850-P221874-due-in-shortage-week.edi')));
    await stack.drain({ timeoutMs: 60_000 });
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });

    const sent = (await stack.sentEmails()).slice(before);
    const p2 = sent.filter((e) => e.subject.startsWith('[P2 AT RISK] BOLT PO GR0001'));
    expect(p2.length).toBeGreaterThan(0);
    const perRecipient = new Map<string, number>();
    for (const e of p2) for (const to of e.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    for (const e of p2) {
      expect(e.subject).toContain('2 lines');
      expect(e.body.text).toContain('KPC-3310');
      expect(e.body.text).toContain('KPC-5400');
    }
    // Level 1 is the item's alert: one per item, each naming the order's line of it.
    const level1 = sent.filter((e) => e.subject.startsWith('[DELAY RISK L1] '));
    expect([...new Set(level1.map((e) => e.subject.split(' ')[3]))].sort()).toEqual(['KPC-3310', 'KPC-5400']);

    // Nothing twice: no copy of an email went to the same address again, and recomputing both
    // items (the supply plan loaded again) finds nothing new to say.
    const copies = new Map<string, number>();
    for (const e of sent) copies.set(copyKey(e), (copies.get(copyKey(e)) ?? 0) + 1);
    expect([...copies.entries()].filter(([, n]) => n > 1).map(([k]) => k.split('|').slice(0, 2).join(' '))).toEqual([]);
    const after = (await stack.sentEmails()).length;
    await stack.putInbound('supply/supply-plan-again.csv', await readSample('supply/supply-plan.csv'));
    await stack.drain({ timeoutMs: 60_000 });
    expect((await stack.sentEmails()).slice(after).map((e) => e.subject)).toEqual([]);
  }, 180_000);
});
