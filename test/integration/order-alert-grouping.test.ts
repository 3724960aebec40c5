/**
 * Alerts grouped per order (README "Guarantees", "Planning intelligence"): one BOLT order with
 * two short items — KPC-3310 (200 due in its shortage week) and KPC-5400 (160 against 90 on hand
 * and 60 planned, inside its 30-day lead time) — sends the allocation team one [P2 AT RISK] email
 * listing both lines, not one per item, and its buyer one [DELIVERY RISK] notice with a section per
 * item; the internal level-1 alert stays one per item (its table is the item's projection). A
 * recompute of both items (the same supply plan loaded again) sends nothing a second time.
 * An ACME rush order with two line-down lines (KPC-3310, bought-in, and KPC-3320) sends one
 * [P1 LINE DOWN] per recipient listing both, and 4 h on one [P1 ESCALATION MANAGER] to the
 * manager the two lines share — the second line's timer and a redelivery of the 850 send nothing.
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

const perRecipient = (emails: readonly LocalEmail[]) => {
  const counts = new Map<string, number>();
  for (const e of emails) for (const to of e.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

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
    expect([...perRecipient(p2).values()].every((n) => n === 1)).toBe(true);
    for (const e of p2) {
      expect(e.subject).toContain('2 lines');
      expect(e.body.text).toContain('KPC-3310');
      expect(e.body.text).toContain('KPC-5400');
    }
    // BOLT's risk notice goes with level 1 (after 0 h): one [DELIVERY RISK] to the buyer for the
    // order, a section per item with its line, not one per item.
    const risk = sent.filter((e) => e.subject.startsWith('[DELIVERY RISK] PO GR0001'));
    expect(risk.filter((e) => e.destination.to.includes('owen.gallagher@boltsupply.example.net')).map((e) => e.subject)).toEqual(['[DELIVERY RISK] PO GR0001 lines 1, 2, items BL33107, BL54007: risk of late delivery']);
    // Customer service and both items' planners in copy, once each.
    expect([...perRecipient(risk).entries()].sort()).toEqual([['elena.kowalczyk@example.com', 1], ['marcus.oyelaran@example.com', 1], ['owen.gallagher@boltsupply.example.net', 1], ['renee.castillo@example.com', 1]]);
    expect(risk[0]!.body.text).toMatch(/Item BL33107 [\s\S]*\b1\s+BL33107\s+KPC-3310\s+200\b[\s\S]*Item BL54007 [\s\S]*\b2\s+BL54007\s+KPC-5400\s+160\b/);
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

/** ACME's line-down 850 (a rush order, line-down code at header level: every line P1) as PO GR0002, with a second line: 50 of KPC-3320. */
function twoLineDownPo(template: string): string {
  return template
    .replace('BEG*00*RO*4500098803', 'BEG*00*RO*GR0002')
    .replace(/\*000004104\*/, '*000090002*')
    .replace(/IEA\*1\*000004104/, 'IEA*1*000090002')
    .replace('CTT*1*60', 'PO1*2*50*EA*12.8*PE*BP*AC-332010*VP*KPC-3320*UP*084512033206~\nDTM*002*20261125~\nCTT*2*110')
    .replace(/SE\*23\*0001/, 'SE*25*0001');
}

describe('an order with two line-down lines', () => {
  it('one [P1 LINE DOWN] per recipient listing both lines, one escalation per person and step; the other line\'s timer and a redelivery send nothing twice', async () => {
    const { stack } = started!;
    const before = (await stack.sentEmails()).length;
    await stack.putInbound('ACME/in/GR0002.edi', twoLineDownPo(await readSample('inbound/ACME/04-850-4500098803-line-down.edi')));
    await stack.drain({ timeoutMs: 60_000 });
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });

    const sent = (await stack.sentEmails()).slice(before);
    const alerts = sent.filter((e) => e.subject.startsWith('[P1 LINE DOWN] ACME PO GR0002'));
    const alertTo = perRecipient(alerts);
    // The 24/7 desk and the owner of both items (one person here), customer service in copy, once each.
    expect([...alertTo.keys()].sort()).toEqual(['expedite@example.com', 'jordan.pike@example.com', 'luis.ferreira@example.com', 'marcus.oyelaran@example.com']);
    expect([...alertTo.values()].every((n) => n === 1)).toBe(true);
    for (const e of alerts) {
      expect(e.subject).toContain('ACME PO GR0002, 2 lines: confirm a date by');
      expect(e.body.text).toContain('Item: KPC-3310');
      expect(e.body.text).toContain('Item: KPC-3320');
      expect(e.body.text).toContain('Quantity: 50 EA');
      expect(e.body.text).toMatch(/PLANT\s*\|?\s*80 EA/);
    }
    // KPC-3310 is bought-in: its supplier is asked once, for its line.
    const asks = sent.filter((e) => e.subject.startsWith('[P1 LINE DOWN] KPC-3310'));
    expect([...perRecipient(asks).entries()].sort()).toEqual([['expedite@example.com', 1], ['karin.vogt@rheinfeld-stanz.example.net', 1], ['luis.ferreira@example.com', 1], ['marcus.oyelaran@example.com', 1]]);
    for (const e of asks) expect(e.body.text).not.toContain('KPC-3320');

    // 4 h on: the manager of both lines (the same person) gets one email listing both.
    const mark = (await stack.sentEmails()).length;
    await stack.advanceClock(4 * 3_600_000);
    await stack.drain({ timeoutMs: 60_000 });
    const later = (await stack.sentEmails()).slice(mark).filter((e) => e.subject.includes('ACME PO GR0002'));
    const managers = later.filter((e) => e.subject.startsWith('[P1 ESCALATION MANAGER] ACME PO GR0002'));
    expect(managers.filter((e) => e.destination.to.includes('daniel.achebe@example.com')).map((e) => e.subject)).toEqual(['[P1 ESCALATION MANAGER] ACME PO GR0002, 2 lines: no date confirmed after 4 h']);
    expect([...perRecipient(managers).values()].every((n) => n === 1)).toBe(true);
    const copies = new Map<string, number>();
    for (const e of [...sent, ...later]) copies.set(copyKey(e), (copies.get(copyKey(e)) ?? 0) + 1);
    expect([...copies.entries()].filter(([, n]) => n > 1).map(([k]) => k.split('|').slice(0, 2).join(' '))).toEqual([]);

    // The same 850 again (a redelivery under a new control number) opens nothing new and sends nothing.
    const again = (await stack.sentEmails()).length;
    await stack.putInbound('ACME/in/GR0002-again.edi', twoLineDownPo(await readSample('inbound/ACME/04-850-4500098803-line-down.edi')).replace(/\*000090002\*/, '*000090003*').replace(/IEA\*1\*000090002/, 'IEA*1*000090003'));
    await stack.drain({ timeoutMs: 60_000 });
    expect((await stack.sentEmails()).slice(again).filter((e) => e.subject.startsWith('[P1')).map((e) => e.subject)).toEqual([]);
  }, 180_000);
});
