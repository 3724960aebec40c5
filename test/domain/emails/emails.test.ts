import { describe, expect, it } from 'vitest';
import { detectOrderAnomalies } from '#domain/planning/anomaly-rules.ts';
import { assessDelayRisks } from '#domain/planning/delay-risks.ts';
import { escalationPlan } from '#domain/planning/expedite.ts';
import { buildItemIndex } from '#domain/planning/item-index.ts';
import { projectAvailableBalance } from '#domain/planning/pab.ts';
import { cleanSubject, escapeHtml, shellQuote } from '#domain/emails/escape.ts';
import { renderAnomalyEmail } from '#domain/emails/anomaly-email.ts';
import { renderDelayEmail } from '#domain/emails/delay-emails.ts';
import { renderEscalationStep, renderP1Alert, renderP1StandDown, renderP2Alert } from '#domain/emails/expedite-emails.ts';
import { groupDigestByPlanner, renderP3Digest } from '#domain/emails/digest-email.ts';
import type { RenderedEmail } from '#domain/emails/rendered-email.ts';
import { NOW, acmeProfile, bracketItem, forecast, line, order } from '../planning/fixtures.ts';

const partner = acmeProfile();
const item = bracketItem();
const items = buildItemIndex([item]);
const HOSTILE_PO = '45<script>alert(1)</script>\r\nBcc: victim@evil.example';

function anomalyEmail(po = '4500012345') {
  const o = order([line(), line({ lineNumber: '2', quantity: 12 }), line({ lineNumber: '3', quantity: 1200, notes: ['<b>rush</b>'] })], { purchaseOrderNumber: po });
  const { lines } = detectOrderAnomalies({ order: o, partner, items, forecasts: [forecast()], now: NOW });
  return renderAnomalyEmail({ partner, order: o, assessments: lines, items: [item] }) as RenderedEmail;
}

function expectSafe(email: RenderedEmail) {
  expect(email.subject).not.toMatch(/[\r\n]/);
  expect(email.html).not.toContain('<script>');
  expect(email.text).not.toContain('\r');
  for (const address of [...email.to, ...email.cc]) expect(address).not.toMatch(/[\r\n]/);
}

describe('anomaly e-mail per PO', () => {
  it('tells the planner from when each flagged line can ship in full from ATP, or that it cannot inside the horizon', () => {
    const o = order([line({ quantity: 1200 }), line({ lineNumber: '3', quantity: 1200 })]);
    const { lines } = detectOrderAnomalies({ order: o, partner, items, forecasts: [forecast()], now: NOW });
    const dated = lines.map((l) => ({ ...l, fullShipFrom: l.lineNumber === '3' ? null : '2025-04-14' }));
    const email = renderAnomalyEmail({ partner, order: o, assessments: dated, items: [item] }) as RenderedEmail;
    expect(email.text).toMatch(/Line 3: available to promise does not cover 1,?200 inside the projected weeks\./);
    expect(email.text).toMatch(/Line 1: can ship in full \(1,?200\) from 2025-04-14, from available to promise \(requested ship date 2025-04-07\)\./);
  });

  it('says what and how urgent in the subject, and goes to the planner with customer service in copy', () => {
    const email = anomalyEmail();
    expect(email.subject).toBe('[HOLD] ACME PO 4500012345: 2 lines held (decimal shift, pack multiple, below MOQ), decision needed');
    expect(email.to).toEqual(['pat.planner@widgetco.example']);
    expect(email.cc).toEqual(['cs@widgetco.example']);
  });

  it('tabulates line, item, ordered, forecast, ratio, rule and suggestion', () => {
    const { text, html } = anomalyEmail();
    expect(text).toMatch(/line\s+item\s+ordered\s+forecast\s+ratio\s+rule\s+severity\s+suggestion/);
    expect(text).toMatch(/3\s+BP-1001 \/ WC-100\s+1200\s+120\s+10x\s+decimal shift\s+hold\s+quantity 120/);
    expect(text).toMatch(/2\s+BP-1001 \/ WC-100\s+12\s+120\s+0\.1x\s+decimal shift/);
    expect(text).toMatch(/pack multiple\s+warn\s+quantity 10 or 20/);
    expect(html).toContain('<td style="padding:2px 8px;vertical-align:top">decimal shift</td>');
  });

  it('gives the exact decide commands for the held line', () => {
    const { text } = anomalyEmail();
    expect(text).toContain("npx edi decide --partner ACME --po 4500012345 --line 3 approve --by 'YOUR NAME' --reason 'WHY'");
    expect(text).toContain("npx edi decide --partner ACME --po 4500012345 --line 3 quantity=120 --by 'YOUR NAME' --reason 'WHY'");
    expect(text).toContain("npx edi decide --partner ACME --po 4500012345 --line 3 reject --by 'YOUR NAME' --reason 'WHY'");
  });

  it("names the hold SLA's first deadline in the desk's time, and who it escalates to", () => {
    const o = order([line({ lineNumber: '3', quantity: 1200 })]);
    const { lines } = detectOrderAnomalies({ order: o, partner, items, forecasts: [forecast()], now: NOW });
    // held 14:00 UTC Monday 3 Mar = 08:00 CST; ACME's SLA 8 h → 16:00 CST
    const email = renderAnomalyEmail({ partner, order: o, assessments: lines, items: [item], heldAt: '2025-03-03T14:00:00.000Z' }) as RenderedEmail;
    expect(email.text).toContain('Decide by 16:00 CST Mon 3 Mar (hold SLA 8 business hours of the desk); after that it escalates to the manager, Mia Manager.');
    expect(anomalyEmail().text).not.toContain('Decide by');
  });

  it('escapes a hostile PO number: no markup in HTML, no header break in the subject, quoted in the command', () => {
    const email = anomalyEmail(HOSTILE_PO);
    expectSafe(email);
    expect(email.subject).toBe('[HOLD] ACME PO 45<script>alert(1)</script> Bcc: victim@evil.example: 2 lines held (decimal shift, pack multiple, below MOQ), decision needed');
    expect(email.html).toContain('45&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain(`--po '45<script>alert(1)</script> Bcc: victim@evil.example'`);
  });

  it('is not sent when no line has a finding', () => {
    const o = order([line()]);
    const { lines } = detectOrderAnomalies({ order: o, partner, items, forecasts: [forecast()], now: NOW });
    expect(renderAnomalyEmail({ partner, order: o, assessments: lines, items: [item] })).toBeUndefined();
  });
});

describe('escaping helpers', () => {
  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["O'Brien & Co", 'O&#39;Brien &amp; Co'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
  ])('escapeHtml(%j)', (input, output) => expect(escapeHtml(input)).toBe(output));

  it.each(['a\r\nBcc: x@evil.example', 'a\nBcc: x', 'a\rBcc: x', 'a\u2028Bcc: x', 'a\u0085Bcc: x'])('cleanSubject removes the line break in %j', (input) => {
    expect(cleanSubject(input)).toMatch(/^a Bcc: x/);
  });

  it('shell-quotes only when needed', () => {
    expect(shellQuote('4500012345')).toBe('4500012345');
    expect(shellQuote("PO 1'; rm -rf /")).toBe(`'PO 1'\\''; rm -rf /'`);
  });
});

describe('delay e-mails', () => {
  const hostile = { ...partner, contacts: { ...partner.contacts } };
  const rows = projectAvailableBalance({
    onHand: 14,
    startWeek: '2025-03-03',
    supply: [{ weekStart: '2025-03-10', mps: 50, receipts: 0 }],
    demand: [{ partnerId: 'ACME', purchaseOrderNumber: HOSTILE_PO, lineNumber: '1', item: 'WC-100', quantity: 15, dueDate: '2025-03-05' }],
    safetyStock: 10,
  });
  const l1 = assessDelayRisks({ stateVersion: 1, previous: undefined, item, rows, partners: { ACME: hostile }, now: NOW });
  const ref = { partnerId: 'ACME', purchaseOrderNumber: HOSTILE_PO, lineNumber: '1' };
  const l2 = assessDelayRisks({ stateVersion: 1, previous: l1.nextState, item, rows, partners: { ACME: hostile }, now: NOW, riskNotices: [{ line: ref, cause: 'Press <4> down', countermeasures: ['Air freight'], enteredBy: 'Pat' }] });
  const l3 = assessDelayRisks({ stateVersion: 1, previous: l2.nextState, item, rows, partners: { ACME: hostile }, now: NOW, confirmedDelays: [{ line: ref, newDate: '2025-03-12', by: 'Pat' }] });
  const cleared = assessDelayRisks({ stateVersion: 1, previous: l1.nextState, item, rows: [], partners: { ACME: hostile }, now: NOW });
  const render = (n: (typeof l1.notifications)[number] | undefined) => renderDelayEmail(n!, item, { ACME: hostile });

  it('level 1 goes to the planner and customer service with the weekly table', () => {
    const email = render(l1.notifications[0]);
    expect(email.subject).toBe('[DELAY RISK L1] WC-100 Steel mounting bracket: short from week 2025-03-03, 1 order line affected');
    expect(email.to).toEqual(['pat.planner@widgetco.example', 'cs@widgetco.example']);
    expect(email.text).toMatch(/2025-03-03\s+15\s+0\s+0\s+0\s+-1\s+-1\s+10\s+SHORT/);
    expectSafe(email);
  });

  it('level 2 goes to the customer buyer with cause and countermeasures, escaped', () => {
    const email = render(l2.notifications[0]);
    expect(email.subject.startsWith('[DELIVERY RISK] PO 45<script>')).toBe(true);
    expect(email.to).toEqual(['bea.buyer@acme.example']);
    expect(email.cc).toEqual(['cs@widgetco.example', 'pat.planner@widgetco.example']);
    expect(email.html).toContain('Cause: Press &lt;4&gt; down');
    expectSafe(email);
  });

  it('level 2 of two items of one order is one email: a section per item with its own lines, cause and countermeasures, both planners in copy', () => {
    const other = { ...item, vendorPart: 'WC-200', description: 'Hinge plate', buyerParts: {}, planner: { name: 'Quinn Planner', email: 'quinn@widgetco.example' } };
    const notice = l2.notifications[0]!;
    const second = notice.kind === 'risk-notice' ? { ...notice, id: 'delay-L2/WC-200/x', item: 'WC-200', cause: 'Supplier late', countermeasures: ['Second source'], lines: notice.lines.map((l) => ({ ...l, line: { ...l.line, lineNumber: '2', item: 'WC-200' } })), outlook: notice.outlook.map((o) => ({ ...o, lineNumber: '2' })) } : notice;
    const email = renderDelayEmail(notice, item, { ACME: hostile }, second.kind === 'risk-notice' ? [{ notification: second, item: other }] : []);
    expect(email.subject).toMatch(/^\[DELIVERY RISK\] PO 45<script>.* lines 1, 2, items BP-1001, WC-200: risk of late delivery$/);
    expect(email.text).toMatch(/Item BP-1001 \(Steel mounting bracket\):[\s\S]*Cause: Press <4> down[\s\S]*Item WC-200 \(Hinge plate\):[\s\S]*Cause: Supplier late\n[\s\S]*- Second source/);
    expect(email.cc).toEqual(['cs@widgetco.example', 'pat.planner@widgetco.example', 'quinn@widgetco.example']);
    expectSafe(email);
  });

  it('level 3 tells the customer the new date and announces the revised 855', () => {
    const email = render(l3.notifications[0]);
    expect(email.subject).toContain('[CONFIRMED DELAY]');
    expect(email.subject).toContain('new ship date 2025-03-12');
    expect(email.text).toContain('revised order acknowledgment (855)');
    expectSafe(email);
  });

  it('an over-stock warning goes to the planner’s supervisor (the item’s manager), planner in copy', () => {
    const capped = { ...item, maxStock: 30 };
    const rows = projectAvailableBalance({ onHand: 14, startWeek: '2025-03-03', supply: [{ weekStart: '2025-03-10', mps: 50, receipts: 0 }], demand: [], safetyStock: 10, maxStock: 30 });
    const [warning] = assessDelayRisks({ stateVersion: 1, previous: undefined, item: capped, rows, partners: {}, now: '2025-03-03T09:00:00.000Z' }).notifications;
    const email = renderDelayEmail(warning!, capped, {});
    expect(email.subject).toBe('[OVER-STOCK] WC-100 Steel mounting bracket: projected 64 above the maximum of 30 from week 2025-03-10');
    expect(email.to).toEqual([capped.escalation.manager.email]);
    expect(email.cc).toEqual([capped.planner.email]);
    expect(email.text).toMatch(/2025-03-10\s+64\s+34/);
    expectSafe(email);
  });

  it('all-clear goes to the same people as level 1', () => {
    const email = render(cleared.notifications[0]);
    expect(email.subject).toBe('[ALL CLEAR] WC-100 Steel mounting bracket: projected shortage resolved for 1 order line');
    expect(email.to).toEqual(['pat.planner@widgetco.example', 'cs@widgetco.example']);
  });
});

describe('expedite e-mails', () => {
  const l = { partner, item, purchaseOrderNumber: '4500012345', lineNumber: '3', quantity: 40, requestedShipDate: '2025-03-04' };
  const state = escalationPlan({ partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '3', item: 'WC-100' }, item, partner, '2025-03-03T10:00:00.000Z');

  it('P1 alert: the 24/7 desk and the item owner, with the confirmation deadline in the subject', () => {
    const email = renderP1Alert(l, [{ code: 'rush-order-type', orderType: 'RO' }], state);
    expect(email.subject).toBe('[P1 LINE DOWN] ACME PO 4500012345 line 3 BP-1001: confirm a date by 08:00 CST Mon 3 Mar');
    expect(email.to).toEqual(['expedite@widgetco.example', 'olga@widgetco.example']);
    expect(email.text).toContain('npx edi expedite confirm --partner ACME --po 4500012345 --line 3 date=YYYY-MM-DD');
  });

  it('each escalation step goes to the one person at that step', () => {
    const email = renderEscalationStep(l, state.steps[2]!, state);
    expect(email.subject).toBe('[P1 ESCALATION DIRECTOR] ACME PO 4500012345 line 3 BP-1001: no date confirmed after 8 h');
    expect(email.to).toEqual(['dan@widgetco.example']);
    expect(email.cc).toEqual(['expedite@widgetco.example', 'olga@widgetco.example', 'mia@widgetco.example']);
  });

  it('P1 alert shows on hand per location, open supply by week and what can ship now', () => {
    const supply = { locations: [{ location: 'PLANT', onHand: 25 }, { location: 'DC-EAST', onHand: 5 }], open: [{ weekStart: '2025-03-10', mps: 50, receipts: 0 }], canShipNow: 30 };
    const email = renderP1Alert(l, [{ code: 'rush-order-type', orderType: 'RO' }], state, supply);
    expect(email.text).toContain('Can ship now from on hand: 30 EA of 40');
    expect(email.text).toMatch(/PLANT\s*\|?\s*25 EA/);
    expect(email.text).toMatch(/DC-EAST\s*\|?\s*5 EA/);
    expect(email.text).toMatch(/2025-03-10\s*\|?\s*50/);
    expect(renderP1Alert(l, [], state).text).toContain('No supply plan is loaded for this item');
  });

  describe('a bought-in part', () => {
    const bought = { ...item, source: 'buy' as const, supplier: { name: 'Sam Supplier', email: 'sam@stamping.example' }, purchasing: { manager: { name: 'Pia P', email: 'pia@widgetco.example' }, director: { name: 'Pete D', email: 'pete@widgetco.example' }, vp: { name: 'Paula V', email: 'paula@widgetco.example' } } };
    const lb = { ...l, item: bought };
    const plan = escalationPlan({ partnerId: 'ACME', purchaseOrderNumber: '4500012345', lineNumber: '3', item: 'WC-100' }, bought, partner, '2025-03-03T10:00:00.000Z');
    const step = (name: string) => plan.steps.find((s) => s.step === name)!;

    it('the alert names both chains and the supplier asked', () => {
      const text = renderP1Alert(lb, [], plan).text;
      expect(text).toContain('owner → manager → director → vp; bought-in part: supplier → purchasing manager → purchasing director → purchasing vp');
      expect(text).toContain('supplier Sam Supplier (sam@stamping.example) was asked to confirm a date by 08:00 CST Mon 3 Mar');
    });

    it('the supplier is asked for a date within the interval; purchasing steps say the supplier has not answered', () => {
      const request = renderEscalationStep(lb, step('supplier'), plan);
      expect(request.to).toEqual(['sam@stamping.example']);
      expect(request.subject).toBe('[P1 LINE DOWN] WC-100 Steel mounting bracket: please confirm a ship date by 08:00 CST Mon 3 Mar');
      const director = renderEscalationStep(lb, step('purchasing-director'), plan);
      expect(director.subject).toBe('[P1 ESCALATION PURCHASING DIRECTOR] ACME PO 4500012345 line 3 BP-1001: no date confirmed after 8 h');
      expect(director.to).toEqual(['pete@widgetco.example']);
      expect(director.cc).toEqual(['expedite@widgetco.example', 'sam@stamping.example', 'pia@widgetco.example']);
      expect(director.text).toContain('The supplier Sam Supplier (sam@stamping.example) has not confirmed.');
    });

    it('a stand-down to a person reached names the confirmed date, who confirmed and why', () => {
      const email = renderP1StandDown(lb, step('purchasing-manager'), plan, { date: '2025-03-06', by: 'Sam Supplier', reason: 'extra shift' });
      expect(email.subject).toBe('[P1 STAND DOWN] ACME PO 4500012345 line 3 BP-1001: ship date 2025-03-06 confirmed');
      expect(email.to).toEqual(['pia@widgetco.example']);
      expect(email.text).toContain('reached you as purchasing manager, has a confirmed ship date: 2025-03-06, confirmed by Sam Supplier (extra shift)');
    });
  });

  it('P2 alert goes to the allocation team with the business-day deadline', () => {
    const email = renderP2Alert(l, [{ code: 'pab-shortage', weekStart: '2025-03-03', pab: -1 }], '2025-03-03T17:00:00.000Z');
    // deadlines print in the desk's zone (the profile's desk, America/Chicago by default)
    expect(email.subject).toBe('[P2 AT RISK] ACME PO 4500012345 line 3 BP-1001: allocate by 11:00 CST Mon 3 Mar');
    expect(email.to).toEqual(['allocation@widgetco.example']);
    // A shortage names the command that allocates its week; a lead-time line alone names none.
    expect(email.text).toContain(`npx edi allocate --item ${l.item.vendorPart} --week 2025-03-03`);
    expect(renderP2Alert(l, [{ code: 'inside-lead-time', requestedShipDate: '2025-03-03', earliestShipDate: '2025-03-10' }], '2025-03-03T17:00:00.000Z').text).not.toContain('allocate --item');
  });

  it("a desk with its own zone and command prefix: deadlines in that zone, commands as it runs them", () => {
    const berlin = acmeProfile({ desk: { timeZone: 'Europe/Berlin', commandPrefix: 'edi' } });
    const p2 = renderP2Alert({ ...l, partner: berlin }, [{ code: 'pab-shortage', weekStart: '2025-03-03', pab: -1 }], '2025-03-03T16:00:00.000Z');
    expect(p2.subject).toBe('[P2 AT RISK] ACME PO 4500012345 line 3 BP-1001: allocate by 17:00 GMT+1 Mon 3 Mar');
    const p1 = renderP1Alert({ ...l, partner: berlin }, [{ code: 'rush-order-type', orderType: 'RO' }], state);
    expect(p1.text).toContain('edi expedite confirm --partner ACME');
    expect(p1.text).not.toContain('npx edi');
  });

  it('P3 digest: one e-mail per planner listing the shortfalls', () => {
    const other = bracketItem({ vendorPart: 'WC-300', description: 'Hinge', planner: { name: 'Quinn', email: 'quinn@widgetco.example' } });
    const groups = groupDigestByPlanner([
      { item, reasons: [{ code: 'safety-stock-not-covered', weekStart: '2025-03-10', pab: 4, safetyStock: 10, quantity: 6 }, { code: 'forecast-not-covered', weekStart: '2025-03-17', pab: -5, quantity: 5 }] },
      { item: other, reasons: [{ code: 'forecast-not-covered', weekStart: '2025-03-17', pab: -20 }] },
    ]);
    expect(groups.map((g) => g.planner.email)).toEqual(['pat.planner@widgetco.example', 'quinn@widgetco.example']);
    const email = renderP3Digest(groups[0]!.planner, groups[0]!.entries, '2025-03-03')!;
    expect(email.subject).toBe('[P3 DIGEST] 2025-03-03: 1 plan shortfall for Pat Planner');
    expect(email.text).toContain('Below safety stock 10 by 6 in the week of 2025-03-10 (projected balance 4).');
    expect(email.text).toContain('Forecast not covered: 5 short in the week of 2025-03-17 (projected balance -5).');
    expect(renderP3Digest(groups[0]!.planner, [], '2025-03-03')).toBeUndefined();
  });

  it("P3 digest: a planner's items by the best buyer class, then shortfall value, then vendor part", () => {
    const named = (vendorPart: string) => bracketItem({ vendorPart });
    const reasons = [{ code: 'forecast-not-covered' as const, weekStart: '2025-03-17', pab: -5 }];
    const [group] = groupDigestByPlanner([
      { item: named('WC-1'), reasons, priorityClass: 'C', value: 9_000 },
      { item: named('WC-2'), reasons, priorityClass: 'A', value: 10 },
      { item: named('WC-3'), reasons, priorityClass: 'C', value: 9_500 },
      { item: named('WC-4'), reasons },
      { item: named('WC-0'), reasons, priorityClass: 'C', value: 9_000 },
    ]);
    expect(group!.entries.map((e) => e.item.vendorPart)).toEqual(['WC-2', 'WC-3', 'WC-0', 'WC-1', 'WC-4']);
  });
});
