/**
 * Email templates. Every value that may come from EDI (reasons, facts, diagnostics) is
 * escaped for the part it goes into: HTML-escaped in the HTML part, control characters
 * neutralised in the text part and the subject (no header or line injection).
 */
import type { NotifyMessage, TemplateId } from '#schemas/messages/notify-message.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Text-part escaping: control characters (CR, LF, ESC, …) become visible `\uXXXX`, so a value stays on its line. */
export function escapeText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Subject line: one line, no control characters, at most 200 characters. */
export function escapeSubject(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 200);
}

const TITLES: Record<TemplateId, (m: NotifyMessage) => string> = {
  'interchange-rejected': (m) => `EDI interchange rejected for partner ${m.partner}`,
  'change-unmatched': (m) => `EDI 860 without its purchase order for partner ${m.partner}`,
  'order-duplicate': (m) => `EDI duplicate purchase order from partner ${m.partner}`,
  'processing-error': (m) => `EDI processing error for partner ${m.partner}`,
  'master-data-rejected': (m) => `[MASTER DATA REJECTED] ${m.data.facts['File'] ?? m.partner}: nothing from the file was applied`,
  // Planning emails are rendered by the planning core (functions/mail/planning-templates.ts); these are fallbacks.
  'planning-anomaly': (m) => `Planning anomaly for partner ${m.partner}`,
  'planning-delay': (m) => `Delay notice for partner ${m.partner}`,
  'planning-p1-alert': (m) => `P1 line-down for partner ${m.partner}`,
  'planning-p1-escalation': (m) => `P1 escalation for partner ${m.partner}`,
  'planning-p2-alert': (m) => `P2 order at risk for partner ${m.partner}`,
  'planning-p3-digest': () => 'P3 planner digest',
  'planning-hold-escalation': (m) => `Held order line overdue for partner ${m.partner}`,
};

const INTROS: Record<TemplateId, string> = {
  'interchange-rejected': 'We could not accept an EDI file. Nothing in it was processed. Please correct it and send it again.',
  'change-unmatched': 'A purchase order change (860) arrived for a purchase order we have not received. It has been kept and needs attention.',
  'order-duplicate': 'A purchase order (850) arrived for a PO number we already have. The second one was recorded but not applied.',
  'processing-error': 'A document could not be processed and needs attention.',
  'master-data-rejected': 'A master-data file could not be loaded. Nothing from it was applied; correct the rows below and load it again.',
  'planning-anomaly': 'The order checks found anomalies.',
  'planning-delay': 'A delay notice.',
  'planning-p1-alert': 'A line-down request.',
  'planning-p1-escalation': 'A line-down escalation.',
  'planning-p2-alert': 'An order at risk.',
  'planning-p3-digest': 'The daily planner digest.',
  'planning-hold-escalation': 'A held order line was not decided within its SLA.',
};

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(message: NotifyMessage): RenderedEmail {
  const { data } = message;
  const subject = escapeSubject(TITLES[message.template](message));
  const facts = Object.entries(data.facts);
  const diagnostics = data.diagnostics.map((d) => {
    const where = [d.segmentId, d.segmentPosition !== undefined ? `segment ${d.segmentPosition}` : undefined, d.elementPosition !== undefined ? `element ${d.elementPosition}` : undefined]
      .filter(Boolean)
      .join(', ');
    return { line: `${d.severity} ${d.code}${where ? ` (${where})` : ''}: ${d.message}`, d, where };
  });

  const text = [
    INTROS[message.template],
    '',
    `Reason: ${escapeText(data.reason)}`,
    '',
    ...facts.map(([k, v]) => `${escapeText(k)}: ${escapeText(v)}`),
    ...(diagnostics.length ? ['', 'Diagnostics:', ...diagnostics.map((x) => `- ${escapeText(x.line)}`)] : []),
    '',
    `Reference: ${escapeText(message.idempotencyKey)}`,
  ].join('\n');

  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(INTROS[message.template])}</p>`,
    `<p><strong>Reason:</strong> ${escapeHtml(data.reason)}</p>`,
    facts.length ? `<table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : '',
    diagnostics.length ? `<h3>Diagnostics</h3><ul>${diagnostics.map((x) => `<li>${escapeHtml(x.line)}</li>`).join('')}</ul>` : '',
    `<p><small>Reference: ${escapeHtml(message.idempotencyKey)}</small></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
