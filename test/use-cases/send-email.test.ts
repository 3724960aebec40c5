import { describe, expect, it } from 'vitest';
import { emailCopyKey, EmailInFlightError, emailSender, NoRecipientsError, resolveRecipients, type SendEmailDeps } from '#functions/use-cases/send-email.ts';
import { notifyMessage, type AlertMessage, type NotifyMessage } from '#schemas/messages/notify-message.ts';
import { fakeMailDeps } from '../support/fakes/index.ts';
import { testItem, testPartner } from '../support/partners.ts';

const LEASE = 120;

function setup(overrides: Pick<Partial<SendEmailDeps>, 'operations'> = {}) {
  const deps = { ...fakeMailDeps(testPartner()), leaseSeconds: LEASE, ...overrides } satisfies SendEmailDeps;
  return { deps, send: emailSender(deps) };
}

/** An operational alert for ACME's EDI contact and operations. */
function rejected(partner = 'ACME'): AlertMessage {
  return notifyMessage('interchange-rejected', {
    partner,
    recipients: ['partner:edi', 'operations'],
    idempotencyKey: 'rejected/ACME/abc',
    subject: { kind: 'file', partner, sha256: 'abc' },
    createdAt: '2025-01-02T03:04:05.000Z',
    data: { reason: 'ISA06 is not ACME', facts: { File: 'ACME/in/evil.edi' }, diagnostics: [] },
  });
}

/** The P3 digest for Pat Planner, with `items` below safety stock. */
function digest(items: string[]): NotifyMessage {
  return notifyMessage('planning-p3-digest', {
    partner: '_planning',
    recipients: ['template'],
    idempotencyKey: 'p3-digest/2025-01-06/pat.planner@supplier.example',
    subject: { kind: 'file', partner: '_planning', sha256: 'p3' },
    createdAt: '2025-01-06T07:00:00.000Z',
    data: {
      planner: { name: 'Pat Planner', email: 'pat.planner@supplier.example' },
      date: '2025-01-06',
      entries: items.map((i) => ({ item: testItem(i), reasons: [{ code: 'safety-stock-not-covered' as const, weekStart: '2025-01-06', pab: 5, safetyStock: 50 }] })),
    },
  });
}

const copy = (deps: ReturnType<typeof setup>['deps'], message: NotifyMessage, address: string) => [...deps.mailLog.records.values()].find((r) => r.idempotencyKey === emailCopyKey(message.idempotencyKey, address));

describe('emailSender', () => {
  it('sends every recipient their own copy and records each as sent', async () => {
    // Prepare
    const { deps, send } = setup();
    const message = rejected();
    // Act
    await send(message);
    // Assess
    expect(deps.mailer.sent.map((e) => [e.from, e.to])).toEqual([
      ['edi@supplier.example', ['edi@acme.example']],
      ['edi@supplier.example', ['ops@supplier.example']],
    ]);
    expect(copy(deps, message, 'edi@acme.example')).toMatchObject({ status: 'sent', recipients: ['edi@acme.example'], attempt: 1, providerMessageId: 'msg-1' });
    expect(copy(deps, message, 'ops@supplier.example')).toMatchObject({ status: 'sent', providerMessageId: 'msg-2' });
  });

  it('skips a copy already sent: a redelivery sends nothing', async () => {
    // Prepare
    const { deps, send } = setup();
    await send(rejected());
    // Act
    await send(rejected());
    // Assess
    expect(deps.mailer.sent).toHaveLength(2);
    expect(deps.telemetry.counts.get('EmailsSuppressedDuplicate')).toBe(2);
  });

  it('skips each copy already sent and sends the ones that were not', async () => {
    // Prepare: an earlier attempt reached only the partner's EDI contact
    const { deps, send } = setup();
    await emailSender({ ...deps, operations: [] })(rejected());
    expect(deps.mailer.sent.map((e) => e.to[0])).toEqual(['edi@acme.example']);
    // Act
    await send(rejected());
    // Assess
    expect(deps.mailer.sent.map((e) => e.to[0])).toEqual(['edi@acme.example', 'ops@supplier.example']);
    expect(deps.telemetry.counts.get('EmailsSuppressedDuplicate')).toBe(1);
  });

  it('refuses to send while another attempt holds a fresh claim on the copy (in flight)', async () => {
    // Prepare
    const { deps, send } = setup();
    deps.mailLog.failNext('markSent');
    await expect(send(rejected())).rejects.toThrow('injected failure in markSent');
    expect(copy(deps, rejected(), 'edi@acme.example')?.status).toBe('sending');
    deps.clock.advance(LEASE - 1);
    // Act
    const retry = send(rejected());
    // Assess
    await expect(retry).rejects.toBeInstanceOf(EmailInFlightError);
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('takes over a claim older than the lease as a crashed send and sends it again (attempt 2)', async () => {
    // Prepare
    const { deps, send } = setup();
    deps.mailLog.failNext('markSent');
    await expect(send(rejected())).rejects.toThrow('injected failure in markSent');
    deps.clock.advance(LEASE + 1);
    // Act
    await send(rejected());
    // Assess
    expect(deps.mailer.sent.map((e) => e.to[0])).toEqual(['edi@acme.example', 'edi@acme.example', 'ops@supplier.example']);
    expect(copy(deps, rejected(), 'edi@acme.example')).toMatchObject({ status: 'sent', attempt: 2 });
    expect(deps.telemetry.counts.get('EmailsResent')).toBe(1);
  });


  it('takes over a fresh claim on the queue’s last receive: giving up would leave the copy unsent', async () => {
    // Prepare: a crash before the copy was marked sent, retried within the lease.
    const { deps, send } = setup();
    deps.mailLog.failNext('markSent');
    await expect(send(rejected())).rejects.toThrow('injected failure in markSent');
    const sentBefore = deps.mailer.sent.length;
    deps.clock.advance(1);
    await expect(send(rejected())).rejects.toBeInstanceOf(EmailInFlightError);
    // Act
    await send(rejected(), { lastAttempt: true });
    // Assess
    expect(deps.mailer.sent.length).toBeGreaterThan(sentBefore);
    expect(copy(deps, rejected(), 'edi@acme.example')).toMatchObject({ status: 'sent', attempt: 2 });
  });
  it('lets only one attempt take over a stale claim: the one that loses the race is in flight', async () => {
    // Prepare
    const { deps, send } = setup();
    deps.mailLog.failNext('markSent');
    await send(rejected()).catch(() => undefined);
    const stale = copy(deps, rejected(), 'edi@acme.example')!;
    deps.clock.advance(LEASE + 1);
    deps.mailLog.interleaveNext('reclaim', () => deps.mailLog.reclaim(stale, deps.clock.now().toISOString()));
    // Act
    const loser = send(rejected());
    // Assess
    await expect(loser).rejects.toBeInstanceOf(EmailInFlightError);
    await expect(loser).rejects.toThrow('was taken over by another attempt');
    expect(deps.mailer.sent).toHaveLength(1);
    expect(copy(deps, rejected(), 'edi@acme.example')).toMatchObject({ status: 'sending', attempt: 2 });
  });

  it('sends a template’s email to the people it names', async () => {
    // Prepare
    const { deps, send } = setup();
    // Act
    await send(digest(['KPC-1']));
    // Assess
    expect(deps.mailer.sent.map((e) => e.to)).toEqual([['pat.planner@supplier.example']]);
    expect(deps.mailer.sent[0]?.subject).toMatch(/^\[P3 DIGEST\] 2025-01-06: 1 plan shortf/);
    expect(deps.mailer.sent[0]?.text).toContain('KPC-1');
  });

  it('sends nothing when the template has nothing to say', async () => {
    // Prepare
    const { deps, send } = setup();
    // Act
    await send(digest([]));
    // Assess
    expect(deps.mailer.sent).toEqual([]);
    expect(deps.mailLog.records.size).toBe(0);
    expect(deps.telemetry.counts.get('EmailsSuppressedEmpty')).toBe(1);
  });

  it('tells only operations about a partner without a profile', async () => {
    // Prepare
    const { deps, send } = setup();
    // Act
    await send(rejected('NOBODY'));
    // Assess
    expect(deps.mailer.sent.map((e) => e.to)).toEqual([['ops@supplier.example']]);
  });

  it('throws NoRecipientsError when no address is left', async () => {
    // Prepare
    const { send } = setup({ operations: [] });
    // Act
    const sent = send(rejected('NOBODY'));
    // Assess
    await expect(sent).rejects.toBeInstanceOf(NoRecipientsError);
  });
});

describe('resolveRecipients', () => {
  it('resolves roles from configuration and the partner profile, each address once', () => {
    expect(resolveRecipients(['operations', 'partner:buyer', 'partner:edi', 'template', 'operations'], testPartner(), ['ops@supplier.example'])).toEqual(['ops@supplier.example', 'buyer@acme.example', 'edi@acme.example']);
  });
});
