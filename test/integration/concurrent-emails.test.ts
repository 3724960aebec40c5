/**
 * Nothing twice under concurrency (README "Guarantees"): 30 two-line POs on the same two items,
 * put into the inbound bucket at once, race on the items' delay state and on the mail log. Every
 * email is sent exactly once: no two emails with the same subject and body to the same address,
 * no message dead-lettered by the race (the local poller once moved such messages), and one P2
 * alert and one customer risk notice per order and recipient (not one per line).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekDeadLetters } from '#functions/adapters/sqs-stage-queue.ts';
import type { LocalEmail } from '#infra/local/emulators.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

let started: SampleStack | undefined;

beforeAll(async () => {
  started = await startSampleStack('concurrent');
  const { stack } = started;
  for (const p of ['ACME/01-830-forecast-ACME-FC-2648.edi', 'BOLT/01-830-forecast-BOLT-FC-47.edi']) {
    await stack.putInbound(`${p.split('/')[0]}/in/${p.split('/')[1]}`, await readSample(`inbound/${p}`));
  }
  await stack.drain({ timeoutMs: 60_000 });
}, 120_000);

afterAll(() => stopSampleStack(started));

/** The BOLT shortage-week 850 as PO `po` (ISA13 `isa13`) with a second line on KPC-3310 too. */
function twoLinePo(template: string, po: string, isa13: number): string {
  const n = String(isa13).padStart(9, '0');
  return template
    .replace(/\*000070336\*/, `*${n}*`)
    .replace(/IEA\*1\*000070336/, `IEA*1*${n}`)
    .replace(/\*70336\*X\*/, `*${isa13}*X*`)
    .replace(/GE\*1\*70336/, `GE*1*${isa13}`)
    .replace('BEG*00*SA*P221874', `BEG*00*SA*${po}`)
    .replace('CTT*1*200', 'PO1*2*150*EA*14.1*PE*BP*BL33107*VP*KPC-3310*UP*084512033107~\nDTM*002*20261218~\nCTT*2*350')
    .replace(/SE\*19\*0001/, 'SE*21*0001');
}

const copyKey = (e: LocalEmail) => `${e.destination.to.join(',')}|${e.subject}|${e.body.text ?? e.body.html ?? ''}`;

describe('30 concurrent two-line POs on shared items', () => {
  it('every email exactly once', async () => {
    const { stack } = started!;
    const before = (await stack.sentEmails()).length;
    const template = await readSample('inbound/BOLT/06-850-P221874-due-in-shortage-week.edi');
    const pos = Array.from({ length: 30 }, (_, i) => `CC${String(i + 1).padStart(4, '0')}`);
    await Promise.all(pos.map((po, i) => stack.putInbound(`BOLT/in/${po}.edi`, twoLinePo(template, po, 81_000 + i))));
    await stack.drain({ timeoutMs: 180_000 });
    const causes = (await peekDeadLetters(stack.clients.sqs, stack.resources.queues.process.dlqUrl)).map((d) => d.cause);
    expect(causes).toEqual([]);
    expect(await stack.dlqDepths()).toEqual({ ingest: 0, process: 0, deliver: 0, mail: 0, timers: 0 });

    const sent = (await stack.sentEmails()).slice(before);
    expect(sent.length).toBeGreaterThan(0);
    const copies = new Map<string, number>();
    for (const e of sent) copies.set(copyKey(e), (copies.get(copyKey(e)) ?? 0) + 1);
    expect([...copies.entries()].filter(([, n]) => n > 1).map(([k]) => k.split('|').slice(0, 2).join(' '))).toEqual([]);

    // Alerts that would fan out per line are grouped: for a two-line PO short on one item, one
    // email per order, recipient and kind — the P2 allocation alert and the customer's risk notice
    // (level 2) each list both lines. Every PO gets each of them (none lost to the race).
    for (const kind of ['[P2 AT RISK]', '[DELIVERY RISK]']) {
      const perPo = new Map<string, number>();
      for (const e of sent.filter((m) => m.subject.startsWith(kind))) {
        const po = pos.find((p) => e.subject.includes(`PO ${p}`));
        if (!po) continue;
        for (const to of e.destination.to) perPo.set(`${po}|${to}`, (perPo.get(`${po}|${to}`) ?? 0) + 1);
        expect(e.subject, kind).toMatch(kind === '[P2 AT RISK]' ? /, 2 lines:/ : /lines 1, 2,/);
      }
      expect(new Set([...perPo.keys()].map((k) => k.split('|')[0])).size, kind).toBe(pos.length);
      expect([...perPo.entries()].filter(([, n]) => n > 1), kind).toEqual([]);
    }

  }, 240_000);
});
