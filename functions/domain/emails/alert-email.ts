/**
 * Operational alerts (a refused file, an 860 without its 850, a re-sent 850, a document that
 * cannot be delivered, a refused master-data file): an intro, the reason, the facts and the X12
 * diagnostics. Every value that may come from EDI is escaped for the part it goes into (see
 * escape.ts): no header or line injection, no markup.
 */
import type { AlertMessage, AlertTemplate } from '#schemas/messages/notify-message.ts';
import { cleanSubject, cleanText, escapeHtml } from './escape.ts';

export { escapeHtml };

const TITLES: Record<AlertTemplate, (m: AlertMessage) => string> = {
  'interchange-rejected': (m) => `EDI interchange rejected for partner ${m.partner}`,
  'change-unmatched': (m) => `EDI 860 without its purchase order for partner ${m.partner}`,
  'order-duplicate': (m) => `EDI duplicate purchase order from partner ${m.partner}`,
  'processing-error': (m) => `EDI processing error for partner ${m.partner}`,
  'master-data-rejected': (m) => `[MASTER DATA REJECTED] ${m.data.facts['File'] ?? m.partner}: nothing from the file was applied`,
  'shipments-refused': (m) => `[SHIPMENTS REFUSED] ${m.data.facts['File'] ?? m.partner}: no shipment from it was recorded`,
  'partner-ack-rejected': (m) => `[ACK REJECTED] ${m.partner} rejected our ${m.data.facts['Document'] ?? 'document'}`,
  'partner-ack-overdue': (m) => `[ACK OVERDUE] no acknowledgment from ${m.partner} for our ${m.data.facts['Document'] ?? 'document'}`,
};

const INTROS: Record<AlertTemplate, string> = {
  'interchange-rejected': 'We could not accept an EDI file. Nothing in it was processed. Please correct it and send it again.',
  'change-unmatched': 'A purchase order change (860) arrived for a purchase order we have not received. It has been kept and needs attention.',
  'order-duplicate': 'A purchase order (850) arrived for a PO number we already have. The second one was recorded but not applied.',
  'processing-error': 'A document could not be processed and needs attention.',
  'master-data-rejected': 'A master-data file could not be loaded. Nothing from it was applied; correct the rows below and load it again.',
  'shipments-refused': 'Shipments from the warehouse or ERP could not be recorded. None of them was recorded, no 856 or 810 went out; correct the shipments below and send them again.',
  'partner-ack-rejected': 'A trading partner rejected a document we sent them. They will not act on it until it is corrected and sent again.',
  'partner-ack-overdue': 'A trading partner has not acknowledged a document we sent them within the agreed time. Check that it arrived.',
};

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

/** One line per text value: a line break inside a value would start a line of its own. */
const oneLine = (value: string): string => cleanText(value).replace(/\n/g, ' ');

export function renderAlertEmail(message: AlertMessage): AlertEmail {
  const { data } = message;
  const template = message.template;
  const subject = cleanSubject(TITLES[template](message));
  const facts = Object.entries(data.facts);
  const diagnostics = data.diagnostics.map((d) => {
    const where = [d.segmentId, d.segmentPosition !== undefined ? `segment ${d.segmentPosition}` : undefined, d.elementPosition !== undefined ? `element ${d.elementPosition}` : undefined]
      .filter(Boolean)
      .join(', ');
    return `${d.severity} ${d.code}${where ? ` (${where})` : ''}: ${d.message}`;
  });
  const text = [
    INTROS[template],
    '',
    `Reason: ${oneLine(data.reason)}`,
    '',
    ...facts.map(([k, v]) => `${oneLine(k)}: ${oneLine(v)}`),
    ...(diagnostics.length ? ['', 'Diagnostics:', ...diagnostics.map((x) => `- ${oneLine(x)}`)] : []),
    '',
    `Reference: ${oneLine(message.idempotencyKey)}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(INTROS[template])}</p>`,
    `<p><strong>Reason:</strong> ${escapeHtml(data.reason)}</p>`,
    facts.length ? `<table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : '',
    diagnostics.length ? `<h3>Diagnostics</h3><ul>${diagnostics.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '',
    `<p><small>Reference: ${escapeHtml(message.idempotencyKey)}</small></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
