import { describe, expect, it } from 'vitest';
import { checkExactlyOnce, groupsAcknowledged, purchaseOrdersAcknowledged, type ExactOnceInput } from './exact-once.ts';

const ack997 = (group: string): string =>
  `ISA*00*          *00*          *ZZ*OURSUPPLIER    *ZZ*ACMEBUYER      *261123*0617*U*00401*000000001*0*P*>~GS*FA*OURSUPPLIER*ACMEBUYER*20261123*0617*1*X*004010~ST*997*0001~AK1*PO*${group}~AK9*A*1*1*1~SE*4*0001~GE*1*1~IEA*1*000000001~`;
const ack855 = (po: string): string =>
  `ISA*00*          *00*          *ZZ*OURSUPPLIER    *ZZ*ACMEBUYER      *261123*0617*U*00401*000000002*0*P*>~GS*PR*OURSUPPLIER*ACMEBUYER*20261123*0617*2*X*004010~ST*855*0002~BAK*00*AD*${po}*20261123~SE*3*0002~GE*1*2~IEA*1*000000002~`;

function clean(): ExactOnceInput {
  return {
    expectedOrders: ['PO-1', 'PO-2'],
    expectedGroups: ['1'],
    orders: ['PO-1', 'PO-2'],
    orderCreatedEvents: ['PO-1', 'PO-2'],
    acks997: [ack997('1')],
    acks855: [ack855('PO-1'), ack855('PO-2')],
  };
}

describe('the benchmark exact-once check', () => {
  it('reads the acknowledged group from a 997 and the PO from an 855', () => {
    expect(groupsAcknowledged(ack997('17'))).toEqual(['17']);
    expect(purchaseOrdersAcknowledged(ack855('4500000001'))).toEqual(['4500000001']);
  });

  it('passes when every order, 997 and 855 exists exactly once', () => {
    expect(checkExactlyOnce(clean()).ok).toBe(true);
  });

  it('fails on an 855 written twice for one PO', () => {
    const report = checkExactlyOnce({ ...clean(), acks855: [ack855('PO-1'), ack855('PO-2'), ack855('PO-2')] });
    expect(report.ok).toBe(false);
    expect(report.acks855.duplicated).toEqual(['PO-2']);
  });

  it('fails on a second 997 for one interchange', () => {
    const report = checkExactlyOnce({ ...clean(), acks997: [ack997('1'), ack997('1')] });
    expect(report.ok).toBe(false);
    expect(report.acks997.duplicated).toEqual(['1']);
  });

  it('fails on an order created twice, a missing order and an unexpected one', () => {
    const report = checkExactlyOnce({ ...clean(), orders: ['PO-1', 'PO-3'], orderCreatedEvents: ['PO-1', 'PO-1', 'PO-2'] });
    expect(report.ok).toBe(false);
    expect(report.orders).toMatchObject({ missing: ['PO-2'], unexpected: ['PO-3'] });
    expect(report.orderCreatedEvents.duplicated).toEqual(['PO-1']);
  });

  it('fails on a missing 855', () => {
    const report = checkExactlyOnce({ ...clean(), acks855: [ack855('PO-1')] });
    expect(report.ok).toBe(false);
    expect(report.acks855.missing).toEqual(['PO-2']);
  });
});
