/**
 * `edi guide check --partner P [--profiles FILE] FILE…`: every transaction set of each file
 * against the implementation guide the partner's profile names for it (README, "Implementation
 * guides"): sets we send are checked against the outbound guide, sets we receive against the
 * inbound one. One line per finding (file, set and control number, segment position, rule id, the
 * 997 code it is reported with, the rule in plain English, where the rule comes from), then a
 * count. Exit 0 when every set keeps its guide, 1 when a finding was made, 2 on bad usage.
 * `--guide ID` checks against that guide in both directions instead of a profile's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { checkTextAgainstGuides, type SetGuideReport } from '#domain/x12/guide/guide-check.ts';
import { decodeX12 } from '#domain/x12/translate.ts';
import { loadPartnerProfiles } from '#domain/planning/index.ts';
import { GUIDES, GUIDE_IDS, type GuideDirection } from '#schemas/guides/index.ts';
import type { PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { SET_REGISTRY } from '#schemas/x12/registry.ts';
import { UsageError, parseArgs, type CliIo } from './io.ts';

const DEFAULT_PROFILES = 'samples/master/partners.json';

/** Which way a set travels: sets we send are outbound, the rest inbound. */
function directionOf(setId: string): GuideDirection {
  const entry = (SET_REGISTRY as Record<string, { direction: string } | undefined>)[setId];
  return entry?.direction === 'sent' ? 'outbound' : 'inbound';
}

async function profileGuides(options: Map<string, string[]>): Promise<{ label: string; guides: PartnerProfile['guides'] }> {
  const guideId = options.get('guide')?.at(-1);
  if (guideId !== undefined) {
    const guide = GUIDES[guideId];
    if (!guide) throw new UsageError(`no implementation guide '${guideId}' (we hold: ${GUIDE_IDS.join(', ')})`);
    const bySet = (direction: GuideDirection) => Object.fromEntries(guide.sets.filter((s) => s.direction === direction).map((s) => [s.set, guide.id]));
    return { label: `guide ${guide.id}`, guides: { inbound: bySet('inbound'), outbound: bySet('outbound') } };
  }
  const partner = options.get('partner')?.at(-1);
  if (!partner) throw new UsageError('--partner P (or --guide ID) is required');
  const file = options.get('profiles')?.at(-1) ?? DEFAULT_PROFILES;
  if (!existsSync(file)) throw new UsageError(`no partner profiles at ${file} (give --profiles FILE)`);
  const loaded = loadPartnerProfiles({ file, text: await readFile(file, 'utf8') });
  if (!loaded.ok) throw new UsageError(`${file} is not a valid partner profiles file: ${loaded.errors.map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ')}`);
  const profile = loaded.records.find((p) => p.id === partner);
  if (!profile) throw new UsageError(`no partner ${partner} in ${file} (there: ${loaded.records.map((p) => p.id).join(', ')})`);
  return { label: `partner ${partner}`, guides: profile.guides };
}

export async function runGuide(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new UsageError('usage: edi guide check --partner P [--profiles FILE] FILE… (or --guide ID instead of --partner)');
  const { positionals, options } = parseArgs(rest, { options: ['partner', 'profiles', 'guide'] });
  if (positionals.length === 0) throw new UsageError('give at least one X12 file');
  const { label, guides } = await profileGuides(options);
  let findings = 0;
  let sets = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = decodeX12(await readFile(file));
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const reports: SetGuideReport[] = [];
    for (const direction of ['inbound', 'outbound'] as const) {
      reports.push(...checkTextAgainstGuides(text, { guides }, direction).filter((r) => directionOf(r.setId) === direction));
    }
    for (const report of reports) {
      sets++;
      if (!report.guide) io.stdout.write(`${file}: ${report.setId} ${report.controlNumber}: no guide for this set (${label})\n`);
      for (const f of report.findings) {
        findings++;
        const where = f.segmentPosition !== undefined ? `${f.segmentPosition}${f.elementPosition !== undefined ? `:${f.elementPosition}` : ''}` : '-';
        io.stdout.write(`${file}: ${report.setId} ${report.controlNumber}: ${where}: ${f.ruleId} ${f.code} ${f.message} (source: ${f.source})\n`);
      }
    }
  }
  io.stdout.write(`${findings} finding(s) in ${sets} set(s) against ${label}\n`);
  return findings > 0 ? 1 : 0;
}
