import { hashRecord } from '#domain/audit/record-hashes.ts';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { recordUnmatchedChange } from '#functions/use-cases/record-unmatched-change.ts';
import { sample860 } from '../support/edi-samples.ts';
import { alertData, FakeClock, FakeOrderStore, FakeQueue } from '../support/fakes/index.ts';
import { messageSet } from '../support/inbound-sets.ts';
import { testPartner } from '../support/partners.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';

function setup() {
  const deps = { orders: new FakeOrderStore(), notify: new FakeQueue<NotifyMessage>(), clock: new FakeClock(new Date('2025-01-02T09:00:00.000Z')) };
  const { message, cause } = messageSet(sample860('PO-9', { isa13: '000000321' }), testPartner());
  const waiting = { ...message, waitingForOrder: { since: '2025-01-02T03:05:00.000Z' } };
  return { deps, input: { message: waiting, rawMessage: JSON.stringify(waiting), cause, attempts: 6 } };
}

describe('recordUnmatchedChange', () => {
  it('records an error on the PO with the message as received, for a redrive', async () => {
    // Prepare
    const { deps, input } = setup();
    // Act
    await recordUnmatchedChange(deps, input);
    // Assess
    expect([...deps.orders.errors.entries()]).toEqual([
      [
        `ACME/PO-9/${input.cause.id}`,
        {
          schemaVersion: 1,
          partner: 'ACME',
          kind: 'change-unmatched',
          cause: input.cause,
          at: '2025-01-02T09:00:00.000Z',
          reason: '860 for PO PO-9 found no 850 after 6 attempts since 2025-01-02T03:05:00.000Z',
          message: input.rawMessage,
          // its own content hash (README, "Verification")
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    ]);
    const [record] = [...deps.orders.errors.values()];
    expect(record!.hash).toBe(hashRecord(record!));
  });

  it('alerts operations with where the 860 came from and where it is archived', async () => {
    // Prepare
    const { deps, input } = setup();
    // Act
    await recordUnmatchedChange(deps, input);
    // Assess
    const [alert] = deps.notify.bodies();
    expect(alert).toMatchObject({ template: 'change-unmatched', partner: 'ACME', recipients: ['operations'], idempotencyKey: `change-unmatched/${sha256Hex(input.cause.id)}` });
    expect(alertData(alert)?.facts).toEqual({
      'Purchase order': 'PO-9',
      'Interchange (ISA13)': '000000321',
      'Group (GS06)': '321',
      'Set (ST02)': '0001',
      'Archived as': 'ACME/2025-01-02/abc',
    });
  });

  it('a retry records the error once and repeats the alert under the same key', async () => {
    // Prepare
    const { deps, input } = setup();
    await recordUnmatchedChange(deps, input);
    deps.clock.advance(60);
    // Act
    await recordUnmatchedChange(deps, input);
    // Assess
    expect(deps.orders.errors.size).toBe(1);
    expect([...deps.orders.errors.values()][0]?.at).toBe('2025-01-02T09:00:00.000Z');
    const [first, second] = deps.notify.bodies();
    expect(second).toEqual(first);
  });

  it('says since when it waited from the time it arrived when it never waited in the side group', async () => {
    // Prepare
    const { deps, input } = setup();
    const { waitingForOrder: _w, ...neverMoved } = input.message;
    // Act
    await recordUnmatchedChange(deps, { ...input, message: neverMoved, attempts: 1 });
    // Assess
    expect([...deps.orders.errors.values()][0]?.reason).toBe('860 for PO PO-9 found no 850 after 1 attempts since 2025-01-02T03:04:05.000Z');
  });
});
