import { describe, expect, it } from 'vitest';
import { deadLetterMessage, UNREADABLE_PARTNER } from '#functions/use-cases/dead-letter-message.ts';
import type { NotifyMessage } from '#schemas/messages/notify-message.ts';
import { testPartner } from '../support/partners.ts';
import { FakeClock, FakeDeadLetters, FakeDeliveryLog, FakePartners, FakeQueue, testObservability } from '../support/fakes/index.ts';

// 2025-01-02T03:04:05Z is 12:04 in Tokyo and 21:04 the day before in Chicago.
const AT = new Date('2025-01-02T03:04:05.000Z');

function deps(...profiles: Parameters<typeof testPartner>[0][]) {
  return {
    errors: new FakeDeliveryLog(),
    notify: new FakeQueue<NotifyMessage>(),
    deadLetters: new FakeDeadLetters(),
    clock: new FakeClock(AT),
    telemetry: testObservability(),
    partners: new FakePartners(...profiles.map((p) => testPartner(p))),
  };
}

const input = (partner: string) => ({
  stage: 'process',
  record: { messageId: 'm-1', body: '{"set":1}', receiveCount: 8 },
  reason: 'ValidationException: Item size has exceeded the maximum allowed size',
  facts: { subject: { kind: 'order' as const, partner, purchaseOrderNumber: 'PO-1' }, cause: { partner, type: 'inbound-set', id: 'set-1' } },
});

const alertOf = (d: Pick<ReturnType<typeof deps>, 'notify'>) => {
  const body = d.notify.bodies()[0];
  if (body?.template !== 'processing-error') throw new Error(`no processing-error alert: ${JSON.stringify(body)}`);
  return body.data;
};

describe('deadLetterMessage', () => {
  it("prints the redrive command with the partner desk's prefix and the time in the desk's zone", async () => {
    // Prepare
    const d = deps({ id: 'ACME', desk: { timeZone: 'Asia/Tokyo', commandPrefix: 'edi' } });
    // Act
    await deadLetterMessage(d, input('ACME'));
    // Assess
    const alert = alertOf(d);
    expect(alert.reason).toContain('Fix the cause, then run `edi redrive process`.');
    expect(alert.facts['Dead-lettered at']).toBe('12:04 GMT+9 Thu 2 Jan');
    expect(d.deadLetters.sent.map((m) => m.cause)).toEqual([expect.stringContaining('Item size has exceeded')]);
  });

  it("uses the default desk (npx edi, America/Chicago) for a partner without a profile or a message that names none", async () => {
    for (const partner of ['GHOST', UNREADABLE_PARTNER]) {
      // Prepare
      const d = deps({ id: 'ACME', desk: { timeZone: 'Asia/Tokyo', commandPrefix: 'edi' } });
      // Act
      await deadLetterMessage(d, input(partner));
      // Assess
      const alert = alertOf(d);
      expect(alert.reason, partner).toContain('then run `npx edi redrive process`.');
      expect(alert.facts['Dead-lettered at'], partner).toBe('21:04 CST Wed 1 Jan');
    }
  });

  it('still alerts when the partner directory cannot answer', async () => {
    // Prepare
    const d = { ...deps(), partners: { get: () => Promise.reject(new Error('throttled')) } };
    // Act
    await deadLetterMessage(d, input('ACME'));
    // Assess
    expect(alertOf(d).reason).toContain('`npx edi redrive process`');
    expect(d.deadLetters.sent).toHaveLength(1);
  });
});
