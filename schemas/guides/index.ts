/**
 * The implementation guides we hold, by id (the JSON files beside this one, parsed with
 * {@link GuideZ} when the module loads, so a broken guide fails every test at once). To add a
 * guide: put `<id>.json` here, import it below, and name it in a partner profile's `guides`.
 */
import automotive from './automotive-aiag-4010.json' with { type: 'json' };
import electronics from './electronics-ems-5010.json' with { type: 'json' };
import retail from './retail-distribution-4010.json' with { type: 'json' };
import { GuideZ, type Guide, type GuideDirection, type GuideSet } from './guide.ts';

export * from './guide.ts';

export const GUIDES: Readonly<Record<string, Guide>> = Object.fromEntries([automotive, electronics, retail].map((json) => {
  const guide = GuideZ.parse(json);
  return [guide.id, guide];
}));

export const GUIDE_IDS = Object.keys(GUIDES);

/** The rules of one set and direction in a guide, when the guide has them. */
export function guideSetOf(guideId: string, set: string, direction: GuideDirection): (GuideSet & { guide: Guide }) | undefined {
  const guide = GUIDES[guideId];
  const found = guide?.sets.find((s) => s.set === set && s.direction === direction);
  return guide && found ? { ...found, guide } : undefined;
}
