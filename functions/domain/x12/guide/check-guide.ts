/**
 * Checks one transaction set (ST … SE, as segments) against the rules of a partner's
 * implementation guide (`schemas/guides/`). Pure. Each finding names its rule, where the rule
 * comes from, the segment and element it is about, a plain-English message, and the 997 code it
 * would be reported with (X12 AK304 / AK403 code lists):
 *
 * | rule | code |
 * | --- | --- |
 * | segment must / qualifier occurrence missing | AK3-3 mandatory segment missing |
 * | segment not used, present | AK3-2 unexpected segment |
 * | max use exceeded | AK3-5 segment exceeds maximum use |
 * | element must, missing | AK4-1 mandatory data element missing |
 * | element not used, present | AK4-10 exclusion condition violated |
 * | code not in the guide's list, HL level out of the guide's structure | AK4-7 invalid code value |
 * | too short / too long | AK4-4 / AK4-5 |
 * | date / time not in the guide's format | AK4-8 invalid date / AK4-9 invalid time |
 */
import type { GuideRule } from '#schemas/guides/guide.ts';
import type { Diagnostic, DiagnosticCode, Segment, Severity } from '../types.ts';

export interface GuideFinding {
  ruleId: string;
  /** Where the rule comes from (the published guide it was modelled on). */
  source: string;
  code: DiagnosticCode;
  /** One plain-English sentence: what the guide asks and what the document has. */
  message: string;
  /** 1-based position of the segment in the set (ST = 1); for a missing segment, the loop's first segment. */
  segmentPosition?: number;
  segmentId?: string;
  elementPosition?: number;
  /** The element's value as found (AK404, the copy of the bad data element). */
  value?: string;
}

interface Located {
  segment: Segment;
  position: number;
  /** HL03 of the HL loop the segment is in; undefined before the first HL. */
  level?: string;
  /** Index of that HL loop (0-based), for per-loop counts. */
  loop?: number;
}

/** Splits `REF01` into its segment id and 1-based element position. */
function elementRef(ref: string): { segment: string; position: number } {
  return { segment: ref.slice(0, -2), position: Number(ref.slice(-2)) };
}

function locate(segments: readonly Segment[]): { located: Located[]; loops: { level: string; position: number; parent?: string; id: string }[] } {
  const located: Located[] = [];
  const loops: { level: string; position: number; parent?: string; id: string }[] = [];
  let level: string | undefined;
  segments.forEach((segment, i) => {
    if (segment.tag === 'HL') {
      level = (segment.elements[2] ?? '').trim();
      const parent = (segment.elements[1] ?? '').trim();
      loops.push({ level, position: i + 1, id: (segment.elements[0] ?? '').trim(), ...(parent ? { parent } : {}) });
    }
    if (segment.tag === 'SE') level = undefined;
    located.push({ segment, position: i + 1, ...(level !== undefined && segment.tag !== 'SE' ? { level, loop: loops.length - 1 } : {}) });
  });
  return { located, loops };
}

/** The value of an element, first component of a composite (any of `componentSeparators`). */
function valueAt(segment: Segment, position: number, componentSeparators: readonly string[]): string {
  let value = segment.elements[position - 1] ?? '';
  for (const c of componentSeparators) if (c && value.includes(c)) value = value.slice(0, value.indexOf(c));
  return value.trim();
}

const where = (level: string | undefined): string => (level === undefined ? 'in the document' : `in every HL level ${level}`);
const levelText = (level: string | undefined): string => (level === undefined ? '' : ` (HL level ${level})`);

const FORMATS: Record<string, { pattern: RegExp; code: DiagnosticCode; text: string }> = {
  CCYYMMDD: { pattern: /^\d{8}$/, code: 'AK4-8', text: 'a date CCYYMMDD' },
  YYMMDD: { pattern: /^\d{6}$/, code: 'AK4-8', text: 'a date YYMMDD' },
  HHMM: { pattern: /^\d{4}$/, code: 'AK4-9', text: 'a time HHMM' },
  HHMMSS: { pattern: /^\d{6}$/, code: 'AK4-9', text: 'a time HHMMSS' },
};

/**
 * Every finding of `rules` in `segments` (one transaction set, ST first). `componentSeparators`:
 * the characters that separate composite components in these segments (the interchange's ISA16,
 * or the writer's mark).
 */
export function checkGuide(segments: readonly Segment[], rules: readonly GuideRule[], componentSeparators: readonly string[] = ['>', ':', '\u001F']): GuideFinding[] {
  const { located, loops } = locate(segments);
  const findings: GuideFinding[] = [];
  const inScope = (level: string | undefined) => located.filter((l) => level === undefined || l.level === level);
  const loopsOf = (level: string) => loops.map((loop, index) => ({ ...loop, index })).filter((l) => l.level === level);
  const add = (rule: GuideRule, finding: Omit<GuideFinding, 'ruleId' | 'source'>) => findings.push({ ruleId: rule.id, source: rule.source, ...finding });

  for (const rule of rules) {
    switch (rule.kind) {
      case 'segment': {
        if (rule.usage === 'not-used') {
          for (const l of inScope(rule.level).filter((l) => l.segment.tag === rule.segment)) {
            add(rule, { code: 'AK3-2', message: `The partner's guide does not use ${rule.segment}${levelText(rule.level)}, but segment ${l.position} is one.`, segmentPosition: l.position, segmentId: rule.segment });
          }
        } else if (rule.level === undefined) {
          if (!located.some((l) => l.segment.tag === rule.segment)) add(rule, { code: 'AK3-3', message: `The partner's guide requires a ${rule.segment} segment; the document has none.`, segmentId: rule.segment });
        } else {
          for (const loop of loopsOf(rule.level)) {
            if (!located.some((l) => l.loop === loop.index && l.segment.tag === rule.segment)) {
              add(rule, { code: 'AK3-3', message: `The partner's guide requires a ${rule.segment} segment in every HL level ${rule.level}; HL ${loop.id} (segment ${loop.position}) has none.`, segmentPosition: loop.position, segmentId: rule.segment });
            }
          }
        }
        break;
      }
      case 'max-use': {
        const groups = new Map<string, Located[]>();
        for (const l of inScope(rule.level).filter((l) => l.segment.tag === rule.segment)) {
          const key = rule.level === undefined ? 'set' : String(l.loop);
          groups.set(key, [...(groups.get(key) ?? []), l]);
        }
        for (const list of groups.values()) {
          const over = list[rule.max];
          if (over) add(rule, { code: 'AK3-5', message: `The partner's guide allows at most ${rule.max} ${rule.segment} segment(s)${rule.level ? ` per HL level ${rule.level}` : ''}; there are ${list.length}.`, segmentPosition: over.position, segmentId: rule.segment });
        }
        break;
      }
      case 'qualifier': {
        const { segment, position } = elementRef(rule.element);
        const matches = (l: Located) => l.segment.tag === segment && valueAt(l.segment, position, componentSeparators) === rule.value;
        const what = `a ${segment} with ${rule.element} '${rule.value}'`;
        if (rule.level === undefined) {
          if (!located.some(matches)) add(rule, { code: 'AK3-3', message: `The partner's guide requires ${what}; the document has none.`, segmentId: segment });
        } else {
          const levelLoops = loopsOf(rule.level);
          if (levelLoops.length === 0) add(rule, { code: 'AK3-3', message: `The partner's guide requires ${what} in HL level ${rule.level}; the document has no such level.`, segmentId: segment });
          for (const loop of levelLoops) {
            if (!located.some((l) => l.loop === loop.index && matches(l))) {
              add(rule, { code: 'AK3-3', message: `The partner's guide requires ${what} in every HL level ${rule.level}; HL ${loop.id} (segment ${loop.position}) has none.`, segmentPosition: loop.position, segmentId: segment });
            }
          }
        }
        break;
      }
      case 'hierarchy': {
        const byId = new Map(loops.map((l) => [l.id, l]));
        const last = rule.levels[rule.levels.length - 1];
        const expected = rule.levels.join('/');
        for (const loop of loops) {
          const parent = loop.parent === undefined ? undefined : byId.get(loop.parent);
          const want = parent === undefined ? rule.levels[0] : rule.levels[rule.levels.indexOf(parent.level) + 1];
          if (loop.level !== want) {
            add(rule, {
              code: 'AK4-7',
              message: `The partner's guide builds the HL tree as ${expected}; HL ${loop.id} (segment ${loop.position}) is level ${loop.level || '(none)'}${parent ? ` under a level ${parent.level}` : ' at the top'}, where ${want === undefined ? 'no level may follow' : `level ${want} belongs`}.`,
              segmentPosition: loop.position,
              segmentId: 'HL',
              elementPosition: 3,
            });
          } else if (loop.level !== last && !loops.some((child) => child.parent === loop.id)) {
            add(rule, { code: 'AK3-3', message: `The partner's guide builds the HL tree as ${expected}; HL ${loop.id} (level ${loop.level}, segment ${loop.position}) has no level ${rule.levels[rule.levels.indexOf(loop.level) + 1]} below it.`, segmentPosition: loop.position, segmentId: 'HL' });
          }
        }
        if (loops.length === 0) add(rule, { code: 'AK3-3', message: `The partner's guide builds the HL tree as ${expected}; the document has no HL segment.`, segmentId: 'HL' });
        break;
      }
      default: {
        const { segment, position } = elementRef(rule.element);
        for (const l of inScope(rule.level).filter((l) => l.segment.tag === segment)) {
          const value = valueAt(l.segment, position, componentSeparators);
          const at = { segmentPosition: l.position, segmentId: segment, elementPosition: position, ...(value !== '' ? { value } : {}) };
          if (rule.kind === 'element') {
            if (rule.usage === 'must' && value === '') add(rule, { code: 'AK4-1', message: `The partner's guide requires ${rule.element} ${where(rule.level)}; segment ${l.position} (${segment}) has none.`, ...at });
            if (rule.usage === 'not-used' && value !== '') add(rule, { code: 'AK4-10', message: `The partner's guide does not use ${rule.element}, but segment ${l.position} (${segment}) has '${value}'.`, ...at });
          } else if (value === '') {
            continue;
          } else if (rule.kind === 'codes') {
            if (!rule.codes.includes(value)) add(rule, { code: 'AK4-7', message: `The partner's guide allows ${rule.element} ${rule.codes.map((c) => `'${c}'`).join(', ')} only; segment ${l.position} has '${value}'.`, ...at });
          } else if (rule.kind === 'length') {
            if (rule.min !== undefined && value.length < rule.min) add(rule, { code: 'AK4-4', message: `The partner's guide wants ${rule.element} at least ${rule.min} characters long; segment ${l.position} has '${value}' (${value.length}).`, ...at });
            if (rule.max !== undefined && value.length > rule.max) add(rule, { code: 'AK4-5', message: `The partner's guide wants ${rule.element} at most ${rule.max} characters long; segment ${l.position} has '${value}' (${value.length}).`, ...at });
          } else {
            const format = FORMATS[rule.format]!;
            if (!format.pattern.test(value)) add(rule, { code: format.code, message: `The partner's guide wants ${rule.element} as ${format.text}; segment ${l.position} has '${value}'.`, ...at });
          }
        }
      }
    }
  }
  return findings;
}

/**
 * Guide findings of an inbound set as diagnostics with their 997 codes: errors when the profile
 * says `reject` (the set's AK501 is then R), warnings when it says `note` (AK501 E).
 */
export function guideDiagnostics(findings: readonly GuideFinding[], policy: 'reject' | 'note', context: Pick<Diagnostic, 'interchangeControlNumber' | 'groupControlNumber' | 'setControlNumber'> = {}): Diagnostic[] {
  const severity: Severity = policy === 'reject' ? 'error' : 'warning';
  return findings.map((f) => ({
    severity,
    code: f.code,
    message: `${f.message} [guide rule ${f.ruleId}]`,
    guideRule: f.ruleId,
    ...(f.segmentPosition !== undefined ? { segmentPosition: f.segmentPosition } : {}),
    ...(f.segmentId !== undefined ? { segmentId: f.segmentId } : {}),
    ...(f.elementPosition !== undefined ? { elementPosition: f.elementPosition } : {}),
    ...(f.value !== undefined ? { value: f.value } : {}),
    ...context,
  }));
}
