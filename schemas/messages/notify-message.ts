/**
 * Notify queue message (any stage → mail): which template to send, to whom, and everything the
 * template renders — the mail stage reads nothing else to write the email. A discriminated union
 * on `template`, each with its own data schema. Values in `data` may come from EDI: the mail
 * stage escapes every one of them.
 */
import { z } from 'zod';
import { ItemZ } from '../master-data/item.ts';
import { PersonZ } from '../master-data/common.ts';
import { PartnerProfileZ, RuleIdZ } from '../master-data/partner-profile.ts';
import {
  DelayNotificationZ,
  EscalationStateZ,
  ExpediteReasonZ,
  HoldEscalationZ,
  LineAssessmentZ,
  PlannedStepZ,
} from '../records/planning-state.ts';
import { SubjectZ } from './common.ts';

export const NOTIFY_MESSAGE_SCHEMA_VERSION = 2;

/** Recipient roles: a partner profile contact (`partner:<role>`, e.g. `partner:edi`), operations, or `template` (the addresses the template names: planner, item owner, buyer …). */
export const RecipientRoleZ = z.enum(['partner:edi', 'partner:customerService', 'partner:planner', 'partner:buyer', 'operations', 'template']);
export type RecipientRole = z.infer<typeof RecipientRoleZ>;

export const DiagnosticLineZ = z.object({
  severity: z.string(),
  code: z.string(),
  message: z.string(),
  segmentId: z.string().optional(),
  segmentPosition: z.number().optional(),
  elementPosition: z.number().optional(),
});
export type DiagnosticLine = z.infer<typeof DiagnosticLineZ>;

/** An operational alert: a reason, the facts to list and the X12 diagnostics behind it. */
export const AlertDataZ = z.object({
  /** One-line reason, e.g. "ISA06 'EVIL' is not partner ACME's sender id". */
  reason: z.string(),
  /** Facts to list (file, ISA13, PO …): label → value. */
  facts: z.record(z.string(), z.string()),
  diagnostics: z.array(DiagnosticLineZ).max(200),
});
export type AlertData = z.infer<typeof AlertDataZ>;

/** The order line an expedite email is about, with the partner and item it needs. */
export const ExpediteLineZ = z.object({
  partner: PartnerProfileZ,
  item: ItemZ,
  purchaseOrderNumber: z.string(),
  lineNumber: z.string(),
  quantity: z.number().optional(),
  requestedShipDate: z.string().optional(),
});

/** The stock facts of a P1 alert (see `p1SupplyPicture`). */
export const P1SupplyPictureZ = z.object({
  locations: z.array(z.object({ location: z.string(), onHand: z.number() })),
  open: z.array(z.object({ weekStart: z.string(), mps: z.number(), receipts: z.number() })),
  canShipNow: z.number(),
});

/** The data each template renders. */
export const TEMPLATE_DATA = {
  'interchange-rejected': AlertDataZ,
  'change-unmatched': AlertDataZ,
  'order-duplicate': AlertDataZ,
  'processing-error': AlertDataZ,
  'master-data-rejected': AlertDataZ,
  /** A shipments file (WMS/ERP) or a shipment posted to the API was refused: nothing from it was recorded. */
  'shipments-refused': AlertDataZ,
  /** A partner's 997/999 or TA1 rejected one of our documents. */
  'partner-ack-rejected': AlertDataZ,
  /** No acknowledgment of one of our documents within the partner's `ackDueHours`. */
  'partner-ack-overdue': AlertDataZ,
  /** The planner's findings of one PO (or one 830). */
  'planning-anomaly': z.object({
    partner: PartnerProfileZ,
    order: z.object({ purchaseOrderNumber: z.string(), orderType: z.string(), orderDate: z.string().optional() }),
    assessments: z.array(LineAssessmentZ),
    /** The item master records of the assessed lines (their planners). */
    items: z.array(ItemZ),
  }),
  /** A delay level (1 alert, all-clear, 2 risk notice, 3 confirmed delay) of one item. */
  /** A delay notification; a customer notice with the other items' notices of the same kind to the same order (`more`), one email per order. */
  'planning-delay': z.object({ notification: DelayNotificationZ, item: ItemZ, partners: z.array(PartnerProfileZ), more: z.array(z.object({ notification: DelayNotificationZ, item: ItemZ })).optional() }),
  /**
   * `supply`: on hand per location, open supply by week and what can ship now, from the item's
   * supply plan. One email per order: `more`, the order's other line-down lines.
   */
  'planning-p1-alert': z.object({ line: ExpediteLineZ, reasons: z.array(ExpediteReasonZ), state: EscalationStateZ, supply: P1SupplyPictureZ.optional(), more: z.array(z.object({ line: ExpediteLineZ, reasons: z.array(ExpediteReasonZ), state: EscalationStateZ, supply: P1SupplyPictureZ.optional() })).optional() }),
  /** A P1 date was confirmed: to one person the case had reached (`step`), to stand down; `more`, the order's other lines confirmed with it that reached them at that step. */
  'planning-p1-stand-down': z.object({ line: ExpediteLineZ, step: PlannedStepZ, state: EscalationStateZ, confirmation: z.object({ date: z.string(), by: z.string(), reason: z.string().optional() }), more: z.array(z.object({ line: ExpediteLineZ, state: EscalationStateZ })).optional() }),
  /** One step to one person; `more`, the order's other lines at the same step for the same person, due at the same instant. */
  'planning-p1-escalation': z.object({ line: ExpediteLineZ, step: PlannedStepZ, state: EscalationStateZ, more: z.array(z.object({ line: ExpediteLineZ, state: EscalationStateZ })).optional() }),
  /** P2 at risk: `line` and, in one email per order, the order's other lines at risk (`more`). */
  'planning-p2-alert': z.object({ line: ExpediteLineZ, reasons: z.array(ExpediteReasonZ), dueAt: z.string(), more: z.array(z.object({ line: ExpediteLineZ, reasons: z.array(ExpediteReasonZ) })).optional() }),
  'planning-p3-digest': z.object({ planner: PersonZ, date: z.string(), entries: z.array(z.object({ item: ItemZ, reasons: z.array(ExpediteReasonZ) })) }),
  /** A held line not decided within the partner's hold SLA: the next person of its escalation chain. */
  'planning-hold-escalation': z.object({
    partner: PartnerProfileZ,
    escalation: HoldEscalationZ,
    reasons: z.array(RuleIdZ),
    line: z.object({ quantity: z.number().optional(), unitOfMeasure: z.string().optional(), customerPart: z.string().optional() }).optional(),
    item: ItemZ.optional(),
  }),
} as const;

export type TemplateId = keyof typeof TEMPLATE_DATA;
export const TemplateIdZ = z.enum(Object.keys(TEMPLATE_DATA) as [TemplateId, ...TemplateId[]]);
export type TemplateData<T extends TemplateId> = z.infer<(typeof TEMPLATE_DATA)[T]>;

const base = {
  schemaVersion: z.literal(NOTIFY_MESSAGE_SCHEMA_VERSION),
  partner: z.string().min(1),
  recipients: z.array(RecipientRoleZ).min(1),
  /** Deterministic id of this email, from the facts that caused it: the same cause retried yields the same id, so it is sent once. */
  idempotencyKey: z.string().min(1).max(400),
  subject: SubjectZ,
  causeEventHash: z.string().optional(),
  createdAt: z.string(),
};

function messageOf<T extends TemplateId>(template: T) {
  return z.object({ ...base, template: z.literal(template), data: TEMPLATE_DATA[template] });
}

export const NotifyMessageZ = z.discriminatedUnion('template', [
  messageOf('interchange-rejected'),
  messageOf('change-unmatched'),
  messageOf('order-duplicate'),
  messageOf('processing-error'),
  messageOf('master-data-rejected'),
  messageOf('shipments-refused'),
  messageOf('partner-ack-rejected'),
  messageOf('partner-ack-overdue'),
  messageOf('planning-anomaly'),
  messageOf('planning-delay'),
  messageOf('planning-p1-alert'),
  messageOf('planning-p1-escalation'),
  messageOf('planning-p1-stand-down'),
  messageOf('planning-p2-alert'),
  messageOf('planning-p3-digest'),
  messageOf('planning-hold-escalation'),
]);
export type NotifyMessage = z.infer<typeof NotifyMessageZ>;
export type NotifyMessageOf<T extends TemplateId> = Extract<NotifyMessage, { template: T }>;

/** Templates that alert operations or a partner with a reason, facts and diagnostics. */
export const ALERT_TEMPLATES = ['interchange-rejected', 'change-unmatched', 'order-duplicate', 'processing-error', 'master-data-rejected', 'shipments-refused', 'partner-ack-rejected', 'partner-ack-overdue'] as const satisfies readonly TemplateId[];
export type AlertTemplate = (typeof ALERT_TEMPLATES)[number];
export type AlertMessage = NotifyMessageOf<AlertTemplate>;

export function isAlert(message: NotifyMessage): message is AlertMessage {
  return (ALERT_TEMPLATES as readonly string[]).includes(message.template);
}

type MessageFields = Omit<z.infer<z.ZodObject<typeof base>>, 'schemaVersion'>;

/** Builds a notify message, checked against its template's contract; the data type follows the template. */
export function notifyMessage<T extends TemplateId>(template: T, fields: MessageFields & { data: TemplateData<T> }): NotifyMessageOf<T>;
export function notifyMessage(template: TemplateId, fields: MessageFields & { data: unknown }): NotifyMessage {
  return NotifyMessageZ.parse({ schemaVersion: NOTIFY_MESSAGE_SCHEMA_VERSION, template, ...fields, idempotencyKey: fields.idempotencyKey.slice(0, 400) });
}
