import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createOrder } from '#domain/orders/create-order.ts';
import { translateText } from '#domain/x12/translate.ts';
import { history } from '#functions/history/handler.ts';
import { formatOrderHistory, loadOrderHistory } from '#functions/use-cases/read-order-history.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import { sample850 } from '../support/edi-samples.ts';
import { FakeTimeline, testObservability } from '../support/fakes/index.ts';

const po = translateText(sample850('PO-1')).documents[0]!.document as PurchaseOrder;
const cause = { partner: 'ACME', type: '850', id: 'c1', sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000101' };
const created = createOrder({ partner: 'ACME', purchaseOrder: po, cause, at: '2025-01-02T03:04:05.000Z' });

function timeline(tamper = false) {
  const event = tamper ? { ...created.event, summary: 'edited' } : created.event;
  return new FakeTimeline(
    new Map([['ACME/PO-1', { order: created.order, events: [event], documents: [], emails: [], errors: [] }]]),
    new Map([
      [
        'ZZ:ACMEBUYER/000000101',
        {
          interchange: { schemaVersion: 1, partner: 'ACME', sender: cause.sender, interchangeControlNumber: '000000101', state: 'queued', archiveKey: 'ACME/2025-01-02/x', sha256: 'x', sourceKey: 'ACME/in/po.edi', receivedAt: '2025-01-02T03:04:05.000Z', groups: 1 },
          duplicates: [],
          documents: [],
          emails: [],
        },
      ],
    ]),
  );
}

const event = (partner: string, poNumber: string) => ({ pathParameters: { partner, po: poNumber } }) as unknown as APIGatewayProxyEventV2;

describe('history', () => {
  it('returns the order timeline with an intact chain', async () => {
    const res = await history({ timeline: timeline(), observability: testObservability() })(event('ACME', 'PO-1'));
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body as string);
    expect(body.chain).toEqual({ valid: true });
    expect(body.entries.map((e: { kind: string }) => e.kind)).toEqual(['interchange', 'event', 'step', 'step']);
    expect(body.stage.current).toBe('confirmed');
  });

  it('shows a tampered event as a broken chain', async () => {
    const view = await loadOrderHistory(timeline(true), 'ACME', 'PO-1');
    expect(view.chain).toMatchObject({ valid: false, brokenAtSeq: 1 });
    expect(formatOrderHistory(view)).toContain('BROKEN');
  });

  it('answers 404 for an unknown PO and 400 without parameters', async () => {
    const h = history({ timeline: timeline(), observability: testObservability() });
    expect((await h(event('ACME', 'NOPE'))).statusCode).toBe(404);
    expect((await h({} as APIGatewayProxyEventV2)).statusCode).toBe(400);
  });

  describe('GET /interchanges/{sender}/{control}', () => {
    const ix = (sender: string, control: string) => ({ pathParameters: { sender, control } }) as unknown as APIGatewayProxyEventV2;

    it('returns the ledger record: state, receipt, archive key, re-sends, documents and emails', async () => {
      const res = await history({ timeline: timeline(), observability: testObservability() })(ix('ZZ:ACMEBUYER', '000000101'));
      expect(res.statusCode).toBe(200);
      const body = JSON.parse(res.body as string);
      expect(body).toMatchObject({ found: true, sender: { qualifier: 'ZZ', id: 'ACMEBUYER' }, interchangeControlNumber: '000000101', duplicates: [], documents: [], emails: [] });
      expect(body.interchange).toMatchObject({ state: 'queued', archiveKey: 'ACME/2025-01-02/x', receivedAt: '2025-01-02T03:04:05.000Z', sourceKey: 'ACME/in/po.edi' });
    });

    it('accepts a URL-encoded sender and an unpadded ISA13', async () => {
      const res = await history({ timeline: timeline(), observability: testObservability() })(ix('ZZ%3AACMEBUYER', '101'));
      expect(res.statusCode).toBe(200);
    });

    it('404 for an interchange never received, 400 for a malformed sender or control number', async () => {
      const h = history({ timeline: timeline(), observability: testObservability() });
      expect((await h(ix('ZZ:ACMEBUYER', '000000999'))).statusCode).toBe(404);
      expect((await h(ix('ACMEBUYER', '000000101'))).statusCode).toBe(400);
      expect((await h(ix('ZZ:ACMEBUYER', 'abc'))).statusCode).toBe(400);
    });
  });
});
