import { describe, expect, it } from 'vitest';
import { confirmDelay, decideWithoutPreview, previewConfirmedDelay } from '#functions/use-cases/confirm-delay.ts';
import { RequestRefusedError } from '#functions/use-cases/errors.ts';
import { reviewOrder } from '#functions/use-cases/review-order.ts';
import { planningPartner, sampleItems } from '../support/desk-scenarios.ts';
import { sample850 } from '../support/edi-samples.ts';
import { fakeDesk } from '../support/fakes/index.ts';
import { orderSet } from '../support/inbound-sets.ts';

const LATER = '2025-03-20'; // after line 1's requested 2025-03-01: a confirmed delay
const LINE = { partner: 'ACME', purchaseOrderNumber: 'PO-1', lineNumber: '1' };

/** PO-1 accepted as ordered; `told` puts a level-2 (or level-3) notice of line 1 on ITEM-1's delay state. */
async function desk(told?: { level2At?: string; level3At?: string; level3Date?: string }) {
  const acme = planningPartner();
  const d = fakeDesk(acme);
  await d.store.putItems(sampleItems());
  await reviewOrder(d, orderSet(sample850('PO-1'), acme));
  if (told) {
    const version = ((await d.store.getDelayState('ITEM-1'))?.version ?? 0) + 1;
    expect(await d.store.putDelayState({ version, state: { schemaVersion: 1, item: 'ITEM-1', lines: { 'ACME/PO-1/1': { episodeStart: '2025-01-01T00:00:00.000Z', active: true, level1At: '2025-01-01T00:00:00.000Z', ...told } } } })).toBe('written');
  }
  d.outbound.clear();
  d.notify.clear();
  return d;
}

describe('decideWithoutPreview (a plain edi decide)', () => {
  it('refuses a later date for a line whose customer got the risk notice, pointing at edi delay preview, and decides nothing', async () => {
    // Prepare
    const d = await desk({ level2At: '2025-01-01T06:00:00.000Z' });
    const before = await d.orders.get('ACME', 'PO-1');
    // Act
    const result = decideWithoutPreview(d, { ...LINE, decision: `date=${LATER}`, by: 'Pat Planner', reason: 'slipped' });
    // Assess
    await expect(result).rejects.toThrow(RequestRefusedError);
    await expect(result).rejects.toThrow(`edi delay preview --partner ACME --po PO-1 --line 1 --date ${LATER}`);
    expect(await d.orders.get('ACME', 'PO-1')).toEqual(before);
    expect(d.outbound.sent).toEqual([]);
    expect(d.notify.sent).toEqual([]);
  });

  it('refuses a new date after an earlier confirmed delay (level 3) too', async () => {
    const d = await desk({ level3At: '2025-01-01T06:00:00.000Z', level3Date: '2025-03-10' });
    await expect(decideWithoutPreview(d, { ...LINE, decision: `date=${LATER}`, by: 'Pat Planner', reason: 'slipped again' })).rejects.toThrow('a confirmed delay to 2025-03-10 went');
  });

  it('decides as edi decide always did when the customer was not told, or when the decision is no delay', async () => {
    const untold = await desk();
    expect((await decideWithoutPreview(untold, { ...LINE, decision: `date=${LATER}`, by: 'Pat Planner', reason: 'slipped' })).acknowledgment).toBe('ready');
    const told = await desk({ level2At: '2025-01-01T06:00:00.000Z' });
    expect((await decideWithoutPreview(told, { ...LINE, decision: 'quantity=5', by: 'Pat Planner', reason: 'cut' })).lineStatus).toBeDefined();
  });

  it('leaves the previewed way open: edi delay confirm sends the level 3 for the told customer', async () => {
    const d = await desk({ level2At: '2025-01-01T06:00:00.000Z' });
    const request = { ...LINE, date: LATER, by: 'Pat Planner' };
    const preview = await previewConfirmedDelay(d, request);
    const { decision } = await confirmDelay(d, { ...request, previewId: preview.previewId, reason: 'slipped' });
    expect(decision.acknowledgment).toBe('ready');
  });
});
