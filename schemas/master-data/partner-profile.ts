/**
 * Trading-partner profile: who the partner is on the wire (ISA/GS ids, version), which
 * acknowledgments it wants, whom we talk to, how tolerant the order checks are and what each
 * anomaly rule does for this partner (hold / warn / reject / off).
 */
import { z } from 'zod';
import { GUIDE_IDS, guideSetOf, type GuideDirection } from '../guides/index.ts';
import { EscalationStepZ, NonNegativeZ, PersonZ, SchemaVersionZ } from './common.ts';

/** Every anomaly rule the planning core knows (see functions/domain/planning/anomaly.ts). */
/** How the README installs the CLI: what the emails' commands start with unless a desk says otherwise. */
export const DEFAULT_COMMAND_PREFIX = 'npx edi';

export const RULE_IDS = [
  'decimal-shift',
  'forecast-deviation',
  'never-forecast',
  'unknown-item',
  'pack-multiple',
  'below-moq',
  'price-mismatch',
  'uom-mismatch',
  'inside-lead-time',
  'duplicate-po',
  'forecast-swing',
  'pull-in-inside-lead-time',
  'cut-below-shipped',
  'quantity-not-positive',
  'duplicate-line-number',
] as const;
export const RuleIdZ = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleIdZ>;

/**
 * What a rule's finding does to the line: `hold` waits for a planner (no 855 for the order yet),
 * `warn` acknowledges and tells the planner, `reject` acknowledges the line as rejected (IR),
 * `off` does not run the rule.
 */
export const RuleSeverityZ = z.enum(['hold', 'warn', 'reject', 'off']);
export type RuleSeverity = z.infer<typeof RuleSeverityZ>;

/** Severities used where a profile does not name the rule. */
export const DEFAULT_RULE_SEVERITY: Readonly<Record<RuleId, RuleSeverity>> = {
  'decimal-shift': 'hold',
  'forecast-deviation': 'warn',
  'never-forecast': 'hold',
  'unknown-item': 'hold',
  'pack-multiple': 'warn',
  'below-moq': 'warn',
  'price-mismatch': 'hold',
  'uom-mismatch': 'hold',
  'inside-lead-time': 'warn',
  'duplicate-po': 'hold',
  'forecast-swing': 'warn',
  'pull-in-inside-lead-time': 'hold',
  'cut-below-shipped': 'hold',
  'quantity-not-positive': 'hold',
  'duplicate-line-number': 'hold',
};

/**
 * Rules a profile cannot turn into a warning or off, only into a rejection: acknowledging their
 * lines as ordered would echo what the partner cannot have meant (README, "Guarantees").
 */
export const DECISION_RULES: readonly RuleId[] = ['quantity-not-positive', 'duplicate-line-number'];

/** The id of a guide we hold (`schemas/guides/`). */
const GuideIdZ = z.string().refine((id) => GUIDE_IDS.includes(id), { error: (issue) => `no implementation guide '${String(issue.input)}' (we hold: ${GUIDE_IDS.join(', ')})` });

export const TolerancesZ = z.object({
  /** Decimal shift: |ratio / 10^k − 1| ≤ this, for k ≠ 0 (0.15 → 8.5–11.5× or 0.085–0.115× is a shift). */
  decimalShiftTolerance: z.number().positive().max(0.5).default(0.15),
  /** Order vs forecast band, percent either side of the forecast. */
  deviationPercent: NonNegativeZ.default(30),
  /** Unit price vs contract price, percent either side. */
  priceTolerancePercent: NonNegativeZ.default(1),
  /** 830 vs previous 830 quantity swing, percent, checked inside the firm horizon. */
  forecastSwingPercent: NonNegativeZ.default(20),
  /** Firm horizon in weeks from today. */
  firmHorizonWeeks: z.number().int().nonnegative().default(4),
});
export type Tolerances = z.infer<typeof TolerancesZ>;

/**
 * The partner's priority class (README, "Planning intelligence", priority and allocation): after
 * the expedite tier, `A` ranks before `B` before `C` in work lists, digests and allocation, and
 * value decides within a class.
 */
export const PartnerPriorityClassZ = z.enum(['A', 'B', 'C']);
export type PartnerPriorityClass = z.infer<typeof PartnerPriorityClassZ>;

export const PartnerProfileZ = z.object({
  schemaVersion: SchemaVersionZ,
  /** Our short key for the partner, used in commands, subjects and storage keys, e.g. `ACME`. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'id: letters, digits, _ or -, at most 32'),
  name: z.string().trim().min(1),
  /** The partner's ISA05/ISA06 (their side; our ISA07/ISA08 when we send). */
  isa: z.object({ qualifier: z.string().length(2), id: z.string().min(1).max(15) }),
  /** The partner's GS02 application sender code. */
  gsId: z.string().min(2).max(15),
  /** Our ids as this partner knows us. */
  ours: z.object({ isaQualifier: z.string().length(2), isaId: z.string().min(1).max(15), gsId: z.string().min(2).max(15) }),
  version: z.enum(['004010', '005010']),
  /** Outbound delimiters when the partner prescribes them. */
  delimiters: z
    .object({ element: z.string().length(1), component: z.string().length(1), repetition: z.string().length(1).optional(), segment: z.string().min(1).max(2) })
    .optional(),
  /** ISA15 usage: `P` production, `T` test. */
  usage: z.enum(['P', 'T']),
  acks: z.object({
    functional997: z.boolean().default(true),
    orderAck855: z.boolean().default(true),
    changeAck865: z.boolean().default(true),
    shipNotice856: z.boolean().default(true),
    /** An 810 invoice after each shipment. */
    invoice810: z.boolean().default(false),
    /**
     * A TA1 for every interchange, even when its ISA14 is `0`. Without it a TA1 goes out when ISA14
     * is `1` and, always, for a rejected envelope (README, "Acknowledgments").
     */
    ta1: z.boolean().default(false),
    /**
     * A 999 Implementation Acknowledgment (005010X231A1) instead of the 997 for the partner's
     * 005010 groups (groups of other releases still get a 997): guide findings are reported with
     * the 999's implementation codes (README, "Acknowledgments").
     */
    implementation999: z.boolean().default(false),
  }),
  contacts: z.object({
    edi: PersonZ,
    planner: PersonZ,
    customerService: PersonZ,
    /** The customer's buyer: addressee of delay levels 2 and 3. */
    buyer: PersonZ,
    /** P1 line-down: reached at once, around the clock. */
    expedite24x7: z.array(PersonZ).min(1),
    /** P2 order at risk: the allocation team. */
    allocationTeam: z.array(PersonZ).min(1),
  }),
  /** Hold-SLA escalation chain (beyond the planner), lowest first. */
  escalationChain: z.array(z.object({ role: EscalationStepZ, name: z.string().trim().min(1), email: z.email() })).default([]),
  /** Hours after we send an 855/856/865/810 within which the partner's 997/999 (or TA1) is due; then one overdue alert. */
  ackDueHours: z.number().positive().default(24),
  /** Business hours of the desk (`desk`) a held line may wait for a planner before each escalation step. */
  holdSlaHours: z.number().positive().default(8),
  /** Hours between P1 escalation steps while no date is confirmed (the order desk's practice: 4). */
  expediteIntervalHours: z.number().positive().default(4),
  /**
   * The supplier's desk that serves this partner (README, "Planning intelligence", desk time):
   * every deadline in its emails is computed and printed in `timeZone`; P2 "same business day"
   * ends at `closeOfBusiness` of the desk's next business day (its `workdays`, not its
   * `holidays`); the commands the emails print start with `commandPrefix` (as the README installs
   * the project: `npx edi`); the hold SLA (`holdSlaHours`) counts its business hours, from
   * `openOfBusiness` to `closeOfBusiness`. The default is the demo desk's: America/Chicago,
   * 08:00–17:00, Mon–Fri.
   */
  desk: z
    .object({
      timeZone: z
        .string()
        .refine((zone) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        }, 'desk.timeZone: an IANA time zone, e.g. America/Chicago')
        .default('America/Chicago'),
      /** Local opening time: the hold SLA counts the desk's business hours, opening to close. */
      openOfBusiness: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'desk.openOfBusiness: HH:MM').default('08:00'),
      closeOfBusiness: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'desk.closeOfBusiness: HH:MM').default('17:00'),
      /** ISO weekdays that are business days, 1 Monday … 7 Sunday. */
      workdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      /** The desk's local dates that are not business days. */
      holidays: z.array(z.iso.date()).default([]),
      /** How the emails' commands start: `npx edi` after `npm install`, or e.g. `edi` when it is on PATH. */
      commandPrefix: z.string().trim().min(1).max(60).default(DEFAULT_COMMAND_PREFIX),
    })
    .prefault({}),
  /**
   * The implementation guide (`schemas/guides/<id>.json`) this partner follows, per transaction
   * set and direction: outbound documents are checked against it before they are written, inbound
   * sets are checked and the findings reported in the 997.
   */
  guides: z
    .object({
      inbound: z.partialRecord(z.string().regex(/^\d{3}$/), GuideIdZ).default({}),
      outbound: z.partialRecord(z.string().regex(/^\d{3}$/), GuideIdZ).default({}),
    })
    .prefault({}),
  /** What a finding of the inbound guide does to the set: `reject` (AK501 R) or `note` (AK501 E, accepted with errors noted). */
  inboundGuideFindings: z.enum(['reject', 'note']).default('note'),
  /** Where our goods leave from, as this partner knows it: N1*SF of the 856 (N102 name, N103/N104 id). */
  shipFrom: z.object({ name: z.string().trim().min(1), idQualifier: z.string().regex(/^[A-Z0-9]{1,2}$/), id: z.string().trim().min(2).max(80) }).optional(),
  /** Defaults of our shipments to this partner: TD504 transport method (element 91, `M` motor common carrier) and TD505 routing. */
  shipping: z.object({ transportMethod: z.string().regex(/^[A-Z0-9]{1,2}$/).default('M'), routing: z.string().trim().min(1).max(35).optional() }).prefault({}),
  /** Terms of sale on our 810s (ITD): basic terms, net days, and an optional early-payment discount. */
  invoiceTerms: z
    .object({ netDays: z.number().int().positive().default(30), discountPercent: z.number().positive().max(100).optional(), discountDays: z.number().int().positive().optional() })
    .prefault({}),
  /** Priority class among customers when supply is short (default `B`). */
  priorityClass: PartnerPriorityClassZ.default('B'),
  /** Days from our ship date to the customer's delivery date. */
  transitDays: z.number().int().nonnegative().default(0),
  tolerances: TolerancesZ.prefault({}),
  ruleSeverity: z.partialRecord(RuleIdZ, RuleSeverityZ).default({}),
  /** Codes that mean "line down" in REF01/REF02 or as a word in NTE text (case-insensitive). */
  lineDownCodes: z.array(z.string().min(1)).default([]),
  /** BEG02 order types that signal a line-down rush (the order desk's practice: `RO`). */
  rushOrderTypes: z.array(z.string().min(1)).default(['RO']),
  /** Count this partner's forecast not yet consumed by orders as demand in PAB. */
  includeUnconsumedForecastInPab: z.boolean().default(false),
  /** Send delay level 2 (risk notice) automatically when a shortage persists. */
  autoCustomerRiskNotice: z.boolean().default(false),
  /** With automatic risk notices: hours after the level-1 alert the shortage must persist. */
  autoRiskNoticeAfterHours: NonNegativeZ.default(24),
});
export type PartnerProfile = z.infer<typeof PartnerProfileZ>;

/** The guide rules a partner's profile names for a set and direction, if any. */
export function partnerGuideOf(profile: Pick<PartnerProfile, 'guides'>, set: string, direction: GuideDirection): ReturnType<typeof guideSetOf> {
  const id = profile.guides[direction][set];
  return id === undefined ? undefined : guideSetOf(id, set, direction);
}

/** The severity a rule has for this partner: the profile's entry, else the default; a {@link DECISION_RULES} rule holds unless it rejects. */
export function severityOf(profile: Pick<PartnerProfile, 'ruleSeverity'>, rule: RuleId): RuleSeverity {
  const severity = profile.ruleSeverity[rule] ?? DEFAULT_RULE_SEVERITY[rule];
  return DECISION_RULES.includes(rule) && severity !== 'reject' ? 'hold' : severity;
}
