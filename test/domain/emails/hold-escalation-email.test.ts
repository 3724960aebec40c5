import { describe, expect, it } from 'vitest';
import { renderHoldEscalationEmail } from '#domain/emails/hold-escalation-email.ts';
import { holdPolicyOf, holdsDueForEscalation } from '#domain/planning/index.ts';
import { acmeProfile, bracketItem } from '../planning/fixtures.ts';

const chain = [
  { role: 'manager' as const, name: 'Dana Manager', email: 'dana@example.com' },
  { role: 'director' as const, name: 'Dirk Director', email: 'dirk@example.com' },
];

describe('hold escalation e-mail', () => {
  it('names the hours overdue, the step and the exact decide commands; to the step, copy to the planners', () => {
    const partner = acmeProfile({ holdSlaHours: 8, escalationChain: chain });
    const [escalation] = holdsDueForEscalation([{ partnerId: 'ACME', purchaseOrderNumber: '4500098802', lineNumber: '1', heldSince: '2025-03-03T09:00:00.000Z', escalationsSent: 0 }], holdPolicyOf(undefined, partner), '2025-03-03T17:00:00.000Z');
    const email = renderHoldEscalationEmail({ partner, escalation: escalation!, reasons: ['decimal-shift'], line: { quantity: 1200, unitOfMeasure: 'EA' }, item: bracketItem() });
    expect(email.subject).toBe('[HOLD OVERDUE 8h] ACME PO 4500098802 line 1 — escalated to manager');
    expect(email.to).toEqual(['dana@example.com']);
    expect(email.cc).toEqual(expect.arrayContaining([partner.contacts.planner.email]));
    expect(email.text).toContain("npx edi decide --partner ACME --po 4500098802 --line 1 approve --by 'YOUR NAME' --reason 'WHY'");
    expect(email.text).toContain('decimal shift');
    expect(email.text).toContain('step 1 of 2');
  });

  it("along the item's chain: names the item's person at this step, the whole path and who was told before", () => {
    const partner = acmeProfile({ holdSlaHours: 8, escalationChain: chain });
    const item = bracketItem();
    const [escalation] = holdsDueForEscalation([{ partnerId: 'ACME', purchaseOrderNumber: '4500098802', lineNumber: '1', heldSince: '2025-03-03T09:00:00.000Z', escalationsSent: 1 }], holdPolicyOf(item, partner), '2025-03-04T01:00:00.000Z');
    const email = renderHoldEscalationEmail({ partner, escalation: escalation!, reasons: ['decimal-shift'], item });
    expect(email.subject).toBe('[HOLD OVERDUE 16h] ACME PO 4500098802 line 1 — escalated to manager');
    expect(email.to).toEqual(['mia@widgetco.example']);
    expect(email.text).toContain("step 2 of 4 of item WC-100's escalation chain (manager): owner Olga Owner → manager Mia Manager → director Dan Director → vp Vera VP");
    expect(email.text).toContain('Already told: the planner Pat Planner, owner Olga Owner.');
    expect(email.text).not.toContain('Dana Manager');
  });

  it('escapes what came from EDI: a PO number cannot inject HTML, headers or shell', () => {
    const partner = acmeProfile({ holdSlaHours: 4, escalationChain: chain });
    const po = '<b>PO</b>\r\nBcc: x@evil.example;$(rm -rf)';
    const [escalation] = holdsDueForEscalation([{ partnerId: 'ACME', purchaseOrderNumber: po, lineNumber: '2', heldSince: '2025-03-03T09:00:00.000Z', escalationsSent: 1 }], holdPolicyOf(undefined, partner), '2025-03-03T17:00:00.000Z');
    const email = renderHoldEscalationEmail({ partner, escalation: escalation!, reasons: [] });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('[HOLD OVERDUE 8h]');
    expect(email.subject).toContain('escalated to director');
    expect(email.html).not.toContain('<b>PO</b>');
    expect(email.html).toContain('&lt;b&gt;PO&lt;/b&gt;');
    expect(email.text).toContain("--po '<b>PO</b> Bcc: x@evil.example;$(rm -rf)'");
  });
});
