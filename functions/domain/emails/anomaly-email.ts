/**
 * The planner's anomaly e-mail, one per PO: a table of findings (line, item,
 * ordered, forecast, ratio, rule, severity, suggestion) and, for each line that waits or was
 * rejected, the exact `edi decide` commands.
 */
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import type { Item } from '#schemas/master-data/item.ts';
import type { PartnerProfile, RuleId } from '#schemas/master-data/partner-profile.ts';
import { suggestionOf, type Anomaly } from '../planning/anomaly.ts';
import type { LineAssessment } from '../planning/anomaly-rules.ts';
import { displayPart } from '../planning/item-index.ts';
import { shellQuote } from './escape.ts';
import { holdStepDueAt } from '../planning/decisions.ts';
import { addresses, composeEmail, formatInstant, formatNumber, renderTable, type Block, type RenderedEmail } from './rendered-email.ts';

export const RULE_LABELS: Readonly<Record<RuleId, string>> = {
  'decimal-shift': 'decimal shift',
  'forecast-deviation': 'off forecast',
  'never-forecast': 'never forecast',
  'unknown-item': 'unknown item',
  'pack-multiple': 'pack multiple',
  'below-moq': 'below MOQ',
  'price-mismatch': 'price off contract',
  'uom-mismatch': 'unit of measure',
  'inside-lead-time': 'inside lead time',
  'duplicate-po': 'duplicate PO',
  'forecast-swing': 'forecast swing',
  'pull-in-inside-lead-time': 'pull-in inside lead time',
  'cut-below-shipped': 'cut below shipped/built',
  'quantity-not-positive': 'quantity zero or below',
  'duplicate-line-number': 'line number repeated',
};

/** The decision word a finding suggests (`quantity=120`, `date=2025-04-07`, `price=12.5`, `'uom=CA quantity=Q'`), if any. */
export function suggestedDecision(anomaly: Anomaly): string | undefined {
  const suggestion = suggestionOf(anomaly);
  if (!suggestion) return undefined;
  // A unit change names the quantity in the new unit: the planner fills it in (one quoted argument).
  if (suggestion.unitOfMeasure !== undefined) return `'uom=${suggestion.unitOfMeasure} quantity=Q'`;
  if (suggestion.quantity !== undefined) return `quantity=${formatNumber(suggestion.quantity)}`;
  if (suggestion.date !== undefined) return `date=${suggestion.date}`;
  if (suggestion.unitPrice !== undefined) return `price=${formatNumber(suggestion.unitPrice)}`;
  return undefined;
}

function describeSuggestion(anomaly: Anomaly): string | undefined {
  if (anomaly.rule === 'pack-multiple') return `quantity ${anomaly.suggestion.alternatives.join(' or ')}`;
  if (anomaly.rule === 'uom-mismatch') return `unit ${anomaly.suggestion.unitOfMeasure}`;
  return suggestedDecision(anomaly)?.replace('=', ' ');
}

/**
 * `npx edi decide --partner P --po N --line L <decision> --by NAME --reason TEXT`, shell-quoted,
 * starting with the desk's command prefix (the profile's `desk.commandPrefix`; `npx edi` as the
 * README installs the project) so it runs as pasted. `command` picks another subcommand that
 * takes the same line arguments (`expedite confirm`).
 */
export function decideCommand(partner: Pick<PartnerProfile, 'id' | 'desk'>, purchaseOrderNumber: string, lineNumber: string, decision: string, command = 'decide'): string {
  return `${partner.desk.commandPrefix} ${command} --partner ${shellQuote(partner.id)} --po ${shellQuote(purchaseOrderNumber)} --line ${shellQuote(lineNumber)} ${decision} --by 'YOUR NAME' --reason 'WHY'`;
}

export interface AnomalyEmailInput {
  partner: PartnerProfile;
  order: Pick<PurchaseOrder, 'purchaseOrderNumber' | 'orderType' | 'orderDate'>;
  assessments: readonly LineAssessment[];
  /** Item master records of the lines, for the responsible planners. */
  items: readonly Item[];
  /** When the lines were held (the check's instant): the hold SLA's first deadline runs from it. */
  heldAt?: string;
}

/** Render the anomaly e-mail for one PO; undefined when no line has a finding. */
export function renderAnomalyEmail(input: AnomalyEmailInput): RenderedEmail | undefined {
  const { partner, order } = input;
  const flagged = input.assessments.filter((a) => a.anomalies.length > 0);
  if (flagged.length === 0) return undefined;
  const all = flagged.flatMap((a) => a.anomalies);
  const held = flagged.filter((a) => a.anomalies.some((x) => x.severity === 'hold') && !a.anomalies.some((x) => x.severity === 'reject'));
  const rejected = flagged.filter((a) => a.anomalies.some((x) => x.severity === 'reject'));
  const rules = [...new Set(all.map((a) => RULE_LABELS[a.rule]))].join(', ');
  const po = order.purchaseOrderNumber;
  const plural = (n: number, word: string): string => `${n} line${n === 1 ? '' : 's'} ${word}`;
  const subject =
    held.length > 0
      ? `[HOLD] ${partner.id} PO ${po}: ${plural(held.length, 'held')} (${rules}), decision needed`
      : rejected.length > 0
        ? `[REJECTED] ${partner.id} PO ${po}: ${plural(rejected.length, 'rejected')} (${rules})`
        : `[WARN] ${partner.id} PO ${po}: ${all.length} warning${all.length === 1 ? '' : 's'} (${rules})`;

  const rows = flagged.flatMap((assessment) =>
    assessment.anomalies.map((anomaly) => {
      const ratio = assessment.ordered !== undefined && assessment.forecast ? assessment.ordered / assessment.forecast : undefined;
      return [
        assessment.lineNumber,
        [...new Set([displayPart(assessment.productIds), assessment.item].filter((v): v is string => v !== undefined))].join(' / ') || undefined,
        formatNumber(assessment.ordered),
        formatNumber(assessment.forecast),
        ratio !== undefined ? `${formatNumber(ratio)}x` : undefined,
        RULE_LABELS[anomaly.rule],
        anomaly.severity,
        describeSuggestion(anomaly),
      ];
    }),
  );
  const blocks: Block[] = [
    { p: `${partner.name} (${partner.id}) sent PO ${po}${order.orderDate ? ` dated ${order.orderDate}` : ''}. The order checks found:` },
    { table: renderTable(['line', 'item', 'ordered', 'forecast', 'ratio', 'rule', 'severity', 'suggestion'], rows) },
    { list: all.map((a) => `Line ${a.lineNumber ?? '?'}: ${a.message}`) },
  ];
  const promisable = flagged.filter((a) => a.fullShipFrom !== undefined);
  if (promisable.length > 0) {
    blocks.push({
      list: promisable.map((a) =>
        a.fullShipFrom === null
          ? `Line ${a.lineNumber}: available to promise does not cover ${formatNumber(a.ordered)} inside the projected weeks.`
          : `Line ${a.lineNumber}: can ship in full (${formatNumber(a.ordered)}) from ${a.fullShipFrom}, from available to promise${a.requestedShipDate ? ` (requested ship date ${a.requestedShipDate})` : ''}.`,
      ),
    });
  }
  const decide = [...held, ...rejected];
  const firstStep = partner.escalationChain[0];
  if (held.length > 0 && input.heldAt && firstStep) {
    // The hold SLA's first step (README, "Hold SLA"), printed in the desk's time.
    blocks.push({ p: `Decide by ${formatInstant(holdStepDueAt(input.heldAt, 0, partner), partner.desk.timeZone)} (hold SLA ${formatNumber(partner.holdSlaHours)} business hours of the desk); after that it escalates to the ${firstStep.role}, ${firstStep.name}.` });
  }
  if (decide.length > 0) {
    blocks.push({
      p:
        held.length > 0
          ? order.orderType.startsWith('860')
            ? 'Held lines wait for your decision; the change acknowledgment (865) goes out once no line is held. Decide with one of:'
            : 'Held lines wait for your decision; the order acknowledgment (855) goes out once no line is held. Decide with one of:'
          : 'Rejected lines are acknowledged as rejected (IR). To override before the 855 goes out:',
    });
    // One block per line number: a number sent on several lines takes one decision for all of them.
    const commanded = new Set<string>();
    for (const assessment of decide) {
      if (commanded.has(assessment.lineNumber)) continue;
      commanded.add(assessment.lineNumber);
      // A quantity of zero or below is never approved as ordered: the planner names one (decide() refuses approve).
      const first = assessment.anomalies.some((a) => a.rule === 'quantity-not-positive') ? 'quantity=Q' : 'approve';
      const decisions = [first, ...new Set(assessment.anomalies.map(suggestedDecision).filter((d): d is string => d !== undefined)), 'reject'];
      blocks.push({ code: decisions.map((d) => decideCommand(partner, po, assessment.lineNumber, d)) });
    }
  } else {
    blocks.push({ p: 'These are warnings: the lines are acknowledged as ordered. Tell the customer if the slip may recur.' });
  }
  const byPart = new Map(input.items.map((item) => [item.vendorPart, item]));
  const planners = flagged.map((a) => (a.item ? byPart.get(a.item)?.planner : undefined));
  const to = addresses([...planners, partner.contacts.planner]);
  return composeEmail(subject, blocks, to, addresses([partner.contacts.customerService], to));
}
