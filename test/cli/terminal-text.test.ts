/**
 * Trust boundaries on the terminal (README "Guarantees"): what came from outside — an object key,
 * a partner's value, a dead-letter cause — is printed with its control characters and bidi
 * overrides escaped, so it cannot move the cursor, clear the screen or reorder the line.
 */
import { describe, expect, it } from 'vitest';
import { escapeForTerminal } from '../../functions/cli/start/terminal-text.ts';
import { formatSummary, type StoreSummary } from '../../functions/cli/start/summary.ts';

// Any character a terminal acts on: C0 (ESC, BEL, CR, backspace), DEL, C1 (CSI), bidi controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('escapeForTerminal', () => {
  it.each([
    ['ESC sequence that clears the screen', 'ACME/in/\u001b[2J\u001b[H.edi', 'ACME/in/\\x1b[2J\\x1b[H.edi'],
    ['carriage return that overwrites the line', 'refused\rACCEPTED', 'refused\\x0dACCEPTED'],
    ['bell and backspace', 'a\u0007b\u0008c', 'a\\x07b\\x08c'],
    ['DEL and a C1 CSI', 'x\u007fy\u009bz', 'x\\x7fy\\x9bz'],
    ['right-to-left override (reorders what follows)', 'PO\u202e1234', 'PO\\u{202e}1234'],
    ['isolates and marks', '\u2066a\u2069\u200e\u061c', '\\u{2066}a\\u{2069}\\u{200e}\\u{61c}'],
    ['a backslash is doubled, so an escape shown was made by us', 'C:\\x1b', 'C:\\\\x1b'],
  ])('%s', (_case, input, shown) => {
    expect(escapeForTerminal(input)).toBe(shown);
    expect(escapeForTerminal(input)).not.toMatch(UNSAFE);
  });

  it('leaves printable text, accents and other scripts alone', () => {
    for (const text of ['ACME/in/01-850.edi', 'Müller GmbH, Straße 5', '株式会社 注文', 'PO 4500098801 — line 3']) {
      expect(escapeForTerminal(text)).toBe(text);
    }
  });
});

describe('the start summary', () => {
  const hostile = 'EVIL/in/\u001b]0;owned\u0007\u001b[2Jx.edi';
  const summary: StoreSummary = {
    files: { inbound: 1, masterData: 0, shipments: 0, archived: 1 },
    interchanges: { total: 1, byState: { rejected: 1 }, resent: 0 },
    refusedFiles: [{ sourceKey: hostile, partner: 'EVIL', reason: 'no partner \u202eEVIL' }],
    documentsByType: {},
    setsAcknowledged: {},
    orders: { total: 0, byStatus: {}, samplePurchaseOrders: [] },
    outbound: {},
    outboundRecords: {},
    emails: { total: 1, bySubject: { '[ALERT\u001b[31m]': 1 } },
    emailRecords: { sent: 1, sending: 0 },
    deadLetters: { ingest: { depth: 1, samples: [{ cause: 'bad key \u001b[1A\r', body: '{}' }] } },
    errors: [{ kind: 'rejected-file', partner: 'EVIL\u0008', reason: 'unknown sender\u001b[K' }],
    partnerProfiles: ['ACME', 'EV\u001bIL'],
    itemsByKind: {},
  };

  it('prints no character a terminal would act on, and still names each value', () => {
    const lines = formatSummary(summary);
    for (const line of lines) expect(line, JSON.stringify(line)).not.toMatch(UNSAFE);
    const text = lines.join('\n');
    expect(text).toContain(escapeForTerminal(hostile));
    expect(text).toContain('no partner \\u{202e}EVIL');
    expect(text).toContain('bad key \\x1b[1A\\x0d');
    expect(text).toContain('[ALERT\\x1b[31m]');
    expect(text).toContain('EV\\x1bIL');
  });
});
