import { describe, expect, it } from 'vitest';
import { mail, type MailDeps } from '#functions/mail/handler.ts';
import { escapeHtml, renderAlertEmail as renderEmail } from '#domain/emails/alert-email.ts';
import type { AlertMessage } from '#schemas/messages/notify-message.ts';
import { fakeMailDeps } from '../support/fakes/index.ts';
import { testPartner } from '../support/partners.ts';
import { sqsEvent, sqsRecord } from '../support/sqs-events.ts';

function setup() {
  const deps = fakeMailDeps(testPartner()) satisfies MailDeps;
  return { deps, handler: mail(deps) };
}

function rejected(reason = "ISA06 'EVIL' is not ACME"): AlertMessage {
  return {
    schemaVersion: 2,
    template: 'interchange-rejected',
    partner: 'ACME',
    recipients: ['partner:edi', 'operations'],
    idempotencyKey: 'rejected/ACME/abc',
    subject: { kind: 'file', partner: 'ACME', sha256: 'abc' },
    createdAt: '2025-01-02T03:04:05.000Z',
    data: { reason, facts: { File: 'ACME/in/evil.edi' }, diagnostics: [{ severity: 'error', code: 'TA1-006', message: 'bad <sender>' }] },
  };
}

describe('mail', () => {
  it("sends 'interchange rejected' to the partner's EDI contact and operations, and records it", async () => {
    const { deps, handler } = setup();
    const result = await handler(sqsEvent(sqsRecord(rejected())));
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.mailer.sent.map((m) => m.to)).toEqual([['edi@acme.example'], ['ops@supplier.example']]);
    expect(deps.mailer.sent[0]).toMatchObject({ from: 'edi@supplier.example' });
    expect([...deps.mailLog.records.values()].map((r) => [r.status, r.providerMessageId])).toEqual([
      ['sent', 'msg-1'],
      ['sent', 'msg-2'],
    ]);
  });

  it('sends once when the message is redelivered', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord(rejected())));
    await handler(sqsEvent(sqsRecord(rejected())));
    expect(deps.mailer.sent).toHaveLength(2);
    expect(deps.observability.counts.get('EmailsSuppressedDuplicate')).toBe(2);
  });

  it('a claim still inside its lease is retried later, not sent twice', async () => {
    const { deps, handler } = setup();
    deps.mailer.failNext('send');
    const first = await handler(sqsEvent(sqsRecord(rejected(), { messageId: 'a' })));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    const second = await handler(sqsEvent(sqsRecord(rejected(), { messageId: 'b' })));
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
    deps.clock.advance(121);
    await handler(sqsEvent(sqsRecord(rejected())));
    expect(deps.mailer.sent.map((m) => m.to[0])).toEqual(['edi@acme.example', 'ops@supplier.example']);
    expect([...deps.mailLog.records.values()][0]).toMatchObject({ status: 'sent', attempt: 2 });
  });

  it('a crash after SES accepted but before the record: the copy is re-sent after the lease (the documented window)', async () => {
    const { deps, handler } = setup();
    deps.mailLog.failNext('markSent');
    await handler(sqsEvent(sqsRecord(rejected())));
    deps.clock.advance(121);
    await handler(sqsEvent(sqsRecord(rejected())));
    expect(deps.mailer.sent.filter((m) => m.to[0] === 'edi@acme.example')).toHaveLength(2);
  });

  it('escapes every value from EDI in the HTML part and keeps the subject on one line', () => {
    const email = renderEmail(rejected('<script>alert(1)</script>\r\nBcc: x@evil'));
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('bad &lt;sender&gt;');
    expect(email.text).not.toMatch(/\r\nBcc/);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('tells operations alone when the partner has no profile', async () => {
    const { deps, handler } = setup();
    await handler(sqsEvent(sqsRecord({ ...rejected(), partner: '_unknown', recipients: ['operations'] })));
    expect(deps.mailer.sent[0]?.to).toEqual(['ops@supplier.example']);
  });
});
