/**
 * Pure data access to the generated X12 definitions (no I/O: imported by `functions/domain/**`).
 * The JSON is produced by `build-from-sef.ts`; see `schema-types.ts` for its shape.
 */
import type { EnvelopeSchema, TransactionSetSchema } from './schema-types.ts';
import s830v4 from './004010/830.json' with { type: 'json' };
import s850v4 from './004010/850.json' with { type: 'json' };
import s855v4 from './004010/855.json' with { type: 'json' };
import s856v4 from './004010/856.json' with { type: 'json' };
import s860v4 from './004010/860.json' with { type: 'json' };
import s865v4 from './004010/865.json' with { type: 'json' };
import s997v4 from './004010/997.json' with { type: 'json' };
import envV4 from './004010/envelope.json' with { type: 'json' };
import s830v5 from './005010/830.json' with { type: 'json' };
import s850v5 from './005010/850.json' with { type: 'json' };
import s855v5 from './005010/855.json' with { type: 'json' };
import s856v5 from './005010/856.json' with { type: 'json' };
import s860v5 from './005010/860.json' with { type: 'json' };
import s865v5 from './005010/865.json' with { type: 'json' };
import s997v5 from './005010/997.json' with { type: 'json' };
import envV5 from './005010/envelope.json' with { type: 'json' };
import { FUNCTIONAL_GROUP_OF_SET } from './functional-groups.ts';

/** The releases we hold definitions for. */
export type SchemaVersion = '004010' | '005010';

/** Transaction sets with a definition, in both releases. */
export const SUPPORTED_SETS = ['830', '850', '855', '856', '860', '865', '997'] as const;
export type SupportedSet = (typeof SUPPORTED_SETS)[number];

/** GS01 functional identifier code of each supported set (X12 element 479). */
export const FUNCTIONAL_GROUP_BY_SET: Readonly<Record<SupportedSet, string>> = Object.fromEntries(
  SUPPORTED_SETS.map((id) => [id, FUNCTIONAL_GROUP_OF_SET[id]!]),
) as Record<SupportedSet, string>;

// The JSON module types are inferred structurally (`kind: string`, …); the generator and the
// schema tests guarantee they conform to the declared interfaces.
const asSet = (json: unknown) => json as TransactionSetSchema;

const SETS: Readonly<Record<SchemaVersion, Readonly<Record<SupportedSet, TransactionSetSchema>>>> = {
  '004010': {
    '830': asSet(s830v4),
    '850': asSet(s850v4),
    '855': asSet(s855v4),
    '856': asSet(s856v4),
    '860': asSet(s860v4),
    '865': asSet(s865v4),
    '997': asSet(s997v4),
  },
  '005010': {
    '830': asSet(s830v5),
    '850': asSet(s850v5),
    '855': asSet(s855v5),
    '856': asSet(s856v5),
    '860': asSet(s860v5),
    '865': asSet(s865v5),
    '997': asSet(s997v5),
  },
};

const ENVELOPES: Readonly<Record<SchemaVersion, EnvelopeSchema>> = {
  '004010': envV4 as unknown as EnvelopeSchema,
  '005010': envV5 as unknown as EnvelopeSchema,
};

/** Which definition a version string is read with, and whether that is the version itself. */
export interface VersionResolution {
  readAs: SchemaVersion;
  exact: boolean;
}

/**
 * Resolves a version/release string to the definition it is read with.
 * Accepts a GS08 (`004010VICS`, `005010X230`: the first 6 characters count) or an ISA12
 * (`00401`, `00501`: 5 digits, read as the release with a `0` appended).
 * `004010` and `005010` are exact. Any later numeric release (`005020` … `008xxx`) is read as
 * 005010, because it keeps the 005010 shape (ST03, repetition separator); every other value
 * (`002040` … `004060`, `003010`, blank, garbage) is read as 004010. Inexact readings are for
 * the caller to report as a warning.
 */
export function resolveVersion(version: string): VersionResolution {
  const trimmed = version.trim();
  const release = /^\d{5}$/.test(trimmed) ? `${trimmed}0` : trimmed.slice(0, 6);
  if (release === '004010' || release === '005010') return { readAs: release, exact: true };
  if (/^\d{6}$/.test(release) && Number(release) > 5010) return { readAs: '005010', exact: false };
  return { readAs: '004010', exact: false };
}

/**
 * Returns the definition of transaction set `setId` (ST01) for the group's version (GS08),
 * or undefined when the set is not one we support (AK5 code 1 territory for the caller).
 */
export function getTransactionSetSchema(
  setId: string,
  gs08Version: string,
): { schema: TransactionSetSchema; readAs: SchemaVersion; exact: boolean } | undefined {
  if (!isSupportedSet(setId)) return undefined;
  const { readAs, exact } = resolveVersion(gs08Version);
  return { schema: SETS[readAs][setId], readAs, exact };
}

/**
 * Returns the envelope definitions (ISA, ISB, ISE, TA1, GS, GE, ST, SE, IEA) for an ISA12
 * (`00401`) or GS08 (`004010VICS`) version; see {@link resolveVersion} for the mapping.
 */
export function getEnvelopeSchema(version: string): { schema: EnvelopeSchema; readAs: SchemaVersion; exact: boolean } {
  const { readAs, exact } = resolveVersion(version);
  return { schema: ENVELOPES[readAs], readAs, exact };
}

/** True when `setId` is one of {@link SUPPORTED_SETS}. */
export function isSupportedSet(setId: string): setId is SupportedSet {
  return (SUPPORTED_SETS as readonly string[]).includes(setId);
}
