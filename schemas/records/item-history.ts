/**
 * The history of an item (README, "Planning intelligence", item history): everything a planner or
 * the planning core did that touched the item — decisions on its lines, P1 confirmations with their
 * reason, delay notes, the customer notices of delay levels 2 and 3 and their all-clear with the
 * text sent, allocations, supply loads, forecast changes and digests — one entry each, oldest
 * first. An order's own history stays on its chain; this is the item's view across orders.
 */
import { z } from 'zod';

export const ITEM_HISTORY_SCHEMA_VERSION = 1;

export const ITEM_EVENT_KINDS = [
  'decision',
  'p1-confirmation',
  'delay-note',
  'risk-notice',
  'confirmed-delay',
  'customer-all-clear',
  'allocation',
  'supply-load',
  'forecast-change',
  'digest',
] as const;
export const ItemEventKindZ = z.enum(ITEM_EVENT_KINDS);
export type ItemEventKind = z.infer<typeof ItemEventKindZ>;

/** An order line (or a whole order, without `lineNumber`) the entry is about. */
export const ItemEventRefZ = z.object({ partnerId: z.string(), purchaseOrderNumber: z.string().optional(), lineNumber: z.string().optional() });
export type ItemEventRef = z.infer<typeof ItemEventRefZ>;

/** Longest customer text kept on an entry; the full email is on the order's history and in the mail log. */
export const ITEM_EVENT_TEXT_MAX = 20_000;

export const ItemEventZ = z.object({
  schemaVersion: z.literal(ITEM_HISTORY_SCHEMA_VERSION).default(ITEM_HISTORY_SCHEMA_VERSION),
  /** Vendor part. */
  item: z.string().min(1),
  /** Instant of what happened (the cause's own time, so a repeat after a crash names the same entry). */
  at: z.string(),
  kind: ItemEventKindZ,
  /** Natural key of what happened (a decision's cause id, a notice id, a file's hash): one entry per id. */
  id: z.string().min(1).max(1000),
  /** `planner:<name>`, `system:<stage>`, or a file name. */
  actor: z.string().min(1),
  summary: z.string(),
  refs: z.array(ItemEventRefZ).default([]),
  /** What was sent to the customer, verbatim (levels 2 and 3, the all-clear). */
  text: z.string().max(ITEM_EVENT_TEXT_MAX).optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type ItemEvent = z.infer<typeof ItemEventZ>;
export type ItemEventInput = z.input<typeof ItemEventZ>;

/** A customer-facing text cut to what an entry keeps. */
export function entryText(text: string): string {
  const note = '\n… (cut here; the full email is on the order history)';
  return text.length <= ITEM_EVENT_TEXT_MAX ? text : `${text.slice(0, ITEM_EVENT_TEXT_MAX - note.length)}${note}`;
}

const Text = z.string().trim().min(1).max(2000);

/**
 * Delay level 1 (DOMAIN, delay communication): the root cause and countermeasure a planner records
 * for an item's shortage. The internal note is for the desk; the customer texts, written for the
 * customer, are the only ones a level-2 or level-3 notice ever quotes.
 */
export const DelayNoteZ = z.object({
  schemaVersion: z.literal(ITEM_HISTORY_SCHEMA_VERSION).default(ITEM_HISTORY_SCHEMA_VERSION),
  item: z.string().min(1),
  at: z.string(),
  by: z.string().trim().min(1),
  cause: Text,
  countermeasures: z.array(Text).min(1).max(20),
  customer: z.object({ cause: Text, countermeasures: z.array(Text).min(1).max(20) }).optional(),
});
export type DelayNote = z.infer<typeof DelayNoteZ>;
