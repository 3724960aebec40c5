import { describe, expect, it } from 'vitest';
import { allocateBillOfLading, allocateSscc, buildShipNotice, DEFAULT_GS1_COMPANY_PREFIX, grossWeightOf, packContents, shipmentIdOf, type ShipmentRequest } from '#domain/orders/shipment.ts';
import { translateText } from '#domain/x12/translate.ts';
import { gs1CheckDigit, isValidSscc18 } from '#domain/x12/write/sscc.ts';
import { writeDocuments } from '#domain/x12/write/write-interchange.ts';
import type { PurchaseOrder, ShipNotice } from '#schemas/documents/x12-documents.ts';
import { sample850 } from '../../support/edi-samples.ts';
import { numbers, now, settings4010 } from '../x12/write/fixtures.ts';

const request: ShipmentRequest = { partner: 'ACME', purchaseOrderNumber: 'PO-1', lines: [{ lineNumber: '1', quantity: 3 }, { lineNumber: '2', quantity: 5 }], carrier: 'UPSN', tracking: '1Z999', shipDate: '2026-11-23', packs: 2 };

describe('shipment id', () => {
  it('is deterministic, independent of the line order, and changes with any argument', () => {
    const id = shipmentIdOf(request);
    expect(id).toMatch(/^S[0-9A-F]{15}$/);
    expect(shipmentIdOf({ ...request, lines: [...request.lines].reverse() })).toBe(id);
    expect(shipmentIdOf({ ...request, lines: [{ lineNumber: '1', quantity: 4 }, { lineNumber: '2', quantity: 5 }] })).not.toBe(id);
    expect(shipmentIdOf({ ...request, tracking: '1Z998' })).not.toBe(id);
    expect(shipmentIdOf({ ...request, purchaseOrderNumber: 'PO-2' })).not.toBe(id);
  });
});

describe('SSCC-18 allocation', () => {
  it('gives one valid SSCC-18 per pack with the company prefix and the GS1 check digit, the same every time', () => {
    const codes = allocateSscc('ACME', 'PO-1', 1, 3);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) {
      expect(code).toMatch(/^\d{18}$/);
      expect(code.slice(0, 8)).toBe(`0${DEFAULT_GS1_COMPANY_PREFIX}`);
      expect(Number(code[17])).toBe(gs1CheckDigit(code.slice(0, 17)));
      expect(isValidSscc18(code)).toBe(true);
    }
    expect(allocateSscc('ACME', 'PO-1', 1, 3)).toEqual(codes);
    expect(allocateSscc('ACME', 'PO-1', 2, 1)[0]).not.toBe(codes[0]);
    expect(allocateSscc('BOLT', 'PO-1', 1, 1)[0]).not.toBe(codes[0]);
  });

  it('fills the serial reference to 16 digits whatever the prefix length', () => {
    const [code] = allocateSscc('ACME', 'PO-1', 1, 1, '123456789012');
    expect(code).toMatch(/^0123456789012\d{5}$/);
    expect(isValidSscc18(code!)).toBe(true);
  });
});

describe('the 856 of a shipment', () => {
  it('writes S-O-P-I and reads back without errors: TD1/TD5/REF/DTM 011 and 017, PRF, MAN GM, LIN, SN1', () => {
    const order = translateText(sample850('PO-1', {}, 2)).documents[0]!.document as PurchaseOrder;
    const sscc = allocateSscc('ACME', 'PO-1', 1, 2);
    const doc = buildShipNotice({ order, shipmentId: shipmentIdOf(request), createdAt: '2026-11-24T08:15:00.000Z', shipDate: '2026-11-23', lines: request.lines, carrier: 'UPSN', transportMethod: 'U', tracking: '1Z999', billOfLading: 'BOL-7', sscc, transitDays: 3, vendorParts: { '1': 'KPC-1', '2': 'KPC-2' } });
    const text = writeDocuments([doc], settings4010, numbers, now);
    const result = translateText(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const read = result.documents[0]!.document as ShipNotice;
    expect(read.shipmentId).toBe(doc.shipmentId);
    expect(text).toMatch(/TD5\*B\*2\*UPSN\*U/);
    expect(text).toContain('BSN*00*' + doc.shipmentId + '*20261124*0815*0001');
    expect(text).toContain('REF*BM*BOL-7');
    expect(text).toContain('REF*CN*1Z999');
    expect(text).toContain('DTM*011*20261123');
    expect(text).toContain('DTM*017*20261126');
    expect(text).toContain(`MAN*GM*00${sscc[0]}`);
    expect(text).toContain(`MAN*GM*00${sscc[1]}`);
    expect(text).toMatch(/SN1\*\*3\*/);
    expect(text).toMatch(/PRF\*PO-1/);
  });
});

describe('packs, weight and bill of lading', () => {
  it('puts something in every pack: lines in turn, or a line split over several packs', () => {
    const two = [{ lineNumber: '1', quantity: 3 }, { lineNumber: '2', quantity: 5 }];
    expect(packContents(two, 2).map((c) => [c.pack, c.line.lineNumber, c.quantity])).toEqual([[0, '1', 3], [1, '2', 5]]);
    expect(packContents(two, 1).map((c) => [c.pack, c.line.lineNumber, c.quantity])).toEqual([[0, '1', 3], [0, '2', 5]]);
    expect(packContents(two, 5).map((c) => [c.pack, c.line.lineNumber, c.quantity])).toEqual([[0, '1', 1], [1, '2', 3], [2, '1', 1], [3, '2', 2], [4, '1', 1]]);
    const split = packContents([{ lineNumber: '1', quantity: 100 }], 3).map((c) => c.quantity);
    expect(split).toEqual([34, 33, 33]);
  });

  it('sums the gross weight over the shipped lines, none when a line has no weight', () => {
    expect(grossWeightOf([{ lineNumber: '1', quantity: 15 }, { lineNumber: '2', quantity: 2 }], { '1': { weight: 1.1, unit: 'LB' }, '2': { weight: 0.5, unit: 'LB' } })).toEqual({ weight: 17.5, unit: 'LB' });
    expect(grossWeightOf([{ lineNumber: '1', quantity: 1 }, { lineNumber: '2', quantity: 1 }], { '1': { weight: 1, unit: 'LB' } })).toBeUndefined();
  });

  it('allocates a 17-digit VICS bill of lading with the GS1 check digit, the same for the same shipment', () => {
    const bol = allocateBillOfLading('ACME', 'PO-1', 'S1');
    expect(bol).toMatch(/^0614141\d{10}$/);
    expect(Number(bol[16])).toBe(gs1CheckDigit(bol.slice(0, 16)));
    expect(allocateBillOfLading('ACME', 'PO-1', 'S1')).toBe(bol);
    expect(allocateBillOfLading('ACME', 'PO-1', 'S2')).not.toBe(bol);
  });
});
