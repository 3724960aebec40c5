/**
 * The deployment's maximum inbound file size: a larger file is archived, recorded as refused and
 * alerted, unread; a file within it is read as usual.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_INBOUND_BYTES, interchangeReceiver, type ReceiveInterchangeDeps } from '#functions/use-cases/receive-interchange.ts';
import { loadOptionalConfig } from '#functions/shared/config.ts';
import { KEPT_INTERCHANGES } from '#domain/x12/translate.ts';
import { sample850 } from '../support/edi-samples.ts';
import { alertData, fakeIngestDeps } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';

function setup(maxInboundBytes?: number) {
  const deps = { ...fakeIngestDeps(testPartner()), ...(maxInboundBytes === undefined ? {} : { maxInboundBytes }) } satisfies ReceiveInterchangeDeps;
  const receive = (key: string, body: string) => {
    deps.inbound.put('inbound', key, body);
    return interchangeReceiver(deps)({ bucket: 'inbound', key, eventTime: '2025-01-02T03:04:05.000Z' });
  };
  return { deps, receive };
}

describe('the maximum inbound file size', () => {
  it('refuses a larger file unread: archived, recorded, alerted with its size and the limit', async () => {
    const body = sample850('PO-1');
    const { deps, receive } = setup(Buffer.byteLength(body) - 1);
    await receive('ACME/in/po-1.edi', body);
    expect(deps.archive.raw.size).toBe(1);
    expect([...deps.ledger.rejectedFiles.values()]).toEqual([expect.objectContaining({ partner: 'ACME', sourceKey: 'ACME/in/po-1.edi' })]);
    expect(alertData(deps.notify.bodies()[0])?.reason).toBe(`the file is ${Buffer.byteLength(body)} bytes, more than the ${Buffer.byteLength(body) - 1} bytes this deployment reads (EDI_MAX_INBOUND_BYTES)`);
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.sent).toEqual([]);
  });

  it('reads a file of exactly the limit', async () => {
    const body = sample850('PO-2');
    const { deps, receive } = setup(Buffer.byteLength(body));
    await receive('ACME/in/po-2.edi', body);
    expect(deps.documents.sent).toHaveLength(1);
    expect(deps.ledger.rejectedFiles.size).toBe(0);
  });

  it(`refuses a file of more than ${KEPT_INTERCHANGES} interchanges whole (the reader keeps that many): recorded, alerted, no set forwarded, no 997`, async () => {
    const body = Array.from({ length: KEPT_INTERCHANGES + 1 }, (_, i) => sample850(`PO-${i}`, { isa13: String(1 + i).padStart(9, '0') })).join('');
    const { deps, receive } = setup();
    await receive('ACME/in/many.edi', body);
    expect([...deps.ledger.rejectedFiles.values()]).toEqual([expect.objectContaining({ partner: 'ACME', sourceKey: 'ACME/in/many.edi' })]);
    expect(alertData(deps.notify.bodies()[0])?.reason).toBe(`the file holds ${KEPT_INTERCHANGES + 1} interchanges, more than the ${KEPT_INTERCHANGES} one file may carry; send them in several files`);
    expect(deps.documents.sent).toEqual([]);
    expect(deps.outbound.sent).toEqual([]);
  }, 60_000);

  it('is a deployment setting, EDI_MAX_INBOUND_BYTES, with a default', () => {
    expect(loadOptionalConfig({ EDI_MAX_INBOUND_BYTES: '1048576' }).maxInboundBytes).toBe('1048576');
    expect(() => loadOptionalConfig({ EDI_MAX_INBOUND_BYTES: '1 MB' })).toThrow(/EDI_MAX_INBOUND_BYTES/);
    expect(DEFAULT_MAX_INBOUND_BYTES).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  });
});
