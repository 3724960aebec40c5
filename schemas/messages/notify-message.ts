/**
 * Notify queue message (any stage → mail): which template to send, to whom (by role, resolved
 * against the partner profile and the configuration at send time) and the data to fill in.
 * Values in `data` may come from EDI: the mail stage escapes every one of them.
 */
import { z } from 'zod';
import { SubjectZ } from './common.ts';

export const NOTIFY_MESSAGE_SCHEMA_VERSION = 1;

export const TemplateIdZ = z.enum([
  'interchange-rejected',
  'change-unmatched',
  'order-duplicate',
  'processing-error',
  'master-data-rejected',
  /** Planning emails: rendered by the planning core's renderers from `data.planning`. */
  'planning-anomaly',
  'planning-delay',
  'planning-p1-alert',
  'planning-p1-escalation',
  'planning-p2-alert',
  'planning-p3-digest',
  /** A held line not decided within the partner's hold SLA: the next person of its escalation chain. */
  'planning-hold-escalation',
]);
/** Templates whose recipients and content come from the planning core's renderers. */
export const PLANNING_TEMPLATES: ReadonlySet<TemplateId> = new Set<TemplateId>(['planning-anomaly', 'planning-delay', 'planning-p1-alert', 'planning-p1-escalation', 'planning-p2-alert', 'planning-p3-digest', 'planning-hold-escalation']);
export type TemplateId = z.infer<typeof TemplateIdZ>;

/** Recipient roles: a partner profile contact (`partner:<role>`, e.g. `partner:edi`), operations, or `template` (the addresses the planning renderer names: planner, item owner, buyer …). */
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

export const NotifyMessageZ = z.object({
  schemaVersion: z.literal(NOTIFY_MESSAGE_SCHEMA_VERSION),
  template: TemplateIdZ,
  partner: z.string().min(1),
  recipients: z.array(RecipientRoleZ).min(1),
  /** Deterministic id of this email: the same decision retried yields the same id, so it is sent once. */
  idempotencyKey: z.string().min(1).max(400),
  subject: SubjectZ,
  causeEventHash: z.string().optional(),
  createdAt: z.string(),
  data: z.object({
    /** One-line reason, e.g. "ISA06 'EVIL' is not partner ACME's sender id". */
    reason: z.string(),
    /** Facts to list (file, ISA13, PO …): label → value. */
    facts: z.record(z.string(), z.string()),
    diagnostics: z.array(DiagnosticLineZ).max(200),
    /** Input of a planning renderer (see functions/mail/planning-templates.ts), parsed there per template. */
    planning: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type NotifyMessage = z.infer<typeof NotifyMessageZ>;
