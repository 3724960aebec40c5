/**
 * The hold-SLA escalation e-mail ("a hold not decided within the partner's SLA
 * escalates"): to the one person at this step of the line's chain — the item's owner → manager →
 * director → VP from the item master, the partner's chain when the line has no item — copied to the
 * planners who were asked first, with the facts of the held line and the exact `edi decide`
 * commands that settle it.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile, RuleId } from '#schemas/master-data/partner-profile.ts';
import type { HoldEscalation } from '../planning/decisions.ts';
import { instantMs } from '../planning/dates.ts';
import { decideCommand, RULE_LABELS } from './anomaly-email.ts';
import { addresses, composeEmail, formatInstant, formatNumber, renderTable, type RenderedEmail } from './rendered-email.ts';

export interface HoldEscalationEmailInput {
  partner: Pick<PartnerProfile, 'id' | 'name' | 'holdSlaHours' | 'escalationChain' | 'contacts' | 'desk'>;
  escalation: HoldEscalation;
  /** Why the line is held (the rules that held it). */
  reasons: readonly RuleId[];
  /** The line as ordered, when known. */
  line?: { quantity?: number; unitOfMeasure?: string; customerPart?: string };
  /** The item master record of the line, when resolved (for its planner and description). */
  item?: Item;
}

/** Render the escalation e-mail for one step of one held line. */
export function renderHoldEscalationEmail(input: HoldEscalationEmailInput): RenderedEmail {
  const { partner, escalation } = input;
  const { hold } = escalation;
  const hours = (instantMs(escalation.dueAt) - instantMs(hold.heldSince)) / 3_600_000;
  const po = hold.purchaseOrderNumber;
  const step = escalation.stepIndex + 1;
  const reasons = input.reasons.map((r) => RULE_LABELS[r]).join(', ') || 'planning checks';
  const subject = `[HOLD OVERDUE ${formatNumber(hours)}h] ${partner.id} PO ${po} line ${hold.lineNumber} — escalated to ${escalation.role}`;
  const table = renderTable(
    ['customer', 'PO', 'line', 'item', 'ordered', 'reasons', 'held since', 'SLA'],
    [
      [
        partner.id,
        po,
        hold.lineNumber,
        [input.item?.vendorPart, input.line?.customerPart].filter((v): v is string => v !== undefined).join(' / ') || undefined,
        input.line?.quantity !== undefined ? `${formatNumber(input.line.quantity)}${input.line.unitOfMeasure ? ` ${input.line.unitOfMeasure}` : ''}` : undefined,
        reasons,
        formatInstant(hold.heldSince, partner.desk.timeZone),
        `${formatNumber(partner.holdSlaHours)} h per step`,
      ],
    ],
  );
  // Escalations recorded before item chains carry no chain: theirs was the partner's.
  const chain = escalation.chain ?? { source: 'partner' as const, people: partner.escalationChain };
  const earlier = chain.people.slice(0, escalation.stepIndex).map((p) => `${p.role} ${p.name}`);
  const whose = chain.source === 'item' && input.item ? `item ${input.item.vendorPart}'s escalation chain` : `${partner.id}'s hold escalation chain`;
  const path = chain.people.map((p) => `${p.role} ${p.name}`).join(' → ');
  const blocks = [
    {
      p: `${escalation.contact.name}, PO ${po} line ${hold.lineNumber} from ${partner.name} (${partner.id}) has been held for ${formatNumber(hours)} hours without a decision (${reasons}). No order acknowledgment (855) goes to the customer while it waits.`,
    },
    { table },
    {
      p: `You are step ${step} of ${chain.people.length} of ${whose} (${escalation.role}): ${path}. Already told: the planner${input.item ? ` ${input.item.planner.name}` : ''}${earlier.length ? `, ${earlier.join(', ')}` : ''}. Decide now, or make sure the planner does, with one of:`,
    },
    { code: ['approve', 'reject'].map((d) => decideCommand(partner, po, hold.lineNumber, d)) },
    { p: 'In place of approve: quantity=Q, date=YYYY-MM-DD or price=P accept the line with that change.' },
  ];
  const to = addresses([escalation.contact]);
  return composeEmail(subject, blocks, to, addresses([input.item?.planner, partner.contacts.planner], to));
}
