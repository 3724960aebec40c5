/**
 * What our outbound documents say, as golden files, for the sample partners: the 855 after
 * planner decisions (price, quantity, date, unit), the 856 as each partner's guide builds it, the
 * 865 of a decided held 860 and the 810 of a shipment. Each file reads back without errors,
 * parses under node-x12's strict parser and keeps its partner's guide.
 */
import { describe, expect, it } from 'vitest';
import { acknowledgeDecidedChange } from '#domain/orders/acknowledge-order.ts';
import { checkTextAgainstGuides } from '#domain/x12/guide/guide-check.ts';
import { translateText } from '#domain/x12/translate.ts';
import { writeDocuments } from '#domain/x12/write/write-interchange.ts';
import { envelopeSettingsOf } from '#functions/use-cases/deliver-document.ts';
import type { PurchaseOrder, TypedDocument } from '#schemas/documents/x12-documents.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { accepted, NOW, sampleAcknowledgment, sampleChange, sampleInvoice, sampleOrder, samplePartner, sampleShipNotice, sampleText } from '../../../support/outbound-documents.ts';
import { expectGolden, numbers, parseStrict } from './fixtures.ts';

const when = { date: '20261124', time: '1405' };

/** Writes, checks (reader, node-x12, guide) and returns the interchange. */
function written(profile: PartnerProfile, doc: TypedDocument): string {
  const text = writeDocuments([doc], { ...envelopeSettingsOf(profile), lineBreaks: true }, numbers, when);
  expect(translateText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(parseStrict(text).sets).toEqual([1]);
  expect(checkTextAgainstGuides(text, profile, 'outbound').flatMap((r) => r.findings)).toEqual([]);
  return text;
}

const lines = (text: string, tag: string) => text.split(/~\n?/).filter((s) => s.startsWith(`${tag}*`));

function orderFromFile(path: string): PurchaseOrder {
  const doc = translateText(sampleText(path)).documents[0]?.document;
  if (doc?.type !== '850') throw new Error(path);
  return doc;
}

describe('855 after decisions', () => {
  it('BOLT: price=10.2 → PO104 and CTP carry it (IP); quantity=450 → IQ; a later date → DR; every line with the ids the 850 carried', () => {
    const bolt = samplePartner('BOLT');
    const order = sampleOrder('BOLT');
    const doc = sampleAcknowledgment(bolt, order, [accepted('1', { unitPrice: 10.2, decidedBy: 'planner' }), accepted('2', { quantity: 450, decidedBy: 'planner' }), accepted('3', { date: '2026-12-21', decidedBy: 'planner' })]);
    const text = written(bolt, doc);
    expectGolden('855-bolt-decisions.edi', text);
    expect(lines(text, 'PO1')[0]).toBe('PO1*1*80*BX*10.2*PE*BP*BL10027*VP*KPC-1002*UP*084512010023');
    expect(lines(text, 'CTP')[0]).toBe('CTP**CON*10.2*80*BX');
    expect(lines(text, 'ACK')).toEqual(['ACK*IP*80*BX*068*20261208', 'ACK*IQ*450*EA*068*20261222', 'ACK*DR*20*CA*068*20261221']);
  });

  it('CIRRUS: uom=CA quantity=4 on the 40 EA line → ACK IC 4 CA, CTP 318 per CA, PO104 the same value per ordered EA', () => {
    const cirrus = samplePartner('CIRRUS');
    const order = orderFromFile('inbound/CIRRUS/05-850-CX26-0041183-uom-mismatch.edi');
    const doc = sampleAcknowledgment(cirrus, order, [accepted('1', { unitOfMeasure: 'CA', quantity: 4, decidedBy: 'planner' })]);
    const text = written(cirrus, doc);
    expectGolden('855-cirrus-uom.edi', text);
    expect(lines(text, 'PO1')[0]).toMatch(/^PO1\*1\*40\*EA\*31\.8\*PE\*BP\*CX-8015-01/);
    expect(lines(text, 'CTP')).toEqual(['CTP**CON*318*4*CA']);
    expect(lines(text, 'ACK')[0]).toMatch(/^ACK\*IC\*4\*CA\*068\*/);
  });
});

describe('856 as the partner guide builds it', () => {
  it('ACME (automotive, S/O/I): BSN03/04 creation time, BSN05 0002, TD1 gross weight, TD5 B/2/SCAC/TD504/routing, REF BM+CN, DTM 011/017, N1 SF+ST with ids, PRF with PO date, MAN AA, LIN echo, SN1', () => {
    const acme = samplePartner('ACME');
    const order = sampleOrder('ACME');
    const text = written(acme, sampleShipNotice(acme, order));
    expectGolden('856-acme-soi.edi', text);
    expect(lines(text, 'BSN')[0]).toBe('BSN*00*S0123456789ABCDE*20261124*1405*0002');
    expect(lines(text, 'HL').map((s) => s.split('*')[3])).toEqual(['S', 'O', ...order.lines.map(() => 'I')]);
    expect(lines(text, 'TD1')[0]).toMatch(/^TD1\*CTN25\*2\*\*\*\*G\*\d+(\.\d+)?\*LB$/);
    expect(lines(text, 'TD5')[0]).toBe('TD5*B*2*ODFL*M*ACME ROUTING GUIDE ZONE 2');
    expect(lines(text, 'REF').map((s) => s.split('*')[1])).toEqual(['BM', 'CN']);
    expect(lines(text, 'REF')[0]).toMatch(/^REF\*BM\*0614141\d{10}$/);
    expect(lines(text, 'DTM')).toEqual(['DTM*011*20261124', 'DTM*017*20261126']);
    expect(lines(text, 'N1')).toEqual(['N1*SF*Keystone Precision Components Plant 1*1*084512000', 'N1*ST*ACME Automotive Plant 2*92*ST-0200']);
    expect(lines(text, 'PRF')[0]).toBe(`PRF*4500098801***20261123`);
    expect(lines(text, 'MAN').every((m) => /^MAN\*AA\*\d{18}$/.test(m))).toBe(true);
    expect(lines(text, 'LIN')[0]).toBe('LIN*1*BP*AC-204010*VP*KPC-2040*UP*084512020404');
    expect(lines(text, 'SN1')[0]).toBe('SN1**15*EA**15*EA');
  });

  it('BOLT (retail, S/O/P/I): one pack per SSCC with MAN GM 00 + SSCC-18, BSN05 0001, TD504 LT', () => {
    const bolt = samplePartner('BOLT');
    const text = written(bolt, sampleShipNotice(bolt, sampleOrder('BOLT')));
    expectGolden('856-bolt-sopi.edi', text);
    expect(lines(text, 'BSN')[0]).toMatch(/\*0001$/);
    expect(lines(text, 'HL').map((s) => s.split('*')[3]).slice(0, 3)).toEqual(['S', 'O', 'P']);
    expect(lines(text, 'MAN')).toHaveLength(2);
    expect(lines(text, 'MAN').every((m) => /^MAN\*GM\*00\d{18}$/.test(m))).toBe(true);
    expect(lines(text, 'TD5')[0]).toBe('TD5*B*2*ODFL*LT');
  });
});

describe('865 of a decided held 860', () => {
  it('answers each changed line with the planner decision: DR with the decided date', () => {
    const acme = samplePartner('ACME');
    const order = sampleOrder('ACME');
    const change = sampleChange(order);
    const doc = acknowledgeDecidedChange({ purchaseOrderNumber: order.purchaseOrderNumber, purchaseOrder: order }, { change, outcomes: [{ lineNumber: '1', changeType: 'QI', applied: true }] }, [accepted('1', { date: '2026-12-14', decidedBy: 'planner' })], NOW.slice(0, 10));
    const text = written(acme, doc);
    expectGolden('865-acme-decided.edi', text);
    expect(lines(text, 'BCA')[0]).toMatch(/^BCA\*00\*AT\*4500098801/);
    expect(lines(text, 'ACK')).toEqual(['ACK*DR*25*EA*068*20261214']);
  });

  it('a line the planner rejected is IR and the 865 says so in BCA02', () => {
    const order = sampleOrder('ACME');
    const doc = acknowledgeDecidedChange({ purchaseOrderNumber: order.purchaseOrderNumber, purchaseOrder: order }, { change: sampleChange(order), outcomes: [{ lineNumber: '1', changeType: 'QI', applied: true }] }, [{ ...accepted('1'), status: 'rejected' }], NOW.slice(0, 10));
    expect(doc.acknowledgmentType).toBe('RJ');
    expect(doc.lines[0]?.acks.map((a) => a.status)).toEqual(['IR']);
  });
});

describe('810 of a shipment', () => {
  it('BOLT: BIG with the PO and its date, CUR, REF BM/SI, ITD 2% 10 net 30, IT1 shipped × confirmed price, TDS in cents, CTT', () => {
    const bolt = samplePartner('BOLT');
    const order = sampleOrder('BOLT');
    const doc = sampleInvoice(bolt, order);
    const text = written(bolt, doc);
    expectGolden('810-bolt.edi', text);
    expect(lines(text, 'BIG')[0]).toBe('BIG*20261124*I0123456789ABCDE*20261123*P221870');
    expect(lines(text, 'ITD')[0]).toBe('ITD*08*3*2*20261204*10*20261224*30');
    const total = order.lines.reduce((sum, l) => sum + (l.quantity ?? 0) * (l.unitPrice ?? 0), 0);
    expect(lines(text, 'TDS')[0]).toBe(`TDS*${Math.round(total * 100)}`);
    expect(lines(text, 'IT1')).toHaveLength(order.lines.length);
    const read = translateText(text).documents[0]?.document;
    expect(read).toMatchObject({ type: '810', invoiceNumber: 'I0123456789ABCDE', purchaseOrderNumber: 'P221870', totalAmount: Math.round(total * 100) / 100 });
  });
});
