import { describe, expect, it } from 'vitest';
import { applyChange } from '#domain/orders/apply-change.ts';
import { createOrder } from '#domain/orders/create-order.ts';
import { orderStepEventId } from '#domain/orders/order-step-events.ts';
import { translateText } from '#domain/x12/translate.ts';
import type { OrderChange, PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import { OrderStepEventZ } from '#schemas/messages/order-step-event.ts';
import { OutboxZ } from '#schemas/records/records.ts';
import { sample850, sample860 } from '../../support/edi-samples.ts';

const first = <T>(x12: string) => translateText(x12).documents[0]!.document as T;
const po = first<PurchaseOrder>(sample850('PO-1', {}, 2));
const at = '2025-01-02T03:04:05.000Z';
const created = () => createOrder({ partner: 'ACME', purchaseOrder: po, cause: { partner: 'ACME', type: '850', id: 'c850' }, at });

describe('order-step events in the transition outbox', () => {
  it('carries one typed, versioned event per step the transition entered', () => {
    const t = created();
    // No planning checks ran: nothing is held and the 855 went with the 850.
    expect(t.next.outbox.events?.map((e) => e.detailType)).toEqual(['edi.order.received', 'edi.order.confirmed']);
    for (const e of t.next.outbox.events ?? []) {
      expect(OrderStepEventZ.parse(e)).toEqual(e);
      expect(e).toMatchObject({ version: 1, partner: 'ACME', purchaseOrderNumber: 'PO-1', stage: 'confirmed', at, orderVersion: 1, orderEvent: { seq: 1, type: 'order.created', causeId: 'c850' } });
    }
    expect(OutboxZ.parse(t.next.outbox)).toEqual(t.next.outbox);
  });

  it('derives the ids from the causing fact: the same transition again publishes the same ids', () => {
    const a = created().next.outbox.events ?? [];
    const b = created().next.outbox.events ?? [];
    expect(b.map((e) => e.eventId)).toEqual(a.map((e) => e.eventId));
    expect(new Set(a.map((e) => e.eventId)).size).toBe(a.length);
    expect(a[0]!.eventId).toBe(orderStepEventId('ACME', 'PO-1', 'c850', 'received'));
    expect(orderStepEventId('ACME', 'PO-1', 'c851', 'received')).not.toBe(a[0]!.eventId);
    expect(orderStepEventId('ACME', 'PO-2', 'c850', 'received')).not.toBe(a[0]!.eventId);
  });

  it('publishes nothing for a transition that enters no step, and cancelled for a cancelling 860', () => {
    const t = created();
    const change = (lines: string[], purpose: string) => first<OrderChange>(sample860('PO-1', {}, lines).replace('BCH*04', `BCH*${purpose}`));
    const changed = applyChange({ order: t.order, change: change(['POC*1*QI*25**EA'], '04'), cause: { partner: 'ACME', type: '860', id: 'c860' }, at });
    expect(changed.next.outbox.events).toEqual([]);
    const cancelled = applyChange({ order: changed.order, change: change([], '01'), cause: { partner: 'ACME', type: '860', id: 'c861' }, at });
    expect(cancelled.next.outbox.events?.map((e) => [e.detailType, e.stage])).toEqual([['edi.order.cancelled', 'cancelled']]);
    expect(cancelled.next.lastEvent.steps).toEqual(['received', 'cancelled']);
  });
});
