/**
 * A whole X12 text checked against a partner's guides: each transaction set is cut out of its
 * interchange (the tokenizer reads the delimiters each ISA declares) and checked against the
 * guide the profile names for its set id and the direction. Used by the deliver stage before a
 * document is written, and by `edi guide check`.
 */
import type { GuideDirection } from '#schemas/guides/guide.ts';
import { partnerGuideOf, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { X12Tokenizer } from '../tokenizer.ts';
import type { Delimiters, Segment } from '../types.ts';
import type { SetCheck } from '../translate.ts';
import { resolveVersion } from '#schemas/x12/registry.ts';
import { compiledSegmentOf } from '../validate/segment-dictionary.ts';
import { checkGuide, guideDiagnostics, type GuideFinding } from './check-guide.ts';

export interface SetOfText {
  setId: string;
  controlNumber: string;
  segments: Segment[];
  delimiters: Delimiters;
}

/** The transaction sets of a text, ST … SE each (a set without its SE ends where the next envelope segment starts). */
export function setsOfText(text: string): SetOfText[] {
  const sets: SetOfText[] = [];
  let delimiters: Delimiters | undefined;
  let current: SetOfText | undefined;
  const tokenizer = new X12Tokenizer({
    interchange(_isa, d) {
      delimiters = d;
      current = undefined;
    },
    segment(segment) {
      if (segment.tag === 'ST' && delimiters) {
        current = { setId: (segment.elements[0] ?? '').trim(), controlNumber: (segment.elements[1] ?? '').trim(), segments: [segment], delimiters };
        sets.push(current);
      } else if (['GE', 'IEA', 'GS'].includes(segment.tag)) {
        current = undefined;
      } else if (current) {
        current.segments.push(segment);
        if (segment.tag === 'SE') current = undefined;
      }
    },
    diagnostic() {},
  });
  tokenizer.push(text);
  tokenizer.end();
  return sets;
}

export interface SetGuideReport {
  setId: string;
  controlNumber: string;
  /** The guide checked against, when the profile names one for this set and direction. */
  guide?: { id: string; name: string };
  findings: GuideFinding[];
}

/** Every set of `text` against the partner's guide for it in `direction`. */
export function checkTextAgainstGuides(text: string, profile: Pick<PartnerProfile, 'guides'>, direction: GuideDirection): SetGuideReport[] {
  return setsOfText(text).map((set) => {
    const guide = partnerGuideOf(profile, set.setId, direction);
    if (!guide) return { setId: set.setId, controlNumber: set.controlNumber, findings: [] };
    return {
      setId: set.setId,
      controlNumber: set.controlNumber,
      guide: { id: guide.guide.id, name: guide.guide.name },
      findings: checkGuide(set.segments, guide.rules, [set.delimiters.component]),
    };
  });
}

/** One line per finding, in plain English, for an email or a dead-letter cause. */
export function describeFindings(reports: readonly SetGuideReport[]): string {
  return reports
    .flatMap((r) => r.findings.map((f) => `${r.setId} ${r.controlNumber}: ${f.message} (rule ${f.ruleId} of ${r.guide?.name ?? 'the guide'}; from ${f.source})`))
    .join('\n');
}

/**
 * The reader's check of a partner's inbound sets against the guides its profile names: each
 * finding becomes a diagnostic with its 997 code (AK3/AK4), an error when the profile's
 * `inboundGuideFindings` is `reject` (AK501 R, the set is not processed), a warning when it is
 * `note` (AK501 E, processed with the findings reported). Undefined when the profile names no
 * inbound guide, so the reader does no extra work.
 */
export function inboundGuideCheck(profile: Pick<PartnerProfile, 'guides' | 'inboundGuideFindings'>): SetCheck | undefined {
  if (Object.keys(profile.guides.inbound).length === 0) return undefined;
  return (set) => {
    const guide = partnerGuideOf(profile, set.setId, 'inbound');
    if (!guide) return [];
    const { readAs } = resolveVersion(set.version);
    // AK402: the element's reference number, from the dictionary of the release read.
    return guideDiagnostics(checkGuide(set.segments, guide.rules, [set.delimiters.component]), profile.inboundGuideFindings).map((d) => {
      const id = d.segmentId && d.elementPosition !== undefined ? compiledSegmentOf(d.segmentId, readAs)?.elements[d.elementPosition - 1]?.id : undefined;
      return id === undefined ? d : { ...d, elementReference: id };
    });
  };
}
