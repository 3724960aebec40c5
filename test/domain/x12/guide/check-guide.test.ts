/**
 * Every rule of every guide we ship, with a document that keeps it and one that breaks it: the
 * document a sample partner following the guide gets from us (or sends us, for inbound sets)
 * keeps every rule; the same document changed in the one place a rule looks at breaks that rule,
 * and the finding names it with its 997 code.
 */
import { describe, expect, it } from 'vitest';
import { checkGuide, guideDiagnostics } from '#domain/x12/guide/check-guide.ts';
import { checkTextAgainstGuides, setsOfText } from '#domain/x12/guide/guide-check.ts';
import { buildDocument } from '#domain/x12/write/write-interchange.ts';
import { GUIDES, type GuideRule, type GuideSet } from '#schemas/guides/index.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import type { Segment } from '#domain/x12/types.ts';
import { CLEAN_850, sampleAcknowledgment, sampleChangeAcknowledgment, sampleInvoice, sampleOrder, samplePartners, sampleShipNotice, sampleText } from '../../../support/outbound-documents.ts';

const partners = samplePartners();

/** The partner following `guideId` for this set and direction. */
function followerOf(guideId: string, set: GuideSet): PartnerProfile | undefined {
  return partners.find((p) => p.guides[set.direction][set.set] === guideId);
}

/** The set as the pipeline writes it to (or reads it from) that partner. */
function documentFor(profile: PartnerProfile, set: GuideSet): Segment[] {
  if (set.direction === 'inbound') return setsOfText(sampleText(CLEAN_850[profile.id]!)).find((s) => s.setId === set.set)!.segments;
  const order = sampleOrder(profile.id);
  const doc =
    set.set === '855' ? sampleAcknowledgment(profile, order) : set.set === '856' ? sampleShipNotice(profile, order) : set.set === '865' ? sampleChangeAcknowledgment(order) : sampleInvoice(profile, order);
  return buildDocument(doc, 1, { version: profile.version });
}

// ---- breaking one rule: change the document where the rule looks --------------------------

const ref = (element: string) => ({ tag: element.slice(0, -2), index: Number(element.slice(-2)) - 1 });

/** Segment indexes (in `segments`) inside HL loops of `level` (all segments when undefined). */
function inLevel(segments: readonly Segment[], level: string | undefined): number[] {
  let current: string | undefined;
  const out: number[] = [];
  segments.forEach((s, i) => {
    if (s.tag === 'HL') current = s.elements[2];
    if (level === undefined || current === level) out.push(i);
  });
  return out;
}

function setElement(segment: Segment, index: number, value: string): Segment {
  const elements = [...segment.elements];
  while (elements.length <= index) elements.push('');
  elements[index] = value;
  return { tag: segment.tag, elements };
}

function breakRule(rule: GuideRule, segments: readonly Segment[]): Segment[] {
  const out = segments.map((s) => ({ tag: s.tag, elements: [...s.elements] }));
  const scope = 'level' in rule ? inLevel(out, rule.level) : inLevel(out, undefined);
  const first = (tag: string) => scope.find((i) => out[i]!.tag === tag);
  switch (rule.kind) {
    case 'segment': {
      if (rule.usage === 'must') return out.filter((s, i) => !(s.tag === rule.segment && scope.includes(i)));
      const at = (scope[0] ?? 0) + 1;
      return [...out.slice(0, at), { tag: rule.segment, elements: ['F', '', '', '', 'ADDED'] }, ...out.slice(at)];
    }
    case 'max-use': {
      const at = first(rule.segment)!;
      return [...out.slice(0, at), ...Array.from({ length: rule.max }, () => out[at]!), ...out.slice(at)];
    }
    case 'qualifier': {
      const { tag, index } = ref(rule.element);
      return out.map((s, i) => (s.tag === tag && scope.includes(i) && s.elements[index] === rule.value ? setElement(s, index, 'ZZ') : s));
    }
    case 'hierarchy': {
      const last = out.map((s) => s.tag).lastIndexOf('HL');
      out[last] = setElement(out[last]!, 2, 'Q');
      return out;
    }
    default: {
      const { tag, index } = ref(rule.element);
      const at = first(tag);
      if (at === undefined) throw new Error(`${rule.id}: the document has no ${tag} to break`);
      const value =
        rule.kind === 'element'
          ? rule.usage === 'must'
            ? ''
            : 'X'
          : rule.kind === 'codes'
            ? 'QQ'
            : rule.kind === 'length'
              ? rule.max !== undefined
                ? '9'.repeat(rule.max + 1)
                : '9'
              : '2026-11-24';
      out[at] = setElement(out[at]!, index, value);
      return out;
    }
  }
}

const cases = Object.values(GUIDES).flatMap((guide) => guide.sets.map((set) => ({ guide, set, name: `${guide.id} ${set.set} ${set.direction}` })));

describe('the guides we ship', () => {
  it('are each followed by a sample partner for every set they describe', () => {
    for (const { guide, set, name } of cases) expect(followerOf(guide.id, set), name).toBeDefined();
  });

  it('say where every rule comes from', () => {
    for (const { set } of cases) for (const rule of set.rules) expect(rule.source).toMatch(/https?:\/\//);
  });
});

describe.each(cases)('guide $name', ({ guide, set }) => {
  const profile = followerOf(guide.id, set)!;
  const base = documentFor(profile, set);

  it('is kept by the document the pipeline writes (or the partner sends)', () => {
    expect(checkGuide(base, set.rules)).toEqual([]);
  });

  it.each(set.rules.map((rule) => ({ id: rule.id, rule })))('rule $id is broken by a document changed where it looks', ({ rule }) => {
    const broken = breakRule(rule, base);
    const findings = checkGuide(broken, [rule]);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.ruleId).toBe(rule.id);
      expect(f.source).toBe(rule.source);
      expect(f.code).toMatch(/^AK[34]-\d+$/);
      expect(f.message).toMatch(/partner's guide/);
    }
  });
});

describe('findings', () => {
  const acme = partners.find((p) => p.id === 'ACME')!;
  const order = sampleOrder('ACME');
  const segments = buildDocument(sampleShipNotice(acme, order), 1);
  const rules = GUIDES['automotive-aiag-4010']!.sets.find((s) => s.set === '856')!.rules;

  it('name the segment, element and 997 code: a missing TD504 is AK4-1 at the TD5', () => {
    const at = segments.findIndex((s) => s.tag === 'TD5');
    const broken = segments.map((s, i) => (i === at ? { tag: 'TD5', elements: s.elements.map((e, k) => (k === 3 ? '' : e)) } : s));
    const [finding] = checkGuide(broken, rules.filter((r) => r.id === '856-td504-must'));
    expect(finding).toMatchObject({ code: 'AK4-1', segmentId: 'TD5', segmentPosition: at + 1, elementPosition: 4 });
  });

  it('an S/O/P/I notice against an S/O/I guide: the pack level is out of place (AK4-7 on HL03)', () => {
    const bolt = partners.find((p) => p.id === 'BOLT')!;
    const sopi = buildDocument(sampleShipNotice(bolt, sampleOrder('BOLT')), 1);
    const findings = checkGuide(sopi, rules.filter((r) => r.kind === 'hierarchy'));
    expect(findings.map((f) => f.code)).toContain('AK4-7');
    expect(findings[0]!.message).toContain('S/O/I');
  });

  it('become 997 diagnostics: errors when the profile rejects, warnings when it notes', () => {
    const findings = checkGuide(segments.filter((s) => s.tag !== 'TD5'), rules);
    expect(findings.length).toBeGreaterThan(0);
    expect(guideDiagnostics(findings, 'reject').every((d) => d.severity === 'error')).toBe(true);
    expect(guideDiagnostics(findings, 'note', { setControlNumber: '0001' })).toEqual(
      findings.map((f) => expect.objectContaining({ severity: 'warning', code: f.code, setControlNumber: '0001', message: expect.stringContaining(f.ruleId) })),
    );
  });

  it('are found in a whole interchange, set by set, with the partner profile naming the guide', () => {
    const text = sampleText(CLEAN_850.ACME!).replace('N1*ST*', 'N1*BT*');
    const [report] = checkTextAgainstGuides(text, acme, 'inbound');
    expect(report?.guide?.id).toBe('automotive-aiag-4010');
    expect(report?.findings.map((f) => f.ruleId)).toEqual(['850-n1-st']);
    expect(checkTextAgainstGuides(sampleText(CLEAN_850.ACME!), acme, 'inbound')[0]?.findings).toEqual([]);
  });
});
