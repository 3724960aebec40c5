import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acknowledgeChange, acknowledgeOrder } from '#domain/orders/acknowledge-order.ts';
import { applyChange } from '#domain/orders/apply-change.ts';
import { canonicalJson } from '#domain/orders/canonical-json.ts';
import { createOrder } from '#domain/orders/create-order.ts';
import { demandLinesOf } from '#domain/orders/demand-lines.ts';
import { forecastReplacementsOf } from '#domain/orders/forecast-periods.ts';
import { verifyChain } from '#domain/orders/order-events.ts';
import { itemOf } from '#domain/orders/order-keys.ts';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { translateText } from '#domain/x12/translate.ts';
import type { OrderChange, PlanningSchedule, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import { sample830, sample850, sample860 } from '../../support/edi-samples.ts';

const first = <T>(x12: string) => translateText(x12).documents[0]!.document as T;
const po = first<PurchaseOrder>(sample850('PO-1', {}, 3));
const cause = (id: string) => ({ partner: 'ACME', type: '860', id });
const at = '2025-01-02T03:04:05.000Z';
const order = createOrder({ partner: 'ACME', purchaseOrder: po, cause: { partner: 'ACME', type: '850', id: 'c850' }, at }).order;
const change = (lines: string[], purpose = '04') => first<OrderChange>(sample860('PO-1', {}, lines).replace('BCH*04', `BCH*${purpose}`));

describe('sha256Hex', () => {
  it('agrees with node:crypto for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => sha256Hex(s) === createHash('sha256').update(s, 'utf8').digest('hex')));
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe(canonicalJson({ a: [{ d: 2 }], b: 1 }));
  });
});

describe('order events', () => {
  it('chains each event to the previous one and detects an edit, a removal and a reorder', () => {
    const e1 = createOrder({ partner: 'ACME', purchaseOrder: po, cause: { partner: 'ACME', type: '850', id: 'c850' }, at });
    const e2 = applyChange({ order: e1.order, change: change(['POC*1*QI*25**EA']), cause: cause('c1'), at });
    const e3 = applyChange({ order: e2.order, change: change(['POC*2*PC**10*EA*9.75']), cause: cause('c2'), at });
    const events = [e1.event, e2.event, e3.event];
    expect(verifyChain(events)).toEqual({ valid: true });
    expect(verifyChain([e1.event, { ...e2.event, summary: 'nothing happened' }, e3.event])).toMatchObject({ valid: false, brokenAtSeq: 2 });
    expect(verifyChain([e1.event, e3.event])).toMatchObject({ valid: false });
    expect(verifyChain([e2.event, e1.event, e3.event])).toMatchObject({ valid: false });
  });
});

describe('the chain anchored in the order head', () => {
  it('catches a removed last event, which the links alone cannot', () => {
    const e1 = createOrder({ partner: 'ACME', purchaseOrder: po, cause: { partner: 'ACME', type: '850', id: 'c850' }, at });
    const e2 = applyChange({ order: e1.order, change: change(['POC*1*QI*25**EA']), cause: cause('c1'), at });
    expect(verifyChain([e1.event, e2.event], e2.order)).toEqual({ valid: true });
    expect(verifyChain([e1.event], e2.order)).toMatchObject({ valid: false, brokenAtSeq: 2 });
    expect(verifyChain([e1.event])).toEqual({ valid: true });
  });
});

describe('applyChange', () => {
  it('changes quantity (QI/QD) and price (PC) as a new version', () => {
    const r = applyChange({ order, change: change(['POC*1*QD*5**EA', 'POC*2*PC**20*EA*9.75']), cause: cause('c'), at });
    expect(r.order.version).toBe(2);
    expect(r.order.purchaseOrder.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice])).toEqual([
      ['1', 5, 2.5],
      ['2', 20, 9.75],
      ['3', 30, 2.5],
    ]);
    expect(r.outcomes.every((o) => o.applied)).toBe(true);
  });

  it('adds (AI) and deletes (DI) lines, and rejects a change to a line that does not exist', () => {
    const r = applyChange({ order, change: change(['POC*4*AI*7**EA*1.5**VP*ITEM-4', 'POC*2*DI*0**EA', 'POC*9*QI*1**EA']), cause: cause('c'), at });
    expect(r.order.purchaseOrder.lines.map((l) => l.lineNumber)).toEqual(['1', '3', '4']);
    expect(r.outcomes.map((o) => o.applied)).toEqual([true, true, false]);
    expect(acknowledgeChange(r.order, change(['POC*4*AI*7**EA*1.5**VP*ITEM-4', 'POC*2*DI*0**EA', 'POC*9*QI*1**EA']), r.outcomes, '2025-01-02')).toMatchObject({
      acknowledgmentType: 'AC',
      lines: [{ acks: [{ status: 'IA' }] }, { acks: [{ status: 'IA' }] }, { acks: [{ status: 'IR' }] }],
    });
  });

  it('replaces a line date with a CA change', () => {
    const r = applyChange({ order, change: change(['POC*1*CA*10**EA', 'DTM*002*20250401']), cause: cause('c'), at });
    expect(r.order.purchaseOrder.lines[0]?.dates).toEqual([{ qualifier: '002', date: '2025-04-01' }]);
  });

  it('cancels the order on BCH01 01 and closes its demand', () => {
    const r = applyChange({ order, change: change([], '01'), cause: cause('c'), at });
    expect(r.order.status).toBe('cancelled');
    expect(demandLinesOf(r.order, order).every((d) => !d.open)).toBe(true);
  });

  it('closes the demand of a deleted line', () => {
    const r = applyChange({ order, change: change(['POC*2*DI*0**EA']), cause: cause('c'), at });
    expect(demandLinesOf(r.order, order).map((d) => [d.lineNumber, d.open])).toEqual([
      ['1', true],
      ['3', true],
      ['2', false],
    ]);
  });
});

describe('acknowledgeOrder', () => {
  it('accepts every line as ordered with its quantity and requested date', () => {
    const ack = acknowledgeOrder(order, '2025-01-02');
    expect(ack).toMatchObject({ type: '855', acknowledgmentType: 'AD', purchaseOrderNumber: 'PO-1' });
    expect(ack.lines.map((l) => l.acks[0])).toEqual([
      { status: 'IA', quantity: 10, unitOfMeasure: 'EA', dateQualifier: '067', date: '2025-03-01' },
      { status: 'IA', quantity: 20, unitOfMeasure: 'EA', dateQualifier: '067', date: '2025-03-01' },
      { status: 'IA', quantity: 30, unitOfMeasure: 'EA', dateQualifier: '067', date: '2025-03-01' },
    ]);
  });
});

describe('forecastReplacementsOf', () => {
  it('splits an 830 per ship-to + item with the horizon it covers', () => {
    const schedule = first<PlanningSchedule>(sample830());
    const [r] = forecastReplacementsOf('ACME', schedule, { partner: 'ACME', type: '830', id: 'c' }, 'REL-1');
    expect(r).toMatchObject({ shipTo: 'PLANT1', item: 'ITEM-1', horizon: { start: '2025-01-06', end: '2025-02-02' } });
    expect(r?.periods.map((p) => [p.periodStart, p.quantity, p.scheduleReference])).toEqual([
      ['2025-01-06', 100, 'REL-1'],
      ['2025-01-13', 120, 'REL-1'],
    ]);
  });
});

describe('itemOf', () => {
  it('prefers the vendor part, then the buyer part', () => {
    expect(itemOf([{ qualifier: 'BP', value: 'B1' }, { qualifier: 'VP', value: 'V1' }])).toBe('V1');
    expect(itemOf([{ qualifier: 'UP', value: 'U1' }, { qualifier: 'BP', value: 'B1' }])).toBe('B1');
    expect(itemOf([])).toBeUndefined();
  });
});

describe('the duplicate-PO story', () => {
  it('says what came, that it is not applied, whether the 855 went out, what is held and what each decision does', async () => {
    const { duplicateStory } = await import('#domain/orders/receive-order.ts');
    const held = duplicateStory({ purchaseOrderNumber: 'CX-1', interchange: '000000042', set: '0001', differences: ['line 1 quantity 2000 → 2500'], heldLines: ['1'], acknowledged: true });
    expect(held).toBe(
      'PO CX-1 came again (ISA13 000000042, set 0001) with different content: line 1 quantity 2000 → 2500. The second 850 is not applied: the order stands as first received, and its 855 went out. ' +
        'Held for a planner: line 1, as first ordered. Per line: approve keeps it as first ordered; reject acknowledges it as rejected (IR); quantity=Q, date=D or price=P confirms the re-sent value instead. ' +
        'Once no line is held, a replacing 855 (BAK01 05) tells the buyer.',
    );
    expect(duplicateStory({ purchaseOrderNumber: 'CX-1', differences: [], heldLines: [], acknowledged: false })).toBe(
      'PO CX-1 came again with the same content. The second 850 is not applied: the order stands as first received, and no 855 has gone out for it yet. Nothing is held.',
    );
  });
});
