/**
 * A trading partner's implementation guide as data: what that partner's translator accepts of a
 * transaction set, beyond the X12 standard. One guide file holds the rules of several sets, each
 * for one direction; a partner profile names the guide it follows per set and direction
 * (`guides` in `schemas/master-data/partner-profile.ts`). Every rule says where it comes from
 * (`source`), so a reader can check it against the published guide it was modelled on.
 *
 * Elements are named by reference (`REF01`, `TD504`); `level` scopes a rule to the HL loops of
 * that level code (HL03: `S` shipment, `O` order, `P` pack, `I` item) in an 856.
 */
import { z } from 'zod';

export const GUIDE_SCHEMA_VERSION = 1;

/** `BSN03`, `CTP05` … : a segment id and a two-digit element position. */
export const ElementRefZ = z.string().regex(/^[A-Z][A-Z0-9]{1,2}\d{2}$/, 'an element reference like REF01 or TD504');
const SegmentIdZ = z.string().regex(/^[A-Z][A-Z0-9]{1,2}$/, 'a segment id like REF');
const LevelZ = z.string().regex(/^[A-Z0-9]{1,2}$/, 'an HL03 level code like S or I').optional();

const ruleBase = {
  /** Stable id, e.g. `856-ref-bm`: named in findings and tests. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: lower-case letters, digits and -'),
  /** Where the rule comes from: the published guide (title, section, address) it was modelled on. */
  source: z.string().min(1),
  /** Why the partner asks for it, in the partner's terms (shown with a finding). */
  note: z.string().optional(),
};

export const GuideRuleZ = z.discriminatedUnion('kind', [
  /** The segment must appear (in every loop of `level`), or must not appear at all. */
  z.object({ kind: z.literal('segment'), segment: SegmentIdZ, usage: z.enum(['must', 'not-used']), level: LevelZ, ...ruleBase }),
  /** The element must be present in every occurrence of its segment (of `level`), or must never be. */
  z.object({ kind: z.literal('element'), element: ElementRefZ, usage: z.enum(['must', 'not-used']), level: LevelZ, ...ruleBase }),
  /** The element, when present, takes one of these codes only (first component of a composite). */
  z.object({ kind: z.literal('codes'), element: ElementRefZ, codes: z.array(z.string().min(1)).min(1), level: LevelZ, ...ruleBase }),
  /** The segment appears at most `max` times in the set (or in each loop of `level`). */
  z.object({ kind: z.literal('max-use'), segment: SegmentIdZ, max: z.number().int().positive(), level: LevelZ, ...ruleBase }),
  /** The element's value, when present, is `min`–`max` characters long. */
  z.object({ kind: z.literal('length'), element: ElementRefZ, min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional(), level: LevelZ, ...ruleBase }),
  /** At least one segment whose `element` has `value` (e.g. REF01 `BM`), in the set or in every loop of `level`. */
  z.object({ kind: z.literal('qualifier'), element: ElementRefZ, value: z.string().min(1), level: LevelZ, ...ruleBase }),
  /** The HL tree: the first level is `levels[0]`, every child is the next level of the list, and leaves are the last. */
  z.object({ kind: z.literal('hierarchy'), levels: z.array(z.string().regex(/^[A-Z0-9]{1,2}$/)).min(1), ...ruleBase }),
  /** The element, when present, is a date or time written this way. */
  z.object({ kind: z.literal('date-format'), element: ElementRefZ, format: z.enum(['CCYYMMDD', 'YYMMDD', 'HHMM', 'HHMMSS']), level: LevelZ, ...ruleBase }),
]);
export type GuideRule = z.infer<typeof GuideRuleZ>;

export const GuideDirectionZ = z.enum(['inbound', 'outbound']);
export type GuideDirection = z.infer<typeof GuideDirectionZ>;

/** The rules of one transaction set in one direction. */
export const GuideSetZ = z.object({
  /** ST01. */
  set: z.string().regex(/^\d{3}$/),
  direction: GuideDirectionZ,
  rules: z.array(GuideRuleZ),
});
export type GuideSet = z.infer<typeof GuideSetZ>;

export const GuideZ = z
  .object({
    schemaVersion: z.literal(GUIDE_SCHEMA_VERSION),
    /** The file name without `.json`; what a partner profile names. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    /** The X12 release the guide is written for. */
    version: z.enum(['004010', '005010']),
    /** The public guides it is modelled on, each with where to find it. */
    modelledOn: z.array(z.object({ title: z.string().min(1), url: z.string().min(1) })).min(1),
    sets: z.array(GuideSetZ),
  })
  .superRefine((guide, ctx) => {
    const seen = new Set<string>();
    for (const set of guide.sets) {
      const key = `${set.set}/${set.direction}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `set ${key} is listed twice` });
      seen.add(key);
      const ids = new Set<string>();
      for (const rule of set.rules) {
        if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', message: `rule ${rule.id} of ${key} is listed twice` });
        ids.add(rule.id);
      }
    }
  });
export type Guide = z.infer<typeof GuideZ>;
